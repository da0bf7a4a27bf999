"""`veille serve` and `veille demo` as commands: help text, read-only by default, clear errors."""

from __future__ import annotations

import argparse
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api_support import ServerProcess

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veille.api", *args], capture_output=True, text=True, timeout=60
    )


def test_serve_and_demo_have_help_for_every_option():
    from veille.commands import demo, serve

    for name, module in (("serve", serve), ("demo", demo)):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        module.register(sub)
        command = sub.choices[name]
        assert command.description
        for action in command._actions:
            assert action.help, f"veille {name} {action.option_strings} has no help text"
        text = command.format_help()
        for option in ("--db", "--host", "--port"):
            assert option in text, f"veille {name} help lacks {option}"


def test_serve_refuses_a_missing_database(tmp_path):
    missing = tmp_path / "none.sqlite"
    result = run_cli("--db", str(missing), "--port", "0")
    assert result.returncode == 2
    assert "no database here" in result.stderr and str(missing) in result.stderr
    assert not missing.exists()  # read-only: nothing was created


def test_serve_refuses_a_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database\n" * 100)
    result = run_cli("--db", str(bogus), "--port", "0")
    assert result.returncode == 2 and "not a SQLite database" in result.stderr
    assert bogus.read_text().startswith("not a database")


def test_served_database_is_opened_read_only(api_db):
    path = api_db[0]
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
    with ServerProcess(path) as server:
        health = httpx.get(f"{server.url}/api/health").json()
        assert health["readonly"] is True
        assert (
            httpx.get(f"{server.url}/api/incidents", params={"limit": 1}).json()["total"] == before
        )
        for method in ("post", "put", "delete", "patch"):
            resp = httpx.request(method.upper(), f"{server.url}/api/incidents")
            assert resp.status_code == 405


def test_demo_ingests_the_sample_and_prints_the_url(tmp_path):
    samples = ROOT / "samples"
    if not samples.is_dir():
        pytest.skip("samples/ is not there")
    db = tmp_path / "demo.sqlite"
    cmd = [sys.executable, "-m", "veille.cli", "demo", str(samples), "--db", str(db),
           "--port", "0", "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 120
        url = None
        assert proc.stdout is not None
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else None
        assert url, "".join(lines)
        assert any("demo database" in line and "6 articles" in line for line in lines), lines
        stats = httpx.get(f"{url}api/stats", timeout=10).json()
        assert stats["articles"] == 6
        assert httpx.get(url, timeout=10).status_code == 200
        assert httpx.get(f"{url}api/health", timeout=10).json()["readonly"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=10)
