"""``veille geocode NAME... [--country CC] [--admin1 REGION] [--admin2 DISTRICT]`` and
``veille geocode -``: place names -> places.

A country given here (option or JSONL field) is stated by the caller, so it is a hard filter:
no answer comes from another country. A given admin1 is a strong prior (a namesake elsewhere in
the country can still win when the region has none); an admin1 the gazetteer does not know in
the given country is an error rather than silently ignored.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from veille.errors import OptionError, ReadError
from veille.geo import Geocoder, GeoContext, get_geocoder


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "geocode",
        help="resolve place names to coordinates, admin1 and country",
        description=(
            "Resolve place names as French or English news write them ('Alep', "
            "\"province d'Idleb\", 'Bakhmout', 'Tall Abyad', 'Homs - Bab Amr') with the packaged "
            "gazetteer. Prints one JSON "
            "object per name: name, canonical, gazetteer_id, lat, lon, admin1, country, "
            "country_code, admin2 (the district of a town, when known), geo_precision (1 town, "
            "2 part of a region or near a town, 3 region "
            "or country), level and status (resolved, ambiguous, context, unknown). With '-', "
            'reads JSONL lines {"name": ..., "country": ..., "admin1": ..., "admin2": ...} '
            "from standard input (every field but name optional; a line's fields replace the "
            "options). A given country is a hard filter; a given admin1 a strong prior."
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
        help="ISO 3166-1 alpha-2 code of a country the names are in (repeatable): no answer "
        "comes from another country",
    )
    p.add_argument(
        "--admin1",
        metavar="REGION",
        help="the region (admin1) the names are in, as written ('Idlib', 'Idlib governorate', "
        "\"province d'Idleb\"); needs --country unless the name is unique to one country",
    )
    p.add_argument(
        "--admin2",
        metavar="DISTRICT",
        help="the district (admin2) the names are in, a weaker prior than --admin1",
    )
    p.set_defaults(func=run)


class BadContext(ValueError):
    """A stated country or admin1 the gazetteer does not know; ``field`` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def context_for(
    gc: Geocoder, countries: list[str], admin1: str | None, admin2: str | None
) -> GeoContext:
    """The stated context of a name. Raises :class:`BadContext` for a country code or an
    admin1 the gazetteer does not know."""
    ccs = {c.strip().upper() for c in countries if c and c.strip()}
    for cc in ccs:
        if gc.country_name(cc) is None:
            raise BadContext("country", f"unknown country code {cc!r} (ISO 3166-1 alpha-2)")
    admin1s: set[tuple[str, str]] = set()
    if admin1:
        found = _find_admin1(gc, ccs, admin1)
        if found is None:
            inside = f" in {', '.join(sorted(ccs))}" if ccs else ""
            raise BadContext("admin1", f"no region (admin1) named {admin1!r}{inside}")
        admin1s.add(found)
        ccs.add(found[0])
    admin2s = {(cc, admin2) for cc in ccs} if admin2 and ccs else set()
    return GeoContext(countries=ccs, admin1s=admin1s, admin2s=admin2s, strict=bool(ccs))


def _find_admin1(gc: Geocoder, ccs: set[str], admin1: str) -> tuple[str, str] | None:
    if ccs:
        found = [r for cc in sorted(ccs) if (r := gc.resolve_admin1(cc, admin1))]
        return found[0] if len(found) == 1 else None
    place = gc.lookup(admin1)
    if place.status == "resolved" and place.level == "admin1" and place.country_code:
        return (place.country_code, place.admin1 or "")
    return None


def run(args: argparse.Namespace) -> int:
    gc = get_geocoder()
    try:
        default = context_for(gc, args.country, args.admin1, args.admin2)
    except BadContext as exc:
        raise OptionError(f"--{exc.field}", str(exc)) from None
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
                raise ReadError(
                    f"<stdin>:{n}", 'expected {"name": ..., "country": ..., "admin1": ...}'
                )
            ctx = _line_context(gc, item, default, args, n)
            out.write(json.dumps(gc.lookup(item["name"], ctx).to_dict(), ensure_ascii=False))
            out.write("\n")
        return 0
    for name in args.names:
        out.write(json.dumps(gc.lookup(name, default).to_dict(), ensure_ascii=False) + "\n")
    return 0


def _line_context(
    gc: Geocoder, item: dict[str, Any], default: GeoContext, args: argparse.Namespace, n: int
) -> GeoContext:
    """A JSONL line's context: its own fields, the options for those it lacks."""
    fields = ("country", "admin1", "admin2")
    if not any(item.get(f) for f in fields):
        return default
    for f in fields:
        if item.get(f) is not None and not isinstance(item[f], str):
            raise ReadError(f"<stdin>:{n}", f"'{f}' must be a string")
    countries = [item["country"]] if item.get("country") else list(args.country)
    try:
        return context_for(
            gc,
            countries,
            item.get("admin1") or (args.admin1 if not item.get("country") else None),
            item.get("admin2") or args.admin2,
        )
    except BadContext as exc:
        raise ReadError(f"<stdin>:{n}", f"'{exc.field}': {exc}") from None
