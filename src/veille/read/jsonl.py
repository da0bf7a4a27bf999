"""JSONL: one document per line with ``id``, ``text`` and optional ``published``, ``source``,
``url``, ``lang``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from veille.errors import ReadError
from veille.read.base import MAX_DOC_CHARS, RawDoc, decode_bytes
from veille.read.html import html_to_text, looks_like_html

OPTIONAL_STRING_FIELDS = ("published", "source", "url", "lang")


def read_jsonl(data: bytes, where: str) -> Iterator[RawDoc | ReadError]:
    """Yield a document or an error for each non-blank line."""
    try:
        content = decode_bytes(data, where)
    except ReadError as err:
        yield err
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        yield parse_line(line, f"{where}:{number}")


def load_object(line: str, where: str) -> dict[str, Any] | ReadError:
    """One JSONL line as a JSON object, or the one-line error naming ``where``."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return ReadError(where, "JSON nested too deeply")
    if not isinstance(obj, dict):
        return ReadError(where, f"expected a JSON object, got {type(obj).__name__}")
    return obj


def parse_line(line: str, where: str) -> RawDoc | ReadError:
    obj = load_object(line, where)
    if isinstance(obj, ReadError):
        return obj
    text = obj.get("text")
    if text is None:
        return ReadError(where, "missing field 'text'")
    if not isinstance(text, str):
        return ReadError(where, f"field 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        return ReadError(where, "empty 'text'")
    if len(text) > MAX_DOC_CHARS:
        return ReadError(where, f"document too long ({len(text):,} characters)")
    if looks_like_html(text):
        try:
            text = html_to_text(text, where)
        except ReadError as err:
            return err
    fields: dict[str, str | None] = {}
    for name in OPTIONAL_STRING_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return ReadError(where, f"field '{name}' must be a string or null")
        fields[name] = value
    doc_id = obj.get("id")
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, str | int)):
        return ReadError(where, "field 'id' must be a string or a number")
    return RawDoc(
        text=text,
        origin=where,
        id=str(doc_id) if doc_id is not None else None,
        **fields,
    )
