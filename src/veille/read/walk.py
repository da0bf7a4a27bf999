"""Dispatch paths to readers: files by extension, directories recursively, ``-`` for stdin."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from veille.errors import ReadError
from veille.read.base import MAX_BYTES, MB, RawDoc
from veille.read.html import HTML_SUFFIXES
from veille.read.jsonl import read_jsonl
from veille.read.text import read_text

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text", ""}


def iter_raw_docs(paths: Iterable[str]) -> Iterator[RawDoc | ReadError]:
    """Yield documents or errors for every path, in order."""
    for path in paths:
        if path == "-":
            yield from _read_stdin()
            continue
        p = Path(path)
        if p.is_dir():
            files, errors = _walk(p)
            yield from errors
            if not files and not errors:
                yield ReadError(str(p), "directory holds no .txt or .jsonl file, nor .html page")
            for f in files:
                yield from _read_file(f)
        elif p.exists():
            yield from _read_file(p)
        else:
            yield ReadError(str(p), "no such file or directory")


def _walk(root: Path) -> tuple[list[Path], list[ReadError]]:
    """The wanted files under ``root``, sorted, and one error per sub-directory that cannot be
    listed (``Path.rglob`` skipped those silently, losing their articles unseen)."""
    errors: list[ReadError] = []

    def failed(exc: OSError) -> None:
        errors.append(
            ReadError(str(exc.filename or root), f"cannot read directory: {exc.strerror or exc}")
        )

    files = [
        Path(dirpath, name)
        for dirpath, _dirs, names in os.walk(root, onerror=failed)
        for name in names
        if _wanted(Path(dirpath, name)) and Path(dirpath, name).is_file()
    ]
    return sorted(files), errors


def _wanted(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    return path.suffix.lower() in JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES


def _read_file(path: Path) -> Iterator[RawDoc | ReadError]:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield ReadError(where, f"file too large ({size / MB:.1f} MB > {MAX_BYTES // MB} MB)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(where, f"cannot read: {exc.strerror or exc}")
        return
    yield from _dispatch(data, where, path.suffix.lower(), path.stem)


def _read_stdin() -> Iterator[RawDoc | ReadError]:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        yield ReadError("<stdin>", f"input too large (> {MAX_BYTES // MB} MB)")
        return
    stripped = data.lstrip()
    suffix = ".jsonl" if stripped.startswith(b"{") else ".txt"
    yield from _dispatch(data, "<stdin>", suffix, None)


def _dispatch(
    data: bytes, where: str, suffix: str, stem: str | None
) -> Iterator[RawDoc | ReadError]:
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(data, where)
        return
    try:
        yield read_text(data, where, stem, html=suffix in HTML_SUFFIXES)
    except ReadError as err:
        yield err
