"""Synthetic data for benchmarks and load tests: clearly fake, reproducible from a seed.

* :func:`fill_incidents` writes N incident rows straight into a store (1M in well under a
  minute), for API latency benchmarks. A small share of them get a synthetic article and event
  so detail views have something to show.
* :func:`synthetic_events` yields event rows shaped like :meth:`SQLiteStore.pending_events`
  rows, with a known number of reports per true incident, for resolution benchmarks.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from veille.model import EVENT_TYPES, content_hash
from veille.store.connection import guard
from veille.store.pending import INCIDENT_FIELDS
from veille.store.sqlite import SQLiteStore

# (country, ISO2, [(admin1, lat, lon)]): approximate admin1 centroids, enough to draw a map.
REGIONS: tuple[tuple[str, str, tuple[tuple[str, float, float], ...]], ...] = (
    ("Syria", "SY", (("Idlib", 35.8, 36.6), ("Aleppo", 36.2, 37.2), ("Hama", 35.1, 36.8),
                     ("Deir ez-Zor", 35.3, 40.1), ("Rural Damascus", 33.5, 36.5))),
    ("Iraq", "IQ", (("Baghdad", 33.3, 44.4), ("Nineveh", 36.3, 43.1), ("Anbar", 33.4, 42.0))),
    ("Ukraine", "UA", (("Donetsk", 48.0, 37.8), ("Kharkiv", 49.9, 36.3), ("Zaporizhzhia", 47.8, 35.2),
                       ("Kherson", 46.6, 32.6))),
    ("Mali", "ML", (("Mopti", 14.5, -4.2), ("Gao", 16.3, -0.05), ("Timbuktu", 16.8, -3.0))),
    ("Burkina Faso", "BF", (("Sahel", 14.0, -0.5), ("Est", 12.0, 0.5))),
    ("Nigeria", "NG", (("Borno", 11.8, 13.2), ("Zamfara", 12.2, 6.2))),
    ("Afghanistan", "AF", (("Kabul", 34.5, 69.2), ("Kunduz", 36.7, 68.9), ("Helmand", 31.6, 64.4))),
    ("Yemen", "YE", (("Taizz", 13.6, 44.0), ("Saada", 16.9, 43.8), ("Marib", 15.5, 45.3))),
    ("Sudan", "SD", (("North Darfur", 13.6, 25.3), ("Khartoum", 15.6, 32.5))),
    ("Somalia", "SO", (("Banadir", 2.05, 45.3), ("Lower Shabelle", 1.9, 44.4))),
)  # fmt: skip
ACTORS = ("Syrian government", "Russia", "Islamic State", "HTS", "Rebels", "Unidentified",
          "Ukraine", "JNIM", "Boko Haram", "Al-Shabaab", "RSF", "Houthis", None)  # fmt: skip
SUB_TYPES = tuple(EVENT_TYPES)
OUTLETS = tuple(f"synthetic-outlet-{i}.example" for i in range(40))
SYLLABLES = ("ka", "fr", "ma", "ra", "tal", "bin", "dou", "ze", "kha", "mi", "sa", "rou", "ba",
             "nab", "hi", "to", "gou", "la", "der", "wa", "ya", "qu", "sho", "ne", "bo", "li")  # fmt: skip


def place_name(rng: random.Random) -> str:
    """A made-up town name ("Kafrabin", "Tal Douze"): distinct names, as real ones are."""
    first = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    if rng.random() < 0.3:
        first += " " + "".join(rng.choice(SYLLABLES) for _ in range(2))
    return f"Synth {first.title()}"


def _day(rng: random.Random, start: date, days: int) -> date:
    return start + timedelta(days=rng.randrange(days))


def incident_rows(
    n: int, seed: int = 0, start: str = "2015-01-01", days: int = 3650
) -> Iterator[dict[str, Any]]:
    """N incident profiles (the columns of the incidents table), in no particular order."""
    rng = random.Random(seed)
    d0 = date.fromisoformat(start)
    for i in range(n):
        country, cc, regions = REGIONS[rng.randrange(len(REGIONS))]
        admin1, lat, lon = regions[rng.randrange(len(regions))]
        sub = SUB_TYPES[rng.randrange(len(SUB_TYPES))]
        day = _day(rng, d0, days).isoformat()
        low = rng.choice((None, 0, 1, 2, 3, 5, 8, 12, 20, 40))
        high = None if low is None else low + rng.choice((0, 0, 0, 1, 3, 10))
        reports = rng.choice((1, 1, 1, 2, 2, 3, 5))
        indep = max(1, reports - rng.choice((0, 0, 1)))
        disputed_attr = rng.random() < 0.04
        outlets = sorted({OUTLETS[rng.randrange(len(OUTLETS))] for _ in range(indep)})
        yield {
            "date": day, "date_max": day, "date_estimated": False,
            "location": f"Synthetic place {i % 5000}", "admin1": admin1, "country": country,
            "country_code": cc, "lat": round(lat + rng.uniform(-0.6, 0.6), 4),
            "lon": round(lon + rng.uniform(-0.6, 0.6), 4), "geo_precision": rng.choice((1, 1, 2, 3)),
            "event_type": EVENT_TYPES[sub], "sub_event_type": sub,
            "actor1": ACTORS[rng.randrange(len(ACTORS))], "actor2": rng.choice((None, "Civilians")),
            "fatalities_best": low, "fatalities_min": low, "fatalities_max": high,
            "civilian_fatalities": None if low is None else rng.randint(0, low),
            "n_reports": reports, "n_articles": reports, "independent_sources": indep,
            "claimants": rng.sample(("OSDH", "AFP", "UN", "Local officials"), k=rng.randint(0, 2)),
            "sources": outlets, "disputed_figures": high is not None and low is not None
            and high - low >= 3, "disputed_attribution": disputed_attr,
            "grade": "contested" if disputed_attr else ("fair" if indep >= 2 else "weak"),
            "span_start": day, "span_end": day,
        }  # fmt: skip


def fill_incidents(
    store: SQLiteStore,
    n: int,
    seed: int = 0,
    batch: int = 20_000,
    with_articles: int = 200,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``n`` synthetic incidents in batches (one transaction each); the first
    ``with_articles`` also get one synthetic article and event each. Returns rows written."""
    written = 0
    rows = incident_rows(n, seed=seed)
    if store.dialect.name != "sqlite":  # PostgreSQL: no WAL to tune
        written = _fill(store, rows, n, batch, with_articles, progress)
        store.analyze()
        return written
    with guard(store.path):
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # one checkpoint at the end: faster
        try:
            written = _fill(store, rows, n, batch, with_articles, progress)
        finally:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.conn.execute("PRAGMA wal_autocheckpoint = 1000")
    return written


