"""The HTTP API over PostgreSQL (issue 11): `veille serve --db postgresql://...` answers every
request the web page sends exactly as it does over SQLite, with one or several processes.

Both databases are built by ``api_support.build_api_db`` (the API tests' own data); the
PostgreSQL cases skip with the reason when no server is reachable (see ``pg_url``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from api_support import ServerProcess, build_api_db

PAGE_REQUESTS = [
    ("/api/stats", {}),
    ("/api/incidents", {"limit": 1000}),
    ("/api/incidents", {"limit": 50, "offset": 50}),
    ("/api/stats/timeline", {"bucket": "week"}),
    ("/api/stats/timeline", {"bucket": "day", "country": "SY", "since": "2016-01-01"}),
    ("/api/stats/timeline", {"bucket": "month", "type": "Battles"}),
    ("/api/incidents", {"country": "Syria", "since": "2015-01-01", "until": "2019-12-31", "limit": 1000}),
    ("/api/incidents", {"admin1": "idlib", "actor": "syrian government", "limit": 50}),
    ("/api/stats/timeline", {"admin1": "Idlib", "actor": "Syrian government", "bucket": "week"}),
    ("/api/incidents", {"type": "Air/drone strike", "min_fatalities": 5, "limit": 50}),
    ("/api/incidents", {"bbox": "30,30,40,40", "limit": 1000}),
    ("/api/incidents/map", {"limit": 1000}),
    ("/api/incidents/map", {"bbox": "30,30,40,40", "limit": 1000}),
    ("/api/incidents/map", {"admin1": "idlib", "actor": "syrian government", "limit": 20}),
    ("/api/incidents/map", {"country": "Syria", "min_fatalities": 2, "q": "frappes"}),
    ("/api/incidents", {"q": "Ariha", "limit": 50}),
    ("/api/incidents", {"q": "frappes OR kamikaze", "limit": 50}),
    ("/api/articles", {"limit": 30}),
    ("/api/incidents/1", {}),
    ("/api/articles/test-ariha-1", {}),
    ("/api/incidents/999999", {}),
    ("/api/incidents", {"since": "2020-02-30"}),
]  # fmt: skip


class UrlServer(ServerProcess):
    """``veille serve --db URL``: ServerProcess takes a file, whose name it uses for its log."""

    def __init__(self, url: str, log_dir: Path, *extra: str) -> None:
        super().__init__(log_dir / "pg.db", *extra, startup_timeout=60.0)
        self.db = url  # type: ignore[assignment]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory):
    """(SQLite path, PostgreSQL URL) holding the same API test database."""
    import psycopg

    from conftest import pg_server_url

    server = pg_server_url()
    schema = "veille_test_api"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.execute(f"CREATE SCHEMA {schema}")
    url = f"{server}{'&' if '?' in server else '?'}options=-csearch_path%3D{schema}%2Cpublic"
    path = tmp_path_factory.mktemp("pg_api") / "api.sqlite"
    known = build_api_db(path)
    assert build_api_db(url).keys() == known.keys()  # type: ignore[arg-type]
    yield path, url
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def without_clock(value: object) -> object:
    """``value`` less ``ingested_at`` (the moment each build wrote the article)."""
    if isinstance(value, dict):
        return {k: without_clock(v) for k, v in value.items() if k != "ingested_at"}
    if isinstance(value, list):
        return [without_clock(v) for v in value]
    return value


def answers(base: str) -> list[tuple[int, object]]:
    out = []
    with httpx.Client(base_url=base, timeout=20.0) as client:
        for path, params in PAGE_REQUESTS:
            resp = client.get(path, params=params)
            out.append((resp.status_code, without_clock(resp.json())))
    return out


@pytest.mark.parametrize("workers", ["1", "2"])
def test_postgresql_server_answers_the_page_as_sqlite_does(both, tmp_path: Path, workers: str) -> None:
    path, url = both
    with ServerProcess(path) as lite, UrlServer(url, tmp_path, "--workers", workers) as pg:
        want, got = answers(lite.url), answers(pg.url)
        health = httpx.get(f"{pg.url}/api/health").json()
    assert health["readonly"] is True and "postgresql://" in health["database"]
    password = urlsplit(url).password
    assert password is None or f":{password}@" not in health["database"]  # the password never shows
    for (path_, params), w, g in zip(PAGE_REQUESTS, want, got, strict=True):
        assert w == g, (path_, params)
    assert [status for status, _ in got][-3:] == [200, 404, 422]


def test_search_finds_the_same_articles(both) -> None:
    path, url = both
    hits = []
    with ServerProcess(path) as lite, UrlServer(url, path.parent, "--workers", "1") as pg:
        for base in (lite.url, pg.url):
            body = httpx.get(f"{base}/api/search", params={"q": "frappes OR bombardement"}).json()
            hits.append(sorted(h["doc_id"] for h in body["items"]))
            assert all("[" in h["snippet"] for h in body["items"])
    assert hits[0] == hits[1] != []


def test_worker_processes_accept_tcp_connections_without_nagle_delays() -> None:
    """uvicorn binds the shared socket with protocol 0; relabelled as TCP, asyncio sets
    TCP_NODELAY on what the workers accept (without it each answer waited 40 ms)."""
    import socket

    from veille.api.server import _tcp

    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock = _tcp(raw)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_workers_out_of_range_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "veille.api", "--db", str(tmp_path / "x.sqlite"), "--workers", "0"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.startswith("veille: error: ")
    assert "--workers" in done.stderr and len(done.stderr.strip().splitlines()) == 1
