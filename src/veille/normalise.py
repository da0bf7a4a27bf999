"""RawDoc -> Article: the ` date YYYY-MM[-DD]` header, a stable id, and the language."""

from __future__ import annotations

import re

from veille.langid import detect_language
from veille.model import Article, content_hash
from veille.read.base import RawDoc

# A leading " date 2018-09" (or "date 2018-09-08"), possibly followed by text on the same line.
HEADER_RE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?")
PUBLISHED_RE = re.compile(r"\A\d{4}-\d{2}(?:-\d{2})?\Z")


def split_header(text: str) -> tuple[str | None, int]:
    """Return the header date (if any) and the offset where the text proper begins."""
    m = HEADER_RE.match(text)
    if not m:
        return None, 0
    return m.group(1), m.end()


def more_precise(a: str | None, b: str | None) -> str | None:
    """Of two publication dates, keep the more precise (a day beats a month)."""
    if a and b:
        return a if len(a) >= len(b) else b
    return a or b


def normalise(raw: RawDoc) -> Article:
    """Build the Article. A JSONL ``published`` and a text header both count; the more precise
    wins. The id is the given id, else the file name, else a content hash."""
    header_date, body_start = split_header(raw.text)
    given = raw.published if raw.published and PUBLISHED_RE.match(raw.published) else None
    published = more_precise(given, header_date)
    doc_id = raw.id or "sha256:" + content_hash(raw.text)[:16]
    lang = raw.lang or detect_language(raw.text[body_start:])
    return Article(
        id=doc_id,
        text=raw.text,
        published=published,
        source=raw.source,
        url=raw.url,
        lang=lang,
        origin=raw.origin,
        body_start=body_start,
    )