def _fill(
    store: SQLiteStore,
    rows: Iterator[dict[str, Any]],
    n: int,
    batch: int,
    with_articles: int,
    progress: Callable[[int], None] | None,
) -> int:
    written = 0
    while written < n:
        chunk = []
        for row in rows:
            chunk.append(tuple(_cell(row.get(f)) for f in INCIDENT_FIELDS))
            if len(chunk) >= batch:
                break
        if not chunk:
            break
        with store.transaction() as conn:
            first = conn.execute("SELECT COALESCE(MAX(id), 0) FROM incidents").fetchone()[0]
            store.insert_many(conn, "incidents", INCIDENT_FIELDS, chunk)
            todo = max(0, min(len(chunk), with_articles - written))
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM incidents WHERE id > ? ORDER BY id LIMIT ?", (first, todo)
            )] if todo else []  # fmt: skip
            for k, iid in enumerate(ids):
                _attach_article(conn, iid, dict(zip(INCIDENT_FIELDS, chunk[k], strict=True)))
        written += len(chunk)
        if progress:
            progress(len(chunk))
    return written


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _attach_article(conn: Any, incident_id: int, inc: dict[str, Any]) -> None:
    text = (
        f"[Article synthétique {incident_id}] Le {inc['date']}, une attaque a visé "
        f"{inc['location']}, dans la région de {inc['admin1']} ({inc['country']}), "
        f"faisant {inc['fatalities_best'] or 'un nombre inconnu de'} morts, selon une source locale."
    )
    cur = conn.execute(
        "INSERT INTO articles (doc_id, content_hash, source, published, lang, origin, text, "
        "n_events, copies_checked, ingested_at) VALUES (?, ?, ?, ?, 'fr', 'synthetic', ?, 1, 1, ?) "
        "RETURNING id",
        (f"synthetic-{incident_id}", content_hash(text), json.loads(inc["sources"])[0],
         inc["date"], text, inc["date"]),
    )  # fmt: skip
    aid = cur.fetchone()[0]
    cur = conn.execute(
        "INSERT INTO events (article_id, ordinal, event_type, sub_event_type, location, admin1, "
        "country, country_code, date, actor1, actor2, fatalities, evidence, evidence_start, "
        "evidence_end, lat, lon, geo_precision) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) "
        "RETURNING id",
        (aid, inc["event_type"], inc["sub_event_type"], inc["location"], inc["admin1"],
         inc["country"], inc["country_code"], inc["date"], inc["actor1"], inc["actor2"],
         inc["fatalities_best"], text, len(text), inc["lat"], inc["lon"], inc["geo_precision"]),
    )  # fmt: skip
    conn.execute(
        "INSERT INTO incident_events (incident_id, event_id) VALUES (?, ?)",
        (incident_id, cur.fetchone()[0]),
    )


