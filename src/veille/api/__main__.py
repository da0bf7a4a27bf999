"""``python -m veille.api [--db FILE] [--host H] [--port N]``: the same server as ``veille serve``,
without loading the other commands (and so the NLP stack); used by the tests and benchmarks."""

from __future__ import annotations

import argparse
import sys

from veille.commands import serve
from veille.errors import VeilleError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m veille.api")
    sub = parser.add_subparsers(dest="command")
    serve.register(sub)
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    try:
        return serve.run(args)
    except VeilleError as exc:
        print(f"veille: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
