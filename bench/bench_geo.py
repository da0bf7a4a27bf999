"""Geocoder figures for `make bench`: load time, memory, lookups per second on one core, share of
names within 10 km of reference coordinates (dev-passage names and spelling variants), admin1
accuracy on ../shared/corpus/dev_fr.jsonl, and the UCDP village benchmark (``ucdp_geo.py``: UCDP
GED 23.1 sample, CC BY 4.0, with the country given, with country and admin1, with neither; a
quarter of the ids held out). Prints figures; never asserts speed."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import psutil
import ucdp_geo

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev_fr.jsonl"

# Place names from the dev passages and seeds, with reference coordinates and the country the
# passage is about. Coordinates are GeoNames' (cities500, checked by hand against the story);
# for villages GeoNames lacks (Latamne, Dinangourou, Boni, Bourasso, Tongo Tongo, Muidumbe) the
# WOF record that matches the passage's region.
NAMES = [
    ("Alep", 36.2021, 37.1343, "SY"),
    ("Idleb", 35.9306, 36.6339, "SY"),
    ("Khan Sheikhoun", 35.4417, 36.6508, "SY"),
    ("Maaret al-Noomane", 35.6438, 36.6709, "SY"),
    ("Latamné", 35.3214, 36.6229, "SY"),
    ("Douma", 33.5711, 36.4050, "SY"),
    ("Lattaquié", 35.5317, 35.7901, "SY"),
    ("Hama", 35.1318, 36.7578, "SY"),
    ("Deir Ezzor", 35.3359, 40.1408, "SY"),
    ("Bagdad", 33.3406, 44.4009, "IQ"),
    ("Tikrit", 34.6158, 43.6786, "IQ"),
    ("Mossoul", 36.3350, 43.1189, "IQ"),
    ("Kaboul", 34.5281, 69.1723, "AF"),
    ("Emam Saheb", 37.1850, 68.9200, "AF"),
    ("Dinangourou", 14.4510, -2.2442, "ML"),
    ("Boni", 15.0766, -2.2198, "ML"),
    ("Tombouctou", 16.7735, -3.0074, "ML"),
    ("Bourasso", 12.6333, -3.7167, "BF"),
    ("Torodi", 13.1192, 1.7987, "NE"),
    ("Tongo Tongo", 14.9361, 1.8046, "NE"),
    ("Gwoza", 11.0850, 13.6900, "NG"),
    ("Taëz", 13.5795, 44.0209, "YE"),
    ("Saada", 16.9402, 43.7639, "YE"),
    ("Donetsk", 48.0230, 37.8022, "UA"),
    ("Kostyantynivka", 48.5277, 37.7069, "UA"),
    ("Kramatorsk", 48.7231, 37.5563, "UA"),
    ("Slovyansk", 48.8530, 37.6050, "UA"),
    ("Pokrovsk", 48.2820, 37.1756, "UA"),
    ("Drouzhkivka", 48.6300, 37.5500, "UA"),
    ("Iassinovataïa", 48.1298, 37.8594, "UA"),
    ("Lyman", 48.9889, 37.8023, "UA"),
    ("Bakhmout", 48.5956, 38.0003, "UA"),
    ("Jénine", 32.4604, 35.2999, "PS"),
    ("Beyrouth", 33.8938, 35.5018, "LB"),
    ("El-Fasher", 13.6279, 25.3494, "SD"),
    ("Muidumbe", -11.8000, 39.8500, "MZ"),
    ("Bol", 13.4586, 14.7147, "TD"),
    ("Gao", 16.2717, -0.0447, "ML"),
    ("Kidal", 18.4411, 1.4078, "ML"),
    ("Mopti", 14.4843, -4.1830, "ML"),
]


def variants(name: str) -> list[str]:
    """Spelling variants a French or English writer might produce."""
    out = {
        name.upper(),
        name.lower(),
        name.replace("-", " "),
        name.replace("ou", "u"),
        name.replace("é", "e").replace("ë", "e").replace("ï", "i"),
        name.replace("ch", "sh"),
        "Al-" + name if " " not in name else name,
    }
    out.discard(name)
    return sorted(out)


def main() -> None:
    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    t0 = time.perf_counter()
    from veille.geo import GeoContext, distance_km, fold, get_geocoder

    gc = get_geocoder()
    load = time.perf_counter() - t0
    rss = (proc.memory_info().rss - rss0) / 1e6
    print(
        f"load: {load:.2f} s, memory: +{rss:.0f} MB RSS ({proc.memory_info().rss / 1e6:.0f} total)"
    )
    t = time.perf_counter()
    buckets = gc.gz.buckets  # built on the first fuzzy lookup; timed apart
    print(
        f"fuzzy index ({len(buckets):,} buckets), built on first use: "
        f"{time.perf_counter() - t:.2f} s, RSS now {proc.memory_info().rss / 1e6:.0f} MB"
    )

    def within(items: list[tuple[str, float, float, str]], use_ctx: bool) -> float:
        ok = 0
        for name, lat, lon, cc in items:
            p = gc.lookup(name, GeoContext(countries={cc}) if use_ctx else None)
            ok += (
                p.lat is not None
                and p.status == "resolved"
                and distance_km(p.lat, p.lon, lat, lon) <= 10
            )
        return ok / len(items)

    var = [(v, lat, lon, cc) for n, lat, lon, cc in NAMES for v in variants(n)]
    print(
        f"dev names within 10 km: {within(NAMES, True):.1%} with country, "
        f"{within(NAMES, False):.1%} without ({len(NAMES)} names)"
    )
    print(
        f"spelling variants within 10 km: {within(var, True):.1%} with country, "
        f"{within(var, False):.1%} without ({len(var)} variants)"
    )

    if DEV.exists():
        ok = total = 0
        for line in DEV.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            ctx = gc.context_from_text(doc["text"])
            for e in doc["events"]:
                p = gc.lookup(e["location"], ctx)
                total += 1
                ok += fold(p.admin1 or "") == fold(e["admin1"] or "") and p.country == e["country"]
        print(f"admin1+country on dev_fr events: {ok}/{total} = {ok / total:.1%} (target 90%)")

    # speed on a mix: dev names, variants, capitalised non-places, random strings; uncached
    rng = random.Random(0)
    junk = [
        "Observatoire",
        "Donald Trump",
        "Casques blancs",
        "Conseil",
        "Washington",
        "Etat",
        "Président",
        "Hezbollah",
        "Nations unies",
        "Moscou",
        "Qwertz",
        "Lundi",
    ]
    mix = sorted({n for n, *_ in NAMES} | {v for v, *_ in var} | set(junk))
    rng.shuffle(mix)
    passes = 20
    t = time.perf_counter()
    for _ in range(passes):
        gc._cached.cache_clear()
        for q in mix:
            gc.lookup(q)
    cold = passes * len(mix) / (time.perf_counter() - t)
    t = time.perf_counter()
    for _ in range(passes):
        for q in mix:
            gc.lookup(q)
    warm = passes * len(mix) / (time.perf_counter() - t)
    print(
        f"lookups/s (one core, no context, {len(mix)} distinct names): {cold:,.0f} uncached, "
        f"{warm:,.0f} cached"
    )
    ctx = GeoContext(countries={"SY"}, admin1s={("SY", "Idlib")})
    t = time.perf_counter()
    for _ in range(passes):
        gc._cached.cache_clear()
        for q in mix:
            gc.lookup(q, ctx)
    print(
        f"lookups/s (one core, with context): {passes * len(mix) / (time.perf_counter() - t):,.0f}"
        " uncached"
    )
    ucdp_geo.run(gc, distance_km, GeoContext)


if __name__ == "__main__":
    main()
