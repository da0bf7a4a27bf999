"""Learned decisions over rule candidates: which places are incident locations, of which type,
by whom.

The discourse rules (:mod:`veille.extract.assemble`) still read the text and propose events,
figures, days and claims. Every place the document names is a candidate
(:mod:`veille.extract.candidates`); three small models trained on the annotated corpus by
``make train`` then decide:

* ``accept``: is there an incident at this place? (logistic regression). A rules' event is
  dropped below a low probability, a place the rules passed over is added above a high one
  (thresholds from grouped cross-validation, see :mod:`veille.learn.train`);
* ``subtype``: the ACLED sub-event type of that incident (multinomial logistic regression); it
  types the places the rules passed over, and retypes a rules' event when confident;
* ``perpetrator``: which actor the document names is the perpetrator, or nobody
  (:mod:`veille.extract.perpetrators`; a ranking, so it names groups the corpus never saw);
* ``actor``: the perpetrator as one of the corpus's frequent canonical labels, ``none`` or
  ``other``; it overrides the ranking only when confident (``actor_override``);
* ``toll``: is a sentence's killed figure an aggregate toll (:mod:`veille.extract.toll_decision`);
* ``figure``: which killed figure the document states is each incident's, or none
  (:mod:`veille.extract.figures`; logistic regression over candidate figures, the best wins).

Only documents in which the rules found at least one incident are decided: the rules are the
precise detector of "this document reports violence" (0.5% of POPCORN's accident and crime
reports), the models choose inside such documents.

An accepted place the rules also located keeps the rules' figures, day and claims; a place the
rules missed takes them from the sentence that names it. Without the model file (a fresh
checkout before ``make train``, or ``VEILLE_RULES_ONLY=1``) the rules' events stand alone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from veille.extract.actors import weak_labels
from veille.extract.analysis import SentenceAnalysis
from veille.extract.assemble import DocumentAnalysis, analyse_document, rule_events
from veille.extract.candidates import (
    Features,
    PlaceGroup,
    add_theatre,
    document_features,
    fold,
    group_features,
    near_incident_sentences,
    place_groups,
    rule_event_for,
    sentence_features,
    words,
)
from veille.extract.figures import (
    apply_figure,
    context,
    event_sentence,
    figure_candidates,
    figure_features,
)
from veille.extract.locate import location_text, named_places, set_place
from veille.extract.perpetrators import (
    ActorContext,
    actor_candidates,
    actor_context,
    actor_features,
)
from veille.extract.places import coordinated_lists
from veille.extract.scoring import probabilities
from veille.extract.toll_decision import decide_tolls
from veille.extract.women import attach_women
from veille.model import EVENT_TYPES, Article, Event, Place, Toll

MODEL_PATH = Path(__file__).with_name("models") / "decisions.joblib"
MODEL_VERSION = 5
"""Bumped whenever the bundle's keys or features change: an older file is ignored (rules only)
rather than read with the wrong keys."""
CLAIM_WINDOW = 3
"""Sentences after an incident's own in which a claim of responsibility names its author."""
SIBLING_ABOVE = 0.15
"""Accept probability a place needs when it is coordinated with an accepted place (end-to-end
cross-validated event F1 on the tune part, three fold assignments: 0.5935 with no such rule,
0.5950 at 0.15; at 0.05 the lists of towns a story names for context cost more than they give)."""


@dataclass(slots=True)
class Candidate:
    """A possible event: a place group, or a rules' event whose place no group holds."""

    features: Features
    rule: Event | None
    group: PlaceGroup | None


def candidate_rows(
    doc: DocumentAnalysis, groups: list[PlaceGroup], rules: list[Event], whole: Features
) -> list[tuple[Features, Event | None]]:
    """Features and the matching rules' event of each place group; ``whole`` from
    :func:`~veille.extract.candidates.document_features`, computed once per document."""
    rows = []
    near = near_incident_sentences(doc.analyses)
    for g in groups:
        f = group_features(doc.analyses, g, rules, doc.country, near)
        f.update(whole)
        f["doc_groups"] = min(len(groups), 10) / 10
        f[f"lang={doc.lang}"] = 1.0
        rows.append((f, rule_event_for(doc.analyses, g, rules)))
    return rows


