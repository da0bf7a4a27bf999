"""Read-side SQL for the SQLite store: filters, pagination, detail views, timeline, stats.

Functions take an open connection and return plain dicts (see :mod:`veille.store.base` for the
keys). Filters are built as parameterised SQL; nothing user-given is ever pasted into SQL text.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from veille.store.base import TIMELINE_BUCKETS, IncidentQuery

INCIDENT_COLUMNS = (
    "id, date, date_max, date_estimated, location, admin1, country, country_code, lat, lon, "
    "geo_precision, event_type, sub_event_type, actor1, actor2, fatalities_best, fatalities_min, "
    "fatalities_max, civilian_fatalities, n_reports, n_articles, independent_sources, claimants, "
    "sources, disputed_figures, disputed_attribution, grade"
)
ARTICLE_COLUMNS = (
    "id, doc_id, content_hash, source, url, published, lang, origin, n_events, skipped, ingested_at"
)
EVENT_COLUMNS = (
    "e.id, e.article_id, e.ordinal, e.event_type, e.sub_event_type, e.location, e.admin1, "
    "e.country, e.country_code, e.date, e.actor1, e.actor2, e.fatalities, e.civilian_fatalities, "
    "e.child_fatalities, e.injured, e.claimed_by, e.evidence, e.evidence_start, e.evidence_end, "
    "e.lat, e.lon, e.geo_precision, e.gazetteer_id"
)
BOOL_KEYS = ("date_estimated", "disputed_figures", "disputed_attribution")
JSON_KEYS = ("claimants", "sources", "claimed_by")
BUCKET_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}


def incident_row(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for key in BOOL_KEYS:
        if key in out:
            out[key] = bool(out[key])
    for key in JSON_KEYS:
        if key in out and isinstance(out[key], str):
            out[key] = json.loads(out[key])
    return out


def where_clause(q: IncidentQuery) -> tuple[str, list[Any]]:
    """SQL condition (with a leading WHERE, or empty) and its parameters."""
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
            conds.append("country = ? COLLATE NOCASE")
            params.append(c)
    if q.admin1:
        conds.append("admin1 = ? COLLATE NOCASE")
        params.append(q.admin1.strip())
    if q.event_type:
        conds.append("(event_type = ? COLLATE NOCASE OR sub_event_type = ? COLLATE NOCASE)")
        params += [q.event_type, q.event_type]
    if q.actor:
        conds.append("(actor1 = ? COLLATE NOCASE OR actor2 = ? COLLATE NOCASE)")
        params += [q.actor, q.actor]
    if q.min_fatalities is not None:
        conds.append("fatalities_best >= ?")
        params.append(q.min_fatalities)
    if q.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        conds.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        params += [min_lon, max_lon, min_lat, max_lat]
    if q.text:
        conds.append(
            "id IN (SELECT ie.incident_id FROM incident_events ie JOIN events e "
            "ON e.id = ie.event_id WHERE e.id IN (SELECT rowid FROM events_fts "
            "WHERE events_fts MATCH ?) OR e.article_id IN (SELECT rowid FROM articles_fts "
            "WHERE articles_fts MATCH ?))"
        )
        fts = fts_query(q.text)
        params += [fts, fts]
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


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


def list_incidents(conn: sqlite3.Connection, q: IncidentQuery) -> tuple[list[dict[str, Any]], int]:
    where, params = where_clause(q)
    total = conn.execute(f"SELECT COUNT(*) FROM incidents {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {INCIDENT_COLUMNS} FROM incidents {where} "
        "ORDER BY date DESC, id DESC LIMIT ? OFFSET ?",
        [*params, max(0, q.limit), max(0, q.offset)],
    ).fetchall()
    return [incident_row(r) for r in rows], int(total)


def incidents_page(
    conn: sqlite3.Connection, q: IncidentQuery, after: tuple[str | None, int] | None, page: int
) -> list[dict[str, Any]]:
    """Keyset pagination in ``list_incidents`` order (date descending, undated last, then id
    descending): the page after the row ``after`` = (date, id), so streaming a million rows
    never rescans skipped ones as OFFSET would."""
    where, params = where_clause(q)
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
    rows = conn.execute(
        "SELECT a.id, a.doc_id, a.source, a.published, "
        "snippet(articles_fts, 0, '[', ']', '…', 12) AS snippet, articles_fts.rank AS rank "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT ?",
        (fts_query(query), max(0, limit)),
    ).fetchall()
    return [dict(r) | {"snippet": " ".join(r["snippet"].split())} for r in rows]


def timeline(conn: sqlite3.Connection, q: IncidentQuery, bucket: str = "day") -> list[dict[str, Any]]:
    if bucket not in TIMELINE_BUCKETS:
        raise ValueError(f"bucket must be one of {', '.join(TIMELINE_BUCKETS)}, not {bucket!r}")
    where, params = where_clause(q)
    where = f"{where} AND date IS NOT NULL" if where else "WHERE date IS NOT NULL"
    rows = conn.execute(
        f"SELECT strftime('{BUCKET_FORMATS[bucket]}', date) AS period, event_type, "
        "COUNT(*) AS incidents, COALESCE(SUM(fatalities_best), 0) AS fatalities "
        f"FROM incidents {where} GROUP BY period, event_type ORDER BY period, event_type",
        params,
    ).fetchall()
    return [dict(r) for r in rows]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    def one(sql: str) -> Any:
        return conn.execute(sql).fetchone()[0]

    inc = conn.execute(
        "SELECT COUNT(*), SUM(n_articles > 1), SUM(grade = 'weak'), SUM(grade = 'fair'), "
        "SUM(grade = 'contested'), SUM(disputed_figures), SUM(disputed_attribution) FROM incidents"
    ).fetchone()
    span = conn.execute("SELECT MIN(date), MAX(date) FROM incidents").fetchone()
    return {
        "articles": one("SELECT COUNT(*) FROM articles"),
        "articles_skipped": one("SELECT COUNT(*) FROM articles WHERE skipped IS NOT NULL"),
        "events": one("SELECT COUNT(*) FROM events"),
        "tolls": one("SELECT COUNT(*) FROM tolls"),
        "incidents": inc[0],
        "merged_incidents": inc[1] or 0,
        "copy_links": one("SELECT COUNT(*) FROM article_copies"),
        "grades": {"weak": inc[2] or 0, "fair": inc[3] or 0, "contested": inc[4] or 0},
        "disputed_figures": inc[5] or 0,
        "disputed_attribution": inc[6] or 0,
        "date_min": span[0],
        "date_max": span[1],
    }
