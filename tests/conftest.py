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
