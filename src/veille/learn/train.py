"""Fit the learned decisions on the tune part of the annotated corpora and write them into the
package. Seeded and deterministic; reports grouped k-fold cross-validation per decision."""

from __future__ import annotations

import itertools
import json
import sys
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline, make_pipeline

from veille.eval.actors import same_actor
from veille.eval.gold import PredDoc, load_gold
from veille.eval.score import match_tolls, score_corpus
from veille.eval.split import in_split
from veille.extract.decide import (
    MODEL_PATH,
    MODEL_VERSION,
    addable,
    decide_events,
    subtypes_by_type,
)
from veille.extract.toll_decision import pick_tolls
from veille.extract.women import attach_women
from veille.learn.dataset import DocExamples, Example, RankExample, actor_target, build
from veille.model import EVENT_TYPES

FOLDS = 5
SEED = 13
ACTOR_MIN_COUNT = 3
"""An actor class needs this many training examples; rarer labels train as ``other`` (the
rules' label is kept)."""
ACCEPT_C = (0.05, 0.1, 0.3)
DROP_GRID = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3)
"""Below this probability a rules' event is dropped."""
ADD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
"""Above this probability a place the rules passed over becomes an event (1.01: never)."""
OVERRIDE_GRID = (0.5, 0.6, 0.7, 0.8, 1.01)
"""At this confidence the type model retypes a rules' event (1.01: never)."""
TIE = 0.0025
"""Cross-validated F1 differences below this are noise (a few events over the tune split)."""
REPEATS = 3
"""Fold assignments over which the decision thresholds are chosen and the event F1 averaged: one
assignment's F1 moves by about 0.01 with the assignment alone, as much as most changes."""
SUBTYPE_C = (1.0, 3.0)
"""Strengths of the sub-type model, the one giving the decisions the best event F1 is kept."""
RANK_C = (1.0, 3.0)
TOLL_C = (0.3, 1.0)
TOLL_GRID = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
"""At this probability a sentence's killed figure is a toll."""
END_TO_END_GRID = {"drop_rule_below": (0.15, 0.25, 0.3, 0.35), "add_above": (0.3, 0.4, 0.5), "type_override": (0.5, 0.7, 0.8)}
"""Thresholds then tried on the extractor itself (see :func:`_end_to_end_thresholds`), beside the
simulation's choice."""
ACTOR_OVERRIDE = 0.7
"""The actor model replaces a perpetrator the rules named only at this probability or more
(chosen on the seeds and the synthetic held-out passages, where the rules' labels are right)."""


@dataclass(slots=True)
class Corpus:
    """A gold file and the part of it trained on."""

    path: Path
    split: str  # "tune" for files with a blind part, "all" otherwise


def default_corpora(root: Path) -> list[Corpus]:
    return [
        Corpus(root / "train_fr.jsonl", "tune"),
        Corpus(root / "train_en.jsonl", "tune"),
        Corpus(root / "dev_fr.jsonl", "all"),
    ]


def load_examples(corpora: Sequence[Corpus], log: Any = None) -> list[DocExamples]:
    log = log or sys.stderr
    docs: list[DocExamples] = []
    for c in corpora:
        gold = [g for g in load_gold(c.path) if in_split(g.id, c.split)]
        start = time.perf_counter()
        part = list(build(gold))
        for d in part:
            d.corpus = c.path.name
        covered = sum(d.covered for d in part)
        total = sum(d.gold_events for d in part)
        print(
            f"train: {c.path.name} [{c.split}] {len(part)} docs, {total} gold events, "
            f"{covered} with a candidate at their place ({covered / max(total, 1):.1%}), "
            f"{time.perf_counter() - start:.0f} s",
            file=log,
        )
        docs.extend(part)
    return docs


def _model(c: float, balanced: bool = False) -> Pipeline:
    return make_pipeline(
        DictVectorizer(sparse=True),
        LogisticRegression(
            C=c, max_iter=2000, class_weight="balanced" if balanced else None, random_state=SEED
        ),
    )


