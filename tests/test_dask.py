"""``veille extract --dask``: a real dask.distributed LocalCluster of worker processes gives
the same JSON lines as a local run, and ``veille ingest --from-extracted`` stores them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veille.cli import main
from veille.store import SQLiteStore

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [str(ROOT / "tests" / "corpus" / "heldout" / "heldout_fr.jsonl"), str(ROOT / "samples")]


@pytest.fixture(scope="module")
def cluster_address():  # type: ignore[no-untyped-def]
    """An existing cluster, as an analyst would start one: two worker processes, one thread."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_partitions_are_the_local_output_and_ingest_stores_them(
    cluster_address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "local.jsonl"
    assert main(["extract", *INPUTS, "-o", str(local), "-q", "--workers", "1"]) == 0
    parts = tmp_path / "parts"
    code = main(["extract", *INPUTS, "-o", str(parts), "-q", "--dask", cluster_address,
                 "--partition-size", "8"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    files = sorted(parts.glob("*.jsonl"))
    assert [f.name for f in files] == [f"part-{i:05d}.jsonl" for i in range(5)]  # 36 docs / 8
    assert b"".join(f.read_bytes() for f in files) == local.read_bytes()

    db = tmp_path / "from_parts.sqlite"
    assert main(["ingest", "--from-extracted", str(parts), "--db", str(db)]) == 0
    lines = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
    with SQLiteStore(str(db), readonly=True) as store:
        stats = store.stats()
        assert stats["articles"] == len(lines) == 36
        assert stats["events"] == sum(len(d["events"]) for d in lines)
        stored = store.get_article(lines[0]["id"])
        assert stored is not None and stored["text"] == lines[0]["text"]
        assert [e["location"] for e in stored["events"]] == [
            e["location"] for e in lines[0]["events"]
        ]
    # the same partitions again: nothing new
    assert main(["ingest", "--from-extracted", str(parts), "--db", str(db)]) == 0
    assert "0 added, 0 replaced, 36 unchanged" in capsys.readouterr().err


def test_unreachable_scheduler_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", INPUTS[1], "-o", str(tmp_path / "p"), "--dask", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("veille: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert err.count("\n") == 1


def test_dask_needs_an_output_directory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", INPUTS[1], "--dask", "local"]) == 2
    assert capsys.readouterr().err.startswith("veille: error: -o: with --dask, give a directory")
