"""``veille geocode NAME... [--country CC]`` and ``veille geocode -``: place names -> places."""

from __future__ import annotations

import argparse
import json
import sys

from veille.errors import ReadError
from veille.geo import GeoContext, get_geocoder


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "geocode",
        help="resolve place names to coordinates, admin1 and country",
        description=(
            "Resolve place names as French or English news write them ('Alep', "
            "\"province d'Idleb\", 'Bakhmout') with the packaged gazetteer. Prints one JSON "
            "object per name: name, canonical, gazetteer_id, lat, lon, admin1, country, "
            "country_code, admin2 (the district of a town, when known), geo_precision (1 town, "
            "2 part of a region or near a town, 3 region "
            "or country), level and status (resolved, ambiguous, context, unknown). With '-', "
            'reads JSONL lines {"name": ..., "country": ...} from standard input.'
        ),
    )
    p.add_argument(
        "names", nargs="+", metavar="NAME", help="place names, or '-' for JSONL on stdin"
    )
    p.add_argument(
        "--country",
        metavar="CC",
        action="append",
        default=[],
        help="ISO 3166-1 alpha-2 code of a country the names are in (repeatable)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    gc = get_geocoder()
    default = GeoContext(countries={c.upper() for c in args.country})
    out = sys.stdout
    if args.names == ["-"]:
        for n, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReadError(f"<stdin>:{n}", f"invalid JSON: {exc.msg}") from None
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise ReadError(f"<stdin>:{n}", 'expected {"name": ..., "country": ...}')
            country = item.get("country")
            ctx = GeoContext(countries={str(country).upper()}) if country else default
            out.write(json.dumps(gc.lookup(item["name"], ctx).to_dict(), ensure_ascii=False))
            out.write("\n")
        return 0
    for name in args.names:
        out.write(json.dumps(gc.lookup(name, default).to_dict(), ensure_ascii=False) + "\n")
    return 0
