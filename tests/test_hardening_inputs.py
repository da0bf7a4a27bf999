"""Issue 12, hostile and careless inputs through ``veille extract`` on real files: one line on
stderr naming the file (and line), the batch goes on, and no document takes unbounded time."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from veille.cli import main
from veille.extract.sentences import split_sentences
from veille.geo import GeoContext

FR = "Huit civils ont été tués mardi dans une frappe aérienne sur la ville d'Ariha, selon l'OSDH."
MADE_UP = [
    "Le conseil municipal de Vernac a voté mardi un budget de 1,2 million d'euros.",
    "Selon M. Durand, les travaux du pont commenceront au printemps.",
    "Les habitants du quartier des Tilleuls réclament une nouvelle école.",
    "La préfecture a annoncé la fermeture temporaire de la route départementale.",
]


def run_extract(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[dict], list[str]]:
    code = main(["extract", "-q", "--no-text", *args])
    out, err = capsys.readouterr()
    docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    return code, docs, [line for line in err.splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


# --- 1. time bounded ---------------------------------------------------------------------------


def test_sentence_splitter_is_linear_in_paragraph_length() -> None:
    # one 300k-character paragraph with a stop every ~70 characters: the old splitter sliced
    # the whole prefix at every stop (about half a minute here); now well under a second
    paragraph = " ".join(MADE_UP[i % len(MADE_UP)] for i in range(4000))
    start = time.perf_counter()
    sentences = split_sentences(paragraph)
    assert len(sentences) == 4000
    assert time.perf_counter() - start < 5.0
    assert [s.text for s in split_sentences("Selon M. Durand, rien. Fin.")] == [
        "Selon M. Durand, rien.",
        "Fin.",
    ]  # abbreviations still hold


def test_geocoder_context_keeps_each_point_once() -> None:
    # every mention of a place added its point again: each lookup then cost the number of
    # mentions before it
    ctx = GeoContext(points=[(36.2, 36.6)] * 5000 + [(35.9, 36.6)])
    assert ctx.points == ((36.2, 36.6), (35.9, 36.6))


def test_long_document_is_extracted_in_parts(tmp_path: Path, capsys) -> None:
    paragraphs = [" ".join(MADE_UP[(i + k) % 4] for k in range(4)) for i in range(900)]
    paragraphs[450] = FR
    text = "\n\n".join(paragraphs)
    assert len(text) > 200_000  # over twice the part length (MAX_PART_CHARS)
    path = tmp_path / "blog.txt"
    path.write_text(" date 2024-03-05\n" + text, encoding="utf-8")
    start = time.perf_counter()
    code, docs, errors = run_extract(capsys, str(path))
    assert code == 0 and errors == []
    assert [d["id"] for d in docs] == ["blog#1", "blog#2", "blog#3"]
    assert all(d["published"] == "2024-03-05" for d in docs)  # the header date carries over
    events = [e for d in docs for e in d["events"]]
    assert [e["location"] for e in events] == ["Ariha"] and events[0]["fatalities"] == 8
    assert time.perf_counter() - start < 120  # parts, not one quadratic document


def test_parts_end_at_paragraph_boundaries(tmp_path: Path) -> None:
    from veille.normalise import split_text

    paragraphs = [f"Paragraphe {i}. " + "mot " * 50 for i in range(100)]
    parts = split_text("\n\n".join(paragraphs), limit=2000)
    assert all(len(p) <= 2000 for p in parts)
    assert "".join(parts) == "\n\n".join(paragraphs)  # nothing lost, nothing repeated
    assert all(p.rstrip(" ").endswith("\n\n") for p in parts[:-1])
    giant = split_text("x" * 5000, limit=2000)  # no boundary at all: hard cuts
    assert [len(p) for p in giant] == [2000, 2000, 1000]


# --- 2. HTML ----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Syrie : huit morts à Ariha</title>
<script>var stats = {"n": 50}; document.title = "50 personnes ont été tuées";</script>
<style>p { color: #333; }</style></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Syrie : huit morts à Ariha</h1>
<p>Huit civils ont été tués mardi dans une frappe aérienne sur la ville d'Ariha, dans la province
d'Idleb, a indiqué l'Observatoire syrien des droits de l'homme.</p>
<p>Les secouristes ont dégagé les corps des décombres pendant toute la nuit.</p></article>
<footer>Le Journal, 50 ans d'information</footer></body></html>
"""


def _check_page_result(doc: dict) -> None:
    fatalities = [e["fatalities"] for e in doc["events"]]
    assert fatalities == [8], doc["events"]
    for e in doc["events"]:
        assert "<" not in e["evidence"] and "script" not in e["evidence"]


def test_saved_html_page_is_reduced_to_its_text(tmp_path: Path, capsys) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    code, docs, errors = run_extract(capsys, str(tmp_path))  # .html files are read in a directory
    assert code == 0 and errors == []
    assert [d["id"] for d in docs] == ["page"]
    _check_page_result(docs[0])


def test_html_in_a_text_file_and_a_jsonl_text(tmp_path: Path, capsys) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", [{"id": "j", "text": PAGE}])
    code, docs, errors = run_extract(capsys, str(tmp_path / "page.txt"), str(tmp_path / "b.jsonl"))
    assert code == 0 and errors == []
    for doc in docs:
        _check_page_result(doc)
    main(["extract", "-q", str(tmp_path / "b.jsonl")])
    text = json.loads(capsys.readouterr().out)["text"]
    assert "<" not in text and "50" not in text and text.startswith("Syrie : huit morts")