def _flat(docs: list[DocExamples]) -> tuple[list[Example], np.ndarray]:
    examples = [e for d in docs for e in d.examples]
    groups = np.array([hash_id(e.doc_id) for e in examples])
    return examples, groups


def hash_id(doc_id: str) -> int:
    return zlib.crc32(doc_id.encode("utf-8"))


def _folds(groups: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return list(GroupKFold(n_splits=n).split(np.zeros(len(groups)), groups=groups))


def _repeated_folds(groups: np.ndarray, n: int, repeats: int) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """``repeats`` grouped fold assignments: GroupKFold's, then documents shuffled with fixed
    seeds (deterministic, so ``make train`` reproduces its file)."""
    assignments = [_folds(groups, n)]
    unique = np.unique(groups)
    for seed in range(1, repeats):
        fold_of_group = dict(zip(unique, np.random.RandomState(SEED + seed).permutation(len(unique)) % n, strict=True))
        fold_of = np.array([fold_of_group[g] for g in groups])
        assignments.append([(np.where(fold_of != k)[0], np.where(fold_of == k)[0]) for k in range(n)])
    return assignments


def train(corpora: Sequence[Corpus], out: Path = MODEL_PATH, log: Any = None) -> dict[str, Any]:
    """Build the candidates, fit, cross-validate and save; returns the report."""
    return fit(load_examples(corpora, log), out, log)


def fit(docs: list[DocExamples], out: Path = MODEL_PATH, log: Any = None) -> dict[str, Any]:
    """Fit and cross-validate every decision on labelled candidates, then save the bundle.
    Only documents where the rules found an incident are decided (as at extraction time)."""
    import joblib

    log = log or sys.stderr
    all_docs = docs
    gold_events = sum(d.gold_events for d in docs)
    toll_report = _cv_tolls(docs)
    docs = [d for d in docs if d.rules_fired]
    examples, groups = _flat(docs)
    X = [e.features for e in examples]
    y_accept = np.array([e.gold is not None for e in examples])
    report: dict[str, Any] = {"examples": len(examples), "positives": int(y_accept.sum()), "toll": toll_report}

    pos = [i for i, e in enumerate(examples) if e.gold is not None]
    Xp = [X[i] for i in pos]
    y_sub = np.array([examples[i].gold["sub_event_type"] for i in pos])  # type: ignore[index]
    y_actor = np.array(_actor_labels([examples[i] for i in pos]))
    pfolds = _folds(groups[pos], FOLDS)
    report["subtype"] = _cv_classifier(Xp, y_sub, pfolds, baseline=_rule_subtypes([examples[i] for i in pos]))
    report["actor"] = _cv_classifier(Xp, y_actor, pfolds)

    figures = [f for d in docs for f in d.figures]
    report["figure"] = _cv_ranker(figures, _figure_scores, "killed_f1")
    perpetrators = [p for d in docs for p in d.perpetrators]
    report["perpetrator"] = _cv_ranker(perpetrators, _perpetrator_scores)

    # the sub-type model's strength is chosen by the event F1 it gives the decisions (which
    # scores the event type), not by its own sub-type accuracy: the two Cs tie on accuracy and
    # differ by about 0.003-0.007 in event F1
    sims = [_cv_decisions(examples, X, y_accept, a, SUBTYPE_C) for a in _repeated_folds(groups, FOLDS, REPEATS)]
    by_c_sub = {c: _best_thresholds(examples, y_accept, [sim[c] for sim in sims], gold_events) for c in SUBTYPE_C}
    c_sub = max(by_c_sub, key=lambda c: by_c_sub[c]["cv_event_f1"])
    best = by_c_sub[c_sub]
    report["subtype"] |= {"C": c_sub, "C_by_accuracy": report["subtype"]["C"]}
    report["decisions"] = best
    hyper = {
        "accept_C": best["C"], "drop_rule_below": best["drop_rule_below"], "add_above": best["add_above"],
        "type_override": best["type_override"], "subtype_C": report["subtype"]["C"],
        "actor_C": report["actor"]["C"], "figure_C": report["figure"]["C"],
        "perpetrator_C": report["perpetrator"]["C"], "toll_C": toll_report["C"],
        "toll_above": toll_report["toll_above"],
    }
    fold_bundles = _fold_bundles(all_docs, hyper)
    report["end_to_end"] = _end_to_end_thresholds(all_docs, fold_bundles, hyper)
    hyper |= {k: report["end_to_end"][k] for k in END_TO_END_GRID}
    report["decisions"] |= {k: hyper[k] for k in END_TO_END_GRID}
    report["extraction_cv"] = _cv_extraction(all_docs, fold_bundles[0], hyper)
    print(f"train: {json.dumps(report)}", file=log)
    bundle = _fit_bundle(all_docs, hyper) | {"report": report}
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, out, compress=("xz", 6))
    print(f"train: wrote {out} ({out.stat().st_size / 1e6:.1f} MB)", file=log)
    return report


