"""``veille extract`` end to end, through the real CLI in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from veille.model import Event

ROOT = Path(__file__).resolve().parents[1]
FR = "Des frappes aériennes ont tué trois civils lundi dans la province d'Idleb, selon l'OSDH."
ES = (
    "Al menos doce personas murieron el domingo cuando un terrorista suicida se hizo estallar "
    "en un mercado de la ciudad, según informaron las autoridades."
)
EN = (
    "At least twelve people were killed on Sunday when a suicide bomber blew himself up in a "
    "crowded market in the city, police officials said."
)
DOC_KEYS = ["id", "lang", "published", "source", "text", "events", "tolls"]


def veille(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "veille.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_bad_inputs_give_one_line_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Attaque à Idleb, été".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(256))
    (tmp_path / "mixed.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"id": "line-1", "text": FR}),
                '{"id": "line-2", "text": "cut',
                json.dumps({"id": "line-3"}),
                json.dumps({"id": "line-4", "text": FR}),
            ]
        ),
        encoding="utf-8",
    )
    with (tmp_path / "big.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB: refused on its size, before being read
    paths = [
        str(tmp_path / n)
        for n in ("latin1.txt", "empty.txt", "image.txt", "mixed.jsonl", "big.txt", "good.txt")
    ]
    paths.append(str(tmp_path / "missing.txt"))
    proc = veille("extract", *paths, "--quiet")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert [d["id"] for d in json_lines(proc.stdout)] == ["line-1", "line-4", "good"]
    errors = proc.stderr.splitlines()
    expected = {
        "latin1.txt": "UTF-8",
        "empty.txt": "empty",
        "image.txt": "binary",
        "mixed.jsonl:2": "malformed JSON",
        "mixed.jsonl:3": "missing field 'text'",
        "big.txt": "too large",
        "missing.txt": "no such file",
    }
    assert len(errors) == len(expected), errors
    for (name, problem), line in zip(expected.items(), errors, strict=True):
        assert line.startswith(f"veille: {tmp_path / name}: "), line
        assert problem in line, line


def test_sample_run_writes_guide_shape_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "events.jsonl"
    proc = veille("extract", "samples/", "-o", str(out), "--summary", "--no-text", "-q")
    assert proc.returncode == 0, proc.stderr
    docs = json_lines(out.read_text(encoding="utf-8"))
    assert len(docs) == 6
    for d in docs:
        assert [k for k in DOC_KEYS if k in d] == [k for k in d if k in DOC_KEYS]
        assert "text" not in d and d["lang"] == "fr" and "skipped" not in d
        for e in d["events"]:
            assert list(e)[: len(Event.GUIDE_FIELDS)] == list(Event.GUIDE_FIELDS)
    # the summary table goes to stdout (the JSON went to the file)
    assert proc.stdout.splitlines()[0].startswith("6 documents, ")
    assert "document" in proc.stdout and "killed" in proc.stdout
    for d in docs:
        assert d["id"] in proc.stdout


def test_stdin_text_gets_a_content_hash_id() -> None:
    # a Spanish text: it is read, dated and identified, then skipped (no NLP cost here)
    proc = veille("extract", "-", "-q", stdin=(" date 2019-05-07 " + ES).encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    (doc,) = json_lines(proc.stdout)
    assert doc["id"].startswith("sha256:")
    assert doc["published"] == "2019-05-07"
    assert doc["text"].endswith(ES)
    assert doc["skipped"]
    assert proc.stderr.startswith("veille: <stdin>: skipped")


def test_stdin_jsonl_languages_and_skips() -> None:
    lines = [
        {"id": "fr", "text": FR, "published": "2019-05-07"},
        {"id": "es", "text": ES},
        {"id": "en", "text": EN},
    ]
    data = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode("utf-8")
    proc = veille("extract", "-", "-q", stdin=data)
    assert proc.returncode == 0, proc.stderr
    docs = {d["id"]: d for d in json_lines(proc.stdout)}
    assert list(docs) == ["fr", "es", "en"]
    assert docs["fr"]["lang"] == "fr" and "skipped" not in docs["fr"]
    assert docs["en"]["lang"] == "en"
    assert docs["es"]["lang"] == "es" and docs["es"]["skipped"]
    assert docs["es"]["events"] == []
    skipped_lines = [line for line in proc.stderr.splitlines() if "skipped" in line]
    assert any(line.startswith("veille: <stdin>:2: skipped") for line in skipped_lines)


def test_stdin_too_large() -> None:
    proc = veille("extract", "-", "-q", stdin=b"x" * (50 * 1024 * 1024))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("veille: <stdin>: ") and "too large" in proc.stderr


def test_progress_bar_for_long_runs_and_quiet(tmp_path: Path) -> None:
    batch = tmp_path / "many.jsonl"
    # Spanish documents are skipped: the bar is exercised without NLP cost
    batch.write_text(
        "\n".join(json.dumps({"id": f"es-{i}", "text": ES}) for i in range(25)), encoding="utf-8"
    )
    proc = veille("extract", str(batch), "-o", str(tmp_path / "o.jsonl"))
    assert proc.returncode == 0
    assert "25/25" in proc.stderr  # tqdm bar on stderr, even without a terminal (> 20 docs)
    quiet = veille("extract", str(batch), "-o", str(tmp_path / "o.jsonl"), "--quiet")
    assert "25/25" not in quiet.stderr
    assert len(quiet.stderr.splitlines()) == 25  # one "skipped" line per document


def test_unwritable_output_is_one_line() -> None:
    proc = veille("extract", "samples/", "-o", "/proc/veille/nope.jsonl", "-q")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("veille: error: /proc/veille/nope.jsonl")


def test_every_command_has_help_text() -> None:
    from veille.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, sp in sub.choices.items():  # type: ignore[union-attr]
        assert sp.description, f"veille {name} has no description"
        helps = {c.dest: c.help for c in sub._choices_actions}  # type: ignore[union-attr]
        assert helps.get(name), f"veille {name} has no help line"


def test_summary_goes_to_stderr_when_json_goes_to_stdout(tmp_path: Path, capsys) -> None:
    from veille.cli import main

    batch = tmp_path / "one.jsonl"
    batch.write_text(json.dumps({"id": "es-1", "text": ES}) + "\n", encoding="utf-8")
    assert main(["extract", str(batch), "--summary", "-q"]) == 0
    out, err = capsys.readouterr()
    assert [d["id"] for d in json_lines(out)] == ["es-1"]  # stdout stays clean JSONL
    assert "1 documents, 0 events" in err
    assert "skipped" in err
