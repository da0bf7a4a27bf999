"""``veille search QUERY``: full-text search over stored articles (SQLite FTS5)."""

from __future__ import annotations

import argparse
import json
import sys

from veille.commands.ingest import DB_HELP
from veille.store.sqlite import SQLiteStore, default_db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "search",
        help="full-text search over stored articles",
        description=(
            "Find articles containing all the words (accents ignored; put OR between words "
            "to accept any). Prints id, input id, source and a snippet with matches in []."
        ),
    )
    p.add_argument("query", nargs="+", help="words to look for")
    p.add_argument("--db", default=None, help=DB_HELP)
    p.add_argument("--limit", type=int, default=20, help="results to show (default: 20)")
    p.add_argument("--json", action="store_true", help="JSON lines instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with SQLiteStore(args.db or default_db_path(), readonly=True) as store:
        hits = store.search(" ".join(args.query), args.limit)
    for h in hits:
        if args.json:
            sys.stdout.write(json.dumps(h, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{h['id']:>6}  {h['doc_id']}  {h['source'] or ''}\n        {h['snippet']}\n")
    return 0 if hits else 1
