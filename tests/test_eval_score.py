"""The scorer on hand-made gold/prediction pairs: every rule of the guide's Scoring section."""

from __future__ import annotations

from typing import Any

import pytest

from veille.eval.gold import GoldDoc, PredDoc
from veille.eval.score import PRF, match_events, score_corpus, score_document

AIR = ("Explosions/Remote violence", "Air/drone strike")
SHELL = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
CLASH = ("Battles", "Armed clash")


def ev(kind: tuple[str, str] = AIR, location: str | None = "Hbit", **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "event_type": kind[0],
        "sub_event_type": kind[1],
        "location": location,
        "admin1": "Idlib",
        "country": "Syria",
        "date": None,
        "actor1": None,
        "actor2": None,
        "fatalities": None,
        "civilian_fatalities": None,
        "child_fatalities": None,
        "injured": None,
        "claimed_by": [],
        "evidence": f"event at {location}",
    }
    out.update(fields)
    return out


def gold(
    events: list[dict[str, Any]] | None,
    tolls: list[dict[str, Any]] | None = None,
    doc_id: str = "d1",
    label: str | None = None,
) -> GoldDoc:
    return GoldDoc(
        id=doc_id,
        where=f"gold.jsonl:{doc_id}",
        text="x",
        events=events,
        tolls=tolls or [],
        label=label,
    )


def pred(
    events: list[dict[str, Any]], tolls: list[dict[str, Any]] | None = None, doc_id: str = "d1"
) -> PredDoc:
    return PredDoc(id=doc_id, events=events, tolls=tolls or [])


def toll(fatalities: int | None, civilians: int | None = None) -> dict[str, Any]:
    return {
        "fatalities": fatalities,
        "civilian_fatalities": civilians,
        "injured": None,
        "period": "en un mois",
        "area": None,
        "claimed_by": [],
    }


# --- event matching -------------------------------------------------------------------------


def test_perfect_prediction() -> None:
    events = [ev(location="Hbit", fatalities=3), ev(SHELL, "Latamné", admin1="Hama")]
    doc = score_document(gold(events), pred([dict(e) for e in events]))
    assert (doc.events.gold, doc.events.pred, doc.events.matched) == (2, 2, 2)
    assert doc.events.f1 == 1.0
    assert all(r.value == 1.0 for name, r in doc.fields.items() if r.total)


def test_event_type_must_be_equal() -> None:
    doc = score_document(gold([ev(AIR, "Hbit")]), pred([ev(CLASH, "Hbit")]))
    assert doc.events.matched == 0
    assert doc.missed == [0] and doc.false_alarms == [0]


def test_sub_event_type_mismatch_still_matches_but_counts_in_accuracy() -> None:
    doc = score_document(gold([ev(AIR, "Hbit")]), pred([ev(SHELL, "Hbit")]))
    assert doc.events.matched == 1
    assert doc.fields["sub_event_type"].value == 0.0
    assert doc.pairs[0].mismatches["sub_event_type"] == (AIR[1], SHELL[1])


def test_places_agree_after_folding() -> None:
    doc = score_document(
        gold([ev(location="Maaret al-Noomane")]), pred([ev(location="maaret Al Noomane")])
    )
    assert doc.events.matched == 1


def test_different_towns_same_admin1_do_not_match() -> None:
    doc = score_document(gold([ev(location="Hbit")]), pred([ev(location="Ariha")]))
    assert doc.events.matched == 0


def test_admin1_level_gold_matches_town_prediction_in_same_admin1() -> None:
    g = ev(location="province d'Idleb", admin1="Idlib")
    doc = score_document(gold([g]), pred([ev(location="Hbit", admin1="Idlib")]))
    assert doc.events.matched == 1


def test_admin1_level_prediction_matches_town_gold() -> None:
    for p_loc, precision in [("Idleb", None), ("région d'Idleb", None), ("nord-ouest", 3)]:
        p = ev(location=p_loc, admin1="Idlib", geo_precision=precision)
        doc = score_document(gold([ev(location="Hbit")]), pred([p]))
        assert doc.events.matched == 1, p_loc


def test_admin1_level_needs_the_same_admin1() -> None:
    g = ev(location="province de Hama", admin1="Hama")
    doc = score_document(gold([g]), pred([ev(location="Hbit", admin1="Idlib")]))
    assert doc.events.matched == 0
    # and an admin1 match alone (both sides at town level) is not enough
    doc = score_document(gold([ev(location="Hbit")]), pred([ev(location="Kafranbel")]))
    assert doc.events.matched == 0


def test_each_gold_event_matches_at_most_one_prediction() -> None:
    doc = score_document(gold([ev(location="Hbit")]), pred([ev(location="Hbit")] * 3))
    assert (doc.events.matched, len(doc.false_alarms)) == (1, 2)
    assert doc.events.precision == pytest.approx(1 / 3)
    assert doc.events.recall == 1.0
    assert doc.events.f1 == pytest.approx(0.5)


def test_assignment_is_optimal_not_greedy() -> None:
    # Gold 0 is admin1-level (matches both predictions); gold 1 only matches prediction 0.
    # Greedy first-come would give gold 0 -> pred 0 and leave gold 1 unmatched.
    g = [ev(location="province d'Idleb"), ev(location="Hbit")]
    p = [ev(location="Hbit"), ev(location="Ariha")]
    pairs = match_events(g, p)
    assert sorted(pairs) == [(0, 1), (1, 0)]
    assert score_document(gold(g), pred(p)).events.matched == 2


