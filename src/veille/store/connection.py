"""Opening a SQLite database safely: permissions, corruption, locks, schema migrations.

Every sqlite3 failure is turned into a :class:`~veille.errors.StoreError` whose message says
what is wrong with which file. Nothing here ever deletes, truncates or recreates an existing
file: a corrupt or foreign database is refused and left as it was.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from veille.errors import StoreError

DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for another writer before reporting the database as locked."""
TIMEOUT_ENV = "VEILLE_DB_TIMEOUT"
CACHE_KIB = 64 * 1024
"""Page cache per connection (SQLite's default, 2 MB, thrashes on a million incidents)."""
MMAP_BYTES = 2 << 30
"""Reads through a memory map of up to this much of the file: a page missing from the cache is
then read from the operating system's cache without a system call and a copy, and the server's
per-thread read connections share the mapped pages (each had copied them into its own cache)."""


def default_timeout() -> float:
    """``$VEILLE_DB_TIMEOUT`` seconds when set to a number, else :data:`DEFAULT_TIMEOUT`."""
    try:
        return float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT

MIGRATIONS_PACKAGE = "veille.store"
MIGRATIONS_DIR = "migrations"
ADD_COLUMN = re.compile(r"^\s*ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", re.IGNORECASE)


def describe(exc: sqlite3.Error, path: str) -> str:
    """One-line, user-facing explanation of a sqlite3 error on ``path``."""
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return f"{path}: database is locked by another process; try again when it has finished"
    if "readonly" in msg or "read-only" in msg:
        return f"{path}: database is read-only (check the file's and its directory's permissions)"
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return f"{path}: file is not a SQLite database or is corrupt; it was left untouched"
    if "unable to open" in msg:
        return f"{path}: cannot open database file (missing directory or no permission)"
    if "disk i/o" in msg or "full" in msg:
        return f"{path}: disk error while using the database ({exc})"
    return f"{path}: database error: {exc}"


@contextmanager
def guard(path: str) -> Iterator[None]:
    """Turn any sqlite3 error raised inside the block into a StoreError."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(describe(exc, path)) from None


def migrations() -> list[tuple[int, str, str]]:
    """Shipped migrations as (version, name, sql), in order."""
    out = []
    for entry in (resources.files(MIGRATIONS_PACKAGE) / MIGRATIONS_DIR).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            out.append((int(name[:3]), name[:-4], entry.read_text(encoding="utf-8")))
    return sorted(out)


def latest_version() -> int:
    return migrations()[-1][0]


def connect(path: str, readonly: bool = False, timeout: float | None = None) -> sqlite3.Connection:
    """Open (and for writers create and migrate) the database at ``path``."""
    timeout = default_timeout() if timeout is None else timeout
    p = Path(path)
    if readonly:
        if not p.exists():
            raise StoreError(f"{path}: no database here (create one with `veille ingest`)")
        conn = _open(f"file:{p.resolve().as_posix()}?mode=ro", path, timeout, uri=True)
    else:
        _check_writable(p)
        conn = _open(str(p), path, timeout, uri=False)
    with guard(path):
        conn.execute("PRAGMA schema_version").fetchone()  # fails fast on a non-database file
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{path}: cannot switch the database to WAL mode ({mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
    try:
        if readonly:
            _check_version(conn, path)
        else:
            migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _open(target: str, path: str, timeout: float, uri: bool) -> sqlite3.Connection:
    with guard(path):
        conn = sqlite3.connect(
            target, timeout=timeout, isolation_level=None, uri=uri, check_same_thread=False
        )
    conn.row_factory = sqlite3.Row
    return conn


def _check_writable(p: Path) -> None:
    if p.is_dir():
        raise StoreError(f"{p}: is a directory, not a database file")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise StoreError(f"{p}: directory {parent} does not exist")
    if p.exists() and not os.access(p, os.W_OK):
        raise StoreError(f"{p}: database is read-only (no write permission on the file)")
    if not os.access(parent, os.W_OK):
        raise StoreError(
            f"{p}: database is read-only (directory {parent} is not writable, "
            "and SQLite needs it for its journal)"
        )


def _applied(conn: sqlite3.Connection) -> int:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        if tables:
            raise StoreError("database holds tables but is not a veille database")
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _check_version(conn: sqlite3.Connection, path: str) -> None:
    with guard(path):
        try:
            current = _applied(conn)
        except StoreError as exc:
            raise StoreError(f"{path}: {exc}") from None
    if current != latest_version():
        raise StoreError(
            f"{path}: schema version {current}, this veille expects {latest_version()}; "
            "migrate it with `veille ingest --db FILE` (no input needed)"
        )


def newer_schema(where: str, current: int, latest: int) -> StoreError:
    """The error for a database migrated by a later veille than this one."""
    return StoreError(f"{where}: schema version {current} is newer than this veille knows ({latest}); upgrade veille")


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Apply the shipped migrations the database lacks, all in one write transaction, so two
    processes opening a new file at once cannot both migrate it."""
    known = migrations()
    with guard(path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            try:
                current = _applied(conn)
            except StoreError as exc:
                raise StoreError(f"{path}: {exc}; it was left untouched") from None
            if current > known[-1][0]:
                raise newer_schema(path, current, known[-1][0])
            if current == 0:
                conn.execute(
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
                )
            for version, name, sql in known:
                if version > current:
                    for statement in split_sql(sql):
                        if not _has_column(conn, statement):
                            conn.execute(statement)
                    conn.execute(
                        "INSERT INTO schema_version (version, name) VALUES (?, ?)", (version, name)
                    )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return known[-1][0]


def _has_column(conn: sqlite3.Connection, statement: str) -> bool:
    """True for an ``ALTER TABLE t ADD COLUMN c`` whose column is already there: SQLite has no
    ``ADD COLUMN IF NOT EXISTS``, and a migration re-applied over a schema that holds it (a
    version table older than the schema) must stay harmless, as the ``IF NOT EXISTS`` of the
    other migrations make them."""
    found = ADD_COLUMN.match(statement)
    if found is None:
        return False
    table, column = found.groups()
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def split_sql(script: str) -> list[str]:
    """Statements of a migration script (trigger bodies keep their inner semicolons)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if not buf and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
