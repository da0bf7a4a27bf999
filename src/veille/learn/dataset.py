"""Labelled candidates from gold documents: what each decision is trained on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from veille.eval.actors import canonical_actor
from veille.eval.gold import GoldDoc
from veille.eval.places import located_at_admin1, same_admin1, same_place
from veille.eval.score import locations_agree
from veille.extract.assemble import DocumentAnalysis, analyse_document, rule_events
from veille.extract.candidates import PlaceGroup
from veille.extract.decide import candidates
from veille.extract.locate import location_text
from veille.model import Event
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


@dataclass(slots=True)
class DocExamples:
    doc_id: str
    lang: str
    examples: list[Example] = field(default_factory=list)
    gold_events: int = 0
    covered: int = 0  # gold events with a candidate at their place
    rules_fired: bool = False  # the rules made at least one event in this document


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


def gold_at(doc: DocumentAnalysis, group: PlaceGroup, gold: list[dict[str, Any]]) -> int | None:
    """Index of the gold event located at this group's place, if any."""
    names = group_names(doc, group)
    for n, ev in enumerate(gold):
        if any(same_place(ev.get("location"), name) for name in names):
            return n
    first = group.first(doc.analyses)
    place = first.place
    if place is not None and place.level == "admin1":
        for n, ev in enumerate(gold):
            if same_admin1(ev.get("admin1"), place.admin1) and located_at_admin1(
                ev.get("location"), ev.get("admin1"), None
            ):
                return n
    return None


def doc_examples(doc: GoldDoc) -> DocExamples:
    analysis = analysed(doc)
    rules, _ = rule_events(analysis)
    gold = list(doc.events or [])
    out = DocExamples(doc_id=doc.id, lang=analysis.lang, gold_events=len(gold), rules_fired=bool(rules))
    hit: set[int] = set()
    for cand in candidates(analysis, rules):
        if cand.group is not None:
            n = gold_at(analysis, cand.group, gold)
        else:
            ev = cand.rule.to_dict() if cand.rule is not None else {}
            n = next((j for j, g in enumerate(gold) if g.get("event_type") and locations_agree(g, ev)), None)
        if n is not None:
            hit.add(n)
        out.examples.append(
            Example(doc.id, analysis.lang, cand.features, gold[n] if n is not None else None, cand.rule)
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
