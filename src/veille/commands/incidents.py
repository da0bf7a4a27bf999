"""``veille incidents``: list incidents with filters, as a table, JSON lines, CSV or GeoJSON."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from veille import filters
from veille.commands.ingest import DB_HELP
from veille.errors import OptionError
from veille.store.base import IncidentQuery
from veille.store.extras import enriched
from veille.store.formats import write_csv, write_geojson, write_jsonl, write_table
from veille.store.sqlite import SQLiteStore, default_db_path

FORMATS = ("table", "json", "csv", "geojson")


def day(value: str) -> str:
    """argparse type: a calendar day as YYYY-MM-DD."""
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {value!r}") from None


def add_filters(p: argparse.ArgumentParser) -> None:
    """The incident filters shared by ``incidents`` and ``export``."""
    p.add_argument("--db", default=None, help=DB_HELP)
    p.add_argument("--since", type=day, metavar="YYYY-MM-DD", help="incidents on or after this day")
    p.add_argument("--until", type=day, metavar="YYYY-MM-DD", help="incidents on or before this day")
    p.add_argument("--country", help="ISO code (SY), English or French name (Syria, Syrie)")
    p.add_argument("--admin1", help="first-level region, English name (Idlib)")
    p.add_argument("--type", dest="event_type", help="event type or sub-event type")
    p.add_argument("--actor", help="actor1 or actor2 label")
    p.add_argument("--min-fatalities", type=int, help="best fatality estimate at least this")
    p.add_argument("--text", help="full-text query over evidence and article text")


def query_from(args: argparse.Namespace, limit: int = 100, offset: int = 0) -> IncidentQuery:
    """The query of the filter options, checked as the API checks its parameters (a
    :class:`~veille.errors.FilterError` is one line on stderr)."""
    return IncidentQuery(
        since=args.since, until=args.until,
        country=filters.country(args.country, "--country"),
        admin1=filters.text(args.admin1, "--admin1"),
        event_type=filters.event_type(args.event_type, "--type"),
        actor=filters.text(args.actor, "--actor"),
        min_fatalities=filters.figure(args.min_fatalities, "--min-fatalities"),
        text=filters.text(args.text, "--text"), limit=limit, offset=offset,
    )  # fmt: skip


def check_paging(limit: int | None, offset: int) -> None:
    """``--limit`` at least 1 and ``--offset`` at least 0, as the API requires."""
    if limit is not None and limit < 1:
        raise OptionError("--limit", f"expected a number of rows of at least 1, got {limit}")
    if offset < 0:
        raise OptionError("--offset", f"expected a number of rows to skip of at least 0, got {offset}")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "incidents",
        help="list merged incidents",
        description=(
            "List incidents, newest first: one row per incident with its figures (best and "
            "range), reports, independent sources and grade (weak, fair, contested). In the "
            "table, src is independent sources/reports, ! marks disputed figures and ? "
            "disputed attribution. json is one object per line."
        ),
    )
    add_filters(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--limit", type=int, default=None, help="rows to show (default: 50 for table, all otherwise)")
    p.add_argument("--offset", type=int, default=0, help="rows to skip")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    check_paging(args.limit, args.offset)
    query_from(args)  # refuse bad filters before opening the database
    with SQLiteStore(args.db or default_db_path(), readonly=True) as store:
        if args.format == "table":
            rows, total = store.list_incidents(query_from(args, args.limit or 50, args.offset))
            write_table(rows, out, total)
            return 0
        q = query_from(args, offset=args.offset)
        rows_iter = store.iter_incidents(q)
        if args.limit is not None:
            rows_iter = (r for i, r in zip(range(args.limit), rows_iter, strict=False))
        if args.format in ("csv", "geojson"):
            # as the API's downloads: figure ranges (injured, children, women) and the summary
            rows_iter = enriched(store, rows_iter)
        writer = {"json": write_jsonl, "csv": write_csv, "geojson": write_geojson}[args.format]
        writer(rows_iter, out)
    return 0
