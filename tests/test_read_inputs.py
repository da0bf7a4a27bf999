"""Readers and normalisation: formats, ids, the date header, and bad input (no NLP here)."""

from __future__ import annotations

import json
from pathlib import Path

from veille.errors import ReadError
from veille.model import Article, content_hash
from veille.pipeline import iter_articles

FR = "Des frappes aériennes ont tué trois civils lundi dans la province d'Idleb, selon l'OSDH."


def read_all(*paths: Path | str) -> tuple[list[Article], list[ReadError]]:
    items = list(iter_articles([str(p) for p in paths]))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, ReadError)],
    )


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


# --- ids ------------------------------------------------------------------------------------


def test_id_is_jsonl_id_then_file_name_then_content_hash(tmp_path: Path) -> None:
    jl = write_jsonl(
        tmp_path / "batch.jsonl",
        [{"id": "a-1", "text": FR}, {"id": 7, "text": FR}, {"text": FR + " Bis."}],
    )
    txt = tmp_path / "article_42.txt"
    txt.write_text(FR, encoding="utf-8")
    articles, errors = read_all(jl, txt)
    assert not errors
    ids = [a.id for a in articles]
    assert ids[:2] == ["a-1", "7"]
    assert ids[2] == "sha256:" + content_hash(FR + " Bis.")[:16]
    assert ids[3] == "article_42"


def test_origin_names_file_and_line(tmp_path: Path) -> None:
    jl = write_jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": FR}])
    (tmp_path / "b.jsonl").write_text("\n" + (tmp_path / "b.jsonl").read_text("utf-8"), "utf-8")
    articles, _ = read_all(jl)
    assert articles[0].origin == f"{jl}:2"


def test_jsonl_optional_fields(tmp_path: Path) -> None:
    row = {
        "id": "x",
        "text": FR,
        "published": "2019-05-06",
        "source": "AFP",
        "url": "https://example.invalid/x",
        "extra": [1, 2],
    }
    articles, errors = read_all(write_jsonl(tmp_path / "x.jsonl", [row]))
    assert not errors
    a = articles[0]
    assert (a.published, a.source, a.url) == ("2019-05-06", "AFP", "https://example.invalid/x")


# --- the ` date` header ---------------------------------------------------------------------


def test_seed_headers_on_the_same_line_as_text(seeds_dir: Path) -> None:
    articles, errors = read_all(
        seeds_dir / "000_903e5c0c151aa647.txt", seeds_dir / "004_a54e3b90b2405158.txt"
    )
    assert not errors
    a000, a004 = articles
    assert a000.published == "2018-09"
    assert a004.published == "2021-10"
    assert a000.text[a000.body_start :].startswith("Les bombardements du gouvernement syrien")
    assert a004.text[a004.body_start :].startswith("La Russie a mené")
    assert a000.id == "000_903e5c0c151aa647"


def test_header_with_day_on_its_own_line(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(" date 2019-05-06\n" + FR, encoding="utf-8")
    (a,), _ = read_all(f)
    assert a.published == "2019-05-06"
    assert a.text[a.body_start :] == FR


def test_no_header_no_date(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("La date 2019-05-06 est citée plus loin. " + FR, encoding="utf-8")
    (a,), _ = read_all(f)
    assert a.published is None and a.body_start == 0


def test_more_precise_of_jsonl_published_and_header_wins(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": " date 2024-12 " + FR, "published": "2024-12-03"},
        {"id": "b", "text": " date 2024-12-02 " + FR, "published": "2024-12"},
    ]
    articles, _ = read_all(write_jsonl(tmp_path / "d.jsonl", rows))
    assert [a.published for a in articles] == ["2024-12-03", "2024-12-02"]


# --- directories ----------------------------------------------------------------------------


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "top.txt").write_text(FR, encoding="utf-8")
    write_jsonl(
        tmp_path / "a" / "lines.jsonl", [{"id": "l1", "text": FR}, {"id": "l2", "text": FR}]
    )
    (tmp_path / ".hidden.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "notes.md").write_text(FR, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    articles, errors = read_all(tmp_path)
    assert not errors
    assert sorted(a.id for a in articles) == ["deep", "l1", "l2", "top"]


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _, errors = read_all(tmp_path / "empty")
    assert len(errors) == 1 and "no .txt or .jsonl" in errors[0].message


# --- bad input: each gives one ReadError naming the file (and line); the batch goes on ------


def test_bad_files_each_give_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(FR, encoding="utf-8")
    bad_utf8 = tmp_path / "latin1.txt"
    bad_utf8.write_bytes("Attaque à Idleb, été".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    missing = tmp_path / "nope.txt"
    articles, errors = read_all(bad_utf8, empty, blank, binary, missing, good)
    assert [a.id for a in articles] == ["good"]
    by_file = {Path(e.where).name: e.message for e in errors}
    assert set(by_file) == {"latin1.txt", "empty.txt", "blank.txt", "image.txt", "nope.txt"}
    assert "UTF-8" in by_file["latin1.txt"]
    assert "empty" in by_file["empty.txt"] and "empty" in by_file["blank.txt"]
    assert "binary" in by_file["image.txt"]
    assert "no such file" in by_file["nope.txt"]
    for e in errors:
        assert "\n" not in str(e) and str(e).startswith(e.where + ": ")


def test_malformed_jsonl_lines(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": FR}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "notext"}),
        json.dumps({"id": "nulltext", "text": None}),
        json.dumps({"id": "numtext", "text": 12}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "blanktext", "text": "   "}),
        json.dumps({"id": "ok2", "text": FR}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = read_all(f)
    assert [a.id for a in articles] == ["ok1", "ok2"]
    where = {e.where: e.message for e in errors}
    assert set(where) == {f"{f}:{n}" for n in (2, 3, 4, 5, 6, 7)}
    assert "malformed JSON" in where[f"{f}:2"]
    assert "missing field 'text'" in where[f"{f}:3"]
    assert "'text'" in where[f"{f}:4"] and "'text'" in where[f"{f}:5"]
    assert "JSON object" in where[f"{f}:6"]


def test_undecodable_jsonl_file_is_one_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    articles, errors = read_all(f)
    assert not articles and len(errors) == 1 and errors[0].where == str(f)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + FR.encode("utf-8"))
    (a,), errors = read_all(f)
    assert not errors and a.text == FR


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    chunk = (FR + "\n").encode("utf-8")
    with big.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    assert big.stat().st_size >= 50 * 1024 * 1024
    good = tmp_path / "good.txt"
    good.write_text(FR, encoding="utf-8")
    articles, errors = read_all(big, good)
    assert [a.id for a in articles] == ["good"]
    assert len(errors) == 1 and errors[0].where == str(big)
    assert "too large" in errors[0].message
