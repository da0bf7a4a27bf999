"""Event attributes added once extraction is done: the district (``admin2``) of the event's
place and the women among its dead (``women_fatalities``).

Neither changes which events are found, where they are or how many died: ``admin2`` is read
from the gazetteer by the place's id, and ``women_fatalities`` from the casualty figures
(:func:`veille.extract.casualties.extract_casualties`) of the sentences that report the event:
its evidence sentence and the next ``ATTACH_DISTANCE`` sentences, up to another event's
evidence ("Une frappe a visé X. Trois femmes et deux enfants ont été tués."). The sentence
whose killed figure is the event's is preferred; women are never more than the event's dead,
and an event without a figure has no women figure either.
"""

from __future__ import annotations

from veille.extract.casualties import Casualties, extract_casualties, lexicon
from veille.extract.sentences import Sentence, split_sentences
from veille.model import Article, Event

ATTACH_DISTANCE = 2
"""Sentences after the evidence that may complete its figures (as extraction attaches them)."""


def finish_events(article: Article, events: list[Event]) -> list[Event]:
    """Fill ``admin2`` and ``women_fatalities`` of ``events`` in place; returns them."""
    add_admin2(events)
    add_women(article, events)
    return events


def add_admin2(events: list[Event]) -> None:
    """The district of each event's gazetteer place (a town's WOF county), when known."""
    ids = [e.gazetteer_id for e in events if e.gazetteer_id and e.admin2 is None]
    if not ids:
        return
    from veille.geo.geocoder import get_geocoder

    gc = get_geocoder()
    for e in events:
        if e.admin2 is None and e.gazetteer_id:
            e.admin2 = gc.admin2_of(e.gazetteer_id)


def add_women(article: Article, events: list[Event]) -> None:
    """Women among each event's dead, from the sentences that report it."""
    lang = article.lang or "fr"
    todo = [e for e in events if e.women_fatalities is None and e.fatalities and e.evidence_start is not None]
    if not todo or not lexicon(lang).women.search(article.text):
        return
    sentences = [s for s in split_sentences(article.text, article.body_start, lang) if s.lang == lang]
    starts = sorted({e.evidence_start for e in events if e.evidence_start is not None})
    for e in todo:
        window = _window(sentences, starts, e.evidence_start)  # type: ignore[arg-type]
        e.women_fatalities = women_of(e, [extract_casualties(s.text, lang) for s in window])


def _window(sentences: list[Sentence], starts: list[int], evidence_start: int) -> list[Sentence]:
    """The evidence sentence and the next few, before the next event's evidence."""
    first = next((k for k, s in enumerate(sentences) if s.start == evidence_start), None)
    if first is None:
        return []
    stop = next((s for s in starts if s > evidence_start), None)
    out = [sentences[first]]
    for s in sentences[first + 1 : first + 1 + ATTACH_DISTANCE]:
        if stop is not None and s.start >= stop:
            break
        out.append(s)
    return out


def women_of(event: Event, figures: list[Casualties]) -> int | None:
    """The women figure of the sentence whose killed figure is the event's, else of the first
    sentence that counts women; None when it exceeds the event's dead."""
    with_women = [c for c in figures if c.women is not None]
    if not with_women or not event.fatalities:
        return None
    chosen = next((c for c in with_women if c.killed == event.fatalities), with_women[0])
    women = chosen.women
    return women if women is not None and women <= event.fatalities else None
