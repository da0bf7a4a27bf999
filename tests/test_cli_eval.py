"""``veille eval`` end to end: scores from --pred files, labelled corpora, errors naming file:line."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from veille.cli import main

ROOT = Path(__file__).resolve().parents[1]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def eval_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["eval", *args, "--json", "-q"]) == 0
    return json.loads(capsys.readouterr().out)


def test_gold_against_itself_is_perfect(seeds_gold_path: Path, capsys) -> None:
    data = eval_json(capsys, str(seeds_gold_path), "--pred", str(seeds_gold_path))
    assert data["events"]["f1"] == 1.0
    assert data["killed"]["recall"] == 1.0
    assert data["tolls"]["f1"] == 1.0
    assert data["gold_empty_docs"] == {"docs": 1, "with_events": 0, "rate": 0.0}
    assert all(f["accuracy"] in (1.0, None) for f in data["fields"].values())


def test_known_damage_gives_known_scores(seeds_gold_path: Path, tmp_path: Path, capsys) -> None:
    gold = load(seeds_gold_path)
    pred = copy.deepcopy(gold)
    by_id = {d["id"]: d for d in pred}
    n_gold = sum(len(d["events"]) for d in gold)
    # seed-002: drop the Maaret al-Noomane event (a gold killed figure: 4)
    by_id["seed-002"]["events"] = by_id["seed-002"]["events"][1:]
    # seed-004: wrong killed figure on Mansoura (3 -> 5)
    mansoura = next(e for e in by_id["seed-004"]["events"] if e["location"] == "Mansoura")
    mansoura["fatalities"] = 5
    # seed-001: a false alarm in a gold-empty document
    by_id["seed-001"]["events"] = [copy.deepcopy(mansoura)]
    # seed-003: the tolls are missed
    by_id["seed-003"]["tolls"] = []
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    data = eval_json(capsys, str(seeds_gold_path), "--pred", str(pred_path))
    ev = data["events"]
    assert (ev["gold"], ev["pred"], ev["matched"]) == (n_gold, n_gold, n_gold - 1)
    k = data["killed"]
    # gold killed figures: seed-000 (1), seed-002 (4, 2), seed-004 (3); seed-003's 24-hour
    # figure is a toll under the Conventions. Predicted: 1, 2, 5, and the false alarm's 5.
    assert (k["gold"], k["pred"], k["matched"]) == (4, 4, 2)
    assert data["fields"]["fatalities"]["correct"] == n_gold - 2
    assert (data["tolls"]["gold"], data["tolls"]["matched"]) == (5, 2)
    assert data["gold_empty_docs"]["with_events"] == 1


def test_per_doc_lists_misses_and_false_alarms_with_evidence(
    seeds_gold_path: Path, tmp_path: Path, capsys
) -> None:
    gold = load(seeds_gold_path)
    pred = copy.deepcopy(gold)
    pred[2]["events"] = []  # seed-002: both events missed
    pred[1]["events"] = [copy.deepcopy(gold[0]["events"][0])]  # seed-001: a false alarm
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    assert main(["eval", str(seeds_gold_path), "--pred", str(pred_path), "--per-doc"]) == 0
    out = capsys.readouterr().out
    section = out.split("per document", 1)[1]
    assert "== seed-002" in section and "== seed-001" in section
    assert "== seed-000" not in section
    assert section.count("MISS") == 2 and section.count("FALSE") == 1
    assert "Maaret al-Noomane" in section
    assert "Les bombardements du gouvernement syrien" in section  # the evidence is shown
    data = eval_json(capsys, str(seeds_gold_path), "--pred", str(pred_path), "--per-doc")
    listed = {d["id"]: d for d in data["per_doc"]}
    assert set(listed) == {"seed-001", "seed-002"}
    assert len(listed["seed-002"]["missed"]) == 2
    assert listed["seed-001"]["false_alarms"][0]["evidence"]


def test_labelled_corpus_false_alarm_rate(tmp_path: Path, capsys) -> None:
    gold = [{"id": f"n{i}", "text": "x", "label": "neg"} for i in range(4)]
    gold += [{"id": "p0", "text": "x", "label": "pos"}, {"id": "s0", "text": "x", "label": "skip"}]
    event = {"event_type": "Battles", "sub_event_type": "Armed clash", "location": "Paris"}
    pred = [{"id": d["id"], "events": [event] if d["id"] in ("n1", "p0") else []} for d in gold]
    g = write_jsonl(tmp_path / "labels.jsonl", gold)
    p = write_jsonl(tmp_path / "pred.jsonl", pred)
    data = eval_json(capsys, str(g), "--pred", str(p))
    assert data["false_alarm_rate"] == 0.25
    assert data["pos_recall"] == 1.0
    assert data["labels"]["neg"] == {"docs": 4, "with_events": 1, "rate": 0.25}
    assert data["annotated_docs"] == 0
    assert main(["eval", str(g), "--pred", str(p)]) == 0
    assert "false-alarm rate 25.0%" in capsys.readouterr().out


def test_popcorn_file_is_accepted(popcorn_path: Path, tmp_path: Path, capsys) -> None:
    empty = write_jsonl(tmp_path / "none.jsonl", [{"id": "unrelated", "events": []}])
    data = eval_json(capsys, str(popcorn_path), "--pred", str(empty))
    assert data["labels"]["neg"]["docs"] == 191
    assert data["false_alarm_rate"] == 0.0
    assert data["missing_predictions"] == 400


def test_extracts_from_gold_texts_without_pred(
    seeds_gold_path: Path, tmp_path: Path, capsys
) -> None:
    small = write_jsonl(tmp_path / "two.jsonl", load(seeds_gold_path)[:2])
    data = eval_json(capsys, str(small))
    assert data["pred"] is None and data["docs"] == 2
    assert data["skipped_docs"] == 0  # French is extracted, not skipped
    assert data["events"]["gold"] == 4


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "b", "events": [', "malformed JSON"),
        ('{"id": "b", "text": "x"}', "neither 'events' nor 'label'"),
        ('{"text": "x", "events": []}', "'id'"),
        ('{"id": "b", "text": "x", "events": [{"location": "Hama"}]}', "event_type"),
        ('{"id": "b", "text": "x", "events": {}}', "'events' must be a list"),
        ('{"id": "b", "text": "x", "label": "maybe"}', "unknown label"),
        ('{"id": "a", "text": "x", "events": []}', "duplicate id"),
        ('{"id": "b", "events": []}', "'text'"),
    ],
)
def test_malformed_gold_line_names_file_and_line(
    tmp_path: Path, capsys, line: str, problem: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "x", "events": []}\n' + line + "\n", encoding="utf-8")
    assert main(["eval", str(gold), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"veille: error: {gold}:2: ")
    assert problem in err


def test_malformed_pred_line_in_a_subprocess(seeds_gold_path: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"id": "seed-000", "events": []}\n\nnot json\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "veille.cli", "eval", str(seeds_gold_path), "--pred", str(pred)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert f"{pred}:3: malformed JSON" in proc.stderr


def test_json_report_keys_are_stable(seeds_gold_path: Path, capsys) -> None:
    data = eval_json(capsys, str(seeds_gold_path), "--pred", str(seeds_gold_path))
    assert set(data) == {
        "gold",
        "pred",
        "docs",
        "annotated_docs",
        "skipped_docs",
        "missing_predictions",
        "events",
        "fields",
        "tolls",
        "killed",
        "gold_empty_docs",
        "labels",
        "false_alarm_rate",
        "pos_recall",
        "corpus",
    }
    for key in ("events", "tolls", "killed"):
        assert set(data[key]) == {"gold", "pred", "matched", "precision", "recall", "f1"}
    assert list(data["fields"]) == [
        "sub_event_type",
        "fatalities",
        "civilian_fatalities",
        "admin1",
        "country",
        "date",
        "actor1",
    ]


def test_split_rows_side_by_side(seeds_gold_path: Path, capsys) -> None:
    """--split tune,blind gives one row per part; the parts add up to the whole file."""
    assert main(["eval", str(seeds_gold_path), "--pred", str(seeds_gold_path), "--split", "tune,blind,all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_name = {r["corpus"]: r for r in (rows if isinstance(rows, list) else [rows])}
    total = by_name["seeds_gold.jsonl"]["docs"]
    parts = [r["docs"] for name, r in by_name.items() if "[" in name]
    assert sum(parts) == total


def test_unknown_split_is_named(seeds_gold_path: Path, capsys) -> None:
    assert main(["eval", str(seeds_gold_path), "--split", "secret"]) == 2
    assert "--split" in capsys.readouterr().err
