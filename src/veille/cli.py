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
    "watch",
    "fetch",
    "reextract",
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


def _subparser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    """The parser of ``command`` (argparse reports a sub-command's unknown flag with the
    top-level usage, which does not show the options that exist)."""
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # name the sub-command's own usage, not the top-level one
        _subparser(parser, args.command).error(f"unrecognized arguments: {' '.join(extra)}")
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