def test_ties_are_broken_by_field_agreement() -> None:
    # both predictions match the one gold event; the one that agrees on more fields wins
    g = [ev(location="province d'Idleb", fatalities=4, actor1="Russia")]
    p = [ev(location="Hbit", fatalities=9), ev(location="Ariha", fatalities=4, actor1="Russia")]
    doc = score_document(gold(g), pred(p))
    assert [(x.gold, x.pred) for x in doc.pairs] == [(0, 1)]
    assert doc.fields["fatalities"].value == 1.0


# --- fields on matched pairs ----------------------------------------------------------------


def test_field_accuracy_rules() -> None:
    g = [
        ev(
            location="Hbit",
            fatalities=3,
            civilian_fatalities=None,
            date="2019-05-06",
            actor1="Russia",
            admin1="Idlib",
        ),
        ev(location="Ariha", fatalities=None, date=None, actor1=None, admin1="Idlib"),
    ]
    p = [
        ev(
            location="Hbit",
            fatalities=3,
            civilian_fatalities=2,
            date="2019-05-07",
            actor1="Russia",
            admin1="idlib",
        ),
        ev(location="Ariha", fatalities=5, date="2019-05-06", actor1="HTS", admin1="Idleb"),
    ]
    doc = score_document(gold(g), pred(p))
    f = doc.fields
    assert (f["fatalities"].hits, f["fatalities"].total) == (1, 2)
    assert (f["civilian_fatalities"].hits, f["civilian_fatalities"].total) == (1, 2)
    # admin1 is compared folded: "idlib" agrees, "Idleb" (French spelling) does not
    assert (f["admin1"].hits, f["admin1"].total) == (1, 2)
    # date and actor1 only where gold has a value
    assert (f["date"].hits, f["date"].total) == (0, 1)
    assert (f["actor1"].hits, f["actor1"].total) == (1, 1)
    assert (f["country"].hits, f["country"].total) == (2, 2)


# --- killed counts --------------------------------------------------------------------------


def test_killed_counts() -> None:
    g = [
        ev(location="Hbit", fatalities=3),
        ev(location="Ariha", fatalities=5),
        ev(location="Saraqeb", fatalities=None),
    ]
    p = [
        ev(location="Hbit", fatalities=3),
        ev(location="Ariha", fatalities=6),
        ev(location="Saraqeb", fatalities=2),
        ev(location="Binnish", fatalities=1),
    ]
    k = score_document(gold(g), pred(p)).killed
    assert (k.gold, k.pred, k.matched) == (2, 4, 1)
    assert k.recall == 0.5 and k.precision == 0.25


def test_killed_figure_on_unmatched_prediction_is_not_found() -> None:
    g = [ev(AIR, "Hbit", fatalities=3)]
    p = [ev(CLASH, "Hbit", fatalities=3)]
    k = score_document(gold(g), pred(p)).killed
    assert (k.gold, k.pred, k.matched) == (1, 1, 0)


# --- tolls ----------------------------------------------------------------------------------


def test_toll_matching() -> None:
    g = [toll(1000, 300), toll(817, 817), toll(50, None)]
    p = [toll(300, 300), toll(817, None), toll(49, None), toll(7, None)]
    t = score_document(gold([], g), pred([], p)).tolls
    # 1000/300 matches on civilians, 817 on fatalities, 50 vs 49 does not match
    assert (t.gold, t.pred, t.matched) == (3, 4, 2)


def test_toll_with_null_civilians_does_not_match_on_civilians() -> None:
    t = score_document(gold([], [toll(10, None)]), pred([], [toll(20, None)])).tolls
    assert t.matched == 0


def test_each_gold_toll_matches_once() -> None:
    t = score_document(gold([], [toll(10)]), pred([], [toll(10), toll(10)])).tolls
    assert (t.matched, t.pred) == (1, 2)


# --- corpus level ---------------------------------------------------------------------------


def test_corpus_sums_documents_and_counts_gold_empty_false_alarms() -> None:
    golds = [
        gold([ev(location="Hbit")], doc_id="a"),
        gold([], doc_id="b"),
        gold([], doc_id="c"),
    ]
    preds = {
        "a": pred([ev(location="Hbit")], doc_id="a"),
        "b": pred([ev(location="Ariha")], doc_id="b"),
        # "c" has no prediction line: scored as predicting nothing
    }
    score = score_corpus(golds, preds)
    assert (score.events.gold, score.events.pred, score.events.matched) == (1, 2, 1)
    assert score.events.f1 == pytest.approx(2 / 3)
    assert (score.gold_empty.docs, score.gold_empty.with_events) == (2, 1)
    assert score.missing_predictions == 1


def test_labelled_corpus() -> None:
    golds = [
        gold(None, doc_id="n1", label="neg"),
        gold(None, doc_id="n2", label="neg"),
        gold(None, doc_id="n3", label="neg"),
        gold(None, doc_id="n4", label="neg"),
        gold(None, doc_id="p1", label="pos"),
        gold(None, doc_id="p2", label="pos"),
        gold(None, doc_id="s1", label="skip"),
    ]
    preds = {
        "n1": pred([ev()], doc_id="n1"),
        "p1": pred([ev(), ev(SHELL)], doc_id="p1"),
        "s1": pred([ev()], doc_id="s1"),
    }
    score = score_corpus(golds, preds)
    assert score.false_alarm_rate == 0.25
    assert score.pos_recall == 0.5
    assert score.labels["skip"].with_events == 1
    # labelled-only lines do not enter event P/R/F1
    assert score.annotated_docs == 0 and score.events.pred == 0


def test_prf_edge_cases() -> None:
    assert PRF(0, 0, 0).f1 is None
    assert PRF(3, 0, 0).precision is None and PRF(3, 0, 0).f1 == 0.0
    assert PRF(0, 2, 0).recall is None and PRF(0, 2, 0).f1 == 0.0
    assert PRF(4, 2, 2).f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)
