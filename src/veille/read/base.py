"""Shared reader types and byte-level checks."""

from __future__ import annotations

from dataclasses import dataclass

from veille.errors import ReadError

MAX_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are refused with a clear error rather than read into memory."""

MAX_DOC_CHARS = 1_000_000
"""A single document longer than this is refused: no news article is that long."""


@dataclass(slots=True)
class RawDoc:
    """A document as read, before normalisation."""

    text: str
    origin: str  # "path" or "path:line"
    id: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None


def decode_bytes(data: bytes, where: str) -> str:
    """Decode UTF-8 (with or without BOM); refuse binary and undecodable input."""
    if not data.strip():
        raise ReadError(where, "empty file")
    if b"\x00" in data[:8192]:
        raise ReadError(where, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            where, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
