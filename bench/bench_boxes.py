"""The visible map area (a box) in the process, on the 1M-incident databases of bench_api.py
(run by `make bench` after it; prints, never asserts).

The page's three requests for a box, timed in the store without HTTP: the weekly timeline, the
total and the map's page (1,000 incidents as JSON), on the benchmark's 37 boxes (4 degrees
around each synthetic province), a few rounds (the first dropped). p50 / p95 / slowest per
request and backend, and the slowest boxes of the timeline, with the load average (the machine
may be shared: compare runs made at similar loads).

Environment: BENCH_API_N (default 1000000, as bench_api.py), BENCH_BOXES_ROUNDS (4).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench_api import DB, N, pg_rows, pg_target, sqlite_rows

from veille.store import open_store, queries
from veille.store.base import IncidentQuery
from veille.store.synthetic import REGIONS

ROUNDS = int(os.environ.get("BENCH_BOXES_ROUNDS", "4"))
BOXES = [(admin1, (lon - 2, lat - 2, lon + 2, lat + 2))
         for _, _, admin1s in REGIONS for admin1, lat, lon in admin1s]  # fmt: skip
REQUESTS: dict[str, Callable[[Any, IncidentQuery], object]] = {
    "timeline (week)": lambda conn, q: queries.timeline(conn, q, "week"),
    "total": queries.count_incidents,
    "map (limit 1000)": lambda conn, q: queries.map_incidents(conn, q),
}


def measure(target: str) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per request and box."""
    out: dict[str, dict[str, list[float]]] = {name: {} for name in REQUESTS}
    with open_store(target, readonly=True) as store:
        for round_ in range(ROUNDS):
            for admin1, box in BOXES:
                q = IncidentQuery(bbox=box, limit=1000)
                for name, request in REQUESTS.items():
                    t0 = time.perf_counter()
                    request(store.conn, q)
                    if round_:
                        ms = (time.perf_counter() - t0) * 1000
                        out[name].setdefault(admin1, []).append(ms)
    return out


def report(label: str, results: dict[str, dict[str, list[float]]]) -> None:
    print(f"{label} (load average {os.getloadavg()[0]:.1f}):")
    for name, per_box in results.items():
        ms = sorted(v for values in per_box.values() for v in values)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        print(f"  {name:18} p50 {statistics.median(ms):6.1f}  p95 {p95:6.1f}  slowest {ms[-1]:6.1f} ms")
    slowest = sorted(results["timeline (week)"].items(), key=lambda kv: -statistics.median(kv[1]))
    print("  slowest timelines (median): " + ", ".join(
        f"{admin1} {statistics.median(v):.1f}" for admin1, v in slowest[:4]))  # fmt: skip


def main() -> int:
    print(f"bench_boxes: {len(BOXES)} boxes x {ROUNDS - 1} rounds, {N:,} incidents")
    if sqlite_rows(DB) == N:
        report("SQLite", measure(str(DB)))
    else:
        print(f"SQLite: skipped ({DB} does not hold {N:,} incidents: run bench/bench_api.py)")
    url, why = pg_target()
    if url is None:
        print(f"PostgreSQL: skipped ({why})")
    elif pg_rows(url) != N:
        print(f"PostgreSQL: skipped (no {N:,} incidents in the schema: run bench/bench_api.py)")
    else:
        report("PostgreSQL", measure(url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
