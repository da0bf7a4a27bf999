"""Feed state and page provenance for ``veille watch``, ``fetch`` and ``reextract``
(tables of migration 005).

A fetched article is stored by :func:`save_page`: the article with its events (the very code
``veille ingest`` uses, :meth:`SQLiteStore.write_document_in`), its page row (provenance and
compressed raw HTML) and its feed entry's mark, in one transaction. Killed mid-way, none of the
three is there and the entry is fetched again at the next poll.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from veille.model import DocResult
from veille.store.base import IngestCounts
from veille.store.sqlite import SQLiteStore

PAGE_OUTCOMES = ("stored", "duplicate", "not-article", "error")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FeedState:
    id: int
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class EntryMark:
    """A feed entry handled: its page will not be fetched again while its fingerprint holds."""

    feed_id: int
    key: str
    url: str
    fingerprint: str


@dataclass
class PageRecord:
    """Provenance of one fetched URL; ``raw_html`` is the body as received (compressed here)."""

    url: str  # canonicalised request URL
    outcome: str  # one of PAGE_OUTCOMES
    final_url: str | None = None
    canonical_url: str | None = None
    feed_id: int | None = None
    article_id: int | None = None  # for a duplicate: the article it repeats
    error: str | None = None
    http_status: int | None = None
    published: str | None = None
    published_from: str | None = None  # "page" or "feed"
    title: str | None = None
    site_name: str | None = None
    lang: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    raw_html: bytes | None = None


def ensure_feed(store: SQLiteStore, url: str, name: str | None, lang: str | None) -> FeedState:
    """The feed's row (created on first sight; name and language follow the feeds file)."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO feeds (url, name, lang) VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE "
            "SET name = COALESCE(excluded.name, feeds.name), lang = COALESCE(excluded.lang, feeds.lang)",
            (url, name, lang),
        )
        row = conn.execute(
            "SELECT id, etag, last_modified FROM feeds WHERE url = ?", (url,)
        ).fetchone()
    return FeedState(id=int(row[0]), etag=row[1], last_modified=row[2])


def record_poll(
    store: SQLiteStore, feed_id: int, status: int | None, error: str | None = None,
    etag: str | None = None, last_modified: str | None = None, keep_validators: bool = True,
) -> None:
    """Remember one poll. New validators are saved only when the feed was read in full
    (``keep_validators`` false), so a damaged feed is fetched whole next time."""  # fmt: skip
    with store.transaction() as conn:
        conn.execute(
            "UPDATE feeds SET last_polled = ?, last_status = ?, last_error = ? WHERE id = ?",
            (_now(), status, error, feed_id),
        )
        if not keep_validators:
            conn.execute(
                "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                (etag, last_modified, feed_id),
            )


def entry_fingerprint(store: SQLiteStore, feed_id: int, key: str) -> str | None:
    row = store._read(lambda c: c.execute(
        "SELECT fingerprint FROM feed_entries WHERE feed_id = ? AND entry_key = ?", (feed_id, key)
    ).fetchone())  # fmt: skip
    return None if row is None else str(row[0])


def mark_entry(store: SQLiteStore, entry: EntryMark) -> None:
    with store.transaction() as conn:
        _mark(conn, entry)


def find_page(store: SQLiteStore, url: str) -> dict[str, Any] | None:
    """The page fetched at ``url`` (canonical form), or whose final or canonical URL it is;
    a stored article wins over a duplicate or a failure."""
    row = store._read(lambda c: c.execute(
        "SELECT id, url, final_url, canonical_url, article_id, outcome, etag, last_modified "
        "FROM pages WHERE url = ?1 OR canonical_url = ?1 OR final_url = ?1 "
        "ORDER BY outcome = 'stored' DESC, id LIMIT 1", (url,)
    ).fetchone())  # fmt: skip
    return dict(row) if row is not None else None


def save_page(
    store: SQLiteStore, page: PageRecord, doc: DocResult | None = None,
    entry: EntryMark | None = None, refresh: bool = False,
) -> IngestCounts:
    """Store the article ``doc`` (if any), the page's provenance and the entry's mark, in one
    transaction. ``refresh``: re-store the events of an unchanged text (reextract)."""  # fmt: skip
    counts = IngestCounts()
    with store.transaction() as conn:
        if doc is not None:
            counts, page.article_id = store.write_document_in(conn, doc, refresh=refresh)
        _upsert_page(conn, page)
        if entry is not None:
            _mark(conn, entry)
    return counts


def _mark(conn: sqlite3.Connection, e: EntryMark) -> None:
    conn.execute(
        "INSERT INTO feed_entries (feed_id, entry_key, url, fingerprint, seen_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(feed_id, entry_key) DO UPDATE SET "
        "url = excluded.url, fingerprint = excluded.fingerprint, seen_at = excluded.seen_at",
        (e.feed_id, e.key, e.url, e.fingerprint, _now()),
    )


def _upsert_page(conn: sqlite3.Connection, page: PageRecord) -> None:
    values = asdict(page)
    raw = values.pop("raw_html")
    values["raw_size"] = len(raw) if raw is not None else None
    values["raw_html"] = zlib.compress(raw, 6) if raw is not None else None
    values["fetched_at"] = _now()
    names = list(values)
    updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "url")
    conn.execute(
        f"INSERT INTO pages ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
        f"ON CONFLICT(url) DO UPDATE SET {updates}",
        [values[n] for n in names],
    )


def stored_page_ids(store: SQLiteStore) -> list[int]:
    """Pages whose article is stored with its raw HTML (what ``reextract`` re-reads)."""
    rows = store._read(lambda c: c.execute(
        "SELECT id FROM pages WHERE outcome = 'stored' AND raw_html IS NOT NULL ORDER BY id"
    ).fetchall())  # fmt: skip
    return [int(r[0]) for r in rows]


def load_page(store: SQLiteStore, page_id: int) -> tuple[PageRecord, str | None]:
    """A page row with its raw HTML decompressed, and its article's ``doc_id``."""
    row = store._read(lambda c: c.execute(
        "SELECT p.*, a.doc_id AS doc_id FROM pages p LEFT JOIN articles a "
        "ON a.id = p.article_id WHERE p.id = ?", (page_id,)
    ).fetchone())  # fmt: skip
    d = dict(row)
    raw = d.pop("raw_html")
    doc_id = d.pop("doc_id")
    fields = PageRecord.__dataclass_fields__
    record = PageRecord(**{k: v for k, v in d.items() if k in fields})
    record.raw_html = zlib.decompress(raw) if raw is not None else None
    return record, doc_id


def iter_feeds(store: SQLiteStore) -> Iterator[dict[str, Any]]:
    rows = store._read(lambda c: c.execute("SELECT * FROM feeds ORDER BY id").fetchall())
    yield from (dict(r) for r in rows)


def feed_info(store: SQLiteStore, feed_id: int | None) -> tuple[str | None, str | None]:
    """A feed's URL and declared language (None, None for a page fetched on its own)."""
    if feed_id is None:
        return None, None
    row = store._read(
        lambda c: c.execute("SELECT url, lang FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    )
    return (row[0], row[1]) if row else (None, None)
