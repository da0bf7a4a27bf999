"""CI quality gate: the floors of issue 2, measured with the real pipeline and ``veille eval``'s
scorer on the annotated corpora. A regression below any floor fails CI.

Extraction runs once per corpus per session (spaCy is loaded once); every test reads the cached
scores. Run only the gate with ``make gate`` (``pytest -m gate``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.eval import load_gold, score_corpus
from veille.eval.predict import iter_predictions
from veille.eval.report import doc_lines
from veille.eval.score import CorpusScore
from veille.eval.split import in_split

pytestmark = pytest.mark.gate

# --- the floors: change them here and nowhere else ------------------------------------------
SEEDS_EVENT_F1 = 0.90
SEEDS_KILLED_RECALL = 1.0  # every gold killed figure found
SEEDS_EVENT_FREE = ("seed-001",)  # documents that must yield no event at all
DEV_EVENT_F1 = 0.80
DEV_FATALITIES_ACCURACY = 0.90  # on matched events
POPCORN_NEG_MAX_FALSE_ALARM = 0.03  # share of `neg` documents yielding any event
HELDOUT_EVENT_F1 = 0.85  # tests/corpus/heldout: synthetic passages written after the rules (0.90 with
# the rules alone; the learned decisions, chosen by cross-validation on real passages, add places
# the rules passed over and give back some of that precision)
HELDOUT = Path(__file__).parent / "corpus" / "heldout" / "heldout_fr.jsonl"
# blind split of the real training corpora (never tuned on, never trained on): floors a little
# under the figures measured when the learned decisions landed, so a regression fails CI
BLIND_FR_EVENT_F1 = 0.57
BLIND_FR_ACTOR1 = 0.74
BLIND_FR_FATALITIES = 0.68
BLIND_EN_EVENT_F1 = 0.60
BLIND_EN_ACTOR1 = 0.45
# ---------------------------------------------------------------------------------------------


def _score(path: Path, label: str | None = None, split: str = "all") -> CorpusScore:
    gold = [g for g in load_gold(path) if in_split(g.id, split)]
    if label is not None:
        gold = [g for g in gold if g.label == label]
    preds = {p.id: p for p in iter_predictions(gold)}
    return score_corpus(gold, preds)


@pytest.fixture(scope="session")
def seeds_score(seeds_gold_path: Path) -> CorpusScore:
    return _score(seeds_gold_path)


@pytest.fixture(scope="session")
def dev_score(dev_gold_path: Path) -> CorpusScore:
    return _score(dev_gold_path)


@pytest.fixture(scope="session")
def blind_fr_score(train_fr_path: Path) -> CorpusScore:
    return _score(train_fr_path, split="blind")


@pytest.fixture(scope="session")
def blind_en_score(train_en_path: Path) -> CorpusScore:
    return _score(train_en_path, split="blind")


@pytest.fixture(scope="session")
def popcorn_neg_score(popcorn_path: Path) -> CorpusScore:
    return _score(popcorn_path, label="neg")


def _evidence(score: CorpusScore, limit: int = 12) -> str:
    """The per-document misses and false alarms, so a failing gate says why."""
    lines: list[str] = []
    for doc in score.per_doc:
        if doc.missed or doc.false_alarms or any(p.mismatches for p in doc.pairs):
            lines.extend(doc_lines(doc))
        if len(lines) > limit * 4:
            lines.append("...")
            break
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def test_seeds_event_f1(seeds_score: CorpusScore) -> None:
    f1 = seeds_score.events.f1 or 0.0
    assert f1 >= SEEDS_EVENT_F1, (
        f"seeds event F1 {_fmt(f1)} < {SEEDS_EVENT_F1}\n{_evidence(seeds_score)}"
    )


def test_seeds_every_killed_figure_found(seeds_score: CorpusScore) -> None:
    k = seeds_score.killed
    recall = k.recall if k.recall is not None else 1.0
    missing = [
        f"{d.id}: {e.get('location')} killed {e.get('fatalities')}"
        for d in seeds_score.per_doc
        for i, e in enumerate(d.gold_events)
        if e.get("fatalities") is not None
        and not any(p.gold == i and "fatalities" not in p.mismatches for p in d.pairs)
    ]
    assert recall >= SEEDS_KILLED_RECALL, (
        f"seeds killed-count recall {_fmt(recall)} ({k.matched}/{k.gold}); not found: {missing}"
    )


def test_seeds_no_event_from_event_free_documents(seeds_score: CorpusScore) -> None:
    for doc in seeds_score.per_doc:
        if doc.id in SEEDS_EVENT_FREE:
            found = [e.get("evidence") for e in doc.pred_events]
            assert not found, f"{doc.id} must give no event, got {len(found)}: {found}"


def test_dev_event_f1(dev_score: CorpusScore) -> None:
    f1 = dev_score.events.f1 or 0.0
    assert f1 >= DEV_EVENT_F1, f"dev event F1 {_fmt(f1)} < {DEV_EVENT_F1}\n{_evidence(dev_score)}"


def test_dev_fatalities_accuracy_on_matched_events(dev_score: CorpusScore) -> None:
    acc = dev_score.fields["fatalities"]
    value = acc.value if acc.value is not None else 0.0
    wrong = [
        f"{d.id} @ {d.gold_events[p.gold].get('location')}: "
        f"gold {p.mismatches['fatalities'][0]} != pred {p.mismatches['fatalities'][1]}"
        for d in dev_score.per_doc
        for p in d.pairs
        if "fatalities" in p.mismatches
    ]
    assert value >= DEV_FATALITIES_ACCURACY, (
        f"dev fatalities accuracy {_fmt(value)} ({acc.hits}/{acc.total}) < "
        f"{DEV_FATALITIES_ACCURACY}; wrong: {wrong}"
    )


def test_popcorn_neg_documents_yield_no_event(popcorn_neg_score: CorpusScore) -> None:
    neg = popcorn_neg_score.labels["neg"]
    assert neg.docs > 0
    rate = neg.rate or 0.0
    alarms = [
        f"{d.id}: {d.pred_events[0].get('sub_event_type')} | {d.pred_events[0].get('evidence')}"
        for d in popcorn_neg_score.per_doc
        if d.pred_events
    ]
    assert rate <= POPCORN_NEG_MAX_FALSE_ALARM, (
        f"{neg.with_events}/{neg.docs} neg documents yield events "
        f"({rate:.1%} > {POPCORN_NEG_MAX_FALSE_ALARM:.0%}):\n" + "\n".join(alarms[:15])
    )


def test_heldout_event_f1() -> None:
    """Passages the rules were not written on (regions, wordings and non-events the dev set
    lacks): a check that the rules generalise, kept as a floor against regressions."""
    score = _score(HELDOUT)
    f1 = score.events.f1 or 0.0
    assert f1 >= HELDOUT_EVENT_F1, f"held-out event F1 {_fmt(f1)} < {HELDOUT_EVENT_F1}\n{_evidence(score)}"


def test_blind_fr_event_f1(blind_fr_score: CorpusScore) -> None:
    f1 = blind_fr_score.events.f1 or 0.0
    assert f1 >= BLIND_FR_EVENT_F1, f"blind train_fr event F1 {_fmt(f1)} < {BLIND_FR_EVENT_F1}"


def test_blind_fr_fields(blind_fr_score: CorpusScore) -> None:
    actor1 = blind_fr_score.fields["actor1"].value or 0.0
    fatalities = blind_fr_score.fields["fatalities"].value or 0.0
    assert actor1 >= BLIND_FR_ACTOR1, f"blind train_fr actor1 {_fmt(actor1)} < {BLIND_FR_ACTOR1}"
    assert fatalities >= BLIND_FR_FATALITIES, (
        f"blind train_fr fatalities {_fmt(fatalities)} < {BLIND_FR_FATALITIES}"
    )


def test_blind_en_event_f1(blind_en_score: CorpusScore) -> None:
    f1 = blind_en_score.events.f1 or 0.0
    assert f1 >= BLIND_EN_EVENT_F1, f"blind train_en event F1 {_fmt(f1)} < {BLIND_EN_EVENT_F1}"


def test_blind_en_actor1(blind_en_score: CorpusScore) -> None:
    actor1 = blind_en_score.fields["actor1"].value or 0.0
    assert actor1 >= BLIND_EN_ACTOR1, f"blind train_en actor1 {_fmt(actor1)} < {BLIND_EN_ACTOR1}"
