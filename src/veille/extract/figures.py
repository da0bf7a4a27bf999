"""Which killed figure belongs to which incident: candidates and their features.

The casualty rules read every sentence's count mentions (:mod:`veille.extract.casualties`);
the discourse rules then give each event the figure of its own sentence, or of a sentence they
judge to continue it. On real dispatches that choice is the most frequent field error: the
figure sits in the lead and the place two sentences later, a sentence lists "neuf morts à X,
sept à Y", an earlier figure is superseded, a toll's figure is taken for an incident's.

Here every killed figure the document states is a candidate for every event (each count
mention, each sentence's sum, the rules' own choice), beside "no figure"; the features describe
where the figure stands relative to the event's place and sentence, and a model trained on the
annotated corpus (:mod:`veille.learn.train`) scores them. The best-scored candidate wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from veille.extract.analysis import SentenceAnalysis
from veille.extract.candidates import Features, PlaceGroup, words
from veille.extract.casualties import CountMention, additive, superseded
from veille.model import Event, Toll

NONE = "none"
PREV_WORDS = 3
"""Words before a figure used as features ("bilan de", "dont", "à X,")."""


@dataclass(frozen=True, slots=True)
class FigureCandidate:
    """A killed figure stated somewhere in the document, or no figure at all."""

    sentence: int  # index in the analyses; -1 for "no figure"
    value: int | None
    kind: str  # "mention", "total" (a sentence's sum), "rule" (the rules' choice) or "none"
    start: int = -1  # offset of the number in its sentence
    civilian: bool = False
    child: bool = False


def figure_candidates(analyses: list[SentenceAnalysis], event: Event) -> list[FigureCandidate]:
    """Every killed figure of the document, deduplicated by sentence and value, the rules'
    figure for this event when it is none of them, and "no figure"."""
    out: list[FigureCandidate] = [FigureCandidate(-1, None, NONE)]
    seen: set[tuple[int, int]] = set()
    for i, a in enumerate(analyses):
        killed = [m for m in a.casualties.killed_counts if m.value is not None]
        for m in [] if parts_of_one_total(a) else killed:
            if (i, m.value) not in seen:
                seen.add((i, m.value))  # type: ignore[arg-type]
                out.append(FigureCandidate(i, m.value, "mention", m.start, m.civilian, m.child))
        total = a.casualties.killed
        if total is not None and (i, total) not in seen:
            seen.add((i, total))
            start = killed[0].start if killed else 0
            out.append(FigureCandidate(i, total, "total", start))
    if event.fatalities is not None and not any(c.value == event.fatalities for c in out):
        s = event_sentence(analyses, event)
        out.append(FigureCandidate(s if s is not None else -1, event.fatalities, "rule"))
    return out


def parts_of_one_total(a: SentenceAnalysis) -> bool:
    """"Five soldiers and three civilians were killed in clashes": the sentence's killed figures
    add up to its total, with no place between them, so the incident's figure is the total (the
    guide counts every death of the incident); "neuf morts à X et sept à Y" are two places'."""
    parts = [m for m in a.casualties.killed_counts if m.value is not None]
    if len(parts) < 2 or a.casualties.killed != sum(m.value for m in parts):  # type: ignore[misc]
        return False
    return not split_by_place(parts, a)


def split_by_place(parts: list[CountMention], a: SentenceAnalysis) -> bool:
    """Is a place named between a sentence's first and last killed counts ("neuf morts à X et
    sept à Y": figures of different places) rather than after them ("cinq soldats et trois civils
    ont été tués à X": parts of one total)?"""
    lo, hi = parts[0].start, parts[-1].start
    return any(lo < p.start < hi for p in a.places)


def event_sentence(analyses: list[SentenceAnalysis], event: Event) -> int | None:
    for i, a in enumerate(analyses):
        if event.evidence_start is not None and a.sentence.start == event.evidence_start:
            return i
    return None


def _bucket(value: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (5, "2-5"), (20, "6-20"), (100, "21-100")):
        if value <= limit:
            return name
    return "100+"


def _distance_bucket(chars: int) -> str:
    for limit in (30, 80, 150):
        if chars < limit:
            return f"<{limit}"
    return "far"


@dataclass(slots=True)
class FigureContext:
    """What every candidate of one event is compared with."""

    analyses: list[SentenceAnalysis]
    event: Event
    group: PlaceGroup | None
    others: list[Event]  # the document's other events
    toll_sentences: set[str]
    max_value: int | None
    first_figure_sentence: int | None
    repeats: dict[int, int]  # killed figure -> sentences that state it


def context(
    analyses: list[SentenceAnalysis], event: Event, group: PlaceGroup | None,
    others: list[Event], tolls: list[Toll],
) -> FigureContext:
    values = [a.casualties.killed for a in analyses if a.casualties.killed is not None]
    first = next((i for i, a in enumerate(analyses) if a.casualties.killed is not None), None)
    repeats: dict[int, int] = {}
    for a in analyses:
        stated = {m.value for m in a.casualties.mentions if m.role == "killed" and m.value is not None}
        for v in stated | ({a.casualties.killed} - {None}):
            repeats[v] = repeats.get(v, 0) + 1  # type: ignore[index]
    return FigureContext(
        analyses, event, group, others, {t.evidence for t in tolls if t.evidence},
        max(values) if values else None, first, repeats,
    )


