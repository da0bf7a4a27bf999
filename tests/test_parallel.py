"""``--workers N``: extraction in forked worker processes gives what one process gives.

The end-to-end checks run the real CLI on real small corpora (the synthetic held-out passages
and the bundled sample) with 1 and 2 workers; the unit checks replace the extractor by a cheap
stand-in to test ordering, failures and a dying worker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from veille import parallel
from veille.cli import main
from veille.errors import ReadError, VeilleError
from veille.model import Article, DocResult
from veille.store import IncidentQuery, SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [str(ROOT / "tests" / "corpus" / "heldout" / "heldout_fr.jsonl"), str(ROOT / "samples")]


def _extract_cli(out: Path, workers: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veille.cli", "extract", *INPUTS, "-o", str(out), "-q",
         "--workers", str(workers)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_extract_with_two_workers_writes_the_same_bytes_as_one(tmp_path: Path) -> None:
    one, two = _extract_cli(tmp_path / "w1.jsonl", 1), _extract_cli(tmp_path / "w2.jsonl", 2)
    assert (one.returncode, two.returncode) == (0, 0), one.stderr + two.stderr
    first = (tmp_path / "w1.jsonl").read_bytes()
    assert first == (tmp_path / "w2.jsonl").read_bytes()
    ids = [json.loads(line)["id"] for line in first.decode("utf-8").splitlines()]
    assert len(ids) == 36 and ids[0] == json.loads(
        Path(INPUTS[0]).read_text(encoding="utf-8").splitlines()[0]
    )["id"]  # input order: the held-out file first, in its order


def _incidents(db: Path) -> list[str]:
    """Every incident's profile (ids and per-report details left out), comparable across
    databases."""
    out = []
    with SQLiteStore(str(db), readonly=True) as store:
        for summary in store.iter_incidents(IncidentQuery()):
            row = store.get_incident(summary["id"])
            assert row is not None
            for key in ("id", "events", "articles", "per_source"):
                row.pop(key, None)
            out.append(json.dumps(row, sort_keys=True))
    return sorted(out)


def test_ingest_with_two_workers_stores_the_same_as_one(
    tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [*INPUTS, str(seeds_dir)]
    stats = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.sqlite"
        assert main(["ingest", *paths, "--db", str(db), "--workers", str(workers)]) == 0
        with SQLiteStore(str(db), readonly=True) as store:
            stats[workers] = {k: v for k, v in store.stats().items() if "ingest" not in k}
    err = capsys.readouterr().err
    assert err.count("41 added") == 2 and "copy links: 1" in err
    assert stats[1] == stats[2]
    assert _incidents(tmp_path / "w1.sqlite") == _incidents(tmp_path / "w2.sqlite")
    # re-ingest with workers: everything unchanged, nothing extracted again
    assert main(["ingest", *paths, "--db", str(tmp_path / "w2.sqlite"), "--workers", "2"]) == 0
    assert "0 added, 0 replaced, 41 unchanged" in capsys.readouterr().err


def test_workers_out_of_range_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("extract", "ingest"):
        assert main([command, INPUTS[1], "--workers", "0"]) == 2
        err = capsys.readouterr().err
        assert err == "veille: error: --workers: expected 1 to 256 processes, got 0\n"


# -- the pool itself, with a stand-in extractor (inherited by the forked workers) -------------


def _fake_extract(article: Article) -> DocResult:
    if article.id == "boom":
        raise ValueError("bad\n  document")
    if article.id == "die":
        os._exit(3)  # a worker killed by the OOM killer looks like this
    return DocResult(article=article, skipped=f"pid {os.getpid()}")


def _article(i: int | str) -> Article:
    return Article(id=str(i), text=f"texte {i}", lang="fr", origin=f"in:{i}")


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "extract_document", _fake_extract)
    monkeypatch.setattr(parallel, "preload", lambda: None)


def test_results_keep_input_order_with_pass_through_items(fake_extractor: None) -> None:
    items: list[Article | ReadError] = []
    for i in range(60):
        items.append(_article(i))
        if i % 7 == 0:
            items.append(ReadError(f"bad{i}", "unreadable"))
    out = list(parallel.extract_ordered(
        items, lambda x: x if isinstance(x, Article) else None, workers=2
    ))  # fmt: skip
    assert [item for item, _ in out] == items
    for item, outcome in out:
        if isinstance(item, ReadError):
            assert outcome is None
        else:
            assert isinstance(outcome, DocResult) and outcome.article.id == item.id
    pids = {o.skipped for _, o in out if isinstance(o, DocResult)}
    assert pids and f"pid {os.getpid()}" not in pids  # forked workers did it


def test_a_failing_document_comes_back_as_a_failure_in_its_place(fake_extractor: None) -> None:
    items = [_article(1), _article("boom"), _article(2)]
    out = [o for _, o in parallel.extract_ordered(items, lambda a: a, workers=2)]
    assert isinstance(out[0], DocResult) and isinstance(out[2], DocResult)
    assert out[1] == parallel.Failure("in:boom", "ValueError", "bad document", False)


def test_a_dying_worker_stops_the_batch_with_one_line(fake_extractor: None) -> None:
    items = [_article(i) for i in range(8)] + [_article("die")]
    with pytest.raises(VeilleError, match="worker process died"):
        list(parallel.extract_ordered(items, lambda a: a, workers=2))


def test_one_worker_runs_in_this_process_without_forking(fake_extractor: None) -> None:
    out = list(parallel.extract_ordered([_article(1)], lambda a: a, workers=1))
    assert isinstance(out[0][1], DocResult) and out[0][1].skipped == f"pid {os.getpid()}"
