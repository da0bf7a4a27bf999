"""HTTP API speed on 1M synthetic incidents, SQLite and PostgreSQL side by side (run by
`make bench`; prints, never asserts).

1. Builds the databases with veille.store.synthetic.fill_incidents, or reuses them when they
   hold the right number of rows (opening them for writing applies any newer migration):
   SQLite in out/bench_api_1000k.sqlite; PostgreSQL in the schema bench_api_1000k of
   $BENCH_API_PG (else $VEILLE_TEST_PG). Without a reachable server, PostgreSQL is skipped
   with the reason.
2. Starts `veille serve --workers W` (read-only) on a free 127.0.0.1 port for each backend.
3. Latency of every request the web page sends, per page state (filters as a user sets them:
   none, a country, a country and a year, admin1 + actor, a type, an actor, a minimum death
   toll with a country, a text, the visible map area): the map's page (limit 1000), the table's
   page (limit 50) and the weekly timeline; then /api/stats and the detail views. p50/p95/p99
   per request, both backends in one table.
4. Throughput: keep-alive connections sending date+country queries back to back for a bounded
   time; requests per second held and the server's CPU use. Only 127.0.0.1 is ever contacted.

Environment: BENCH_API_N (default 1000000), BENCH_API_SAMPLES (60 per page state),
BENCH_API_WORKERS (the number of cores), BENCH_API_SECONDS (15), BENCH_API_CONCURRENCY (8).
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from api_support import ServerProcess  # noqa: E402
from veille.store import open_store  # noqa: E402
from veille.store.pg.url import redact  # noqa: E402
from veille.store.synthetic import ACTORS, REGIONS, SUB_TYPES, fill_incidents  # noqa: E402

N = int(os.environ.get("BENCH_API_N", "1000000"))
SAMPLES = int(os.environ.get("BENCH_API_SAMPLES", "60"))
WORKERS = int(os.environ.get("BENCH_API_WORKERS", str(os.cpu_count() or 1)))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "15"))
CONCURRENCY = int(os.environ.get("BENCH_API_CONCURRENCY", "8"))
NAME = f"bench_api_{N // 1000}k"
DB = ROOT / "out" / f"{NAME}.sqlite"
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650  # fill_incidents' default span
TARGET_MS = 100.0


# --- databases -------------------------------------------------------------------------------


def sqlite_rows(path: Path) -> int:
    if not path.exists():
        return -1
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0])
    except sqlite3.Error:
        return -1


def pg_target() -> tuple[str | None, str]:
    """(URL of the bench schema, or None, and why not)."""
    server = os.environ.get("BENCH_API_PG") or os.environ.get("VEILLE_TEST_PG")
    if not server:
        return None, "set BENCH_API_PG (or VEILLE_TEST_PG) to a postgresql:// URL"
    try:
        import psycopg

        with psycopg.connect(server, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f"CREATE SCHEMA IF NOT EXISTS {NAME}")
    except Exception as exc:  # no driver, no server, no right to create the schema
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        return None, f"{redact(server)} is not usable ({reason})"
    glue = "&" if "?" in server else "?"
    return f"{server}{glue}options={quote(f'-csearch_path={NAME},public')}", ""


def pg_rows(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        found = conn.execute("SELECT to_regclass('incidents') IS NOT NULL").fetchone()
        if not found or not found[0]:
            return -1
        return int(conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0])


def build(label: str, target: str, rows: int, reset: Callable[[], None]) -> None:
    t0 = time.perf_counter()
    if rows == N:
        with open_store(target) as store:  # opening for writing applies any newer migration
            if store.dialect.name == "postgresql":
                store.analyze()  # as autovacuum would, after the indexes a migration built
        print(f"{label}: reusing {N:,} incidents (opened and migrated in "
              f"{time.perf_counter() - t0:.1f} s)")  # fmt: skip
        return
    reset()
    with open_store(target) as store:
        fill_incidents(store, N, seed=1)
    elapsed = time.perf_counter() - t0
    print(f"{label}: generated {N:,} incidents in {elapsed:.1f} s ({N / elapsed:,.0f} rows/s)")


def reset_sqlite() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    DB.parent.mkdir(parents=True, exist_ok=True)


def reset_pg(url: str) -> Callable[[], None]:
    def reset() -> None:
        import psycopg

        server = url.split("?options=")[0].split("&options=")[0]
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {NAME} CASCADE")
            admin.execute(f"CREATE SCHEMA {NAME}")

    return reset


# --- the page's requests ---------------------------------------------------------------------


def window(rng: random.Random, days: int) -> dict[str, str]:
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - days))
    return {"since": start.isoformat(), "until": (start + timedelta(days=days - 1)).isoformat()}


def region(rng: random.Random) -> tuple[str, str, str, float, float]:
    country, cc, admin1s = rng.choice(REGIONS)
    admin1, lat, lon = rng.choice(admin1s)
    return country, cc, admin1, lat, lon


def actor(rng: random.Random) -> str:
    return rng.choice([a for a in ACTORS if a])


STATES: dict[str, Callable[[random.Random], dict[str, str | int]]] = {
    "no filter (first load)": lambda rng: {},
    "country": lambda rng: {"country": region(rng)[1]},
    "country + 1 year": lambda rng: {"country": region(rng)[1], **window(rng, 365)},
    "admin1 + actor": lambda rng: {"admin1": region(rng)[2], "actor": actor(rng)},
    "type": lambda rng: {"type": rng.choice(SUB_TYPES)},
    "actor": lambda rng: {"actor": actor(rng)},
    "country + deaths >= 10": lambda rng: {"country": region(rng)[1], "min_fatalities": 10},
    "text": lambda rng: {"q": "synthétique"},
    "visible area (bbox)": lambda rng: (lambda r: {
        "bbox": f"{r[4] - 2},{r[3] - 2},{r[4] + 2},{r[3] + 2}"})(region(rng)),
}  # fmt: skip
PAGE = {  # what main.js sends for one page state
    "map (limit 1000)": ("/api/incidents/map", {"limit": 1000}),
    "table (limit 50)": ("/api/incidents", {"limit": 50}),
    "timeline (week)": ("/api/stats/timeline", {"bucket": "week"}),
}


def timed(client: httpx.Client, path: str, params: dict | None = None) -> float:
    t0 = time.perf_counter()
    resp = client.get(path, params=params)
    elapsed = (time.perf_counter() - t0) * 1000
    resp.raise_for_status()
    return elapsed


def latency(url: str) -> dict[str, list[float]]:
    """Milliseconds of each page request, by label."""
    out: dict[str, list[float]] = {}
    with httpx.Client(base_url=url, timeout=60.0) as client:
        for name, make in STATES.items():
            rng = random.Random(name)
            for i in range(SAMPLES + 3):
                params = make(rng)
                for what, (path, extra) in PAGE.items():
                    ms = timed(client, path, {**params, **extra})
                    if i >= 3:  # the first rounds warm caches and per-thread connections
                        out.setdefault(f"{name}: {what}", []).append(ms)
        rng = random.Random(1)
        out["/api/stats"] = [timed(client, "/api/stats") for _ in range(SAMPLES)]
        out["/api/incidents/{id}"] = [
            timed(client, f"/api/incidents/{rng.randrange(1, N + 1)}") for _ in range(SAMPLES)
        ]
        out["/api/articles/{id}"] = [
            timed(client, f"/api/articles/{rng.randrange(1, 201)}") for _ in range(SAMPLES)
        ]
    return out


def quantiles(ms: list[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(ms, n=100, method="inclusive")
    return qs[49], qs[94], qs[98]


def report(results: dict[str, dict[str, list[float]] | str]) -> None:
    labels = next((list(r) for r in results.values() if isinstance(r, dict)), [])
    head = "".join(f" | {name:^26}" for name in results)
    print(f"{'request (p50 / p95 / p99 ms)':<52}{head}")
    worst: dict[str, float] = {}
    for label in labels:
        cells = []
        for backend, r in results.items():
            if isinstance(r, str):
                cells.append(f" | {'skipped':^26}")
                continue
            p50, p95, p99 = quantiles(r[label])
            worst[backend] = max(worst.get(backend, 0.0), p95)
            flag = " !" if p95 > TARGET_MS else "  "
            cells.append(f" | {p50:7.1f} {p95:7.1f} {p99:7.1f}{flag}")
        print(f"{label:<52}{''.join(cells)}")
    for backend, r in results.items():
        if isinstance(r, str):
            print(f"{backend}: skipped: {r}")
        else:
            print(f"{backend}: worst p95 {worst[backend]:.1f} ms [target <= {TARGET_MS:.0f} ms; "
                  "! marks a request over it]")  # fmt: skip


# --- throughput ------------------------------------------------------------------------------


async def get(port: int, conn: list, target: str) -> int:
    """One GET on a keep-alive connection (``conn`` holds reader and writer once open)."""
    if not conn:
        conn.extend(await asyncio.open_connection("127.0.0.1", port))
    reader, writer = conn
    writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    length = next(int(v) for k, _, v in (h.partition(":") for h in head[1:])
                  if k.lower() == "content-length")  # fmt: skip
    await reader.readexactly(length)
    return int(head[0].split()[1])


async def load(label: str, port: int, pids: list[int]) -> None:
    rng = random.Random(11)
    targets = [
        f"/api/incidents?{urlencode({'country': region(rng)[1], **window(rng, 30), 'limit': 100})}"
        for _ in range(2000)
    ]
    deadline = time.monotonic() + SECONDS
    done: list[float] = []
    errors = 0

    async def worker(k: int) -> None:
        nonlocal errors
        conn: list = []
        i = k
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                ok = await get(port, conn, targets[i % len(targets)]) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration):
                ok, conn = False, []
            i += CONCURRENCY
            if ok:
                done.append((time.perf_counter() - t0) * 1000)
            else:
                errors += 1
        if conn:
            conn[1].close()

    procs = [psutil.Process(p) for p in pids]
    cpu0 = sum(sum(p.cpu_times()[:2]) for p in procs)
    t0 = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(worker(k) for k in range(CONCURRENCY))), SECONDS + 60)
    elapsed = time.monotonic() - t0
    cores = (sum(sum(p.cpu_times()[:2]) for p in procs) - cpu0) / elapsed
    p50, p95, p99 = quantiles(done) if len(done) > 2 else (0.0, 0.0, 0.0)
    print(f"{label} load: {CONCURRENCY} connections, {elapsed:.0f} s: {len(done) / elapsed:,.0f} "
          f"req/s held, {errors} errors, p50/p95/p99 {p50:.1f}/{p95:.1f}/{p99:.1f} ms; server "
          f"processes used {cores:.2f} of {os.cpu_count()} cores")  # fmt: skip


class UrlServer(ServerProcess):
    """``veille serve --db URL`` (ServerProcess names its log after a file)."""

    def __init__(self, url: str, *extra: str) -> None:
        super().__init__(DB.with_name(f"{NAME}.pg"), *extra, startup_timeout=120.0)
        self.db = url  # type: ignore[assignment]


def serve_and_measure(label: str, server: ServerProcess) -> dict[str, list[float]]:
    with server:
        assert server.proc is not None
        t0 = time.perf_counter()
        results = latency(server.url)
        print(f"{label}: {sum(map(len, results.values())):,} requests timed in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)  # fmt: skip
        parent = psutil.Process(server.proc.pid)
        pids = [parent.pid, *(c.pid for c in parent.children(recursive=True))]
        asyncio.run(load(label, server.port, pids))
    return results


def main() -> int:
    print(f"bench_api: {N:,} synthetic incidents, {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}, veille serve --workers {WORKERS}")  # fmt: skip
    results: dict[str, dict[str, list[float]] | str] = {}
    build("SQLite", str(DB), sqlite_rows(DB), reset_sqlite)
    results["SQLite"] = serve_and_measure(
        "SQLite", ServerProcess(DB, "--workers", str(WORKERS), startup_timeout=120.0)
    )
    url, why = pg_target()
    if url is None:
        results["PostgreSQL"] = why
    else:
        build("PostgreSQL", url, pg_rows(url), reset_pg(url))
        results["PostgreSQL"] = serve_and_measure(
            "PostgreSQL", UrlServer(url, "--workers", str(WORKERS))
        )
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
