"""Command-line interface. Each command is a thin shell over one library function; it lives in
``veille/commands/<name>.py`` and exposes ``register(subparsers)``. Library errors
(:class:`~veille.errors.VeilleError`) become one-line messages here, and only here."""

from __future__ import annotations

import argparse
import importlib
import sys

from veille import __version__
from veille.errors import VeilleError

COMMANDS = (
    "extract",
    "eval",
    "train",
    "serve",
    "demo",
    "ingest",
    "incidents",
    "articles",
    "search",
    "export",
    "geocode",
)
"""Command modules under veille.commands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veille",
        description=(
            "Turn French and English news about armed conflict into structured, sourced "
            "incident records (ACLED event types, place, day, actors, casualties, claims)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"veille {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"veille.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except VeilleError as exc:
        print(f"veille: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("veille: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