def test_html_page_without_text_is_one_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.html").write_text(
        "<html><head><script>var a=1;</script></head><body></body></html>"
    )
    (tmp_path / "ok.txt").write_text(FR, encoding="utf-8")
    code, docs, errors = run_extract(capsys, str(tmp_path / "empty.html"), str(tmp_path / "ok.txt"))
    assert code == 1 and [d["id"] for d in docs] == ["ok"]
    assert errors == [f"veille: {tmp_path / 'empty.html'}: HTML page holds no text"]


# --- 3. deeply nested JSON ----------------------------------------------------------------------


def test_deeply_nested_jsonl_line_is_one_error(tmp_path: Path, capsys) -> None:
    path = tmp_path / "deep.jsonl"
    deep = '{"id": "x", "text": "t", "n": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [json.dumps({"id": "a", "text": FR}), deep, json.dumps({"id": "b", "text": FR})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, docs, errors = run_extract(capsys, str(path))
    assert code == 1
    assert [d["id"] for d in docs] == ["a", "b"]
    assert errors == [f"veille: {path}:2: JSON nested too deeply"]


# --- 4. invalid published -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "2024-00", "hier", "12/03/2024"])
def test_invalid_published_is_warned_and_left_out(tmp_path: Path, capsys, value: str) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "bad", "published": value, "text": FR},
            {"id": "ok", "published": "2024-02-29", "text": FR},
        ],
    )
    code, docs, errors = run_extract(capsys, str(path))
    assert code == 1
    assert [(d["id"], d["published"]) for d in docs] == [("bad", None), ("ok", "2024-02-29")]
    assert all(e["date"] is None or e["date"] <= "2024-12-31" for e in docs[0]["events"])
    assert docs[1]["events"][0]["date"] == "2024-02-27"  # "mardi" before a valid day
    assert len(errors) == 1 and f"{path}:1" in errors[0] and repr(value) in errors[0]


def test_invalid_date_header_is_warned_and_left_out(tmp_path: Path, capsys) -> None:
    path = tmp_path / "h.txt"
    path.write_text(" date 2024-02-30\n" + FR, encoding="utf-8")
    code, docs, errors = run_extract(capsys, str(path))
    assert code == 1 and docs[0]["published"] is None
    assert errors == [f"veille: {path}: invalid date header '2024-02-30' ignored"]


def test_invalid_published_never_reaches_the_store(tmp_path: Path, capsys) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "bad", "published": "2024-13-45", "text": FR}])
    db = tmp_path / "x.sqlite"
    assert main(["ingest", "-q", "--db", str(db), str(path)]) == 1
    err = capsys.readouterr().err
    assert "2024-13-45" in err and len(err.strip().splitlines()) == 1
    main(["articles", "--db", str(db)])
    main(["incidents", "--db", str(db), "--format", "json"])
    main(["export", "--db", str(db)])
    assert "2024-13" not in capsys.readouterr().out


# --- 5. unreadable sub-directory ----------------------------------------------------------------


def _deep_directory(root: Path) -> Path:
    """A sub-directory whose path is longer than PATH_MAX: listing it fails even for root."""
    fd = os.open(root, os.O_RDONLY)
    try:
        while True:
            os.mkdir("d" * 200, dir_fd=fd)
            child = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
            root = root / ("d" * 200)
            if len(str(root)) > 4200:
                return root
    finally:
        os.close(fd)


def test_sub_directory_that_cannot_be_listed_is_one_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(FR, encoding="utf-8")
    _deep_directory(tmp_path)
    code, docs, errors = run_extract(capsys, str(tmp_path))
    assert code == 1 and [d["id"] for d in docs] == ["a"]
    assert len(errors) == 1 and errors[0].startswith(f"veille: {tmp_path}/ddd")
    assert errors[0].endswith("cannot read directory: File name too long")


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root reads a chmod 000 directory anyway; "
    "the path-too-long test above covers the same code path",
)
def test_unreadable_sub_directory_is_one_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(FR, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(FR, encoding="utf-8")
    locked.chmod(0)
    try:
        code, docs, errors = run_extract(capsys, str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert code == 1 and [d["id"] for d in docs] == ["a"]
    assert errors == [f"veille: {locked}: cannot read directory: Permission denied"]


# --- 10. minor reader faults --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read(tmp_path: Path, capsys, encoding: str) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(FR.encode(encoding))
    code, docs, errors = run_extract(capsys, str(path))
    assert code == 0 and errors == []
    assert docs[0]["events"][0]["fatalities"] == 8


def test_size_limit_message_says_20_mb(tmp_path: Path, capsys) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    code, _, errors = run_extract(capsys, str(path))
    assert code == 1 and errors == [f"veille: {path}: file too large (21.0 MB > 20 MB)"]


def test_boolean_id_is_refused(tmp_path: Path, capsys) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": True, "text": FR}, {"id": 3, "text": FR}])
    code, docs, errors = run_extract(capsys, str(path))
    assert code == 1 and [d["id"] for d in docs] == ["3"]
    assert errors == [f"veille: {path}:1: field 'id' must be a string or a number"]
