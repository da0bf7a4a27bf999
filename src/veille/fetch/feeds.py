"""RSS 2.0 and Atom documents to entries, with ``feedparser``.

feedparser is lenient: it reads what it can of a malformed or truncated feed and sets ``bozo``.
A document that is no feed at all (an HTML page, an error page) or yields no entry is refused
with :class:`~veille.errors.FeedError`; a damaged feed that still yields entries gives them with
a warning, so one bad byte does not stop a desk's whole feed.
"""

from __future__ import annotations

import hashlib
import io
import time
from dataclasses import dataclass, field
from typing import Any

import feedparser

from veille.errors import FeedError


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed. ``key`` identifies it across polls (its id or guid, else its link);
    ``fingerprint`` changes when the entry does (link, title, dates), and only then is its page
    fetched again."""

    key: str
    link: str
    title: str = ""
    published: str | None = None  # YYYY-MM-DD, from the entry's published or updated date
    fingerprint: str = ""


@dataclass
class ParsedFeed:
    title: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None  # set when the feed was damaged but yielded entries


def parse_feed(content: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Entries of the feed document ``content`` fetched from ``url``."""
    headers = {"content-type": content_type} if content_type else {}
    d = feedparser.parse(io.BytesIO(content), response_headers=headers)
    if not d.get("version"):
        if _looks_like_html(content, content_type):
            raise FeedError(url, "not an RSS or Atom feed (the server sent an HTML page)")
        raise FeedError(url, f"not an RSS or Atom feed ({_bozo_reason(d) or 'unknown format'})")
    entries = [e for e in (_entry(raw) for raw in d.entries) if e is not None]
    if d.get("bozo") and not entries:
        raise FeedError(url, f"malformed feed ({_bozo_reason(d)}), no entry could be read")
    warning = None
    if d.get("bozo") and not isinstance(d.get("bozo_exception"), _BENIGN):
        warning = f"malformed feed ({_bozo_reason(d)}); {len(entries)} entries read"
    return ParsedFeed(title=d.feed.get("title", ""), entries=entries, warning=warning)


_BENIGN = (feedparser.CharacterEncodingOverride,)
"""A feed declaring one encoding and served as another is read correctly: no warning."""


def _entry(raw: Any) -> FeedEntry | None:
    link = (raw.get("link") or "").strip()
    if not link.lower().startswith(("http://", "https://")):
        return None
    key = (raw.get("id") or link).strip()
    title = (raw.get("title") or "").strip()
    # dict.get: FeedParserDict.get maps a missing "published" to "updated" with a warning
    published = _day(dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed"))
    stamp = "\x1f".join([link, title, dict.get(raw, "published") or "",
                          dict.get(raw, "updated") or ""])  # fmt: skip
    return FeedEntry(
        key=key, link=link, title=title, published=published,
        fingerprint=hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:32],
    )  # fmt: skip


def _day(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _looks_like_html(content: bytes, content_type: str) -> bool:
    head = content[:2048].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _bozo_reason(d: Any) -> str:
    exc = d.get("bozo_exception")
    text = str(exc).strip() if exc else ""
    return " ".join(text.split())[:160]
