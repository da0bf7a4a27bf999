"""Reading back what ``veille extract`` wrote, so ``veille ingest --from-extracted`` can store
it without extracting again (the Dask path: extract on a cluster, store on one machine).

The JSON lines carry the article text, its date, source, url and language, and the events and
tolls; ``body_start`` (the end of a ` date` header) is found again from the text, as reading
it the first time did. A line written with ``--no-text`` cannot be stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from veille.errors import ReadError
from veille.model import Article, DocResult, Event, Toll
from veille.normalise import split_header
from veille.read.jsonl import load_object


def extracted_files(path: str) -> list[Path]:
    """A JSONL file, or the ``*.jsonl`` files of a directory in name order (the partitions of
    ``veille extract --dask`` are numbered, so name order is input order)."""
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.iterdir() if p.suffix == ".jsonl" and p.is_file())
        if not files:
            raise ReadError(path, "no .jsonl file in this directory")
        return files
    if root.is_file():
        return [root]
    raise ReadError(path, "no such file or directory")


def iter_extracted(path: str) -> Iterator[DocResult | ReadError]:
    """Every document of the extracted output at ``path``; a bad line is a ReadError."""
    for file in extracted_files(path):
        try:
            handle = file.open(encoding="utf-8")
        except OSError as exc:
            yield ReadError(str(file), f"cannot read: {exc.strerror or exc}")
            continue
        with handle:
            try:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield parse_extracted(line, f"{file}:{number}")
            except UnicodeDecodeError:
                yield ReadError(str(file), "not UTF-8 text")


def parse_extracted(line: str, where: str) -> DocResult | ReadError:
    """One line of ``veille extract`` output as the DocResult it was written from."""
    obj = load_object(line, where)
    if isinstance(obj, ReadError):
        return obj
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return ReadError(where, "no 'text' (written with --no-text?): cannot be stored")
    if obj.get("id") is None:
        return ReadError(where, "missing field 'id'")
    try:
        events = [Event.from_dict(e) for e in _list(obj, "events")]
        tolls = [Toll.from_dict(t) for t in _list(obj, "tolls")]
    except (TypeError, AttributeError, ValueError) as exc:
        return ReadError(where, f"not an extracted document: {exc}")
    article = Article(
        id=str(obj["id"]),
        text=text,
        published=obj.get("published"),
        source=obj.get("source"),
        url=obj.get("url"),
        lang=obj.get("lang"),
        origin=where,
        body_start=split_header(text)[1],
    )
    return DocResult(article=article, events=events, tolls=tolls, skipped=obj.get("skipped"))


def _list(obj: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = obj.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"field '{name}' must be a list of objects")
    return value
