"""Shared fixtures. Real texts stay in ../shared; tests read them from there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is not beside the project)")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seeds_gold_path() -> Path:
    return _need(CORPUS / "seeds_gold.jsonl")


@pytest.fixture(scope="session")
def dev_gold_path() -> Path:
    return _need(CORPUS / "dev_fr.jsonl")


@pytest.fixture(scope="session")
def train_fr_path() -> Path:
    return _need(CORPUS / "train_fr.jsonl")


@pytest.fixture(scope="session")
def train_en_path() -> Path:
    return _need(CORPUS / "train_en.jsonl")


@pytest.fixture(scope="session")
def popcorn_path() -> Path:
    return _need(CORPUS / "popcorn" / "train_docs.jsonl")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(CORPUS / "seeds")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- HTTP API and web page (issue 5): a real database and `veille serve` on loopback ---------


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory):
    """(path, known incidents by key) of a small database written through the store's API."""
    from api_support import build_api_db

    path = tmp_path_factory.mktemp("api") / "api.sqlite"
    return path, build_api_db(path)


@pytest.fixture(scope="session")
def api_server(api_db):
    """Base URL of `veille serve` (read-only) running on 127.0.0.1 over ``api_db``."""
    from api_support import ServerProcess

    with ServerProcess(api_db[0]) as server:
        yield server.url


# --- storage backends (issue 11): every SQLite test database, and PostgreSQL when reachable ----

PG_ENV = "VEILLE_TEST_PG"
"""A PostgreSQL URL the tests may create and drop schemas in (``.ci/run`` sets it)."""
PG_REQUIRED_ENV = "VEILLE_TEST_PG_REQUIRED"
"""Set (as CI does) to fail, not skip, when the server in ``VEILLE_TEST_PG`` cannot be reached."""
_pg_state: dict[str, str] = {}


def pg_server_url() -> str:
    """``$VEILLE_TEST_PG`` once it answers; otherwise skip the calling test with the reason."""
    import os

    if "skip" in _pg_state:
        pytest.skip(_pg_state["skip"])
    if "url" in _pg_state:
        return _pg_state["url"]
    url = os.environ.get(PG_ENV, "")
    if not url:
        _pg_state["skip"] = (
            f"PostgreSQL cases skipped: set {PG_ENV}=postgresql://USER:PASSWORD@HOST/DB "
            "(a database where the tests may create schemas) to run them"
        )
        pytest.skip(_pg_state["skip"])
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as exc:  # ImportError too: then there is no driver to test with
        from veille.store.pg.url import redact

        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        message = f"PostgreSQL cases skipped: {redact(url)} is not reachable ({reason})"
        if os.environ.get(PG_REQUIRED_ENV):
            pytest.fail(message.replace("cases skipped", "server required but"))
        _pg_state["skip"] = message
        pytest.skip(message)
    _pg_state["url"] = url
    return url


@pytest.fixture
def pg_url():
    """URL of a new, empty PostgreSQL schema (dropped afterwards) on the test server."""
    import uuid
    from urllib.parse import quote

    import psycopg

    server = pg_server_url()
    schema = f"veille_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    glue = "&" if "?" in server else "?"
    yield f"{server}{glue}options={quote(f'-csearch_path={schema},public')}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database for each backend: a SQLite file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "backend.sqlite")
    return request.getfixturevalue("pg_url")
