"""Read-only additions to incident rows, computed from their reports at read time.

The incident table keeps fatalities only; events also carry ``injured``, ``child_fatalities``
and ``women_fatalities``. Rather than incident columns, the range of those figures over an
incident's reports is aggregated when incidents are read (one grouped query per page), so
older databases get it too. Also here: the evidence sentence of each incident's first report
and the countries that have incidents (the page's country list).

The SQL is portable (``?`` placeholders, which the PostgreSQL store, a subclass of
:class:`SQLiteStore`, rewrites); a store of another kind gets the rows unchanged (the keys stay
absent) and an empty country list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from veille.store.sqlite import SQLiteStore

RANGE_FIGURES = ("injured", "child_fatalities", "women_fatalities")
"""Event figures whose min-max over the reports is added to incidents."""
RANGE_KEYS = tuple(f"{f}_{end}" for f in RANGE_FIGURES for end in ("min", "max"))
RANGE_SQL = ", ".join(f"{agg}(e.{f})" for f in RANGE_FIGURES for agg in ("MIN", "MAX"))
CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit


def ranges_from_events(events: Iterable[Mapping[str, Any]]) -> dict[str, int | None]:
    """``injured_min`` ... ``women_fatalities_max`` of a list of event dicts."""
    out: dict[str, int | None] = {}
    for figure in RANGE_FIGURES:
        values = [int(e[figure]) for e in events if e.get(figure) is not None]
        out[f"{figure}_min"] = min(values) if values else None
        out[f"{figure}_max"] = max(values) if values else None
    return out


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def figure_ranges(store: Any, ids: list[int]) -> dict[int, dict[str, int | None]]:
    """Incident id -> its injured, child-fatality and women-fatality ranges."""
    if not isinstance(store, SQLiteStore) or not ids:
        return {}
    out: dict[int, dict[str, int | None]] = {}

    def read(conn: Any) -> None:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT ie.incident_id, {RANGE_SQL} FROM incident_events ie JOIN events e "
                f"ON e.id = ie.event_id WHERE ie.incident_id IN ({marks}) GROUP BY ie.incident_id",
                chunk,
            ):
                out[int(row[0])] = dict(zip(RANGE_KEYS, row[1:], strict=True))

    store._read(read)
    return out


def first_evidence(store: Any, ids: list[int]) -> dict[int, str]:
    """Incident id -> evidence sentence of its earliest stored report."""
    if not isinstance(store, SQLiteStore) or not ids:
        return {}
    from veille.store import queries

    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        out.update(store._read(queries.first_evidence, chunk))
    return out


def add_ranges(store: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the figure ranges to incident rows in place (keys absent when unknown)."""
    found = figure_ranges(store, [int(r["id"]) for r in rows])
    for r in rows:
        r.update(found.get(int(r["id"]), {}))
    return rows


def countries(store: Any) -> list[dict[str, Any]]:
    """``[{cc, name, incidents}]`` of the countries that have incidents, most incidents first
    (another kind of store gets an empty list and the page falls back to the basemap's)."""
    if not isinstance(store, SQLiteStore):
        return []

    def read(conn: Any) -> list[dict[str, Any]]:
        rows = conn.execute(
            "SELECT country_code, MAX(country), COUNT(*) FROM incidents "
            "WHERE country_code IS NOT NULL GROUP BY country_code ORDER BY COUNT(*) DESC"
        ).fetchall()
        return [{"cc": r[0], "name": r[1], "incidents": int(r[2])} for r in rows]

    return store._read(read)


def enriched(
    store: Any, rows: Iterable[dict[str, Any]], with_evidence: bool = False, chunk: int = 1000
) -> Iterator[dict[str, Any]]:
    """Stream incident rows with their figure ranges, English ``summary`` and, with
    ``with_evidence``, the ``evidence`` sentence of their first report; one query per chunk."""
    from veille.resolve.summary import add_summaries

    buffer: list[dict[str, Any]] = []

    def flush() -> list[dict[str, Any]]:
        add_ranges(store, buffer)
        if with_evidence:
            found = first_evidence(store, [int(r["id"]) for r in buffer])
            for r in buffer:
                r["evidence"] = found.get(int(r["id"]), r.get("notes"))
        return add_summaries(buffer)

    for row in rows:
        buffer.append(row)
        if len(buffer) >= chunk:
            yield from flush()
            buffer = []
    if buffer:
        yield from flush()


def country_names(cc: str, fallback: str | None = None) -> dict[str, str]:
    """``{"name_en", "name_fr"}`` of an ISO code, from the CLDR names Babel ships."""
    from babel import Locale

    out = {}
    for lang in ("en", "fr"):
        out[f"name_{lang}"] = Locale(lang).territories.get(cc.upper()) or fallback or cc
    return out
