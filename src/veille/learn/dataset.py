"""Labelled candidates from gold documents: what each decision is trained on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from veille.eval.actors import canonical_actor, same_actor
from veille.eval.gold import GoldDoc
from veille.eval.places import located_at_admin1, same_admin1, same_place
from veille.eval.score import locations_agree, tolls_match
from veille.extract.assemble import DocumentAnalysis, analyse_document, rule_events
from veille.extract.candidates import PlaceGroup, fold
from veille.extract.decide import candidates, event_from_group, inherit_figures
from veille.extract.figures import NONE, context, figure_candidates, figure_features
from veille.extract.locate import location_text
from veille.extract.perpetrators import (
    ActorContext,
    actor_candidates,
    actor_context,
    actor_features,
)
from veille.extract.toll_decision import toll_candidates, toll_features
from veille.model import Event, Toll
from veille.normalise import normalise
from veille.read import RawDoc


@dataclass(slots=True)
class Example:
    """One place group of one document, its features and, from the gold, what it is."""

    doc_id: str
    lang: str
    features: dict[str, float]
    gold: dict[str, Any] | None  # the gold event at this place, or None
    rule: Event | None
    gold_index: int | None = None  # that gold event's index in its document (None: no event here)
    place: str = ""  # the folded location an event here would have (one event per place and type)


@dataclass(slots=True)
class RankExample:
    """Candidates for one field of one gold event (its killed figure, its perpetrator), each
    labelled: is it the gold value ("none" is right when the gold gives none)."""

    doc_id: str
    features: list[dict[str, float]]
    labels: list[bool]
    values: list[Any]  # each candidate's value (None for "none")
    gold: Any
    rule: Any  # the rules' value
    keep_rule: bool = False  # the rules' value stands without the model (see decide.choose_figures)


@dataclass(slots=True)
class TollExample:
    """A sentence's killed figure: is it one of the document's gold tolls?"""

    features: dict[str, float]
    label: bool
    figures: dict[str, int | None]  # fatalities and civilian_fatalities, as a toll would give them
    alone: bool = True  # may be a toll by itself (toll_decision.TollCandidate.alone)


def toll_examples(analysis: DocumentAnalysis, rule_tolls: list[Toll], gold: list[dict[str, Any]]) -> list[TollExample]:
    out = []
    for c in toll_candidates(analysis.analyses):
        # one count of several is a toll only when it is the toll's figure: "300 civils ainsi que
        # 700 combattants" shares its civilians with the toll of 1,000 but is not that toll
        label = any(tolls_match(t, c.figures) if c.kind == "total" else t.get("fatalities") == c.fatalities for t in gold)
        out.append(TollExample(toll_features(analysis.analyses, c, rule_tolls), label, c.figures, c.alone))
    return out


@dataclass(slots=True)
class DocExamples:
    doc_id: str
    lang: str
    examples: list[Example] = field(default_factory=list)
    gold_events: int = 0
    covered: int = 0  # gold events with a candidate at their place
    rules_fired: bool = False  # the rules made at least one event in this document
    figures: list[RankExample] = field(default_factory=list)
    perpetrators: list[RankExample] = field(default_factory=list)
    tolls: list[TollExample] = field(default_factory=list)
    gold_tolls: list[dict[str, Any]] = field(default_factory=list)
    corpus: str = ""  # the gold file's name, for per-corpus scores
    analysis: DocumentAnalysis | None = None  # kept to run the extractor in cross-validation
    gold: GoldDoc | None = None


def analysed(doc: GoldDoc) -> DocumentAnalysis:
    raw = RawDoc(text=doc.text or "", origin=doc.where, id=doc.id, published=doc.published,
                 source=doc.source, url=doc.url)
    return analyse_document(normalise(raw))


def group_names(doc: DocumentAnalysis, group: PlaceGroup) -> list[str]:
    names: list[str] = []
    for i, k in group.mentions:
        m = doc.analyses[i].places[k]
        names.extend([location_text(m), m.name or "", m.text])
    return [n for n in names if n]


def gold_at(
    doc: DocumentAnalysis, group: PlaceGroup, gold: list[dict[str, Any]], event_type: str | None = None
) -> int | None:
    """Index of the gold event located at this group's place, if any; of those, the one of
    ``event_type`` (the rules' type) when there is one, as ``veille eval`` pairs them."""
    names = group_names(doc, group)
    here = [n for n, ev in enumerate(gold) if any(same_place(ev.get("location"), name) for name in names)]
    if not here:
        first = group.first(doc.analyses)
        place = first.place
        if place is not None and place.level == "admin1":
            here = [
                n for n, ev in enumerate(gold)
                if same_admin1(ev.get("admin1"), place.admin1)
                and located_at_admin1(ev.get("location"), ev.get("admin1"), None)
            ]
    return same_type_first(here, gold, event_type)


def same_type_first(indexes: list[int], gold: list[dict[str, Any]], event_type: str | None) -> int | None:
    """The first of ``indexes`` whose gold event has ``event_type``, else the first: two incidents
    at one place (a clash and an air strike) are both right for an event of either type."""
    return next((n for n in indexes if gold[n].get("event_type") == event_type), indexes[0] if indexes else None)


def figure_example(
    analysis: DocumentAnalysis, doc_id: str, event: Event, group: PlaceGroup | None,
    others: list[Event], tolls: list[Toll], gold: int | None,
) -> RankExample:
    """Candidate figures for one event, labelled with the gold figure. The event's own figure is
    the rules' after :func:`inherit_figures`, as at extraction time."""
    event = replace(event)
    inherit_figures(analysis.analyses, [event], tolls)
    ctx = context(analysis.analyses, event, group, others, tolls)
    cands = figure_candidates(analysis.analyses, event)
    labels = [(gold is None) if c.kind == NONE else c.value == gold for c in cands]
    return RankExample(
        doc_id, [figure_features(ctx, c) for c in cands], labels, [c.value for c in cands],
        gold, event.fatalities, keep_rule=any(c.kind == "rule" for c in cands),
    )


def perpetrator_example(
    ctx: ActorContext, doc_id: str, event: Event, group: PlaceGroup | None, gold: str | None
) -> RankExample:
    """Candidate perpetrators for one event, labelled through the actor aliases."""
    cands = actor_candidates(ctx, event)
    labels = [(gold is None) if c.label is None else same_actor(gold, c.label) for c in cands]
    return RankExample(
        doc_id, [actor_features(ctx, event, group, c) for c in cands], labels,
        [c.label for c in cands], gold, event.actor1,
    )


def doc_examples(doc: GoldDoc) -> DocExamples:
    analysis = analysed(doc)
    rules, tolls = rule_events(analysis)
    gold = list(doc.events or [])
    out = DocExamples(
        doc_id=doc.id, lang=analysis.lang, gold_events=len(gold), rules_fired=bool(rules), analysis=analysis, gold=doc
    )
    out.gold_tolls = list(doc.tolls or [])
    out.tolls = toll_examples(analysis, tolls, out.gold_tolls)
    hit: set[int] = set()
    actors = actor_context(analysis.analyses)
    for cand in candidates(analysis, rules):
        rule_type = cand.rule.event_type if cand.rule is not None else None
        if cand.group is not None:
            n = gold_at(analysis, cand.group, gold, rule_type)
        else:
            ev = cand.rule.to_dict() if cand.rule is not None else {}
            here = [j for j, g in enumerate(gold) if g.get("event_type") and locations_agree(g, ev)]
            n = same_type_first(here, gold, rule_type)
        event = cand.rule or event_from_group(analysis, cand.group)
        if n is not None:
            hit.add(n)
            if event is not None:
                others = [r for r in rules if r is not cand.rule]
                out.figures.append(
                    figure_example(analysis, doc.id, event, cand.group, others, tolls, gold[n].get("fatalities"))
                )
                out.perpetrators.append(perpetrator_example(actors, doc.id, event, cand.group, gold[n].get("actor1")))
        out.examples.append(
            Example(
                doc.id, analysis.lang, cand.features, gold[n] if n is not None else None, cand.rule, n,
                fold(event.location or "") if event is not None else "",
            )
        )
    out.covered = len(hit)
    return out


def build(docs: Iterable[GoldDoc]) -> Iterator[DocExamples]:
    for doc in docs:
        if doc.annotated and doc.text:
            yield doc_examples(doc)


def actor_target(label: str | None) -> str:
    """The class an actor label trains as: canonical, joint labels sorted, null as ``none``."""
    if not label:
        return "none"
    parts = sorted({canonical_actor(p) for p in label.split(" and ")})
    return " and ".join(parts)
