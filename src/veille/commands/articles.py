"""``veille articles``: list stored articles, or show one with its events and copy links."""

from __future__ import annotations

import argparse
import json
import sys

from veille.commands.ingest import DB_HELP
from veille.errors import StoreError
from veille.store.sqlite import SQLiteStore, default_db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "articles",
        help="list stored articles or show one",
        description=(
            "Without ID: one line per article (id, input id, published, source, language, "
            "events). With ID (internal number or input id): the article as JSON with "
            "its events, tolls and the articles it reuses or that reuse it."
        ),
    )
    p.add_argument("id", nargs="?", help="article to show (internal id or input id)")
    p.add_argument("--db", default=None, help=DB_HELP)
    p.add_argument("--limit", type=int, default=100, help="rows to list (default: 100)")
    p.add_argument("--offset", type=int, default=0, help="rows to skip")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    with SQLiteStore(args.db or default_db_path(), readonly=True) as store:
        if args.id is not None:
            art = store.get_article(args.id)
            if art is None:
                raise StoreError(f"no article {args.id!r} in {store.path}")
            out.write(json.dumps(art, ensure_ascii=False, indent=2) + "\n")
            return 0
        rows, total = store.list_articles(args.limit, args.offset)
        if args.json:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            return 0
        out.write(f"{'id':>6}  {'doc_id':28}  {'published':10}  {'source':24}  {'lang':4}  events\n")
        for r in rows:
            note = f"  skipped: {r['skipped']}" if r["skipped"] else ""
            out.write(
                f"{r['id']:>6}  {str(r['doc_id'])[:28]:28}  {r['published'] or '':10}  "
                f"{(r['source'] or '')[:24]:24}  {r['lang'] or '':4}  {r['n_events']}{note}\n"
            )
        if total > len(rows):
            out.write(f"({len(rows)} of {total} articles shown)\n")
    return 0
