"""Women among each event's dead (``women_fatalities``), from the sentences that report it.

The sentence analyses already count women ("trois femmes et deux enfants tués"); an event takes
the figure of its evidence sentence or of the next ``ATTACH_DISTANCE`` sentences, up to another
event's evidence ("Une frappe a visé X. Trois femmes et deux enfants ont été tués."). The sentence
whose killed figure is the event's is preferred; women are never more than the event's dead, and
an event without a figure has no women figure either.
"""

from __future__ import annotations

from veille.extract.analysis import SentenceAnalysis
from veille.extract.casualties import Casualties
from veille.extract.complete import ATTACH_DISTANCE
from veille.model import Event


def attach_women(analyses: list[SentenceAnalysis], events: list[Event]) -> None:
    """Fill ``women_fatalities`` of ``events`` in place."""
    starts = sorted({e.evidence_start for e in events if e.evidence_start is not None})
    for e in events:
        if e.women_fatalities is None and e.fatalities and e.evidence_start is not None:
            window = _window(analyses, starts, e.evidence_start)
            e.women_fatalities = women_of(e, [a.casualties for a in window])


def _window(analyses: list[SentenceAnalysis], starts: list[int], evidence_start: int) -> list[SentenceAnalysis]:
    """The evidence sentence and the next few, before the next event's evidence."""
    first = next((k for k, a in enumerate(analyses) if a.sentence.start == evidence_start), None)
    if first is None:
        return []
    stop = next((s for s in starts if s > evidence_start), None)
    out = [analyses[first]]
    for a in analyses[first + 1 : first + 1 + ATTACH_DISTANCE]:
        if stop is not None and a.sentence.start >= stop:
            break
        out.append(a)
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