def rule_only_features(doc: DocumentAnalysis, event: Event, whole: Features) -> Features:
    """Features of a rules' event located where no place group is (an inherited or regional
    place): its evidence sentence and the rules' verdict."""
    f: Features = {"bias": 1.0, "rule_only": 1.0, "rule_event": 1.0, f"lang={doc.lang}": 1.0}
    f.update(whole)
    f[f"rule_type={event.sub_event_type}"] = 1.0
    f["rule_figure"] = float(event.fatalities is not None)
    a = sentence_of(doc.analyses, event)
    if a is not None:
        sentence_features(a, "s:", f)
        for w in words(a.text):
            f[f"w:{w}"] = 1.0
    add_theatre(f, None)
    return f


def sentence_of(analyses: list[SentenceAnalysis], event: Event) -> SentenceAnalysis | None:
    for a in analyses:
        if event.evidence_start is not None and a.sentence.start == event.evidence_start:
            return a
    return None


def candidates(doc: DocumentAnalysis, rules: list[Event]) -> list[Candidate]:
    groups = place_groups(doc.analyses)
    whole = document_features(doc.analyses)
    out = [
        Candidate(f, rule, g)
        for g, (f, rule) in zip(groups, candidate_rows(doc, groups, rules, whole), strict=True)
    ]
    covered = {id(c.rule) for c in out if c.rule is not None}
    out.extend(Candidate(rule_only_features(doc, e, whole), e, None) for e in rules if id(e) not in covered)
    return out


