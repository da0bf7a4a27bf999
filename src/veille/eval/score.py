"""Pure scoring of predictions against gold, as ``shared/spec/annotation-guide.md`` defines it.

Within a document, a predicted event may match a gold event when their ``event_type`` is equal
and their locations agree (same place after folding, or same ``admin1`` when either side is
located only at admin1 level). Each gold event matches at most one prediction; the pairing is
an optimal assignment that maximises the number of matches, ties broken by field agreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from veille.eval.actors import same_actor
from veille.eval.assign import max_weight_matching
from veille.eval.gold import GoldDoc, PredDoc
from veille.eval.places import admin1_key, located_at_admin1, same_admin1, same_place

AGREEMENT_POINTS = 10
"""Most field-agreement points a pair can earn (see ``_agreement``)."""

FIELDS = (
    "sub_event_type",
    "fatalities",
    "civilian_fatalities",
    "admin1",
    "country",
    "date",
    "actor1",
)
"""Fields whose exact accuracy is reported on matched pairs."""

GOLD_VALUE_ONLY = frozenset({"date", "actor1"})
"""Fields scored only on pairs where gold has a value."""

EventDict = Mapping[str, Any]
"""An event or toll in the guide's JSON shape."""


@dataclass(slots=True)
class Ratio:
    """``hits`` out of ``total``; ``value`` is None when there is nothing to measure."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    def merge(self, other: Ratio) -> None:
        self.hits += other.hits
        self.total += other.total


@dataclass(slots=True)
class PRF:
    """Precision, recall and F1 from counts: ``matched`` items are right on both sides (the
    pairing is one-to-one), out of ``gold`` expected and ``pred`` predicted."""

    gold: int = 0
    pred: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """2·matched / (gold + pred): 0.0 when nothing is right, None when both are empty."""
        total = self.gold + self.pred
        return 2 * self.matched / total if total else None

    def merge(self, other: PRF) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.matched += other.matched


@dataclass(slots=True)
class Pair:
    gold: int
    pred: int
    mismatches: dict[str, tuple[Any, Any]]  # field -> (gold value, predicted value)


@dataclass(slots=True)
class DocScore:
    """Scores and evidence for one document."""

    id: str
    annotated: bool
    label: str | None = None
    gold_events: list[dict[str, Any]] = field(default_factory=list)
    pred_events: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)  # indexes into gold_events
    false_alarms: list[int] = field(default_factory=list)  # indexes into pred_events
    events: PRF = field(default_factory=PRF)
    tolls: PRF = field(default_factory=PRF)
    killed: PRF = field(default_factory=PRF)
    fields: dict[str, Ratio] = field(default_factory=lambda: {f: Ratio() for f in FIELDS})
    toll_missed: list[dict[str, Any]] = field(default_factory=list)
    toll_false: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None
    missing_prediction: bool = False


@dataclass(slots=True)
class LabelScore:
    """Documents of one label, and how many of them yielded any event."""

    docs: int = 0
    with_events: int = 0

    @property
    def rate(self) -> float | None:
        return self.with_events / self.docs if self.docs else None


@dataclass(slots=True)
class CorpusScore:
    docs: int = 0
    annotated_docs: int = 0
    events: PRF = field(default_factory=PRF)
    tolls: PRF = field(default_factory=PRF)
    killed: PRF = field(default_factory=PRF)
    fields: dict[str, Ratio] = field(default_factory=lambda: {f: Ratio() for f in FIELDS})
    gold_empty: LabelScore = field(default_factory=LabelScore)
    labels: dict[str, LabelScore] = field(default_factory=dict)
    skipped_docs: int = 0
    missing_predictions: int = 0
    per_doc: list[DocScore] = field(default_factory=list)

    @property
    def false_alarm_rate(self) -> float | None:
        """Share of ``neg``-labelled documents that yielded any event."""
        neg = self.labels.get("neg")
        return neg.rate if neg else None

    @property
    def pos_recall(self) -> float | None:
        """Share of ``pos``-labelled documents that yielded any event."""
        pos = self.labels.get("pos")
        return pos.rate if pos else None


# --- events ---------------------------------------------------------------------------------


def locations_agree(gold: EventDict, pred: EventDict) -> bool:
    """Same place after folding, or same admin1 when either side is located only at admin1."""
    if same_place(gold.get("location"), pred.get("location")):
        return True
    if not same_admin1(gold.get("admin1"), pred.get("admin1")):
        return False
    return any(
        located_at_admin1(e.get("location"), e.get("admin1"), e.get("geo_precision"))
        for e in (gold, pred)
    )


def can_match(gold: EventDict, pred: EventDict) -> bool:
    return gold.get("event_type") == pred.get("event_type") and locations_agree(gold, pred)


def field_equal(name: str, gold: EventDict, pred: EventDict) -> bool:
    g, p = gold.get(name), pred.get(name)
    if name == "admin1":
        return admin1_key(g) == admin1_key(p)
    if name in ("actor1", "actor2"):
        return same_actor(g, p)
    return g == p


def _agreement(gold: EventDict, pred: EventDict) -> float:
    score = sum(field_equal(name, gold, pred) for name in FIELDS)
    score += same_place(gold.get("location"), pred.get("location"))
    score += gold.get("child_fatalities") == pred.get("child_fatalities")
    score += field_equal("actor2", gold, pred)
    return float(score)


def _match_weight(n_gold: int, n_pred: int, points: int) -> float:
    """Weight of any allowed pair: more than all tie-break points of a whole assignment, so the
    number of matches is maximised first and field agreement only breaks ties."""
    return 1.0 + points * min(n_gold, n_pred)


def match_events(gold: list[EventDict], pred: list[EventDict]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs (gold index, pred index)."""
    base = _match_weight(len(gold), len(pred), AGREEMENT_POINTS)
    weights = [[base + _agreement(g, p) if can_match(g, p) else 0.0 for p in pred] for g in gold]
    return max_weight_matching(weights)


