"""``veille reextract [--db FILE]``: re-run text and event extraction over stored raw HTML."""

from __future__ import annotations

import argparse
import sys

from veille.commands.ingest import DB_HELP
from veille.reextract import reextract
from veille.store.sqlite import SQLiteStore, default_db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "reextract",
        help="re-run extraction over the raw HTML kept for fetched articles",
        description=(
            "For every article stored by `veille watch` or `veille fetch`, read its raw HTML "
            "(kept compressed in the database) again: main text, then events and tolls, "
            "replacing the stored ones in one transaction per article; then detect copies and "
            "merge incidents again. Use it after upgrading veille or its models. Nothing is "
            "fetched."
        ),
    )
    p.add_argument("--db", default=None, help=DB_HELP)
    p.add_argument("--no-resolve", action="store_true", help="store only; skip copies and merging")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with SQLiteStore(args.db or default_db_path()) as store:
        report = reextract(store, resolve=not args.no_resolve)
    for message in report.errors:
        print(f"veille: {message}", file=sys.stderr)
    if not args.quiet:
        c, r = report.counts, report.resolution
        print(
            f"pages: {report.pages}; articles: {c.replaced} re-extracted, {c.unchanged} "
            f"unchanged, {c.failed} failed; events: {c.events}; incidents: "
            f"{r.incidents_created} new, {r.incidents_updated} updated",
            file=sys.stderr,
        )
    return 0 if not report.errors else 1
