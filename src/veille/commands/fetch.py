"""``veille fetch URL... [--db FILE]``: fetch article pages, extract their main text and
events, and store them with their provenance (as ``veille watch`` does for feed entries)."""

from __future__ import annotations

import argparse
import sys

from veille.commands.ingest import DB_HELP
from veille.fetch.http import FetchOptions
from veille.store.sqlite import SQLiteStore, default_db_path
from veille.watch import PollReport, fetch_urls

DEFAULTS = FetchOptions()


def add_fetch_options(p: argparse.ArgumentParser) -> None:
    """Politeness and patience flags shared by ``fetch`` and ``watch``."""
    p.add_argument("--db", default=None, help=DB_HELP)
    p.add_argument(
        "--timeout", type=float, default=DEFAULTS.timeout, metavar="SECONDS",
        help=f"connect/read timeout per request (default: {DEFAULTS.timeout:g})",
    )  # fmt: skip
    p.add_argument(
        "--delay", type=float, default=DEFAULTS.host_delay, metavar="SECONDS",
        help=f"pause between two requests to the same host (default: {DEFAULTS.host_delay:g})",
    )  # fmt: skip
    p.add_argument(
        "--retries", type=int, default=DEFAULTS.retries,
        help="extra attempts after a timeout, a connection error or a 5xx/429 answer "
        f"(default: {DEFAULTS.retries})",
    )  # fmt: skip
    p.add_argument(
        "--backoff", type=float, default=DEFAULTS.backoff, metavar="SECONDS",
        help=f"wait before the first retry, doubled at each retry (default: {DEFAULTS.backoff:g})",
    )  # fmt: skip
    p.add_argument(
        "--max-mb", type=float, default=DEFAULTS.max_bytes / 1_048_576, metavar="MB",
        help="refuse a feed or page larger than this, stopping the download (default: "
        f"{DEFAULTS.max_bytes / 1_048_576:g})",
    )  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="no summary or status lines")


def fetch_options(args: argparse.Namespace) -> FetchOptions:
    return FetchOptions(
        timeout=args.timeout, host_delay=max(0.0, args.delay), retries=max(0, args.retries),
        backoff=max(0.0, args.backoff), max_bytes=int(args.max_mb * 1_048_576),
    )  # fmt: skip


def print_errors(report: PollReport) -> None:
    for message in report.errors:
        print(f"veille: {message}", file=sys.stderr)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "fetch",
        help="fetch article pages and store them with their events",
        description=(
            "Fetch each URL (robots.txt respected, redirects and gzip followed), extract the "
            "article's main text, title, date and site name without menus, scripts or "
            "comments, then extract and store its events as `veille ingest` does, with the "
            "page's provenance and its raw HTML (compressed). A URL already fetched (after "
            "dropping tracking parameters and the fragment), a page whose canonical URL or "
            "text is already stored adds nothing. Each fault is one line on stderr naming "
            "the URL; the other URLs go on."
        ),
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="article pages (http or https)")
    add_fetch_options(p)
    p.add_argument("--no-resolve", action="store_true", help="store only; skip copies and merging")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with SQLiteStore(args.db or default_db_path()) as store:
        report = fetch_urls(store, args.urls, fetch_options(args), resolve=not args.no_resolve)
    print_errors(report)
    if not args.quiet:
        c, r = report.counts, report.resolution
        print(
            f"articles: {c.added} added, {c.replaced} replaced, {report.duplicates} duplicates, "
            f"{c.failed} failed; events: {c.events}; copy links: {r.copy_links}; "
            f"incidents: {r.incidents_created} new, {r.incidents_updated} updated",
            file=sys.stderr,
        )
    return 0 if not report.errors else 1
