"""Read-side SQL for both stores: filters, pagination, detail views, timeline, stats.

Functions take an open connection and return plain dicts (see :mod:`veille.store.base` for the
keys). Filters are built as parameterised SQL; nothing user-given is ever pasted into SQL text.
The SQL is written once, with ``?`` placeholders; the few spellings that differ between SQLite
and PostgreSQL (case-insensitive equality, full-text search) come from the
connection's :class:`Dialect` (PostgreSQL's is :mod:`veille.store.pg.dialect`).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import sqlite3
from collections.abc import Callable
from typing import Any

from veille.store import facets
from veille.store.base import TIMELINE_BUCKETS, IncidentQuery

INCIDENT_COLUMNS = (
    "id, date, date_max, date_estimated, location, admin1, country, country_code, lat, lon, "
    "geo_precision, event_type, sub_event_type, actor1, actor2, fatalities_best, fatalities_min, "
    "fatalities_max, civilian_fatalities, n_reports, n_articles, independent_sources, claimants, "
    "sources, disputed_figures, disputed_attribution, grade, admin2"
)
ARTICLE_COLUMNS = (
    "id, doc_id, content_hash, source, url, published, lang, origin, n_events, skipped, ingested_at"
)
EVENT_COLUMNS = (
    "e.id, e.article_id, e.ordinal, e.event_type, e.sub_event_type, e.location, e.admin1, "
    "e.country, e.country_code, e.date, e.actor1, e.actor2, e.fatalities, e.civilian_fatalities, "
    "e.child_fatalities, e.injured, e.claimed_by, e.evidence, e.evidence_start, e.evidence_end, "
    "e.lat, e.lon, e.geo_precision, e.gazetteer_id, e.admin2, e.women_fatalities"
)
BOOL_KEYS = ("date_estimated", "disputed_figures", "disputed_attribution")
JSON_KEYS = ("claimants", "sources", "claimed_by")
BUCKET_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}


class Dialect:
    """SQLite's spelling of what the two backends write differently."""

    name = "sqlite"
    undated_last = True
    """``ORDER BY date DESC`` puts undated incidents last (PostgreSQL puts NULLs first), as the
    newest-first scans of the date index for a box (:func:`_map_ids`) assume."""

    def cell(self, column: str, scale: int) -> str:
        """floor(``column`` * ``scale``) as an integer, spelled as migration 013's index
        incidents_cell8 spells it (SQLite's math functions are a compile-time option)."""
        v = f"{column} * {int(scale)}"
        return f"CAST({v} AS INTEGER) - ({v} < CAST({v} AS INTEGER))"

    def period(self, grain: str, column: str) -> str:
        """The label of a ``YYYY-MM-DD`` day in ``column`` for a period of migration 011's rows
        ('w': ``strftime('%Y-W%W')``, 'm': ``YYYY-MM``), as :func:`period_label` labels it."""
        return f"strftime('%Y-W%W', {column})" if grain == "w" else f"substr({column}, 1, 7)"

    def nocase_eq(self, column: str) -> str:
        """``column`` equals one parameter, ignoring case (served by a NOCASE index)."""
        return f"{column} = ? COLLATE NOCASE"

    def text_condition(self, text: str) -> tuple[str, list[Any]]:
        """Condition on ``incidents.id``: a report's evidence or its article matches ``text``."""
        fts = fts_query(text)
        return (
            "id IN (SELECT ie.incident_id FROM incident_events ie JOIN events e "
            "ON e.id = ie.event_id WHERE e.id IN (SELECT rowid FROM events_fts "
            "WHERE events_fts MATCH ?) OR e.article_id IN (SELECT rowid FROM articles_fts "
            "WHERE articles_fts MATCH ?))",
            [fts, fts],
        )

    def search(self, query: str, limit: int) -> tuple[str, list[Any]]:
        """Articles matching ``query``: id, doc_id, source, published, snippet, rank (lower is
        better), best first."""
        return (
            "SELECT a.id, a.doc_id, a.source, a.published, "
            "snippet(articles_fts, 0, '[', ']', '…', 12) AS snippet, articles_fts.rank AS rank "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT ?",
            [fts_query(query), max(0, limit)],
        )


SQLITE = Dialect()


def dialect_of(conn: Any) -> Dialect:
    """The dialect of an open connection: PostgreSQL's wrapper names its own, sqlite3's none."""
    return getattr(conn, "dialect", SQLITE)


