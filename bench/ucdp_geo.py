"""UCDP village benchmark for the geocoder, run by ``bench_geo.py``.

Data: ``../shared/corpus/geo/ucdp_ged_sample.csv``, 1,000 events of the UCDP Georeferenced Event
Dataset (GED) 23.1 (Sundberg & Melander 2013; Davies, Pettersson & Öberg 2023), CC BY 4.0,
https://ucdp.uu.se/. It stays outside the repository. Only events located at a named point
(``where_prec`` 1 or 2) count: the place name is ``where_coordinates`` without its trailing kind
("Rami village" -> "Rami"), the reference is the event's coordinates.

Rows are split by a stable hash of the UCDP id: a quarter is held out, so that changes tuned on
the rest can be checked on names nobody looked at.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT.parent / "shared" / "corpus" / "geo" / "ucdp_ged_sample.csv"
KINDS = re.compile(
    r"\s+(?:village|town|city|suburb|township|locality|location|hamlet|settlement|"
    r"municipality|neighbou?rhood|area)$",
    re.IGNORECASE,
)
HELD_OUT = 4
"""One id in HELD_OUT (by hash) is held out."""


@dataclass(frozen=True)
class Item:
    """One benchmark name: what is looked up and where it really is."""

    uid: str
    name: str
    country: str  # UCDP's country name
    admin1: str  # UCDP's adm_1 ("Idlib governorate"), may be ""
    lat: float
    lon: float

    @property
    def held_out(self) -> bool:
        return int(hashlib.sha1(self.uid.encode()).hexdigest(), 16) % HELD_OUT == 0


def place_name(where: str) -> str:
    """``where_coordinates`` without its kind: "Rami village" -> "Rami"."""
    return KINDS.sub("", where.strip()).strip()


def load(path: Path = UCDP) -> list[Item]:
    items = []
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            if rec["where_prec"] not in ("1.0", "2.0", "1", "2"):
                continue
            name = place_name(rec["where_coordinates"])
            if not name:
                continue
            items.append(
                Item(
                    uid=rec["id"],
                    name=name,
                    country=rec["country"],
                    admin1=rec["adm_1"].strip(),
                    lat=float(rec["latitude"]),
                    lon=float(rec["longitude"]),
                )
            )
    return items


@dataclass
class Score:
    n: int = 0
    within: int = 0
    resolved: int = 0
    admin1_known: int = 0  # resolved names whose reference admin1 is known
    admin1_ok: int = 0
    unknown: int = 0
    ambiguous: int = 0
    outside: int = 0  # answers outside the given country
    seconds: float = 0.0

    def line(self) -> str:
        n = self.n or 1
        a1 = f"{self.admin1_ok / self.admin1_known:.1%}" if self.admin1_known else "n/a"
        return (
            f"{self.within / n:6.1%} within 10 km, admin1 {a1:>6} of resolved, "
            f"unknown {self.unknown / n:5.1%}, ambiguous {self.ambiguous / n:5.1%}, "
            f"outside country {self.outside}, {self.n / max(self.seconds, 1e-9):,.0f} lookups/s CPU "
            f"(n={self.n})"
        )


def run(gc, distance_km: Callable, context_cls) -> None:  # type: ignore[no-untyped-def]
    """Print the UCDP figures for three settings: country given, country and admin1, neither."""
    if not UCDP.exists():
        print(f"UCDP benchmark skipped: {UCDP} not found")
        return
    items = load()
    ccs: dict[str, str | None] = {}
    for it in items:
        if it.country not in ccs:
            ccs[it.country] = _country_code(gc, it.country)
    t = time.perf_counter()
    loose = getattr(gc, "loose", None)
    stated = {c for c in ccs.values() if c}
    for cc in sorted(set().union(*map(_with_territories, stated))) if loose else ():
        # built on first use; timed apart, all before regions are resolved, with the
        # territories a stated country covers (Israel: Palestine), which its lookups search too
        loose.country(cc)
    if loose:
        import psutil

        rss = psutil.Process().memory_info().rss / 1e6
        print(
            f"  loose indexes of {len(stated)} countries and the territories they cover, built "
            f"on first use: {time.perf_counter() - t:.1f} s, RSS now {rss:.0f} MB"
        )
    regions: dict[tuple[str, str], tuple[str, str] | None] = {}
    for it in items:
        cc = ccs[it.country]
        if cc and it.admin1 and (cc, it.admin1) not in regions:
            regions[(cc, it.admin1)] = _region(gc, context_cls, cc, it.admin1)
    covered = {gc.gz.cc(r) for r in range(len(gc.gz)) if gc.gz.ids[r][:1].isdigit()}
    print(
        f"UCDP GED 23.1 sample (CC BY 4.0, ucdp.uu.se): {len(items)} names located at a point; "
        f"{sum(1 for it in items if ccs[it.country] in covered)} in the {len(covered)} countries "
        "with village-level gazetteer data (WOF)"
    )
    # a stated country covers its territories (Israel: the West Bank and Gaza)
    inside = {cc: _with_territories(cc) for cc in ccs.values() if cc}
    for setting in ("country", "country+admin1", "none"):
        scores: dict[str, Score] = {}
        for it in items:
            cc = ccs[it.country]
            region = regions.get((cc, it.admin1)) if cc and it.admin1 else None
            if setting == "none":
                ctx = context_cls()
            elif setting == "country":
                ctx = _context(context_cls, countries={cc} if cc else ())
            else:
                ctx = _context(
                    context_cls, countries={cc} if cc else (), admin1s={region} if region else ()
                )
            gc._cached.cache_clear()
            t = time.process_time()  # CPU time: the machine may be shared
            p = gc.lookup(it.name, ctx)
            dt = time.process_time() - t
            part = "held-out" if it.held_out else "tuned"
            parts = [part, "all"] + (["WOF, " + part] if cc in covered else [])
            for key in parts:
                s = scores.setdefault(key, Score())
                s.n += 1
                s.seconds += dt
                s.unknown += p.status in ("unknown", "context")
                s.ambiguous += p.status == "ambiguous"
                s.outside += bool(
                    cc and p.country_code and p.country_code not in inside[cc] and setting != "none"
                )
                if p.status == "resolved" and p.lat is not None:
                    s.resolved += 1
                    s.within += distance_km(p.lat, p.lon, it.lat, it.lon) <= 10
                    if region:
                        s.admin1_known += 1
                        s.admin1_ok += (p.country_code, p.admin1) == region
        print(f"  given {setting}:")
        for key in ("tuned", "held-out", "all", "WOF, tuned", "WOF, held-out"):
            if key in scores:
                print(f"    {key:14} {scores[key].line()}")


def _with_territories(cc: str) -> frozenset[str]:
    try:
        from veille.geo.territories import with_territories
    except ImportError:  # before territories
        return frozenset({cc})
    return with_territories({cc})


def _country_code(gc, name: str) -> str | None:  # type: ignore[no-untyped-def]
    """ISO code of a UCDP country name ("DR Congo (Zaire)", "Yemen (North Yemen)")."""
    for text in (name, re.sub(r"\s*\(.*\)", "", name), *re.findall(r"\((.*)\)", name)):
        cc = gc.country_of_text_token(text)
        if cc:
            return cc
        p = gc.lookup(text)
        if p.status == "resolved" and p.level == "country":
            return p.country_code
    return None


def _context(context_cls, **kw):  # type: ignore[no-untyped-def]
    """A context the caller states as fact (``strict``), where the geocoder knows the notion."""
    try:
        return context_cls(**kw, strict=True)
    except TypeError:  # before issue 9
        return context_cls(**kw)


def _region(gc, context_cls, cc: str, admin1: str) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """(code, gazetteer admin1 name) of UCDP's adm_1 ("Idlib governorate"), if found."""
    if hasattr(gc, "resolve_admin1"):
        return gc.resolve_admin1(cc, admin1)
    p = gc.lookup(admin1, context_cls(countries={cc}))
    if p.status == "resolved" and p.level == "admin1" and p.country_code == cc and p.admin1:
        return (cc, p.admin1)
    return None
