"""The SQLite store: the read side of :class:`~veille.store.base.Store` plus the one writer path.

All writes go through the methods of :class:`SQLiteStore` below, each inside
:meth:`SQLiteStore.transaction` (``BEGIN IMMEDIATE`` ... ``COMMIT``), so an article, its events
and its tolls are stored together or not at all, and a crash or Ctrl-C leaves the last committed
state. Every sqlite3 error leaves here as a :class:`~veille.errors.StoreError`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from veille.errors import StoreError
from veille.model import DocResult
from veille.store import queries
from veille.store.base import IncidentQuery, IngestCounts
from veille.store.connection import connect, guard
from veille.store.pending import PendingWork
from veille.store.pg.url import is_postgres_url

DEFAULT_DB = "veille.sqlite"
DB_ENV = "VEILLE_DB"

EVENT_FIELDS = (
    "event_type", "sub_event_type", "location", "admin1", "country", "country_code", "date",
    "actor1", "actor2", "fatalities", "civilian_fatalities", "child_fatalities", "injured",
    "claimed_by", "evidence", "evidence_start", "evidence_end", "lat", "lon", "geo_precision",
    "gazetteer_id", "admin2", "women_fatalities",
)  # fmt: skip


def default_db_path() -> str:
    """``$VEILLE_DB`` when set (a file path or a ``postgresql://`` URL), else
    ``veille.sqlite`` in the working directory."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(value: Any) -> str:
    return json.dumps(list(value or []), ensure_ascii=False)


class SQLiteStore(PendingWork):
    """A veille database in one SQLite file (WAL mode, foreign keys on).

    Given a ``postgresql://`` URL instead of a path, the constructor returns a
    :class:`~veille.store.pg.store.PostgresStore` (a subclass running this class's SQL over
    PostgreSQL), so every command that opens ``SQLiteStore(args.db)`` accepts a URL too.
    """

    dialect = queries.SQLITE

    def __new__(cls, path: str, *args: Any, **kwargs: Any) -> SQLiteStore:
        if cls is SQLiteStore and is_postgres_url(str(path)):
            from veille.store.pg.store import PostgresStore

            cls = PostgresStore  # Python then runs PostgresStore.__init__ with the same arguments
        return super().__new__(cls)

    def __init__(self, path: str, readonly: bool = False, timeout: float | None = None) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.conn = connect(self.path, readonly=readonly, timeout=timeout)

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The single write path: one IMMEDIATE transaction, rolled back on any exception
        (KeyboardInterrupt included)."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        with guard(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _read(self, fn: Any, *args: Any) -> Any:
        with guard(self.path):
            return fn(self.conn, *args)

    def insert_many(
        self, conn: sqlite3.Connection, table: str, columns: Iterable[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """Bulk insert inside a transaction (PostgreSQL's store overrides it with COPY)."""
        cols = list(columns)
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows
        )

    # -- read side (Store protocol) ------------------------------------------------------------
    def list_incidents(self, q: IncidentQuery) -> tuple[list[dict[str, Any]], int]:
        return self._read(queries.list_incidents, q)

    def map_incidents(self, q: IncidentQuery) -> tuple[str, bool]:
        """The map's rows as JSON text and whether more match (:func:`queries.map_incidents`)."""
        return self._read(queries.map_incidents, q)

    def get_incident(self, incident_id: int) -> dict[str, Any] | None:
        return self._read(queries.get_incident, incident_id)

    def list_articles(self, limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        return self._read(queries.list_articles, limit, offset)

    def get_article(self, article_id: int | str) -> dict[str, Any] | None:
        return self._read(queries.get_article, article_id)

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        return self._read(queries.search, query, limit)

    def timeline(self, q: IncidentQuery, bucket: str = "day") -> list[dict[str, Any]]:
        return self._read(queries.timeline, q, bucket)

    def stats(self) -> dict[str, Any]:
        return self._read(queries.stats)

    def iter_incidents(
        self, q: IncidentQuery, page: int = 1000, with_notes: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Every incident matching ``q`` from ``q.offset`` on (``q.limit`` ignored), in
        ``list_incidents`` order, streamed page by page; ``with_notes`` adds ``notes``: the
        evidence sentence of its first report."""
        after: tuple[str | None, int] | None = None
        while True:
            rows = self._read(queries.incidents_page, q, after, page)
            if with_notes and rows:
                notes = self._read(queries.first_evidence, [r["id"] for r in rows])
                for r in rows:
                    r["notes"] = notes.get(r["id"], "")
            yield from rows
            if len(rows) < page:
                return
            after = (rows[-1]["date"], rows[-1]["id"])

    def has_content(self, content_hash: str) -> bool:
        """True when an article with exactly this text is stored (ingest skips extracting it)."""
        return self._read(
            lambda c: c.execute(
                "SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)
            ).fetchone()
            is not None
        )

    # -- writes: articles ----------------------------------------------------------------------
    def write_document(self, doc: DocResult) -> IngestCounts:
        """Store one extracted article with its events and tolls, atomically.

        Same content hash already stored: nothing changes. Same ``doc_id`` with a new hash: the
        article row is updated in place (its id is kept) and its events, tolls, copy links and
        incident links are replaced; incidents left without events are removed.
        """
        with self.transaction() as conn:
            counts, _ = self.write_document_in(conn, doc)
        return counts

    def write_document_in(
        self, conn: sqlite3.Connection, doc: DocResult, refresh: bool = False
    ) -> tuple[IngestCounts, int]:
        """The body of :meth:`write_document`, inside a transaction the caller holds, so it can
        store more with the article (a fetched page's provenance) atomically. Returns the
        counts and the article's id (the stored copy's id when the text was already there).

        ``refresh``: when this very article (same ``doc_id``) is stored with the same text, its
        events and tolls are replaced all the same (``veille reextract`` after a better model).
        """
        a = doc.article
        counts = IngestCounts()
        same = conn.execute(
            "SELECT id, doc_id FROM articles WHERE content_hash = ?", (a.hash,)
        ).fetchone()
        if same is not None and not (refresh and same[1] == a.id):
            counts.unchanged = 1
            return counts, int(same[0])
        row = conn.execute("SELECT id FROM articles WHERE doc_id = ?", (a.id,)).fetchone()
        values = (a.hash, a.source, a.url, a.published, a.lang, a.origin, a.body_start, a.text,
                  doc.skipped, len(doc.events), _now())  # fmt: skip
        if row is None:
            cur = conn.execute(
                "INSERT INTO articles (content_hash, source, url, published, lang, origin, "
                "body_start, text, skipped, n_events, ingested_at, doc_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (*values, a.id),
            )
            article_id = int(cur.fetchone()[0])
            counts.added = 1
        else:
            article_id = int(row[0])
            self._forget_article_data(conn, article_id)
            conn.execute(
                "UPDATE articles SET content_hash = ?, source = ?, url = ?, published = ?, "
                "lang = ?, origin = ?, body_start = ?, text = ?, skipped = ?, n_events = ?, "
                "ingested_at = ?, copies_checked = 0 WHERE id = ?",
                (*values, article_id),
            )
            counts.replaced = 1
        if doc.skipped:
            counts.skipped = 1
        self._insert_events(conn, article_id, doc)
        counts.events = len(doc.events)
        counts.tolls = len(doc.tolls)
        return counts, article_id

    def _insert_events(self, conn: sqlite3.Connection, article_id: int, doc: DocResult) -> None:
        marks = ", ".join("?" * (len(EVENT_FIELDS) + 2))
        rows = []
        for ordinal, ev in enumerate(doc.events):
            d = ev.to_dict()
            d["claimed_by"] = _json(d["claimed_by"])
            rows.append((article_id, ordinal, *(d.get(f) for f in EVENT_FIELDS)))
        conn.executemany(
            f"INSERT INTO events (article_id, ordinal, {', '.join(EVENT_FIELDS)}) VALUES ({marks})",
            rows,
        )
        conn.executemany(
            "INSERT INTO tolls (article_id, ordinal, fatalities, civilian_fatalities, injured, "
            "period, area, claimed_by, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, i, t.fatalities, t.civilian_fatalities, t.injured, t.period, t.area,
                 _json(t.claimed_by), t.evidence)
                for i, t in enumerate(doc.tolls)
            ],
        )

    def _forget_article_data(self, conn: sqlite3.Connection, article_id: int) -> None:
        touched = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT ie.incident_id FROM incident_events ie JOIN events e "
                "ON e.id = ie.event_id WHERE e.article_id = ?",
                (article_id,),
            )
        ]
        conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM tolls WHERE article_id = ?", (article_id,))
        conn.execute(
            "DELETE FROM article_copies WHERE article_id = ? OR source_article_id = ?",
            (article_id, article_id),
        )
        conn.execute("DELETE FROM paragraph_bands WHERE article_id = ?", (article_id,))
        if touched:
            self._mark_stale(conn, touched)

    def _mark_stale(self, conn: sqlite3.Connection, incident_ids: Iterable[int]) -> None:
        """Incidents whose membership changed: removed when empty, else their events are
        unlinked so the next resolution pass re-merges them with fresh figures."""
        for iid in incident_ids:
            conn.execute("DELETE FROM incident_events WHERE incident_id = ?", (iid,))
            conn.execute("DELETE FROM incidents WHERE id = ?", (iid,))


def open_store(path: str | None = None, readonly: bool = False) -> SQLiteStore:
    """Open the database at ``path`` (default :func:`default_db_path`): a SQLite file, or a
    PostgreSQL database for a ``postgresql://user@host/db`` URL."""
    return SQLiteStore(path or default_db_path(), readonly=readonly)
