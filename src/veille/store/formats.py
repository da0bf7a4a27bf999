"""Incident rows to output formats: text table, JSON lines, CSV, GeoJSON, ACLED-style CSV.

Writers take an iterable of incident dicts (see :mod:`veille.store.base`) and a text stream,
so a million rows stream through without being held in memory.
"""

from __future__ import annotations

import csv
import datetime
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from veille.store import acled

INCIDENT_KEYS = (
    "id", "date", "date_max", "date_estimated", "location", "admin1", "admin2", "country",
    "country_code", "lat", "lon", "geo_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "fatalities_best", "fatalities_min", "fatalities_max", "civilian_fatalities",
    "n_reports", "n_articles", "independent_sources", "claimants", "sources", "disputed_figures",
    "disputed_attribution", "grade", "injured_min", "injured_max", "child_fatalities_min",
    "child_fatalities_max", "women_fatalities_min", "women_fatalities_max", "summary",
)  # fmt: skip
"""Columns of ``--format csv`` and the properties of GeoJSON features; the last seven are added
at read time (:mod:`veille.store.extras`, :mod:`veille.resolve.summary`)."""

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp", "event_id_no_cnty", "iso3",
)  # fmt: skip
"""ACLED's export columns, in ACLED's order (``event_id_no_cnty`` and ``iso3`` as in ACLED's
API). Columns veille cannot fill (assoc_actor_*, admin3) stay empty; ``admin2`` is filled when
the gazetteer knows the district of the incident's place."""

VEILLE_EXTRA_COLUMNS = (
    "veille_incident_id", "date_max", "date_estimated", "country_code", "fatalities_min",
    "fatalities_max", "civilian_fatalities", "n_reports", "n_articles", "independent_sources",
    "claimants", "disputed_figures", "disputed_attribution", "grade", "injured_min",
    "injured_max", "child_fatalities_min", "child_fatalities_max", "women_fatalities_min",
    "women_fatalities_max", "evidence", "date_status",
)  # fmt: skip

TABLE_COLUMNS = (
    ("id", 6), ("date", 10), ("country", 12), ("admin1", 14), ("location", 22),
    ("sub_event_type", 24), ("actor1", 18), ("deaths", 9), ("src", 5), ("grade", 9),
)  # fmt: skip


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _deaths(row: Mapping[str, Any]) -> str:
    best, high = row.get("fatalities_best"), row.get("fatalities_max")
    if best is None:
        return "-"
    return f"{best}" if high in (None, best) else f"{best}-{high}"


def write_table(rows: Iterable[Mapping[str, Any]], out: TextIO, total: int | None = None) -> int:
    """A fixed-width table for people; returns the number of rows written."""
    header = "  ".join(name.ljust(width)[:width] for name, width in TABLE_COLUMNS)
    out.write(header.rstrip() + "\n")
    n = 0
    for row in rows:
        flags = ("!" if row.get("disputed_figures") else "") + ("?" if row.get("disputed_attribution") else "")
        values = {
            **row,
            "date": row.get("date") or "?",
            "deaths": _deaths(row),
            "src": f"{row.get('independent_sources', 0)}/{row.get('n_reports', 0)}",
            "grade": f"{row.get('grade', '')}{flags}",
        }
        line = "  ".join(_cell(values.get(name)).ljust(width)[:width] for name, width in TABLE_COLUMNS)
        out.write(line.rstrip() + "\n")
        n += 1
    if total is not None and total > n:
        out.write(f"({n} of {total} incidents shown; use --limit/--offset for more)\n")
    return n


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _with_summary(row: Mapping[str, Any]) -> Mapping[str, Any]:
    if row.get("summary"):
        return row
    from veille.resolve.summary import summarize

    return {**row, "summary": summarize(row)}


def write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(INCIDENT_KEYS)
    n = 0
    for row in rows:
        row = _with_summary(row)
        writer.writerow([_cell(row.get(k)) for k in INCIDENT_KEYS])
        n += 1
    return n


