"""Text and JSON rendering of scores, and the summary table helper."""

from __future__ import annotations

import json

from veille.eval.gold import GoldDoc, PredDoc
from veille.eval.report import render_text, to_json
from veille.eval.score import score_corpus
from veille.eval.table import format_table

EVENT = {
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "location": "Boni",
    "admin1": "Mopti",
    "country": "Mali",
    "fatalities": 4,
    "evidence": "Quatre soldats ont été tués à Boni.",
}


def _score():
    gold = [
        GoldDoc(id="a", where="g:1", events=[EVENT], tolls=[]),
        GoldDoc(id="b", where="g:2", events=[], tolls=[]),
    ]
    preds = {"b": PredDoc(id="b", events=[dict(EVENT, location="Hombori")])}
    return score_corpus(gold, preds)


def test_text_report_has_every_section() -> None:
    text = render_text(_score(), per_doc=True, gold="g.jsonl")
    for part in ("events", "tolls", "killed", "fatalities", "gold-empty documents", "per document"):
        assert part in text
    assert "== a" in text and "MISS   Armed clash @ Boni (Mopti), killed 4" in text
    assert "== b" in text and "FALSE  Armed clash @ Hombori" in text
    assert '"Quatre soldats ont été tués à Boni."' in text
    assert "1 gold document(s) have no prediction line" in text


def test_json_report_is_serialisable_and_lists_docs_only_when_asked() -> None:
    data = to_json(_score(), per_doc=False, gold="g.jsonl")
    assert "per_doc" not in data
    data = json.loads(json.dumps(to_json(_score(), per_doc=True, gold="g.jsonl")))
    assert [d["id"] for d in data["per_doc"]] == ["a", "b"]
    assert data["per_doc"][0]["missing_prediction"] is True
    assert data["events"] == {
        "gold": 1,
        "pred": 1,
        "matched": 0,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }


def test_format_table() -> None:
    table = format_table(["doc", "events", "actor"], [["a", 3, None], ["bb", 12, "x" * 50]], 10)
    lines = table.splitlines()
    assert lines[0].split() == ["doc", "events", "actor"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == ["a", "3", "-"]  # None prints as "-"
    assert lines[3].endswith("x" * 9 + "…")  # long cells are clipped
    # numbers are right-aligned in their column
    assert lines[2].index("3") == lines[3].index("12") + 1