def subtypes_by_type(proba: np.ndarray, classes: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Each row's event type by the summed probability of its sub-event types, then the likeliest
    sub-event type within it, and the type's probability. Scoring matches on the event type:
    a battle whose mass is shared by its sub-types (clash, territory taken or regained) should
    not lose to a single strike sub-type barely ahead of each (cross-validated type accuracy 0.809
    -> 0.816 on the tune part)."""
    types = sorted({EVENT_TYPES[c] for c in classes})
    member = np.array([[EVENT_TYPES[c] == t for t in types] for c in classes], dtype=float)
    type_proba = proba @ member
    best_type = type_proba.argmax(1)
    within = np.where(member[:, best_type].T > 0, proba, -1.0)
    subtypes = [str(classes[k]) for k in within.argmax(1)]
    return subtypes, type_proba[np.arange(len(proba)), best_type]


def load_models(path: Path = MODEL_PATH) -> dict[str, Any] | None:
    """The trained decisions, loaded once per process; None when absent or switched off
    (``VEILLE_RULES_ONLY=1``, to compare with the rules alone)."""
    if os.environ.get("VEILLE_RULES_ONLY"):
        return None
    return _load(path)


@cache
def _load(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    import joblib

    bundle = joblib.load(path)
    if bundle.get("version") != MODEL_VERSION:
        return None
    return bundle


def decide_events(doc: DocumentAnalysis, models: dict[str, Any]) -> tuple[list[Event], list[Toll]]:
    """Events chosen by the models among the candidates, and the tolls the toll model keeps."""
    rules, tolls = rule_events(doc)
    if "toll" in models:
        tolls = decide_tolls(doc.analyses, tolls, models["toll"], models["toll_above"], doc.lang)
    if not rules:
        # the rules propose: a document where they see no incident (an accident, a threat, a
        # statement) is not handed to models trained on conflict reports
        return [], tolls
    cands = candidates(doc, rules)
    feats = [c.features for c in cands]
    p_accept = probabilities(models["accept"], feats)[:, 1]
    accepted = [_accepted(c, p, models) for c, p in zip(cands, p_accept, strict=True)]
    accepted = with_list_siblings(doc, cands, accepted, p_accept, SIBLING_ABOVE)
    chosen = [(c, p) for c, p, ok in zip(cands, p_accept, accepted, strict=True) if ok]
    if not chosen:
        return [], tolls
    sub_proba = probabilities(models["subtype"], [c.features for c, _ in chosen])
    subtypes, confidences = subtypes_by_type(sub_proba, models["subtype"].classes_)
    actor_model = models["actor"]
    actor_proba = probabilities(actor_model, [c.features for c, _ in chosen])
    actor_classes = list(actor_model.classes_)
    events: list[Event] = []
    made_by_rules: list[bool] = []
    groups: list[PlaceGroup | None] = []
    confident: list[str | None] = []
    seen: set[tuple[str, str]] = set()
    actors = actor_context(doc.analyses)
    for (c, _p), sub, confidence, proba in zip(chosen, subtypes, confidences, actor_proba, strict=True):
        if c.rule is not None:
            event = replace(c.rule)
            if float(confidence) >= models["type_override"] and sub != event.sub_event_type and not means_named(
                doc.analyses, event
            ):
                event = replace(event, sub_event_type=str(sub), event_type=EVENT_TYPES[str(sub)])
        else:
            made = event_from_group(doc, c.group)
            if made is None:
                continue
            event = replace(made, sub_event_type=str(sub), event_type=EVENT_TYPES[str(sub)])
        key = (fold(event.location or ""), event.event_type)
        if key in seen:
            continue
        seen.add(key)
        confident.append(_confident_class(actor_classes, proba, models["actor_override"]))
        events.append(event)
        made_by_rules.append(c.rule is not None)
        groups.append(c.group)
    ranked = rank_perpetrators(actors, events, groups, models["perpetrator"])
    for event, label, ranked_label in zip(events, confident, ranked, strict=True):
        event.actor1 = label or ranked_label
    regional = [g is not None and is_region(g.first(doc.analyses).place) for g in groups]
    kept = drop_restated(events, made_by_rules, regional)
    groups = [g for e, g in zip(events, groups, strict=True) if any(e is k for k in kept)]
    events = kept
    inherit_days(doc.analyses, events)
    inherit_figures(doc.analyses, events, tolls)
    events = choose_figures(doc.analyses, events, groups, tolls, models["figure"])
    return events, tolls


def choose_figures(
    analyses: list[SentenceAnalysis], events: list[Event], groups: list[PlaceGroup | None],
    tolls: list[Toll], model: Any,
) -> list[Event]:
    """Each event's killed figure: the best-scored of the figures the document states, or none.
    The rules' choice (after :func:`inherit_figures`) is one candidate among them; a figure the
    rules computed and no sentence states (the rest of a total once a subset is placed
    elsewhere, a sum over sentences) is kept: the model cannot see why it was computed."""
    per_event = [figure_candidates(analyses, e) for e in events]
    rows: list[Features] = []
    for k, (event, group, cands) in enumerate(zip(events, groups, per_event, strict=True)):
        if any(c.kind == "rule" for c in cands):
            continue
        ctx = context(analyses, event, group, events[:k] + events[k + 1 :], tolls)
        rows.extend(figure_features(ctx, c) for c in cands)
    proba = probabilities(model, rows)[:, 1] if rows else []
    out, at = [], 0
    for event, cands in zip(events, per_event, strict=True):
        if any(c.kind == "rule" for c in cands):
            out.append(event)
            continue
        best = int(np.argmax(proba[at : at + len(cands)]))
        at += len(cands)
        out.append(apply_figure(event, analyses, cands[best]))
    return out


def inherit_figures(analyses: list[SentenceAnalysis], events: list[Event], tolls: list[Toll]) -> None:
    """An event without a figure takes the killed figure of the nearest earlier sentence that
    reports violence with one ("Au moins 27 morts dans un attentat... L'explosion a visé le
    marché d'Al-Sinek"), unless another event already carries it or it is a toll's."""
    toll_sentences = {t.evidence for t in tolls}
    used = {e.fatalities for e in events if e.fatalities is not None}
    figured = [
        a for a in analyses
        if a.casualties.killed is not None and a.trigger and a.sentence.text not in toll_sentences
    ]
    for e in events:
        if e.fatalities is not None or e.evidence_start is None:
            continue
        before = [a for a in figured if a.sentence.start <= e.evidence_start]
        if not before:
            continue
        cas = before[-1].casualties
        if cas.killed in used:
            continue
        e.fatalities, used = cas.killed, used | {cas.killed}
        if e.civilian_fatalities is None:
            e.civilian_fatalities = cas.civilians
        if e.child_fatalities is None:
            e.child_fatalities = cas.children
        if e.injured is None:
            e.injured = cas.injured


def inherit_days(analyses: list[SentenceAnalysis], events: list[Event]) -> None:
    """An undated event takes the day of the nearest earlier sentence that reports violence on a
    resolved day: a dispatch gives the day once, in its lead ("mercredi 17 janvier, Boko Haram
    a attaqué..."), and the sentences that name the places follow."""
    dated = [(a.sentence.start, a.day.date) for a in analyses if a.trigger and a.day.date]
    if not dated:
        return
    for e in events:
        if e.date is not None or e.evidence_start is None:
            continue
        before = [day for start, day in dated if start <= e.evidence_start]
        if before:
            e.date = before[-1]


def rank_perpetrators(
    ctx: ActorContext, events: list[Event], groups: list[PlaceGroup | None], model: Any
) -> list[str | None]:
    """For each event, the best-scored of the actors the document names (or nobody) as its
    perpetrator."""
    per_event = [actor_candidates(ctx, e) for e in events]
    rows = [actor_features(ctx, e, g, c) for e, g, cands in zip(events, groups, per_event, strict=True) for c in cands]
    if not rows:
        return []
    proba = probabilities(model, rows)[:, 1]
    out, at = [], 0
    for event, cands in zip(events, per_event, strict=True):
        best = cands[int(np.argmax(proba[at : at + len(cands)]))].label
        out.append(claimed_instead(ctx, event, best))
        at += len(cands)
    return out


def claimed_instead(ctx: ActorContext, event: Event, label: str | None) -> str | None:
    """``Unidentified`` (or another catch-all label) is for an author the text does not name: a
    group that claims the incident in its sentence or the next ones names it (the guide's
    conventions)."""
    weak = weak_labels(ctx.analyses[0].sentence.lang) if ctx.analyses else frozenset()
    s = event_sentence(ctx.analyses, event)
    if label is None or label not in weak or s is None:
        return label
    for claimed, sentences in ctx.responsible.items():
        if claimed not in weak and any(0 <= i - s <= CLAIM_WINDOW for i in sentences):
            return claimed
    return label


def _confident_class(classes: list[Any], proba: Any, override: float) -> str | None:
    """The actor classifier's label when it is confident about a named actor."""
    k = int(proba.argmax())
    best = str(classes[k])
    return best if best not in ("other", "none") and proba[k] >= override else None


def _accepted(c: Candidate, p: float, models: dict[str, Any]) -> bool:
    """A rules' event stands unless the model finds it very unlikely; a place the rules did not
    locate an incident at needs a confident model (its type is the model's, less often right)."""
    if c.rule is not None:
        return p >= models["drop_rule_below"]
    return addable(c.features) and p >= models["add_above"]


def means_named(analyses: list[SentenceAnalysis], event: Event) -> bool:
    """Does the rules' event's own sentence name the means its type says ("frappes aériennes",
    "obus", "engin explosif")? Then the type is the text's, not a guess to override."""
    a = sentence_of(analyses, event)
    return a is not None and a.trigger is not None and event.sub_event_type in a.trigger.weapons


def with_list_siblings(
    doc: DocumentAnalysis, cands: list[Candidate], accepted: list[bool], p_accept: np.ndarray, above: float
) -> list[bool]:
    """Places coordinated with an accepted one ("les villages de Mabuo, Beu et Makakwa") are
    accepted too when the model gives them at least ``above``: the guide makes one event per place
    of an enumeration, and a linear model scores each name apart. Regions are left out: "les
    provinces voisines de Hama, d'Alep et de Lattaquié" situate a campaign, they are no incidents."""
    where = {mention: n for n, c in enumerate(cands) if c.group is not None for mention in c.group.mentions}
    out = list(accepted)
    for i, a in enumerate(doc.analyses):
        for members in coordinated_lists(a.places, a.text, a.sentence.lang):
            listed = [
                where[(i, k)] for k in members
                if (i, k) in where and a.places[k].hint != "admin1" and not is_region(a.places[k].place)
            ]
            if any(accepted[n] for n in listed):
                for n in listed:
                    out[n] = out[n] or bool(p_accept[n] >= above)
    return out


def addable(features: Features) -> bool:
    """A place the rules made no event at may become one near a sentence that reports violence
    or a figure (``candidates.NEAR_INCIDENT``): an incident is often told over two or three
    sentences (cross-validated event F1 0.544 when the place's own sentence had to report it,
    0.553 with no condition), but a place named far from any incident, in a live blog's other
    items, never becomes one."""
    return bool(features.get("near_incident") or features.get("beside_rule_event"))


def drop_restated(events: list[Event], by_rules: list[bool], regional: list[bool]) -> list[Event]:
    """An incident the rules did not see, of the same type as one they saw, located at a region
    (``regional``: the gazetteer's region itself, not a street placed at its region) that
    contains that incident, restates it: "Russian strikes in Syria's Idlib" over "struck Ariha".
    A nearby village is not a restatement: "les villages de X et Y" are two incidents
    (end-to-end cross-validated event F1 0.559 -> 0.567 on the tune part when added places
    within 25 km of a rules' event, or streets placed at their region, were no longer dropped)."""
    keep = []
    for k, e in enumerate(events):
        restates = regional[k] and any(_contains(o, e) for j, o in enumerate(events) if by_rules[j])
        if by_rules[k] or not restates:
            keep.append(e)
    return keep


def _contains(o: Event, region: Event) -> bool:
    """Is the rules' event ``o`` a finer place of the same type in ``region``?"""
    return (
        o.event_type == region.event_type
        and o.country_code == region.country_code
        and (o.geo_precision or 9) < 3
        and (region.admin1 is None or o.admin1 == region.admin1)
    )


def is_region(place: Place | None) -> bool:
    """A first-level region or a country the gazetteer resolved, named as such."""
    return place is not None and place.status == "resolved" and place.level in ("admin1", "country")


def event_from_group(doc: DocumentAnalysis, group: PlaceGroup | None) -> Event | None:
    """An event the rules did not make, at a place group: the first sentence that names the
    place with a trigger (else the first that names it) gives the evidence, day, figures and
    claims; figures only when the place is the first the sentence names."""
    if group is None:
        return None
    chosen = next(((i, k) for i, k in group.mentions if doc.analyses[i].trigger), group.mentions[0])
    i, k = chosen
    a = doc.analyses[i]
    m = a.places[k]
    first_named = next(iter(named_places(a)), None)
    cas = a.casualties
    owns_figures = first_named is m or not named_places(a)
    targets = [x.label for x in a.actors if x.role == "target"]
    perpetrators = [x.label for x in a.actors if x.role == "perpetrator" and x.kind != "civilians"]
    sub = a.trigger.sub_event_type if a.trigger else "Attack"
    event = Event(
        event_type=EVENT_TYPES[sub],
        sub_event_type=sub,
        location=location_text(m),
        date=a.day.date,
        actor1=perpetrators[0] if perpetrators else None,
        actor2=targets[0] if targets else ("Civilians" if cas.civilians else None),
        fatalities=cas.killed if owns_figures else None,
        civilian_fatalities=cas.civilians if owns_figures else None,
        child_fatalities=cas.children if owns_figures else None,
        injured=cas.injured if owns_figures else None,
        claimed_by=list(a.claims),
        evidence=a.sentence.text,
        evidence_start=a.sentence.start,
        evidence_end=a.sentence.end,
    )
    set_place(event, m.place)
    return event


def extract_events(article: Article) -> tuple[list[Event], list[Toll]]:
    """Events and tolls of one article: the learned decisions over the rules' candidates, or
    the rules alone when no trained model is installed."""
    doc = analyse_document(article)
    models = load_models()
    events, tolls = rule_events(doc) if models is None else decide_events(doc, models)
    attach_women(doc.analyses, events)
    return events, tolls
