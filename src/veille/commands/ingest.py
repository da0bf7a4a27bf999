"""``veille ingest PATH... [--db FILE]``: read, extract and store articles, then find copied
text and merge incidents for what is new."""

from __future__ import annotations

import argparse
import sys

from veille.batch import ingest, ingest_extracted
from veille.errors import OptionError
from veille.parallel import check_workers
from veille.store.sqlite import DB_ENV, DEFAULT_DB, SQLiteStore, default_db_path

DB_HELP = f"SQLite database file (default: ${DB_ENV} or ./{DEFAULT_DB})"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "ingest",
        help="store articles, their events and incidents in a database",
        description=(
            "Read articles (.txt, .jsonl, directories, - for stdin), extract their events and "
            "store them, one transaction per article. Re-ingesting the same text adds nothing; "
            "a changed article (same id, new text) replaces its events. Then detect copied "
            "text and merge new events into incidents."
        ),
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="files, directories, or - for stdin; none: only migrate the database and finish "
        "pending copy detection and merging (after an interrupted run)",
    )  # fmt: skip
    p.add_argument("--db", default=None, help=DB_HELP)
    p.add_argument("--no-resolve", action="store_true", help="store only; skip copies and merging")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    p.add_argument(
        "--workers", type=int, default=None, metavar="N",
        help="extraction processes, forked once the model is loaded (default: the number of "
        "cores); this process alone writes",
    )  # fmt: skip
    p.add_argument(
        "--from-extracted", metavar="DIR", default=None,
        help="store what 'veille extract' wrote (a JSONL file, or a directory of JSONL "
        "partitions from 'veille extract --dask') instead of extracting PATHs",
    )  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    workers = check_workers(args.workers)
    if args.from_extracted is not None and args.paths:
        raise OptionError("--from-extracted", "give either PATHs to extract or --from-extracted")
    progress = not args.quiet and sys.stderr.isatty()
    with SQLiteStore(args.db or default_db_path()) as store:
        if args.from_extracted is not None:
            report = ingest_extracted(
                args.from_extracted, store, progress=progress, resolve=not args.no_resolve
            )
        else:
            report = ingest(
                args.paths, store, progress=progress, resolve=not args.no_resolve, workers=workers
            )
    for message in report.errors:
        print(f"veille: {message}", file=sys.stderr)
    if not args.quiet:
        c, r = report.counts, report.resolution
        print(
            f"articles: {c.added} added, {c.replaced} replaced, {c.unchanged} unchanged, "
            f"{c.skipped} skipped (language), {c.failed} failed; events: {c.events}; "
            f"copy links: {r.copy_links}; incidents: {r.incidents_created} new, "
            f"{r.incidents_updated} updated",
            file=sys.stderr,
        )
    return 0 if report.ok else 1
