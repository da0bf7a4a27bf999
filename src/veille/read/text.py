"""Plain-text articles: one file, one document."""

from __future__ import annotations

from veille.errors import ReadError
from veille.read.base import MAX_DOC_CHARS, RawDoc, decode_bytes
from veille.read.html import html_to_text, looks_like_html


def read_text(data: bytes, where: str, name: str | None, html: bool = False) -> RawDoc:
    """A UTF-8 text file, or a saved web page (``html``, or text that opens like a page),
    reduced to its main text. The id is the file name without extension when there is one."""
    text = decode_bytes(data, where)
    if html or looks_like_html(text):
        text = html_to_text(text, where)
    if not text.strip():
        raise ReadError(where, "empty file")
    if len(text) > MAX_DOC_CHARS:
        raise ReadError(where, f"document too long ({len(text):,} characters)")
    return RawDoc(text=text, origin=where, id=name)