@dataclass(slots=True)
class Simulation:
    """Out-of-fold predictions for every candidate, for choosing the decision thresholds."""

    accept: dict[float, np.ndarray]  # C -> probability of an incident at the place
    subtype: np.ndarray  # predicted sub-event type
    confidence: np.ndarray  # its probability


def _cv_decisions(
    examples: list[Example], X: list[dict[str, float]], y: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]], c_subs: Sequence[float],
) -> dict[float, Simulation]:
    """Out-of-fold predictions for one fold assignment, one :class:`Simulation` per sub-type
    strength in ``c_subs``; the acceptance probabilities do not depend on it and are fitted
    once, shared by all."""
    accept = {c: np.zeros(len(examples)) for c in ACCEPT_C}
    subtype = {c: np.empty(len(examples), dtype=object) for c in c_subs}
    confidence = {c: np.zeros(len(examples)) for c in c_subs}
    for tr, te in folds:
        test = [X[i] for i in te]
        for c in ACCEPT_C:
            accept[c][te] = _model(c).fit([X[i] for i in tr], y[tr]).predict_proba(test)[:, 1]
        train_pos = [i for i in tr if y[i]]
        labels = [examples[i].gold["sub_event_type"] for i in train_pos]  # type: ignore[index]
        for c in c_subs:
            m = _model(c).fit([X[i] for i in train_pos], labels)
            subtype[c][te], confidence[c][te] = subtypes_by_type(m.predict_proba(test), m.classes_)
    return {c: Simulation(accept, subtype[c], confidence[c]) for c in c_subs}