def incident_row(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for key in BOOL_KEYS:
        if key in out:
            out[key] = bool(out[key])
    for key in JSON_KEYS:
        if key in out and isinstance(out[key], str):
            out[key] = json.loads(out[key])
    return out


def where_clause(q: IncidentQuery, dialect: Dialect = SQLITE) -> tuple[str, list[Any]]:
    """SQL condition (with a leading WHERE, or empty) and its parameters."""
    nocase = dialect.nocase_eq
    conds: list[str] = []
    params: list[Any] = []
    if q.since:
        conds.append("date >= ?")
        params.append(q.since)
    if q.until:
        conds.append("date <= ?")
        params.append(q.until)
    if q.country:
        c = q.country.strip()
        if len(c) == 2 and c.isalpha():
            conds.append("country_code = ?")
            params.append(c.upper())
        else:
            conds.append(nocase("country"))
            params.append(c)
    if q.admin1:
        conds.append(nocase("admin1"))
        params.append(q.admin1.strip())
    if q.event_type:
        conds.append(f"({nocase('event_type')} OR {nocase('sub_event_type')})")
        params += [q.event_type, q.event_type]
    if q.actor:
        conds.append(f"({nocase('actor1')} OR {nocase('actor2')})")
        params += [q.actor, q.actor]
    if q.min_fatalities is not None:
        conds.append("fatalities_best >= ?")
        params.append(q.min_fatalities)
    if q.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        conds.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        params += [min_lon, max_lon, min_lat, max_lat]
    if q.text:
        cond, more = dialect.text_condition(q.text)
        conds.append(cond)
        params += more
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


GRAINS = {"day": "", "week": "w:", "month": "m:"}
"""The cube's rows per day, per week label and per month (the prefix of their ``dim``)."""

PAIR_SEPARATOR = "\x1f"
"""Between the two values of a pair dimension of the cube (migration 010): the unit separator,
which no name holds."""


def cube_where(
    q: IncidentQuery, dialect: Dialect = SQLITE, grain: str = ""
) -> tuple[str, list[Any]] | None:
    """``q``'s filters over ``incident_cube`` (migrations 006 and 010), or None when the cube
    cannot answer them: a figure, box or text filter, or all three of country, admin1 and
    actor. Two of them are a pair dimension ('cc/admin1', 'cc/actor', 'admin1/actor', the
    country as an ISO code), kept per week and per month only: a pair with dates, or with a
    country name, is None. Equivalent to :func:`where_clause` on the incidents the cube counts.
    A ``grain`` other than days ("w:", "m:") is only for a query without dates (its ``day``
    holds period labels)."""
    if q.min_fatalities is not None or q.bbox is not None or q.text:
        return None
    keys: list[tuple[str, str, str]] = []
    if q.country:
        c = q.country.strip()
        alpha2 = len(c) == 2 and c.isalpha()
        keys.append(("cc", "?", c.upper()) if alpha2 else ("country", "lower(?)", c))
    if q.admin1:
        keys.append(("admin1", "lower(?)", q.admin1.strip()))
    if q.actor:
        keys.append(("actor", "lower(?)", q.actor))
    if len(keys) == 2:
        if not grain or keys[0][0] == "country":
            return None
        # the pair's value is lower(first || separator || second), as migration 010 stores it
        keys = [("/".join(k[0] for k in keys), "lower(?)", PAIR_SEPARATOR.join(k[2] for k in keys))]
    if len(keys) > 1:
        return None
    dim, marker, value = keys[0] if keys else ("", "?", "")
    conds, params = [f"dim = ? AND value = {marker}"], [grain + dim, value]
    if q.since:
        conds.append("day >= ?")
        params.append(q.since)
    if q.until:
        conds.append("day <= ? AND day <> ''")
        params.append(q.until)
    if q.event_type:
        conds.append(f"({dialect.nocase_eq('event_type')} OR {dialect.nocase_eq('sub_event_type')})")
        params += [q.event_type, q.event_type]
    return "WHERE " + " AND ".join(conds), params


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word quoted (so punctuation cannot break the
    syntax) and all required. Use ``OR`` between words to ask for any."""
    words = text.split()
    parts = []
    for w in words:
        if w == "OR":
            parts.append("OR")
        else:
            parts.append('"' + w.replace('"', '""') + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    while parts and parts[0] == "OR":
        parts.pop(0)
    return " ".join(parts) or '""'


def count_incidents(conn: sqlite3.Connection, q: IncidentQuery, rollups: bool = True) -> int:
    """How many incidents match ``q``: from the rollups of migrations 006, 010 and 011 when
    they can say (``rollups=False``: always counted from the incidents)."""
    sources = facets.count_sources(q, dialect_of(conn)) if rollups else None
    if sources is not None:
        return sum(int(conn.execute(s.sql, s.params).fetchone()[0]) for s in sources)
    dated = bool(q.since or q.until)
    cube = cube_where(q, dialect_of(conn), "" if dated else GRAINS["month"]) if rollups else None
    if cube is None:
        where, params = where_clause(q, dialect_of(conn))
        return int(conn.execute(f"SELECT COUNT(*) FROM incidents {where}", params).fetchone()[0])
    if cube[1] == [GRAINS["month"], ""]:
        return table_count(conn, "incidents")
    sql = f"SELECT CAST(COALESCE(SUM(incidents), 0) AS BIGINT) FROM incident_cube {cube[0]}"
    return int(conn.execute(sql, cube[1]).fetchone()[0])


def table_count(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT n FROM table_counts WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else 0


def list_incidents(conn: sqlite3.Connection, q: IncidentQuery) -> tuple[list[dict[str, Any]], int]:
    dialect = dialect_of(conn)
    where, params = where_clause(q, dialect)
    total = count_incidents(conn, q)
    limit, offset = max(0, q.limit), max(0, q.offset)
    # The page's ids first, from an index that carries the filtered columns (migration 007),
    # then only those rows: filtering on the wide rows themselves meant fetching every row
    # passed over (4,000 for a page of 1,000 of one event type).
    if q.bbox is not None and not q.text and dialect.undated_last:
        # a box: found as the map finds them (SQLite sorted every match of the (lon, lat) index)
        ids = _map_ids(conn, q, offset + limit)[offset:] if limit else []
        rows = conn.execute(
            f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id IN ({','.join('?' * len(ids))}) "
            "ORDER BY date DESC, id DESC",
            ids,
        ).fetchall() if ids else []  # fmt: skip
        return [incident_row(r) for r in rows], int(total)
    rows = conn.execute(
        f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id IN (SELECT id FROM incidents {where} "
        "ORDER BY date DESC, id DESC LIMIT ? OFFSET ?) ORDER BY date DESC, id DESC",
        [*params, limit, offset],
    ).fetchall()
    return [incident_row(r) for r in rows], int(total)


def incidents_page(
    conn: sqlite3.Connection, q: IncidentQuery, after: tuple[str | None, int] | None, page: int
) -> list[dict[str, Any]]:
    """Keyset pagination in ``list_incidents`` order (date descending, undated last, then id
    descending): the page after the row ``after`` = (date, id), so streaming a million rows
    never rescans skipped ones as OFFSET would."""
    where, params = where_clause(q, dialect_of(conn))
    glue = " AND " if where else "WHERE "
    if after is None:
        extra, more, offset = "", [], max(0, q.offset)
    elif after[0] is not None:
        extra = glue + "(date IS NULL OR date < ? OR (date = ? AND id < ?))"
        more, offset = [after[0], after[0], after[1]], 0
    else:
        extra, more, offset = glue + "date IS NULL AND id < ?", [after[1]], 0
    rows = conn.execute(
        f"SELECT {INCIDENT_COLUMNS} FROM incidents {where}{extra} "
        "ORDER BY date DESC, id DESC LIMIT ? OFFSET ?",
        [*params, *more, page, offset],
    ).fetchall()
    return [incident_row(r) for r in rows]


def get_incident(conn: sqlite3.Connection, incident_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?", (incident_id,))
    found = row.fetchone()
    if found is None:
        return None
    out = incident_row(found)
    events = conn.execute(
        f"SELECT {EVENT_COLUMNS}, a.doc_id AS article_doc_id, a.source AS source, a.url AS url, "
        "a.published AS published FROM incident_events ie JOIN events e ON e.id = ie.event_id "
        "JOIN articles a ON a.id = e.article_id WHERE ie.incident_id = ? ORDER BY e.id",
        (incident_id,),
    ).fetchall()
    out["events"] = [incident_row(e) for e in events]
    article_ids = sorted({e["article_id"] for e in out["events"]})
    marks = ",".join("?" * len(article_ids))
    copies: dict[int, list[int]] = {}
    if article_ids:
        for a, b in conn.execute(
            f"SELECT article_id, source_article_id FROM article_copies WHERE article_id IN "
            f"({marks}) AND source_article_id IN ({marks})",
            [*article_ids, *article_ids],
        ):
            copies.setdefault(a, []).append(b)
    articles = conn.execute(
        f"SELECT id, doc_id, source, url, published FROM articles WHERE id IN ({marks}) ORDER BY id",
        article_ids,
    ).fetchall() if article_ids else []
    out["articles"] = [dict(a) | {"copy_of": sorted(copies.get(a["id"], []))} for a in articles]
    out["per_source"] = [
        {
            "article_id": e["article_id"],
            "source": e["source"] or e["article_doc_id"],
            "fatalities": e["fatalities"],
            "civilian_fatalities": e["civilian_fatalities"],
            "actor1": e["actor1"],
            "claimed_by": e["claimed_by"],
            "evidence": e["evidence"],
        }
        for e in out["events"]
    ]
    return out


def first_evidence(conn: sqlite3.Connection, incident_ids: list[int]) -> dict[int, str]:
    """Evidence sentence of each incident's earliest stored report."""
    marks = ",".join("?" * len(incident_ids))
    rows = conn.execute(
        "SELECT ie.incident_id, e.evidence FROM incident_events ie JOIN events e "
        f"ON e.id = ie.event_id WHERE ie.incident_id IN ({marks}) ORDER BY e.id DESC",
        incident_ids,
    ).fetchall()
    return {int(r[0]): r[1] for r in rows}  # the last write per id wins: the lowest event id


def list_articles(
    conn: sqlite3.Connection, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    rows = conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id LIMIT ? OFFSET ?",
        (max(0, limit), max(0, offset)),
    ).fetchall()
    return [dict(r) for r in rows], int(total)


def get_article(conn: sqlite3.Connection, article_id: int | str) -> dict[str, Any] | None:
    key = str(article_id)
    row = None
    if key.isdigit():
        row = conn.execute(
            f"SELECT {ARTICLE_COLUMNS}, text FROM articles WHERE id = ?", (int(key),)
        ).fetchone()
    if row is None:
        row = conn.execute(
            f"SELECT {ARTICLE_COLUMNS}, text FROM articles WHERE doc_id = ?", (key,)
        ).fetchone()
    if row is None:
        return None
    out = dict(row)
    aid = out["id"]
    events = conn.execute(
        f"SELECT {EVENT_COLUMNS}, ie.incident_id FROM events e LEFT JOIN incident_events ie "
        "ON ie.event_id = e.id WHERE e.article_id = ? ORDER BY e.ordinal",
        (aid,),
    ).fetchall()
    out["events"] = [incident_row(e) for e in events]
    tolls = conn.execute(
        "SELECT fatalities, civilian_fatalities, injured, period, area, claimed_by, evidence "
        "FROM tolls WHERE article_id = ? ORDER BY ordinal",
        (aid,),
    ).fetchall()
    out["tolls"] = [incident_row(t) for t in tolls]
    link_cols = "c.share, c.source_share, c.similarity, c.paragraphs"
    out["copies"] = [
        dict(r)
        for r in conn.execute(
            f"SELECT c.source_article_id AS article_id, a.doc_id, a.source, {link_cols} "
            "FROM article_copies c JOIN articles a ON a.id = c.source_article_id "
            "WHERE c.article_id = ?",
            (aid,),
        )
    ]
    out["copied_by"] = [
        dict(r)
        for r in conn.execute(
            f"SELECT c.article_id AS article_id, a.doc_id, a.source, {link_cols} "
            "FROM article_copies c JOIN articles a ON a.id = c.article_id "
            "WHERE c.source_article_id = ?",
            (aid,),
        )
    ]
    return out


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[dict[str, Any]]:
    rows = conn.execute(*dialect_of(conn).search(query, limit)).fetchall()
    return [dict(r) | {"snippet": " ".join(r["snippet"].split())} for r in rows]


def timeline(
    conn: sqlite3.Connection, q: IncidentQuery, bucket: str = "day", rollups: bool = True
) -> list[dict[str, Any]]:
    """Incidents and fatalities per period and event type. The database sums per day and
    event type (from the rollups of migrations 006, 010 and 011 when they can answer ``q`` and
    ``rollups`` is true, else from the incidents, in the date index's order); days are grouped
    into periods here: labelling every row in SQL and grouping by the label cost ~100 ms on ten
    years of days (and 1.8-4 times the time of the day rows for the 30,000 incidents of a
    country's deaths >= 10)."""
    if bucket not in TIMELINE_BUCKETS:
        raise ValueError(f"bucket must be one of {', '.join(TIMELINE_BUCKETS)}, not {bucket!r}")
    sources = (facets.timeline_sources(q, bucket, dialect_of(conn)) if rollups else None) or [
        _timeline_source(q, bucket, dialect_of(conn), rollups)
    ]
    day_label = period_label(bucket)
    sums: dict[tuple[str, str], list[int]] = {}
    for source in sources:
        label = str if source.labelled else day_label
        for day, event_type, incidents, fatalities in conn.execute(
            source.sql, source.params
        ).fetchall():
            acc = sums.setdefault((label(day), event_type), [0, 0])
            acc[0] += incidents
            acc[1] += fatalities
    return [
        {"period": period, "event_type": event_type, "incidents": n, "fatalities": f}
        for (period, event_type), (n, f) in sorted(sums.items())
        if n > 0
    ]


def _timeline_source(
    q: IncidentQuery, bucket: str, dialect: Dialect, rollups: bool
) -> facets.Source:
    """``q``'s rows per day (or per period, labelled) from the cube or the incidents."""
    grain = "" if q.since or q.until else GRAINS[bucket]  # whole periods: their own rows
    cube = cube_where(q, dialect, grain) if rollups else None
    if cube is not None:
        sql = (
            "SELECT day, event_type, CAST(SUM(incidents) AS BIGINT), "
            f"CAST(SUM(fatalities) AS BIGINT) FROM incident_cube {cube[0]} AND day <> '' "
            "GROUP BY day, event_type"
        )
        return facets.Source(sql, cube[1], bool(grain))
    where, params = where_clause(q, dialect)
    sql = (
        "SELECT date, event_type, COUNT(*), CAST(COALESCE(SUM(fatalities_best), 0) AS BIGINT) "
        f"FROM incidents {where} {'AND' if where else 'WHERE'} date IS NOT NULL "
        "GROUP BY date, event_type"
    )
    return facets.Source(sql, params, False)


def period_label(bucket: str) -> Callable[[str], str]:
    """The timeline label of a ``YYYY-MM-DD`` day: the day, ``YYYY-MM``, or SQLite's
    ``strftime('%Y-W%W')`` (week 01 starts on the year's first Monday; days before are 00)."""
    return {"day": str, "week": _week_label, "month": _month_label}[bucket]


@functools.lru_cache(maxsize=1 << 16)  # ten years of days, labelled once per process
def _week_label(day: str) -> str:
    return datetime.date.fromisoformat(day).strftime(BUCKET_FORMATS["week"])


def _month_label(day: str) -> str:
    return day[:7]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts kept by the triggers of migration 006 (counting a million rows per request took
    up to a second), and the date span from the date index."""
    n = {str(name): int(value) for name, value in conn.execute("SELECT name, n FROM table_counts")}
    # MIN and MAX apart: each is one step down the date index (together they scan it)
    low = conn.execute("SELECT MIN(date) FROM incidents").fetchone()[0]
    high = conn.execute("SELECT MAX(date) FROM incidents").fetchone()[0]
    return {
        **{k: n.get(k, 0) for k in ("articles", "articles_skipped", "events", "tolls")},
        "incidents": n.get("incidents", 0),
        "merged_incidents": n.get("merged_incidents", 0),
        "copy_links": n.get("copy_links", 0),
        "grades": {g: n.get(f"grade_{g}", 0) for g in ("weak", "fair", "contested")},
        "disputed_figures": n.get("disputed_figures", 0),
        "disputed_attribution": n.get("disputed_attribution", 0),
        "date_min": low,
        "date_max": high,
    }


# -- the page's map: a narrow answer, encoded by the database --------------------------------
MAP_FIELDS = (
    "id", "date", "date_max", "location", "admin1", "country", "lat", "lon", "event_type",
    "sub_event_type", "fatalities_best", "fatalities_min", "fatalities_max", "disputed_figures",
    "disputed_attribution", "grade",
)  # fmt: skip
"""What the page's map reads of an incident (marker, colour, outline and tooltip)."""

MAP_SCAN_TIERS = (50_000, 200_000)
"""A visible-area (box) query first looks for its newest incidents among the newest 50,000,
then 200,000 entries of the date index (which carries lon and lat: the box is checked in the
index, the scan runs newest first and stops at the page's last row): a box holding more than a
small share of the incidents is answered there in a few milliseconds. A box holding fewer is
answered from the (lon, lat) index, whose matches are then few to sort (the (lon, lat) index
alone sorted every match: 60,000 for a box around a province, 150 ms)."""

MAP_FEW = 5000
"""A box whose newest incidents are not among the first tier's, and that has fewer matches
than this (counted from the (lon, lat) index, up to this number), is answered from that index."""


MAP_ORDER = "ORDER BY date DESC, id DESC"
"""The order of the map's and the table's incidents: newest first."""


def _map_ids(conn: sqlite3.Connection, q: IncidentQuery, want: int) -> list[int]:
    dialect = dialect_of(conn)
    where, params = where_clause(q, dialect)
    order = MAP_ORDER
    if q.bbox is not None and not q.text:
        few = f"SELECT count(*) FROM (SELECT 1 FROM incidents {where} LIMIT ?) AS boxed"
        for tier, rows in enumerate(MAP_SCAN_TIERS):
            if tier and conn.execute(few, [*params, MAP_FEW]).fetchone()[0] < MAP_FEW:
                break  # few matches: the (lon, lat) index finds them all, to sort
            if dialect.name == "postgresql" and _dated_incidents(conn) < rows:
                continue  # no tier's last date: the date index's form finds no rows either
            ids = [int(r[0]) for r in conn.execute(*_tier_scan(q, dialect, rows, want))]
            if len(ids) >= want:
                return ids
    if q.admin1 and q.actor and q.bbox is None and dialect.name == "postgresql":
        sql, params = _actor_runs(q, dialect, want)
        return [int(r[0]) for r in conn.execute(sql, params)]
    sql = f"SELECT id FROM incidents {where} {order} LIMIT ?"
    return [int(r[0]) for r in conn.execute(sql, [*params, want])]


def _tier_scan(q: IncidentQuery, dialect: Dialect, rows: int, want: int) -> tuple[str, list[Any]]:
    """The newest ``want`` ids matching ``q`` among the incidents dated on or after the date of
    the ``rows``-th newest dated one (a tier of :data:`MAP_SCAN_TIERS`), in the date index's
    order, stopping at the ``want``-th match.

    SQLite: the tier's first date, then the date index walked from the newest entry down to
    it ("+lon": not from the (lon, lat) index); it sorted the subquery below whole (a temporary
    B-tree). PostgreSQL spent 23 of the 52 ms of a province's box walking all ``rows`` entries
    to find that date (then started two parallel workers for the scan); there the tier is a
    subquery reading the date index newest first (``FETCH FIRST ... WITH TIES``: the same
    entries), and the scan stops at the ``want``-th match: 10 ms. With fewer than ``rows``
    dated incidents the first form finds nothing and the subquery all of them, so
    :func:`_map_ids` skips the tier on PostgreSQL then, as it failed before."""
    if dialect.name == "postgresql":
        return _tier_as_subquery(q, dialect, rows, want)
    return _tier_by_first_date(q, dialect, rows, want)


def _tier_by_first_date(
    q: IncidentQuery, dialect: Dialect, rows: int, want: int
) -> tuple[str, list[Any]]:
    """:func:`_tier_scan` as SQLite runs it: the tier's first date, then the scan."""
    where, params = where_clause(q, dialect)
    boxed = where.replace(
        "lon BETWEEN ? AND ? AND lat BETWEEN", "+lon BETWEEN ? AND ? AND +lat BETWEEN"
    )
    sql = (
        f"SELECT id FROM incidents {boxed} AND date >= (SELECT date FROM incidents "
        f"WHERE date IS NOT NULL {MAP_ORDER} LIMIT 1 OFFSET ?) {MAP_ORDER} LIMIT ?"
    )
    return sql, [*params, rows - 1, want]


def _tier_as_subquery(
    q: IncidentQuery, dialect: Dialect, rows: int, want: int
) -> tuple[str, list[Any]]:
    """:func:`_tier_scan` as PostgreSQL runs it: the tier's entries as a subquery."""
    where, params = where_clause(q, dialect)
    newest = (
        f"SELECT {', '.join(_filtered_columns(q))} FROM incidents WHERE date IS NOT NULL "
        "ORDER BY date DESC FETCH FIRST ? ROWS WITH TIES"
    )
    return f"SELECT id FROM ({newest}) AS newest {where} {MAP_ORDER} LIMIT ?", [rows, *params, want]


def _dated_incidents(conn: sqlite3.Connection) -> int:
    """How many incidents have a date: all of them (``table_counts``) but those the cube of
    migration 006 counts under the day '' (two index lookups)."""
    undated = conn.execute(
        "SELECT COALESCE(SUM(incidents), 0) FROM incident_cube "
        "WHERE dim = '' AND value = '' AND day = ''"
    ).fetchone()[0]
    return table_count(conn, "incidents") - int(undated)


def _filtered_columns(q: IncidentQuery) -> list[str]:
    """The columns :func:`where_clause` reads for ``q`` (no text), with ``id``: those of the
    date index but ``country`` (a country name), so the scan reads only the index."""
    cols = ["id", "date", "lon", "lat"]
    c = (q.country or "").strip()
    if c:
        cols.append("country_code" if len(c) == 2 and c.isalpha() else "country")
    if q.admin1:
        cols.append("admin1")
    if q.event_type:
        cols += ["event_type", "sub_event_type"]
    if q.actor:
        cols += ["actor1", "actor2"]
    if q.min_fatalities is not None:
        cols.append("fatalities_best")
    return cols


def _actor_runs(q: IncidentQuery, dialect: Dialect, want: int) -> tuple[str, list[Any]]:
    """The newest ``want`` ids of an admin1 + actor query as two ordered runs merged, those
    whose actor1 is the actor and those whose actor2 is (and actor1 not): each is read newest
    first from an index of PostgreSQL's migration 012 on (admin1, actor, date, id) and stops at
    ``want`` rows. The ``OR`` of :func:`where_clause` could only walk the admin1's incidents
    and check the actor of each."""
    where, params = where_clause(dataclasses.replace(q, actor=None), dialect)
    order = "ORDER BY date DESC, id DESC"
    runs = (
        (f"{dialect.nocase_eq('actor1')}", [q.actor]),
        (f"{dialect.nocase_eq('actor2')} AND lower(actor1) IS DISTINCT FROM lower(?)",
         [q.actor, q.actor]),
    )  # fmt: skip
    parts, values = [], []
    for cond, more in runs:
        parts.append(f"(SELECT id, date FROM incidents {where} AND {cond} {order} LIMIT ?)")
        values += [*params, *more, want]
    return f"SELECT id FROM ({' UNION ALL '.join(parts)}) AS runs {order} LIMIT ?", [*values, want]


def map_incidents(conn: sqlite3.Connection, q: IncidentQuery) -> tuple[str, bool]:
    """The newest ``q.limit`` incidents matching ``q`` (as :func:`list_incidents`), only the
    :data:`MAP_FIELDS`, as the JSON text of an array of arrays built by the database (SQLite's
    ``json_group_array``, PostgreSQL's ``json_agg``), and whether more incidents match. No
    count: the page has the total from its table request."""
    limit = max(0, q.limit)
    ids = _map_ids(conn, q, limit + 1) if limit else []
    more = len(ids) > limit
    ids = ids[:limit]
    if not ids:
        return "[]", more
    cols = ", ".join(MAP_FIELDS)
    params: list[Any] = ids
    if dialect_of(conn).name == "postgresql":
        # the ids as one array: 1,000 placeholders cost PostgreSQL 6 of a box's 24 ms (p50)
        sql = (
            f"SELECT json_agg(json_build_array({cols}) ORDER BY date DESC, id DESC)::text "
            "FROM incidents WHERE id = ANY(?)"
        )
        params = [ids]
    else:
        marks = ",".join("?" * len(ids))
        sql = (
            f"SELECT json_group_array(json_array({cols})) FROM (SELECT {cols} FROM incidents "
            f"WHERE id IN ({marks}) ORDER BY date DESC, id DESC)"
        )
    row = conn.execute(sql, params).fetchone()
    return (row[0] if row and row[0] else "[]"), more
