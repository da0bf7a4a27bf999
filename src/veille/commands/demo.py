"""``veille demo [PATH...] [--db FILE]``: ingest the bundled sample, then serve it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from veille.api.server import ServeOptions, serve
from veille.commands.serve import add_server_arguments, announce
from veille.errors import VeilleError
from veille.store import open_store

DEFAULT_DB = "out/demo.sqlite"
DEFAULT_SAMPLES = "samples"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="ingest the bundled sample articles into a database and serve it (map, API)",
        description=(
            "Extract, store and resolve the sample articles (default: samples/) into a demo "
            f"database (default: {DEFAULT_DB}), then serve it like `veille serve` and print the "
            "URL to open. Running it again reuses the articles already stored."
        ),
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"articles to ingest: files or directories (default: {DEFAULT_SAMPLES}/)",
    )
    p.add_argument(
        "--db", metavar="FILE", default=DEFAULT_DB, help=f"database (default {DEFAULT_DB})"
    )
    add_server_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = args.paths or [DEFAULT_SAMPLES]
    for path in paths:
        if not Path(path).exists():
            raise VeilleError(f"{path}: no such file or directory (give the sample's path)")
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    summary = ingest(paths, args.db)
    print(f"veille: demo database {args.db}: {summary}", flush=True)
    options = ServeOptions(
        db=args.db,
        host=args.host,
        port=args.port,
        readonly=True,
        log_level=args.log_level,
        access_log=args.access_log,
    )
    serve(options, announce=announce)
    return 0


def ingest(paths: list[str], db: str) -> str:
    """Ingest ``paths`` into ``db`` (extract, store, detect copies, merge incidents) with the
    same library function as ``veille ingest``; a one-line summary."""
    from veille.batch import ingest as ingest_paths  # the NLP stack loads only when used

    with open_store(db) as store:
        report = ingest_paths(paths, store, progress=sys.stderr.isatty())
        stats = store.stats()
    for message in report.errors:
        print(f"veille: {message}", file=sys.stderr)
    c = report.counts
    return (
        f"{c.added} articles added, {c.unchanged} unchanged, {c.failed} failed; "
        f"{stats['articles']} articles, {stats['events']} events, {stats['incidents']} incidents"
    )