def _best_thresholds(
    examples: list[Example], y: np.ndarray, sims: list[Simulation], gold_events: int
) -> dict[str, Any]:
    """The thresholds that maximise the cross-validated event F1 as ``veille eval`` counts it
    (an accepted place matches when it holds a gold event of the same event type), over every
    gold event of the corpora, those no candidate reaches included; averaged over the fold
    assignments of ``sims``."""
    rule_sub = np.array([e.rule.sub_event_type if e.rule else None for e in examples], dtype=object)
    by_rules = rule_sub != None  # noqa: E711 (numpy comparison)
    can_add = np.array([addable(e.features) for e in examples])
    gold_type = np.array([e.gold["event_type"] if e.gold else None for e in examples], dtype=object)
    # whether each candidate's final type is the gold one, per assignment and override threshold
    # (independent of the acceptance thresholds, so computed once)
    final_type = {
        (k, override): np.array(
            [EVENT_TYPES[s] for s in np.where(by_rules & (sim.confidence < override), rule_sub, sim.subtype)],
            dtype=object,
        )
        for k, sim in enumerate(sims)
        for override in OVERRIDE_GRID
    }
    right_type = {key: types == gold_type for key, types in final_type.items()}
    # an event per place and type, as the extractor keeps them: (place, type) as one number
    type_codes = {t: n for n, t in enumerate(sorted(set(EVENT_TYPES.values())))}
    place_of = _place_keys(examples)
    event_of = {key: place_of * len(type_codes) + np.array([type_codes[t] for t in types]) for key, types in final_type.items()}
    gold_of = _gold_keys(examples)
    scored: list[dict[str, Any]] = []
    for c in ACCEPT_C:
        for drop, add, override in itertools.product(DROP_GRID, ADD_GRID, OVERRIDE_GRID):
            matched = predicted = 0
            for k, sim in enumerate(sims):
                accepted = np.where(by_rules, sim.accept[c] >= drop, can_add & (sim.accept[c] >= add))
                matched += len(np.unique(gold_of[accepted & y & right_type[k, override]]))
                predicted += len(np.unique(event_of[k, override][accepted]))
            gold = gold_events * len(sims)
            scored.append({
                "cv_event_f1": round(2 * matched / max(predicted + gold, 1), 4),
                "precision": round(matched / max(predicted, 1), 3),
                "recall": round(matched / max(gold, 1), 3),
                "C": c, "drop_rule_below": drop, "add_above": add, "type_override": override,
            })
    top = max(s["cv_event_f1"] for s in scored)
    # the F1 surface is flat near its top: among settings within TIE of the best, take the most
    # conservative (fewest events the rules did not propose, fewest retyped, fewest dropped)
    near = [s for s in scored if s["cv_event_f1"] >= top - TIE]
    best = max(near, key=lambda s: (s["add_above"], s["type_override"], -s["drop_rule_below"], -s["C"]))
    rules_only = np.where(by_rules, True, False)
    types = np.array([EVENT_TYPES[s] if s else None for s in rule_sub], dtype=object)
    matched = len(np.unique(gold_of[rules_only & y & (types == gold_type)]))
    best["rules_only_cv_event_f1"] = round(2 * matched / (int(rules_only.sum()) + gold_events), 4)
    return best


def _actor_labels(positives: list[Example]) -> list[str]:
    """The actor classifier's class of each positive candidate: its gold perpetrator's canonical
    label, ``other`` when fewer than ``ACTOR_MIN_COUNT`` candidates share it."""
    labels = [actor_target(e.gold.get("actor1")) for e in positives]  # type: ignore[union-attr]
    counts = Counter(labels)
    return [a if counts[a] >= ACTOR_MIN_COUNT else "other" for a in labels]


def _fit_bundle(docs: list[DocExamples], hyper: dict[str, Any]) -> dict[str, Any]:
    """Every decision fitted on ``docs`` with the chosen strengths and thresholds: the file
    ``make train`` writes, or one fold's stand-in for it (:func:`_cv_extraction`)."""
    fired = [d for d in docs if d.rules_fired]
    examples, _ = _flat(fired)
    X = [e.features for e in examples]
    pos = [i for i, e in enumerate(examples) if e.gold is not None]
    y_sub = [examples[i].gold["sub_event_type"] for i in pos]  # type: ignore[index]
    y_actor = _actor_labels([examples[i] for i in pos])
    bundle: dict[str, Any] = {
        "version": MODEL_VERSION,
        "accept": _model(hyper["accept_C"]).fit(X, [e.gold is not None for e in examples]),
        "drop_rule_below": hyper["drop_rule_below"],
        "add_above": hyper["add_above"],
        "type_override": hyper["type_override"],
        "actor_override": ACTOR_OVERRIDE,
        "subtype": _model(hyper["subtype_C"]).fit([X[i] for i in pos], y_sub),
        "actor": _model(hyper["actor_C"]).fit([X[i] for i in pos], y_actor),
        "figure": _model(hyper["figure_C"]).fit(*_rank_rows([f for d in fired for f in d.figures])[:2]),
        "perpetrator": _model(hyper["perpetrator_C"]).fit(
            *_rank_rows([p for d in fired for p in d.perpetrators])[:2]
        ),
    }
    if hyper["toll_C"] is not None:
        rows = [t for d in docs for t in d.tolls]
        bundle["toll"] = _model(hyper["toll_C"]).fit([t.features for t in rows], [t.label for t in rows])
        bundle["toll_above"] = hyper["toll_above"]
    return bundle


