"""Scaling of the database side of ingest (printed figures, never asserted).

Synthetic extracted articles (``bench/synthetic_news.py``: pseudo-French text, a tenth reusing a
paragraph of an earlier article, a third carrying the same agency credit line, one event each)
are ingested into a fresh SQLite database at 1k, 5k and 20k articles: batched writes, copy
detection, incident resolution. Extraction is left out (``bench_parallel.py`` measures it), so
the time ratios show how the store, the copy detection and the merging grow with the archive:
linear means 5x and 20x. CPU time of this process is printed beside the wall time, since the
machine may be shared.

Run: ``make bench`` or ``.venv/bin/python bench/bench_scale.py [--sizes 1000,5000,20000]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from synthetic_news import synthetic_documents

from veille.batch import BatchWriter
from veille.resolve.incremental import detect_copies, resolve_pending
from veille.store import SQLiteStore
from veille.store.base import IngestCounts

PHASES = ("write", "copies", "resolve")


def _timed(fn, *args):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run_size(n: int, tmp: Path) -> dict[str, tuple[float, float]]:
    docs = synthetic_documents(n, seed=1)
    out: dict[str, tuple[float, float]] = {}
    with SQLiteStore(str(tmp / f"scale{n}.sqlite")) as store:
        counts = IngestCounts()

        def write() -> None:
            writer = BatchWriter(store, counts)
            for doc in docs:
                writer.add(doc)
            writer.flush()

        _, *out["write"] = _timed(write)
        copies, *out["copies"] = _timed(detect_copies, store)
        resolved, *out["resolve"] = _timed(resolve_pending, store)
        stats = store.stats()
    total_wall = sum(w for w, _ in out.values())
    total_cpu = sum(c for _, c in out.values())
    print(f"   n={n:>6,}: {n / total_wall:7.1f} articles/s ({total_wall:6.1f} s wall, "
          f"{total_cpu:6.1f} s CPU) | write {out['write'][0]:5.1f} s, copies "
          f"{out['copies'][0]:6.1f} s ({out['copies'][1]:6.1f} s CPU), resolve "
          f"{out['resolve'][0]:5.1f} s | {copies.copy_links:,} copy links, "
          f"{stats['incidents']:,} incidents from {counts.events:,} events, "
          f"{resolved.comparisons / max(n, 1):.1f} comparisons/event", flush=True)  # fmt: skip
    print(f"             copy detection per article: {copies.copy_candidates / n:.1f} LSH "
          f"candidates, {copies.copy_comparisons / n:.2f} compared in full", flush=True)  # fmt: skip
    out["total"] = (total_wall, total_cpu)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,20000", help="article counts, comma-separated")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("== ingest scaling, database side (synthetic extracted articles, one process)")
    results = {}
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            results[n] = run_size(n, Path(d))
    base = sizes[0]
    for n in sizes[1:]:
        ratios = ", ".join(
            f"{phase} {results[n][phase][0] / results[base][phase][0]:.1f}x "
            f"(CPU {results[n][phase][1] / max(results[base][phase][1], 1e-9):.1f}x)"
            for phase in ("total", "copies", "resolve")
        )
        print(f"   {n // base}x the articles ({n:,} / {base:,}): {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
