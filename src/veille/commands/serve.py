"""``veille serve [--db FILE] [--host H] [--port N]``: the HTTP API and web page."""

from __future__ import annotations

import argparse
import sys

from veille.api.server import ServeOptions, serve
from veille.store import default_db_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve",
        help="serve the incident database as a JSON API and a web page (map, timeline, table)",
        description=(
            "Serve the database over HTTP: the JSON API under /api (OpenAPI docs at /api/docs) "
            "and the web page at /. The database is opened read-only unless --writable is given. "
            "Everything the page loads comes from this server; nothing is fetched from the "
            "internet."
        ),
    )
    add_server_arguments(p)
    p.add_argument(
        "--db",
        metavar="FILE",
        default=None,
        help="SQLite database file or postgresql://USER@HOST/DB URL "
        "(default: $VEILLE_DB, else veille.sqlite)",
    )
    p.add_argument(
        "--writable", action="store_true", help="open the database read-write (default: read-only)"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes answering on the same port (default 1; one per core serves most)",
    )
    p.set_defaults(func=run)


def add_server_arguments(p: argparse.ArgumentParser) -> None:
    """--host, --port and --log-level, shared with ``veille demo``."""
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default 8000; 0: any free port)"
    )
    p.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info", "debug"),
        help="server log level (default info)",
    )
    p.add_argument("--access-log", action="store_true", help="log every request")


def announce(url: str) -> None:
    print(f"veille: serving on {url}  (API docs: {url}api/docs; Ctrl-C to stop)", flush=True)


def run(args: argparse.Namespace) -> int:
    options = ServeOptions(
        db=args.db or default_db_path(),
        host=args.host,
        port=args.port,
        readonly=not args.writable,
        log_level=args.log_level,
        access_log=args.access_log,
        workers=args.workers,
    )
    serve(options, announce=announce)
    sys.stdout.flush()
    return 0
