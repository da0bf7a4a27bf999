"""Plain-text articles: one file, one document."""

from __future__ import annotations

from veille.errors import ReadError
from veille.read.base import MAX_DOC_CHARS, RawDoc, decode_bytes


def read_text(data: bytes, where: str, name: str | None) -> RawDoc:
    """A UTF-8 text file. The id is the file name without extension when there is one."""
    text = decode_bytes(data, where)
    if not text.strip():
        raise ReadError(where, "empty file")
    if len(text) > MAX_DOC_CHARS:
        raise ReadError(where, f"document too long ({len(text):,} characters)")
    return RawDoc(text=text, origin=where, id=name)