FoldBundles = list[tuple[np.ndarray, dict[str, Any]]]
"""One fold assignment: each fold's held-out document indexes and the bundle fitted without them."""


def _fold_bundles(docs: list[DocExamples], hyper: dict[str, Any]) -> list[FoldBundles]:
    """Every decision fitted per fold, for ``REPEATS`` fold assignments (the first is
    :func:`_folds`'s). The models do not depend on the thresholds, so one fit serves every
    threshold tried on it."""
    groups = np.array([hash_id(d.doc_id) for d in docs])
    return [
        [(test_idx, _fit_bundle([docs[i] for i in train_idx], hyper)) for train_idx, test_idx in assignment]
        for assignment in _repeated_folds(groups, FOLDS, REPEATS)
    ]


def _extract_held_out(docs: list[DocExamples], folds: FoldBundles, thresholds: dict[str, float]) -> dict[str, PredDoc]:
    """Each document extracted by the bundle fitted without it, with ``thresholds``."""
    preds: dict[str, PredDoc] = {}
    for test_idx, bundle in folds:
        chosen = bundle | thresholds
        for i in test_idx:
            d = docs[i]
            events, tolls = decide_events(d.analysis, chosen)  # type: ignore[arg-type]
            attach_women(d.analysis.analyses, events)  # type: ignore[union-attr]
            preds[d.doc_id] = PredDoc(d.doc_id, [e.to_dict() for e in events], [t.to_dict() for t in tolls])
    return preds


def _end_to_end_thresholds(
    docs: list[DocExamples], fold_bundles: list[FoldBundles], hyper: dict[str, Any]
) -> dict[str, Any]:
    """The decision thresholds the extractor itself scores best with, cross-validated: the
    simulation's choice and the values of ``END_TO_END_GRID``, each run end to end on every
    fold assignment (event F1 over all corpora, as ``veille eval`` scores it). The simulation
    reads candidates, not the extractor's events, and its best thresholds were not the
    extractor's (adding places from 0.3 and retyping from 0.8 instead of 0.4 and 0.5: event F1
    0.589 against 0.601, one fold assignment). The simulation's choice stands when it is within
    ``TIE`` of the best."""
    gold = [d.gold for d in docs]
    grid = {k: sorted({*values, hyper[k]}) for k, values in END_TO_END_GRID.items()}
    scored = []
    for values in itertools.product(*grid.values()):
        thresholds = dict(zip(grid, values, strict=True))
        f1 = [score_corpus(gold, _extract_held_out(docs, folds, thresholds)).events.f1 or 0.0 for folds in fold_bundles]  # type: ignore[arg-type]
        scored.append(thresholds | {"event_f1": round(float(np.mean(f1)), 4)})
    best = max(scored, key=lambda s: s["event_f1"])
    simulated = next(s for s in scored if all(s[k] == hyper[k] for k in grid))
    if simulated["event_f1"] >= best["event_f1"] - TIE:
        best = simulated  # a tie: the simulation saw every candidate on three assignments too
    return best | {
        "simulation_choice": {k: hyper[k] for k in grid},
        "simulation_choice_event_f1": simulated["event_f1"],
        "settings": len(scored),
    }


