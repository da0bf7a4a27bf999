"""Issue 12, the CLI edge: filters refused as the API refuses them, one line instead of a
traceback, the sub-command's usage on an unknown flag, and ingest's progress."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from veille.batch import ingest
from veille.cli import main
from veille.store.sqlite import SQLiteStore

FR = "Huit civils ont été tués mardi dans une frappe aérienne sur la ville d'Ariha, selon l'OSDH."


def one_line_error(capsys, argv: list[str]) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("veille: error: "), err
    return lines[0]


# --- 6 and 7: filters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--type", "Bombing"], "--type: unknown event type 'Bombing'"),
        (["--limit", "-1"], "--limit: expected a number of rows of at least 1, got -1"),
        (["--limit", "0"], "--limit"),
        (["--offset", "-5"], "--offset"),
        (
            ["--min-fatalities", "99999999999999999999"],
            "--min-fatalities: expected a number from 0",
        ),
        (["--min-fatalities", "-1"], "--min-fatalities"),
        (["--text", "frappe\x00"], "--text: must not contain a NUL character"),
    ],
)
def test_bad_filters_are_one_line_errors(capsys, api_db, argv: list[str], words: str) -> None:
    line = one_line_error(capsys, ["incidents", "--db", str(api_db[0]), *argv])
    assert words in line


def test_export_refuses_the_same_filters(capsys, api_db) -> None:
    line = one_line_error(capsys, ["export", "--db", str(api_db[0]), "--type", "Bombing"])
    assert "--type" in line


def test_french_country_name_is_accepted(capsys, api_db) -> None:
    def rows(country: str) -> list[dict]:
        assert (
            main(["incidents", "--db", str(api_db[0]), "--format", "json", "--country", country])
            == 0
        )
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    syria = rows("SY")
    assert syria and {r["country"] for r in syria} == {"Syria"}
    assert rows("Syrie") == rows("Syria") == syria


# --- 8: one line instead of a traceback ---------------------------------------------------------------


def test_export_into_a_missing_directory_is_one_line(tmp_path: Path, capsys, api_db) -> None:
    target = tmp_path / "missing" / "x.csv"
    line = one_line_error(capsys, ["export", "--db", str(api_db[0]), "-o", str(target)])
    assert line == f"veille: error: {target}: cannot write: No such file or directory"


def test_serve_on_an_impossible_port_is_one_line(tmp_path: Path, api_db) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "veille.cli", "serve", "--db", str(api_db[0]), "--port", "80000"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert (
        result.stderr.strip() == "veille: error: --port: expected a port from 0 to 65535, got 80000"
    )


# --- 10: usage, progress ---------------------------------------------------------------------------------


def test_unknown_flag_shows_the_sub_command_usage(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["incidents", "--bogus"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: veille incidents ") and "--min-fatalities" in err
    assert err.strip().endswith("veille incidents: error: unrecognized arguments: --bogus")


def test_ingest_progress_has_a_total_and_says_the_model_loads(tmp_path: Path, capsys) -> None:
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"{FR} Article {i}.", encoding="utf-8")
    with SQLiteStore(str(tmp_path / "x.sqlite")) as store:
        report = ingest([str(tmp_path)], store, progress=True, resolve=False)
    assert report.ok and report.counts.added == 3
    err = capsys.readouterr().err
    assert "veille: loading the language model and the gazetteer" in err
    assert "0/3 [" in err  # tqdm shows done/total only when it knows the total
