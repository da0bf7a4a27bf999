"""HTTP API speed on 1M synthetic incidents in SQLite (run by `make bench`; prints, never asserts).

1. Builds out/bench_api_1m.sqlite with veille.store.synthetic.fill_incidents (reused when it
   is already there with the right row count; the generation time is printed when it is built).
2. Starts `veille serve` (read-only) on a free 127.0.0.1 port.
3. Latency: sequential GET /api/incidents with a date range and a country (random 30-day window,
   random covered country, limit 100), p50/p95/p99; also a 1-year window, an incident detail and
   a weekly timeline over one country-year.
4. Throughput: an asyncio load generator with a fixed number of keep-alive connections, each
   sending date+country queries back to back for a hard-bounded 30 s; requests per second held,
   latency under load and the server's CPU use. Only 127.0.0.1 is ever contacted.

Environment: BENCH_API_N (default 1000000), BENCH_API_SECONDS (30), BENCH_API_CONCURRENCY (8),
BENCH_API_SAMPLES (400).
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from api_support import ServerProcess  # noqa: E402
from veille.store import open_store  # noqa: E402
from veille.store.synthetic import REGIONS, fill_incidents  # noqa: E402

N = int(os.environ.get("BENCH_API_N", "1000000"))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "30"))
CONCURRENCY = int(os.environ.get("BENCH_API_CONCURRENCY", "8"))
SAMPLES = int(os.environ.get("BENCH_API_SAMPLES", "400"))
DB = ROOT / "out" / f"bench_api_{N // 1000}k.sqlite"
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650  # fill_incidents' default span


def existing_rows(path: Path) -> int:
    if not path.exists():
        return -1
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0])
    except sqlite3.Error:
        return -1


def build_db() -> None:
    if existing_rows(DB) == N:
        t0 = time.perf_counter()
        with open_store(str(DB)):  # opening for writing applies any newer schema migration
            pass
        print(f"database: reusing {DB.relative_to(ROOT)} ({N:,} incidents; "
              f"opened and migrated in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    DB.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open_store(str(DB)) as store:
        fill_incidents(store, N, seed=1)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elapsed = time.perf_counter() - t0
    size = DB.stat().st_size / 1e6
    print(f"database: generated {N:,} incidents in {elapsed:.1f} s "
          f"({N / elapsed:,.0f} rows/s), {size:.0f} MB -> {DB.relative_to(ROOT)}")  # fmt: skip


def random_query(rng: random.Random, window_days: int = 30) -> dict[str, str | int]:
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - window_days))
    return {
        "since": start.isoformat(),
        "until": (start + timedelta(days=window_days - 1)).isoformat(),
        "country": rng.choice(REGIONS)[1],
        "limit": 100,
    }


def percentiles(ms: list[float]) -> str:
    qs = statistics.quantiles(ms, n=100, method="inclusive")
    return (f"p50 {qs[49]:6.1f} ms   p95 {qs[94]:6.1f} ms   p99 {qs[98]:6.1f} ms   "
            f"max {max(ms):6.1f} ms   (n={len(ms)})")  # fmt: skip


def timed(client: httpx.Client, path: str, params: dict | None = None) -> tuple[float, dict]:
    t0 = time.perf_counter()
    resp = client.get(path, params=params)
    elapsed = (time.perf_counter() - t0) * 1000
    resp.raise_for_status()
    return elapsed, resp.json()


def latency(url: str) -> None:
    rng = random.Random(5)
    with httpx.Client(base_url=url, timeout=30.0) as client:
        for _ in range(20):  # warm up: page cache, per-thread connections
            timed(client, "/api/incidents", random_query(rng))
        ms: list[float] = []
        rows: list[int] = []
        for _ in range(SAMPLES):
            elapsed, body = timed(client, "/api/incidents", random_query(rng))
            ms.append(elapsed)
            rows.append(body["total"])
        print(f"GET /api/incidents date(30 d)+country, limit 100: {percentiles(ms)}; "
              f"median total {statistics.median(rows):.0f} rows  [target p95 < 100 ms]")  # fmt: skip
        ms = [timed(client, "/api/incidents", random_query(rng, 365))[0] for _ in range(100)]
        print(f"GET /api/incidents date(1 y)+country, limit 100:  {percentiles(ms)}")
        ms = [timed(client, f"/api/incidents/{rng.randrange(1, N + 1)}")[0] for _ in range(200)]
        print(f"GET /api/incidents/{{id}}:                         {percentiles(ms)}")
        ms = []
        for _ in range(30):
            q = random_query(rng, 365)
            q.pop("limit")
            ms.append(timed(client, "/api/stats/timeline", {**q, "bucket": "week"})[0])
        print(f"GET /api/stats/timeline week, 1 y + country:       {percentiles(ms)}")


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1, speaking just enough HTTP for GETs.

    Leaner than httpx's async client, so on 2 cores more of the CPU is left to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = next(int(v) for k, _, v in (h.partition(":") for h in lines[1:])
                      if k.lower() == "content-length")  # fmt: skip
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def load(port: int, server_pid: int) -> None:
    rng = random.Random(11)
    targets = [f"/api/incidents?{urlencode(random_query(rng))}" for _ in range(2000)]
    deadline = time.monotonic() + SECONDS
    done: list[float] = []
    errors: dict[str, int] = {}

    async def worker(k: int) -> None:
        conn = Connection(port)
        i = k
        try:
            while time.monotonic() < deadline:
                t0 = time.perf_counter()
                target = targets[i % len(targets)]
                i += CONCURRENCY
                try:
                    status = await conn.get(target)
                except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration) as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    await conn.close()
                    conn = Connection(port)
                    continue
                if status == 200:
                    done.append((time.perf_counter() - t0) * 1000)
                else:
                    errors[f"HTTP {status}"] = errors.get(f"HTTP {status}", 0) + 1
        finally:
            await conn.close()

    server = psutil.Process(server_pid)
    cpu0 = sum(server.cpu_times()[:2])
    t0 = time.monotonic()
    await asyncio.wait_for(
        asyncio.gather(*(worker(k) for k in range(CONCURRENCY))), timeout=SECONDS + 60
    )
    elapsed = time.monotonic() - t0
    server_cores = (sum(server.cpu_times()[:2]) - cpu0) / elapsed
    print(f"load: {CONCURRENCY} connections for {elapsed:.1f} s on 127.0.0.1: {len(done):,} requests, "
          f"{len(done) / elapsed:,.0f} req/s held, errors: {errors or 'none'}; latency {percentiles(done)}; "
          f"server used {server_cores:.2f} of {os.cpu_count()} cores")  # fmt: skip


def main() -> int:
    print(
        f"bench_api: {N:,} synthetic incidents, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    build_db()
    with ServerProcess(DB, startup_timeout=60.0) as server:
        latency(server.url)
        assert server.proc is not None
        asyncio.run(load(server.port, server.proc.pid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
