"""``veille export --format acled-csv``: incidents as CSV with ACLED's columns first."""

from __future__ import annotations

import argparse
import sys
from typing import IO

from veille.commands.incidents import add_filters, query_from
from veille.errors import VeilleError
from veille.store.formats import write_acled_csv
from veille.store.sqlite import SQLiteStore, default_db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="export incidents in ACLED's CSV layout",
        description=(
            "Write every matching incident as CSV: ACLED's column names first (event_date, "
            "year, event_type, sub_event_type, actor1, actor2, country, admin1, location, "
            "latitude, longitude, geo_precision, source, notes, fatalities...), then veille's "
            "columns (figure range, reports, independent sources, claimants, flags, grade)."
        ),
    )
    add_filters(p)
    p.add_argument("--format", choices=("acled-csv",), default="acled-csv", help="export format")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    query = query_from(args)
    with SQLiteStore(args.db or default_db_path(), readonly=True) as store:
        rows = store.iter_incidents(query, with_notes=True)
        if args.output:
            with _open_output(args.output) as fh:
                n = write_acled_csv(rows, fh)
            print(f"veille: wrote {n} incidents to {args.output}", file=sys.stderr)
        else:
            write_acled_csv(rows, sys.stdout)
    return 0


def _open_output(path: str) -> IO[str]:
    """The output file; a missing directory or a refused write is one line, not a traceback."""
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise VeilleError(f"{path}: cannot write: {exc.strerror or exc}") from None