def _place_spans(ctx: FigureContext, sentence: int) -> list[tuple[int, int]]:
    """Where the event's place is named in a sentence."""
    if ctx.group is not None:
        a = ctx.analyses[sentence]
        return [(a.places[k].start, a.places[k].end) for i, k in ctx.group.mentions if i == sentence]
    return []


def _gap(span: tuple[int, int], offset: int) -> int:
    """Characters between a place mention and a figure."""
    return min(abs(span[0] - offset), abs(span[1] - offset))


def figure_features(ctx: FigureContext, cand: FigureCandidate) -> Features:
    """Features of one (event, figure) pair; "no figure" has its own, prefixed ``none:``."""
    e = ctx.event
    n_events = min(len(ctx.others) + 1, 3)
    s = event_sentence(ctx.analyses, e)
    if cand.kind == NONE:
        f: Features = {"none:bias": 1.0, f"none:events={n_events}": 1.0}
        f["none:rule_none"] = float(e.fatalities is None)
        f["none:doc_has_killed"] = float(ctx.max_value is not None)
        if s is not None:
            cas = ctx.analyses[s].casualties
            f["none:own_killed"] = float(cas.killed is not None)
            f["none:own_any_killed"] = float(cas.any_killed)
            f["none:own_injured"] = float(cas.injured is not None)
        if ctx.group is not None:
            f["none:group_killed"] = float(
                any(ctx.analyses[i].casualties.killed is not None for i in ctx.group.sentences())
            )
        return f
    a = ctx.analyses[cand.sentence]
    f = {"bias": 1.0, f"kind={cand.kind}": 1.0, f"events={n_events}": 1.0}
    f[f"value={_bucket(cand.value or 0)}"] = 1.0
    if s is not None:
        d = max(-2, min(2, cand.sentence - s))
        f[f"dist={d}"] = 1.0
        f[f"dist={d}&events={n_events}"] = 1.0
    in_group = ctx.group is not None and cand.sentence in ctx.group.sentences()
    f["in_group"] = float(in_group)
    f[f"in_group={in_group}&kind={cand.kind}"] = 1.0
    f["title"] = float(cand.sentence == 0)
    f["first_figure"] = float(cand.sentence == ctx.first_figure_sentence)
    f["largest"] = float(cand.value == ctx.max_value)
    f["rule_same"] = float(cand.value == e.fatalities)
    f["rule_none"] = float(e.fatalities is None)
    f["other_event_has_it"] = float(any(o.fatalities == cand.value for o in ctx.others))
    f["repeated"] = float(ctx.repeats.get(cand.value or 0, 0) > 1)
    f[f"distinct_figures={min(len(ctx.repeats), 3)}"] = 1.0
    if a.trigger is not None:
        f["same_type"] = float(a.trigger.sub_event_type == e.sub_event_type)
    if s is not None:
        own = ctx.analyses[s].casualties.killed is not None
        d = max(-2, min(2, cand.sentence - s))
        f[f"dist={d}&own_figure={own}"] = 1.0
    f["civilian"] = float(cand.civilian)
    f["child"] = float(cand.child)
    f["trigger"] = float(a.trigger is not None)
    f["realis"] = float(bool(a.trigger and a.trigger.realis))
    f["superseded"] = float(superseded(a.text, a.sentence.lang))
    f["additive"] = float(additive(a.text, a.sentence.lang))
    f["toll_sentence"] = float(a.sentence.text in ctx.toll_sentences)
    parts = a.casualties.killed_counts
    f[f"killed_mentions={min(len(parts), 3)}"] = 1.0
    if len(parts) > 1:
        f[f"{cand.kind}&parts_split_by_place={split_by_place(parts, a)}"] = 1.0
    f[f"places_in_sentence={min(len(a.places), 3)}"] = 1.0
    for depth, w in enumerate(reversed(words(a.text[: max(cand.start, 0)], limit=10_000)[-PREV_WORDS:])):
        f[f"prev{depth}={w}"] = 1.0
    spans = _place_spans(ctx, cand.sentence)
    if spans and cand.start >= 0:
        near = min(spans, key=lambda sp: _gap(sp, cand.start))
        gap = _gap(near, cand.start)
        f[f"place_gap={_distance_bucket(gap)}"] = 1.0
        f["place_after"] = float(near[0] > cand.start)
        lo, hi = sorted((cand.start, near[0]))
        others = [p for p in a.places if (p.start, p.end) not in spans]
        f["other_place_between"] = float(any(lo < p.start < hi for p in others))
        f["other_place_closer"] = float(any(_gap((p.start, p.end), cand.start) < gap for p in others))
        f[f"{cand.kind}&gap={_distance_bucket(gap)}"] = 1.0
    else:
        f["place_not_in_sentence"] = 1.0
    return f


def apply_figure(event: Event, analyses: list[SentenceAnalysis], cand: FigureCandidate) -> Event:
    """The event with the chosen figure; its civilians, children and injured follow the figure's
    sentence when the figure changes."""
    if cand.value == event.fatalities:
        return event
    if cand.kind == NONE:
        return replace(event, fatalities=None, civilian_fatalities=None, child_fatalities=None)
    cas = analyses[cand.sentence].casualties
    if cand.kind == "total":
        return replace(event, fatalities=cand.value, civilian_fatalities=cas.civilians,
                       child_fatalities=cas.children, injured=event.injured if event.injured is not None else cas.injured)
    return replace(
        event,
        fatalities=cand.value,
        civilian_fatalities=cand.value if cand.civilian else None,
        child_fatalities=cand.value if cand.child else None,
    )