def _cv_extraction(docs: list[DocExamples], folds: FoldBundles, hyper: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """The extractor itself cross-validated: per fold, every decision fitted on the other folds'
    documents, the held-out documents extracted from their analyses and scored as ``veille eval``
    scores them, per corpus. The decisions' own figures (``decisions``) simulate the extractor on
    candidates; this runs it, one event per place and type, figures and perpetrators included."""
    preds = _extract_held_out(docs, folds, {k: hyper[k] for k in END_TO_END_GRID})
    out: dict[str, dict[str, float | None]] = {}
    for corpus in dict.fromkeys(d.corpus for d in docs):
        s = score_corpus([d.gold for d in docs if d.corpus == corpus], preds)  # type: ignore[misc]
        out[corpus] = {
            "precision": _round(s.events.precision), "recall": _round(s.events.recall),
            "event_f1": _round(s.events.f1), "killed_f1": _round(s.killed.f1),
            "tolls_f1": _round(s.tolls.f1), "actor1": _round(s.fields["actor1"].value),
        }
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _gold_keys(examples: list[Example]) -> np.ndarray:
    """One number per gold event (-1 where there is none): candidates at one gold event (a town
    and the rules' event placed there, a region and its name's other spelling) match it once, as
    ``veille eval`` pairs events one to one. Counted once each, the simulation's matches agree
    with the extractor's within 2% in-sample; counted per candidate, they exceeded them by 16%."""
    keys: dict[tuple[str, int], int] = {}
    return np.array([
        -1 if e.gold_index is None else keys.setdefault((e.doc_id, e.gold_index), len(keys))
        for e in examples
    ])


def _place_keys(examples: list[Example]) -> np.ndarray:
    """One number per document and location: candidates that would give one location (a rules'
    event and the group naming its place) give one event of each type."""
    keys: dict[tuple[str, str], int] = {}
    return np.array([keys.setdefault((e.doc_id, e.place or f"#{k}"), len(keys)) for k, e in enumerate(examples)])


def _rank_rows(figures: list[RankExample]) -> tuple[list[dict[str, float]], np.ndarray, np.ndarray, np.ndarray]:
    """Candidate rows: features, labels, document group, and the event each row belongs to."""
    X = [x for f in figures for x in f.features]
    y = np.array([v for f in figures for v in f.labels])
    groups = np.array([hash_id(f.doc_id) for f in figures for _ in f.features])
    owner = np.array([k for k, f in enumerate(figures) for _ in f.features])
    return X, y, groups, owner


def _figure_scores(figures: list[RankExample], chosen: list[int | None]) -> dict[str, float]:
    """Accuracy on events whose gold gives a figure, and killed-figure F1 as ``veille eval``
    counts it (over these events)."""
    gold = [f.gold for f in figures]
    with_figure = [k for k, g in enumerate(gold) if g is not None]
    right = sum(chosen[k] == gold[k] for k in with_figure)
    predicted = sum(c is not None for c in chosen)
    return {
        "accuracy": round(right / max(len(with_figure), 1), 3),
        "killed_f1": round(2 * right / max(predicted + len(with_figure), 1), 3),
    }


def _perpetrator_scores(examples: list[RankExample], chosen: list[str | None]) -> dict[str, float]:
    """Accuracy (through the actor aliases) on events whose gold names a perpetrator."""
    named = [k for k, e in enumerate(examples) if e.gold is not None]
    right = sum(same_actor(examples[k].gold, chosen[k]) for k in named)
    return {"accuracy": round(right / max(len(named), 1), 3)}


def _cv_ranker(figures: list[RankExample], scores: Any, primary: str = "accuracy") -> dict[str, Any]:
    """Cross-validated choice among each event's candidates (the best-scored wins), against
    the rules' choice; ``scores`` measures a list of choices, the C with the best ``primary``
    score is kept."""
    X, y, groups, owner = _rank_rows(figures)
    folds = _folds(groups, FOLDS)
    results = {}
    for c in RANK_C:
        proba = np.zeros(len(y))
        for tr, te in folds:
            proba[te] = _model(c).fit([X[i] for i in tr], y[tr]).predict_proba([X[i] for i in te])[:, 1]
        chosen = []
        for k, f in enumerate(figures):
            rows = np.flatnonzero(owner == k)
            chosen.append(f.rule if f.keep_rule else f.values[int(proba[rows].argmax())])
        results[c] = scores(figures, chosen)
    c_best = max(results, key=lambda k: results[k][primary])
    return {"C": c_best, "events": len(figures), "cv": results[c_best],
            "rules": scores(figures, [f.rule for f in figures])}


def _toll_f1(docs: list[DocExamples], predicted: list[list[dict[str, Any]]]) -> float:
    matched = sum(len(match_tolls(d.gold_tolls, p)) for d, p in zip(docs, predicted, strict=True))
    total = sum(len(d.gold_tolls) for d in docs) + sum(len(p) for p in predicted)
    return round(2 * matched / max(total, 1), 4)


def _cv_tolls(docs: list[DocExamples]) -> dict[str, Any]:
    """Cross-validated toll F1 (as ``veille eval`` matches tolls) of the toll model for a few
    C and thresholds, against the rules' tolls."""
    X = [t.features for d in docs for t in d.tolls]
    y = np.array([t.label for d in docs for t in d.tolls])
    owner = np.array([k for k, d in enumerate(docs) for _ in d.tolls])
    flat = [t.figures for d in docs for t in d.tolls]
    groups = np.array([hash_id(d.doc_id) for d in docs for _ in d.tolls])
    rules = [[t.figures for t in d.tolls if t.features.get("rule_toll&kind=total")] for d in docs]
    scored = []
    if len(set(y.tolist())) < 2:  # a corpus without tolls (or with nothing else): no toll model
        return {"C": None, "toll_above": None, "cv_toll_f1": None}
    for c in TOLL_C:
        proba = np.zeros(len(y))
        for tr, te in _folds(groups, FOLDS):
            proba[te] = _model(c).fit([X[i] for i in tr], y[tr]).predict_proba([X[i] for i in te])[:, 1]
        for above in TOLL_GRID:
            predicted: list[list[dict[str, Any]]] = [[] for _ in docs]
            for k, d in enumerate(docs):
                rows = np.flatnonzero(owner == k)
                picked = pick_tolls([t.alone for t in d.tolls], list(proba[rows]), above)
                for j in picked:
                    if flat[rows[j]] not in predicted[k]:
                        predicted[k].append(flat[rows[j]])
            scored.append({"cv_toll_f1": _toll_f1(docs, predicted), "C": c, "toll_above": above})
    best = max(scored, key=lambda s: (s["cv_toll_f1"], s["toll_above"]))
    best["rules_toll_f1"] = _toll_f1(docs, [_unique(r) for r in rules])
    return best


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _rule_subtypes(examples: list[Example]) -> list[str | None]:
    return [e.rule.sub_event_type if e.rule is not None else None for e in examples]


def _cv_classifier(
    X: list[dict[str, float]],
    y: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
    baseline: list[str | None] | None = None,
) -> dict[str, Any]:
    """Cross-validated accuracy for a few regularisation strengths; the best is kept."""
    scores = {}
    for c in (1.0, 3.0):
        pred = np.empty(len(y), dtype=object)
        for tr, te in folds:
            m = _model(c).fit([X[i] for i in tr], y[tr])
            pred[te] = m.predict([X[i] for i in te])
        scores[c] = float((pred == y).mean())
    c_best = max(scores, key=lambda k: scores[k])
    out: dict[str, Any] = {"C": c_best, "cv_accuracy": round(scores[c_best], 3), "classes": len(set(y))}
    if baseline is not None:
        ruled = [(b, t) for b, t in zip(baseline, y, strict=True) if b is not None]
        out["rules_accuracy_where_they_typed"] = round(sum(b == t for b, t in ruled) / max(len(ruled), 1), 3)
    return out
