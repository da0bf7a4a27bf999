"""Who did it: the actors a document names, as candidates for each incident's perpetrator.

The rules assign roles inside one sentence ("les forces israéliennes ont tué", "tués par des
hommes armés", "frappes russes"); a dispatch often names the perpetrator once, in the lead or in
a claim two sentences later, and the sentence that names the place says only "l'attaque".
Here every actor label the document names (any role, any sentence), the rules' own choice and
"nobody named" are candidates for every event; the features say where and in which role the
label stands relative to the event's sentence, and a model trained on the annotated corpus
(:mod:`veille.learn.train`) scores them. Unlike a classifier over known actor names, the ranking
works for an armed group the corpus never saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from veille.extract.actors import responsible, weak_labels
from veille.extract.analysis import SentenceAnalysis
from veille.extract.candidates import Features, PlaceGroup
from veille.extract.figures import event_sentence
from veille.model import Event

NOBODY = "none"
UNNAMED = "Unidentified"
"""The guide's label for an author the text does not name (unnamed gunmen, a bomb nobody claims):
a candidate for every event, whether or not a sentence says "des hommes armés"."""


@dataclass(frozen=True, slots=True)
class ActorCandidate:
    label: str | None  # None: nobody named
    kind: str


@dataclass(slots=True)
class ActorContext:
    """Every actor mention of the document: label -> [(sentence, role)], and first kinds."""

    analyses: list[SentenceAnalysis]
    mentions: dict[str, list[tuple[int, str]]]
    kinds: dict[str, str]
    responsible: dict[str, list[int]]  # label -> sentences holding it responsible ("a revendiqué l'attaque")


def actor_context(analyses: list[SentenceAnalysis]) -> ActorContext:
    mentions: dict[str, list[tuple[int, str]]] = {}
    kinds: dict[str, str] = {}
    held: dict[str, list[int]] = {}
    for i, a in enumerate(analyses):
        label = responsible(a.text, a.actors, a.sentence.lang) if a.actors else None
        if label:
            held.setdefault(label, []).append(i)
        for m in a.actors:
            if m.kind == "civilians":
                continue
            mentions.setdefault(m.label, []).append((i, m.role or "none"))
            kinds.setdefault(m.label, m.kind)
    return ActorContext(analyses, mentions, kinds, held)


def actor_candidates(ctx: ActorContext, event: Event) -> list[ActorCandidate]:
    """"Nobody", the rules' label for this event, and every label the document names."""
    out = [ActorCandidate(None, NOBODY)]
    if event.actor1 and event.actor1 not in ctx.mentions:
        out.append(ActorCandidate(event.actor1, "rule"))
    out.extend(ActorCandidate(label, ctx.kinds[label]) for label in ctx.mentions)
    if not any(c.label == UNNAMED for c in out):
        out.append(ActorCandidate(UNNAMED, "unnamed"))
    return out


def actor_features(ctx: ActorContext, event: Event, group: PlaceGroup | None, cand: ActorCandidate) -> Features:
    """Features of one (event, perpetrator) pair; "nobody" has its own, prefixed ``none:``."""
    s = event_sentence(ctx.analyses, event)
    n_labels = min(len(ctx.mentions), 3)
    sub = event.sub_event_type
    if cand.label is None:
        f: Features = {"none:bias": 1.0, f"none:labels={n_labels}": 1.0, f"none:type={sub}": 1.0}
        f["none:rule_none"] = float(event.actor1 is None)
        f["none:any_perpetrator"] = float(any(r == "perpetrator" for ms in ctx.mentions.values() for _, r in ms))
        if s is not None:
            f["none:ev_actors"] = float(bool([m for m in ctx.analyses[s].actors if m.kind != "civilians"]))
        return f
    if cand.kind == "unnamed":
        return unnamed_features(ctx, event, s, n_labels)
    f = {"bias": 1.0, f"kind={cand.kind}": 1.0, f"labels={n_labels}": 1.0}
    f["rule_same"] = float(cand.label == event.actor1)
    f["rule_none"] = float(event.actor1 is None)
    f[f"rule_same={cand.label == event.actor1}&type={sub}"] = 1.0
    if event.actor1 and cand.label != event.actor1 and cand.label in event.actor1.split(" and "):
        f["rule_part"] = 1.0
    if event.actor2 and cand.label == event.actor2:
        f["is_target_label"] = 1.0
    mentions = ctx.mentions.get(cand.label or "", [])
    group_sentences = set(group.sentences()) if group is not None else set()
    perp = [i for i, r in mentions if r == "perpetrator"]
    f[f"perp_sentences={min(len(perp), 3)}"] = 1.0
    f[f"mentions={min(len(mentions), 3)}"] = 1.0
    f["first_perpetrator"] = float(bool(perp) and perp[0] == min(
        (i for ms in ctx.mentions.values() for i, r in ms if r == "perpetrator"), default=-1))
    for i, role in mentions:
        if s is not None:
            d = max(-2, min(2, i - s))
            f[f"d={d}&role={role}"] = 1.0
            f[f"d={d}&role={role}&kind={cand.kind}"] = 1.0
        if i in group_sentences:
            f[f"group&role={role}"] = 1.0
        if i == 0:
            f[f"title&role={role}"] = 1.0
    weak = weak_labels(ctx.analyses[0].sentence.lang) if ctx.analyses else frozenset()
    specific_groups = [x for x, k in ctx.kinds.items() if k == "non_state" and x not in weak]
    if cand.label in weak:
        f["weak"] = 1.0  # "les jihadistes" where the document also names the group
        f["weak&specific_group_named"] = float(bool(specific_groups))
    elif cand.kind == "non_state":
        f["specific_group"] = 1.0
        f["specific_group&weak_named"] = float(any(x in weak for x in ctx.mentions))
    for i in ctx.responsible.get(cand.label or "", []):
        f["held_responsible"] = 1.0
        if s is not None:
            f[f"held_responsible_d={max(-2, min(3, i - s))}"] = 1.0
    if s is not None and not any(i == s for i, _ in mentions):
        f["not_in_evidence"] = 1.0
        f[f"not_in_evidence&type={sub}"] = 1.0
    return f


def unnamed_features(ctx: ActorContext, event: Event, s: int | None, n_labels: int) -> Features:
    """Features of the unnamed author when no sentence names one: the incident's type (a bomb
    or an ambush has an author; a strike's author is named or null) and what the document names."""
    sub = event.sub_event_type
    f: Features = {"unnamed:bias": 1.0, f"unnamed:type={sub}": 1.0, f"unnamed:labels={n_labels}": 1.0}
    f["unnamed:rule_none"] = float(event.actor1 is None)
    f["unnamed:any_perpetrator"] = float(any(r == "perpetrator" for ms in ctx.mentions.values() for _, r in ms))
    if s is not None:
        named = [m for m in ctx.analyses[s].actors if m.kind != "civilians"]
        f["unnamed:ev_actors"] = float(bool(named))
        f[f"unnamed:ev_actors&type={sub}"] = float(bool(named))
        f["unnamed:ev_perpetrator"] = float(any(m.role == "perpetrator" for m in named))
    return f