def write_geojson(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """A GeoJSON FeatureCollection; incidents without coordinates get a null geometry."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for row in rows:
        row = _with_summary(row)
        geometry = None
        if row.get("lat") is not None and row.get("lon") is not None:
            geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        props = {k: row.get(k) for k in INCIDENT_KEYS}
        feature = {"type": "Feature", "id": row.get("id"), "geometry": geometry, "properties": props}
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        n += 1
    out.write("]}\n")
    return n


def valid_day(value: Any) -> bool:
    """True for a real calendar day written YYYY-MM-DD."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def time_precision(row: Mapping[str, Any]) -> int:
    """ACLED's time precision: 1 the day is known, 2 within a week (a span of up to 7 days, or
    the publication day standing for the event's), 3 a longer span."""
    first, last = row.get("date"), row.get("date_max")
    span = 0
    if valid_day(first) and valid_day(last):
        span = (datetime.date.fromisoformat(last) - datetime.date.fromisoformat(first)).days
    if span > 7:
        return 3
    return 2 if span > 0 or row.get("date_estimated") else 1


def acled_row(row: Mapping[str, Any], stamp: int | None = None) -> list[str]:
    """One ACLED CSV line. ``notes`` is the English summary; the evidence sentence (the row's
    ``evidence``, else its ``notes``) goes to veille's ``evidence`` column. An incident without
    a valid day (kept only with ``include_undated``) has empty date columns and
    ``date_status`` "undated"."""
    from veille.resolve.summary import summarize

    day = row.get("date") if valid_day(row.get("date")) else None
    cc = row.get("country_code")
    codes = acled.country_codes(cc)
    inter1 = acled.actor_class(row.get("actor1"), cc)
    inter2 = acled.actor_class(row.get("actor2"), cc)
    values: dict[str, Any] = {
        "event_id_cnty": f"{codes.iso3 if codes else 'XXX'}{row.get('id')}",
        "event_date": day,
        "year": day[:4] if day else None,
        "time_precision": time_precision(row) if day else None,
        "disorder_type": "Political violence",
        "event_type": row.get("event_type"),
        "sub_event_type": row.get("sub_event_type"),
        "actor1": row.get("actor1"),
        "inter1": inter1,
        "actor2": row.get("actor2"),
        "inter2": inter2,
        "interaction": acled.interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if row.get("actor2") == "Civilians" else None,
        "iso": codes.iso if codes else None,
        "region": codes.region if codes else None,
        "country": row.get("country"),
        "admin1": row.get("admin1"),
        "admin2": row.get("admin2"),
        "location": row.get("location"),
        "latitude": row.get("lat"),
        "longitude": row.get("lon"),
        "geo_precision": row.get("geo_precision"),
        "source": row.get("sources"),
        "source_scale": acled.source_scale(row.get("sources")),
        "notes": row.get("summary") or summarize(row),
        "fatalities": row.get("fatalities_best") if row.get("fatalities_best") is not None else 0,
        "tags": "disputed figures" if row.get("disputed_figures") else None,
        "timestamp": stamp if stamp is not None else int(time.time()),
        "event_id_no_cnty": row.get("id"),
        "iso3": codes.iso3 if codes else None,
        "veille_incident_id": row.get("id"),
        "evidence": row.get("evidence") or row.get("notes"),
        "date_status": "dated" if day else "undated",
    }
    for key in VEILLE_EXTRA_COLUMNS:
        if key not in values:
            values[key] = row.get(key)
    return [_cell(values.get(c)) for c in (*ACLED_COLUMNS, *VEILLE_EXTRA_COLUMNS)]


@dataclass
class AcledCounts:
    """What :func:`write_acled_csv` wrote and what it left out."""

    written: int = 0
    undated: int = 0


def write_acled_csv(
    rows: Iterable[Mapping[str, Any]], out: TextIO, include_undated: bool = False
) -> AcledCounts:
    """ACLED column names first, veille's extra columns after. ``fatalities`` is the best
    (lowest) estimate, 0 when unknown as in ACLED; ``notes`` the English summary
    (:mod:`veille.resolve.summary`). ACLED events always have a day: an incident without a
    valid one is left out and counted, or with ``include_undated`` kept with empty date
    columns and ``date_status`` "undated"."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*ACLED_COLUMNS, *VEILLE_EXTRA_COLUMNS])
    stamp = int(time.time())
    counts = AcledCounts()
    for row in rows:
        if not valid_day(row.get("date")):
            counts.undated += 1
            if not include_undated:
                continue
        writer.writerow(acled_row(row, stamp))
        counts.written += 1
    return counts