# --- tolls ----------------------------------------------------------------------------------


def tolls_match(gold: EventDict, pred: EventDict) -> bool:
    """Equal ``fatalities``, or equal non-null ``civilian_fatalities`` (the guide's rule, read
    literally: two tolls that both give no killed figure agree on ``fatalities``)."""
    if gold.get("fatalities") == pred.get("fatalities"):
        return True
    civ = gold.get("civilian_fatalities")
    return civ is not None and civ == pred.get("civilian_fatalities")


def match_tolls(gold: list[EventDict], pred: list[EventDict]) -> list[tuple[int, int]]:
    base = _match_weight(len(gold), len(pred), 2)

    def weight(g: EventDict, p: EventDict) -> float:
        if not tolls_match(g, p):
            return 0.0
        same = (g.get("fatalities") == p.get("fatalities")) + (
            g.get("civilian_fatalities") == p.get("civilian_fatalities")
        )
        return base + same

    return max_weight_matching([[weight(g, p) for p in pred] for g in gold])


# --- documents and corpus -------------------------------------------------------------------


def score_document(gold: GoldDoc, pred: PredDoc | None) -> DocScore:
    p_events = list(pred.events) if pred else []
    p_tolls = list(pred.tolls) if pred else []
    doc = DocScore(
        id=gold.id,
        annotated=gold.annotated,
        label=gold.label,
        pred_events=p_events,
        skipped=pred.skipped if pred else None,
        missing_prediction=pred is None,
    )
    if not gold.annotated:
        doc.false_alarms = list(range(len(p_events)))
        return doc
    g_events = list(gold.events or [])
    doc.gold_events = g_events
    pairs = match_events(g_events, p_events)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    doc.missed = [i for i in range(len(g_events)) if i not in matched_gold]
    doc.false_alarms = [i for i in range(len(p_events)) if i not in matched_pred]
    doc.events = PRF(gold=len(g_events), pred=len(p_events), matched=len(pairs))

    killed_found = 0
    for gi, pi in pairs:
        g, p = g_events[gi], p_events[pi]
        mismatches: dict[str, tuple[Any, Any]] = {}
        for name in FIELDS:
            if name in GOLD_VALUE_ONLY and g.get(name) is None:
                continue
            ok = field_equal(name, g, p)
            doc.fields[name].add(ok)
            if not ok:
                mismatches[name] = (g.get(name), p.get(name))
        if g.get("fatalities") is not None and g.get("fatalities") == p.get("fatalities"):
            killed_found += 1
        doc.pairs.append(Pair(gold=gi, pred=pi, mismatches=mismatches))
    doc.killed = PRF(
        gold=sum(e.get("fatalities") is not None for e in g_events),
        pred=sum(e.get("fatalities") is not None for e in p_events),
        matched=killed_found,
    )

    g_tolls = list(gold.tolls)
    toll_pairs = match_tolls(g_tolls, p_tolls)
    doc.tolls = PRF(gold=len(g_tolls), pred=len(p_tolls), matched=len(toll_pairs))
    tg = {g for g, _ in toll_pairs}
    tp = {p for _, p in toll_pairs}
    doc.toll_missed = [t for i, t in enumerate(g_tolls) if i not in tg]
    doc.toll_false = [t for i, t in enumerate(p_tolls) if i not in tp]
    return doc


def score_corpus(gold: Iterable[GoldDoc], preds: Mapping[str, PredDoc]) -> CorpusScore:
    """Score every gold document against the prediction with the same id (none = no events)."""
    corpus = CorpusScore()
    for g in gold:
        pred = preds.get(g.id)
        doc = score_document(g, pred)
        corpus.per_doc.append(doc)
        corpus.docs += 1
        corpus.skipped_docs += doc.skipped is not None
        corpus.missing_predictions += doc.missing_prediction
        has_events = bool(doc.pred_events)
        if g.label is not None:
            bucket = corpus.labels.setdefault(g.label, LabelScore())
            bucket.docs += 1
            bucket.with_events += has_events
        if not g.annotated:
            continue
        corpus.annotated_docs += 1
        corpus.events.merge(doc.events)
        corpus.tolls.merge(doc.tolls)
        corpus.killed.merge(doc.killed)
        for name, ratio in doc.fields.items():
            corpus.fields[name].merge(ratio)
        if not doc.gold_events:
            corpus.gold_empty.docs += 1
            corpus.gold_empty.with_events += has_events
    return corpus