def synthetic_events(
    n: int,
    seed: int = 0,
    reports: tuple[int, ...] = (1, 1, 2, 2, 3, 4),
    incidents_per_day: float = 12.0,
) -> list[dict[str, Any]]:
    """``n`` event rows grouped into true incidents of 1 to 4 reports each; each row has
    ``true_incident``. Reports of one incident come from different articles, on the same or
    an adjacent day, some at region level, some with another figure; 10% undated.

    The period grows with ``n`` so the density stays at ``incidents_per_day`` over the 37
    regions (about one incident per region every three days): more data means a longer
    period, as it does for a real archive, so timings at 10k and 100k compare fairly."""
    rng = random.Random(seed)
    days = max(30, int(n / (sum(reports) / len(reports)) / incidents_per_day))
    towns = {a[0]: [place_name(rng) for _ in range(300)] for _, _, regions in REGIONS for a in regions}
    d0 = date(2015, 1, 1)
    out: list[dict[str, Any]] = []
    article = 0
    truth = 0
    while len(out) < n:
        truth += 1
        country, cc, regions = REGIONS[rng.randrange(len(REGIONS))]
        admin1, lat, lon = regions[rng.randrange(len(regions))]
        place = rng.choice(towns[admin1])
        plat, plon = lat + rng.uniform(-0.5, 0.5), lon + rng.uniform(-0.5, 0.5)
        sub = SUB_TYPES[rng.randrange(len(SUB_TYPES))]
        day = _day(rng, d0, days)
        actor = ACTORS[rng.randrange(len(ACTORS))]
        deaths = rng.choice((None, 1, 2, 4, 7, 10, 25))
        for _ in range(rng.choice(reports)):
            article += 1
            region_level = rng.random() < 0.15
            d = day + timedelta(days=rng.choice((0, 0, 0, 1)))
            out.append({
                "id": len(out) + 1, "article_id": article, "true_incident": truth,
                "event_type": EVENT_TYPES[sub], "sub_event_type": sub,
                "location": f"province de {admin1}" if region_level else place,
                "admin1": admin1, "country": country, "country_code": cc,
                "date": d.isoformat() if rng.random() < 0.9 else None,
                "published": (d + timedelta(days=rng.choice((0, 1)))).isoformat(),
                "actor1": actor, "actor2": None,
                "fatalities": None if deaths is None else deaths + rng.choice((0, 0, 0, 2)),
                "civilian_fatalities": None, "claimed_by": json.dumps(["OSDH"]),
                "evidence": "", "lat": None if region_level else round(plat, 4),
                "lon": None if region_level else round(plon, 4),
                "geo_precision": 3 if region_level else 1, "gazetteer_id": None,
                "source": OUTLETS[rng.randrange(len(OUTLETS))], "url": None,
                "article_doc_id": f"synthetic-{article}",
            })  # fmt: skip
    return out[:n]
