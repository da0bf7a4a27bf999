"""RawDoc -> Article: the ` date YYYY-MM[-DD]` header, a stable id, and the language."""

from __future__ import annotations

import re
from datetime import date

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


def valid_published(value: str | None) -> bool:
    """``YYYY-MM-DD`` that is a real day (not 2024-02-30) or ``YYYY-MM`` with a real month."""
    if not value or not PUBLISHED_RE.match(value):
        return False
    try:
        date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return True


def published_problems(raw: RawDoc) -> list[str]:
    """One message per invalid publication date in ``raw`` (field or text header): such a value
    is left out (stored as null), never passed on to event dates and exports."""
    problems = []
    if raw.published is not None and not valid_published(raw.published):
        problems.append(
            f"invalid 'published' value {raw.published!r} ignored (want YYYY-MM-DD or YYYY-MM)"
        )
    header, _ = split_header(raw.text)
    if header is not None and not valid_published(header):
        problems.append(f"invalid date header {header!r} ignored")
    return problems


def more_precise(a: str | None, b: str | None) -> str | None:
    """Of two publication dates, keep the more precise (a day beats a month)."""
    if a and b:
        return a if len(a) >= len(b) else b
    return a or b


def normalise(raw: RawDoc) -> Article:
    """Build the Article. A JSONL ``published`` and a text header both count; the more precise
    wins. The id is the given id, else the file name, else a content hash."""
    header_date, body_start = split_header(raw.text)
    given = raw.published if valid_published(raw.published) else None
    published = more_precise(given, header_date if valid_published(header_date) else None)
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


MAX_PART_CHARS = 100_000
"""A document longer than this is extracted in parts of at most this many characters, cut at
paragraph boundaries, so that one scraped live blog cannot block a batch (about 3 s a part on
one core)."""
_CUTS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?])\s+"),
    re.compile(r"\s+"),
)
"""Where a part may end, best first: a blank line, a line break, a sentence stop, a space."""


def split_text(text: str, limit: int = MAX_PART_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, each ending at the best
    boundary available before the limit (a hard cut only for a single giant word)."""
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = next(
            (cut for pattern in _CUTS if (cut := _last_cut(pattern, window, limit // 2))), limit
        )
        parts.append(text[start : start + end])
        start += end
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _last_cut(pattern: re.Pattern[str], window: str, start: int) -> int | None:
    """End of the last match of ``pattern`` in ``window`` after ``start``, if any."""
    end = None
    for match in pattern.finditer(window, start):
        end = match.end()
    return end


def split_long(article: Article, limit: int = MAX_PART_CHARS) -> list[Article]:
    """The article itself, or its parts when it is longer than ``limit``: ``id#2`` of ``n``
    keeps the article's date, source, url and language."""
    if len(article.text) <= limit:
        return [article]
    pieces = split_text(article.text, limit)
    return [
        Article(
            id=f"{article.id}#{k}",
            text=piece,
            published=article.published,
            source=article.source,
            url=article.url,
            lang=article.lang,
            origin=f"{article.origin} (part {k} of {len(pieces)})",
            body_start=article.body_start if k == 1 else 0,
        )
        for k, piece in enumerate(pieces, start=1)
    ]
