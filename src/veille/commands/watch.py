"""``veille watch FEED... [--db FILE] [--interval SECONDS] [--once]``: poll RSS and Atom feeds
and store the new articles, their events and incidents."""

from __future__ import annotations

import argparse
import sys

from veille.commands.fetch import add_fetch_options, fetch_options, print_errors
from veille.fetch.config import feed_specs
from veille.store.sqlite import SQLiteStore, default_db_path
from veille.watch import PollReport, watch

DEFAULT_INTERVAL = 600.0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "watch",
        help="poll RSS/Atom feeds and store new articles and incidents",
        description=(
            "Poll each feed (conditional GET with ETag/Last-Modified), fetch the page of every "
            "entry not seen before, extract its main text and events and store them with "
            "their provenance, one transaction per article; then detect copied text and merge "
            "incidents. An entry's page is fetched again only when the entry changes. Feed "
            "state lives in the database, so a restart resumes where it stopped. Faults (time-"
            "outs, HTTP errors, HTML or malformed feeds, non-article or oversized pages, "
            "redirect loops) are one line each on stderr; polling goes on. Without --once it "
            "runs until interrupted (Ctrl-C), printing one status line per poll."
        ),
    )
    p.add_argument(
        "feeds", nargs="+", metavar="FEED",
        help="feed URL (RSS 2.0 or Atom), or a feeds.toml file: [[feed]] tables with url and "
        "optional name, lang and interval (see README)",
    )  # fmt: skip
    p.add_argument(
        "--interval", type=float, default=DEFAULT_INTERVAL, metavar="SECONDS",
        help=f"seconds between two polls of a feed that sets none (default: {DEFAULT_INTERVAL:g})",
    )  # fmt: skip
    p.add_argument("--once", action="store_true", help="poll every feed once and exit (for cron)")
    add_fetch_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    specs = feed_specs(args.feeds)
    failed = False

    def on_poll(report: PollReport) -> None:
        nonlocal failed
        failed = failed or bool(report.errors)
        print_errors(report)
        if not args.quiet:
            print(report.status_line(), file=sys.stderr, flush=True)

    with SQLiteStore(args.db or default_db_path()) as store:
        watch(store, specs, max(1.0, args.interval), args.once, on_poll, fetch_options(args))
    return 1 if failed else 0
