"""Shared reader types and byte-level checks."""

from __future__ import annotations

from dataclasses import dataclass

from veille.errors import ReadError

MAX_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are refused with a clear error rather than read into memory."""
MB = 1024 * 1024
"""What messages call a MB, so that the limit reads "20 MB" as the README says."""
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

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
    if data.startswith(UTF16_BOMS) or _looks_utf16(data[:8192]):
        return _decode_utf16(data, where)
    if b"\x00" in data[:8192]:
        raise ReadError(where, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            where, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: text whose every other byte is NUL (Latin script)."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return (zeros_odd > 0.9 and zeros_even < 0.05) or (zeros_even > 0.9 and zeros_odd < 0.05)


def _decode_utf16(data: bytes, where: str) -> str:
    """UTF-16 text (Windows editors save it so): decoded, or one line saying why not."""
    if data.startswith(UTF16_BOMS):
        codec = "utf-16"
    else:
        codec = "utf-16-be" if data[0] == 0 else "utf-16-le"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(where, f"not valid UTF-16 (offset {exc.start})") from None
