"""The PostgreSQL store: :class:`~veille.store.sqlite.SQLiteStore`'s code over psycopg 3.

Every query and write path is SQLiteStore's (and its :class:`~veille.store.pending.PendingWork`
mixin's); this class changes only how the database is opened, how a write transaction is held
and how bulk rows are loaded. ``path`` is the URL without its password, for messages.

Concurrent writers (several ``veille ingest`` on several machines): each write transaction
first takes a transaction-level advisory lock on the schema, so writes are serialised exactly
as SQLite's ``BEGIN IMMEDIATE`` serialises them, and everything the single-writer code checks
inside a transaction (an article's hash already stored, an event already linked to an incident:
``save_incidents`` re-checks and skips what changed under it) still holds. Extraction, copy
detection's hashing and resolution's comparisons run outside the lock, in parallel; readers
never wait for it (MVCC).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from veille.errors import StoreError
from veille.store.pg.adapter import PgConnection
from veille.store.pg.connection import WRITE_LOCK, connect, guard, lock
from veille.store.pg.dialect import POSTGRES
from veille.store.pg.url import redact
from veille.store.sqlite import SQLiteStore


class PostgresStore(SQLiteStore):
    """A veille database in a PostgreSQL schema (the first of the URL's search_path)."""

    dialect = POSTGRES
    conn: PgConnection  # type: ignore[assignment]

    def __init__(self, path: str, readonly: bool = False, timeout: float | None = None) -> None:
        self.url = str(path)
        self.path = redact(self.url)
        self.readonly = readonly
        self.conn = connect(self.url, readonly=readonly, timeout=timeout)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:  # type: ignore[override]
        """One write transaction under veille's write lock, rolled back on any exception."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        with guard(self.path), self.conn.raw.transaction():
            lock(self.conn, WRITE_LOCK)
            yield self.conn

    def _read(self, fn: Any, *args: Any) -> Any:
        with guard(self.path):
            return fn(self.conn, *args)

    def insert_many(  # type: ignore[override]
        self, conn: PgConnection, table: str, columns: Iterable[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """COPY the rows in: several times faster than INSERTs for a million incidents."""
        with conn.raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def analyze(self) -> None:
        """After a bulk load, do what autovacuum would do later: refresh the planner's
        statistics and the visibility map (which index-only scans need)."""
        with guard(self.path):
            self.conn.execute("VACUUM (ANALYZE)")
