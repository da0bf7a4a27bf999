"""``veille export``: incidents as ACLED-style CSV (default), plain CSV or GeoJSON, each row
with its figure ranges and English summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import IO, Any

from veille.commands.incidents import add_filters, query_from
from veille.errors import VeilleError
from veille.store.extras import enriched
from veille.store.formats import write_acled_csv, write_csv, write_geojson
from veille.store.sqlite import SQLiteStore, default_db_path

FORMATS = ("acled-csv", "csv", "geojson")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="export incidents in ACLED's CSV layout, as CSV or as GeoJSON",
        description=(
            "Write every matching incident. acled-csv (default): ACLED's column names first "
            "(event_id_cnty, event_date, year, event_type, sub_event_type, actor1, inter1, "
            "actor2, inter2, interaction, iso, region, country, admin1, location, latitude, "
            "longitude, geo_precision, source, source_scale, notes = the English summary, "
            "fatalities, event_id_no_cnty, iso3...), then veille's columns (figure ranges, "
            "reports, independent sources, claimants, flags, grade, evidence); incidents "
            "without a valid day are left out and counted on stderr unless --include-undated. "
            "csv and geojson: veille's incident fields with the summary."
        ),
    )
    add_filters(p)
    p.add_argument("--format", choices=FORMATS, default="acled-csv", help="export format (default: acled-csv)")
    p.add_argument(
        "--include-undated",
        action="store_true",
        help="acled-csv: keep incidents without a day, with empty date columns and date_status=undated",
    )
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    query = query_from(args)
    fh: IO[str] = _open_output(args.output) if args.output else sys.stdout
    try:
        with SQLiteStore(args.db or default_db_path(), readonly=True) as store:
            acled = args.format == "acled-csv"
            rows: Iterator[dict[str, Any]] = enriched(
                store, store.iter_incidents(query, with_notes=acled), with_evidence=False
            )
            if acled:
                counts = write_acled_csv(rows, fh, include_undated=args.include_undated)
                n = counts.written
                if counts.undated and not args.include_undated:
                    print(
                        f"veille: left out {counts.undated} incident(s) without a valid day "
                        "(ACLED events need one; --include-undated keeps them flagged)",
                        file=sys.stderr,
                    )
            else:
                n = (write_csv if args.format == "csv" else write_geojson)(rows, fh)
    finally:
        if fh is not sys.stdout:
            fh.close()
    if args.output:
        print(f"veille: wrote {n} incidents to {args.output}", file=sys.stderr)
    return 0


def _open_output(path: str) -> IO[str]:
    """The output file; a missing directory or a refused write is one line, not a traceback."""
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise VeilleError(f"{path}: cannot write: {exc.strerror or exc}") from None
