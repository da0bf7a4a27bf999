"""Incident rows to output formats: text table, JSON lines, CSV, GeoJSON, ACLED-style CSV.

Writers take an iterable of incident dicts (see :mod:`veille.store.base`) and a text stream,
so a million rows stream through without being held in memory.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

INCIDENT_KEYS = (
    "id", "date", "date_max", "date_estimated", "location", "admin1", "country", "country_code",
    "lat", "lon", "geo_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities_best", "fatalities_min", "fatalities_max", "civilian_fatalities", "n_reports",
    "n_articles", "independent_sources", "claimants", "sources", "disputed_figures",
    "disputed_attribution", "grade",
)  # fmt: skip

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
"""ACLED's export columns, in ACLED's order. Columns veille cannot fill stay empty."""

VEILLE_EXTRA_COLUMNS = (
    "veille_incident_id", "date_max", "date_estimated", "country_code", "fatalities_min",
    "fatalities_max", "civilian_fatalities", "n_reports", "n_articles", "independent_sources",
    "claimants", "disputed_figures", "disputed_attribution", "grade",
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


def write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(INCIDENT_KEYS)
    n = 0
    for row in rows:
        writer.writerow([_cell(row.get(k)) for k in INCIDENT_KEYS])
        n += 1
    return n


def write_geojson(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """A GeoJSON FeatureCollection; incidents without coordinates get a null geometry."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for row in rows:
        geometry = None
        if row.get("lat") is not None and row.get("lon") is not None:
            geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        props = {k: row.get(k) for k in INCIDENT_KEYS}
        feature = {"type": "Feature", "id": row.get("id"), "geometry": geometry, "properties": props}
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        n += 1
    out.write("]}\n")
    return n


def acled_row(row: Mapping[str, Any], stamp: int | None = None) -> list[str]:
    day = row.get("date")
    values: dict[str, Any] = {
        "event_id_cnty": f"{row.get('country_code') or 'XX'}V{row.get('id')}",
        "event_date": day,
        "year": day[:4] if day else None,
        "time_precision": None if not day else (2 if row.get("date_estimated") else 1),
        "disorder_type": "Political violence",
        "event_type": row.get("event_type"),
        "sub_event_type": row.get("sub_event_type"),
        "actor1": row.get("actor1"),
        "actor2": row.get("actor2"),
        "civilian_targeting": "Civilian targeting" if row.get("actor2") == "Civilians" else None,
        "country": row.get("country"),
        "admin1": row.get("admin1"),
        "location": row.get("location"),
        "latitude": row.get("lat"),
        "longitude": row.get("lon"),
        "geo_precision": row.get("geo_precision"),
        "source": row.get("sources"),
        "notes": row.get("notes"),
        "fatalities": row.get("fatalities_best") if row.get("fatalities_best") is not None else 0,
        "tags": "disputed figures" if row.get("disputed_figures") else None,
        "timestamp": stamp if stamp is not None else int(time.time()),
        "veille_incident_id": row.get("id"),
    }
    for key in VEILLE_EXTRA_COLUMNS:
        if key not in values:
            values[key] = row.get(key)
    return [_cell(values.get(c)) for c in (*ACLED_COLUMNS, *VEILLE_EXTRA_COLUMNS)]


def write_acled_csv(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """ACLED column names first, veille's extra columns after. ``fatalities`` is the best
    (lowest) estimate, 0 when unknown as in ACLED; ``notes`` comes from the row's ``notes``
    key (an evidence sentence, see :meth:`SQLiteStore.iter_incidents`)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*ACLED_COLUMNS, *VEILLE_EXTRA_COLUMNS])
    stamp = int(time.time())
    n = 0
    for row in rows:
        writer.writerow(acled_row(row, stamp))
        n += 1
    return n
