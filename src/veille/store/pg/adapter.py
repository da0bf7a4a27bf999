"""A psycopg 3 connection that runs the SQL the SQLite store writes.

The store's SQL uses sqlite3's ``?`` (and ``?N``) placeholders and reads rows by index and by
name. :class:`PgConnection` rewrites the placeholders to psycopg's ``%s`` (once per distinct
statement) and returns :class:`Row` objects that behave like ``sqlite3.Row``, so the queries and
the write paths of :mod:`veille.store.sqlite` and :mod:`veille.store.pending` run unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg

from veille.store.pg.dialect import POSTGRES

# String literals, quoted identifiers and comments are copied as they are (but for '%');
# a placeholder or a bare '%' outside them is rewritten.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\?(\d*)|%")


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, tuple[int, ...] | None]:
    """``sql`` with psycopg placeholders, and for ``?N`` placeholders the parameter index each
    ``%s`` takes (None when they are plain ``?`` in order)."""
    order: list[int] = []
    numbered = False

    def sub(m: re.Match[str]) -> str:
        nonlocal numbered
        token = m.group(0)
        if token == "%":
            return "%%"
        if token.startswith("?"):
            if m.group(1):
                numbered = True
                order.append(int(m.group(1)) - 1)
            else:
                order.append(len(order))
            return "%s"
        return token.replace("%", "%%")

    return _TOKEN.sub(sub, sql), tuple(order) if numbered else None


class Row:
    """One result row: ``row[0]``, ``row["name"]``, ``dict(row)`` and unpacking all work."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Row | tuple) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


def row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    description = cursor.description or []
    index = {column.name: i for i, column in enumerate(description)}
    return lambda values: Row(values, index)


def _params(params: Sequence[Any], order: tuple[int, ...] | None) -> Sequence[Any]:
    return params if order is None else [params[i] for i in order]


class PgConnection:
    """The subset of ``sqlite3.Connection`` the store uses, over a psycopg connection in
    autocommit mode (each read is its own statement; writes group them in
    :meth:`PostgresStore.transaction`)."""

    dialect = POSTGRES

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> psycopg.Cursor[Any]:
        if not params:  # no placeholder processing at all: '%' stays as written
            return self.raw.execute(sql)
        query, order = translate(sql)
        return self.raw.execute(query, _params(list(params), order))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        query, order = translate(sql)
        batch = [_params(list(r), order) for r in rows]
        if batch:
            with self.raw.cursor() as cur:
                cur.executemany(query, batch)

    def close(self) -> None:
        self.raw.close()
