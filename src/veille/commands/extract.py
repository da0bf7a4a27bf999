"""``veille extract PATH... [-o out.jsonl]``: one JSON line per document, in the gold shape."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from veille.distributed import PARTITION_DOCS, run_dask
from veille.errors import ReadError, VeilleError
from veille.eval.table import format_table
from veille.model import Article, DocResult
from veille.parallel import Failure, check_workers, extract_ordered
from veille.pipeline import iter_articles

PROGRESS_MIN_DOCS = 20
"""Without a terminal, a progress bar is shown only for batches larger than this."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract events and tolls from articles (txt, JSONL, directories, - for stdin)",
        description=(
            "Read articles and write one JSON line per document in the shape of the annotation "
            "guide, plus 'lang'. Read errors are reported on stderr, one line each, and the rest "
            "of the batch goes on; the exit status is 1 when any input failed."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT.jsonl", help="write JSON lines here, not stdout")
    p.add_argument(
        "--no-text", action="store_true", help="leave the article text out of the output"
    )
    p.add_argument(
        "--summary",
        action="store_true",
        help="print a table of documents and events (on stderr when the JSON goes to stdout)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--workers", type=int, default=None, metavar="N",
        help="extraction processes, forked once the model is loaded (default: the number of "
        "cores); 1 runs in this process",
    )  # fmt: skip
    p.add_argument(
        "--dask", metavar="ADDRESS", default=None,
        help="run on a dask.distributed cluster (scheduler address such as tcp://host:8786, or "
        "'local' for a local cluster of --workers processes); -o names a directory that "
        "receives one JSONL file per partition",
    )  # fmt: skip
    p.add_argument(
        "--partition-size", type=int, default=PARTITION_DOCS, metavar="DOCS",
        help="documents per Dask partition (default: %(default)s)",
    )  # fmt: skip
    p.set_defaults(func=run)


@contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = target.open("w", encoding="utf-8")
    except OSError as exc:
        raise VeilleError(f"{path}: cannot write: {exc.strerror or exc}") from None
    with handle:
        yield handle


def _article_or_none(item: Article | ReadError) -> Article | None:
    return item if isinstance(item, Article) else None


def _show_progress(n_docs: int, quiet: bool) -> bool:
    if quiet:
        return False
    return sys.stderr.isatty() or n_docs > PROGRESS_MIN_DOCS


def run(args: argparse.Namespace) -> int:
    workers = check_workers(args.workers)
    if args.dask is not None:
        return run_dask(args, workers)
    items = list(iter_articles(args.paths))
    articles = [a for a in items if isinstance(a, Article)]
    failed = False
    bar = tqdm(
        total=len(articles),
        unit="doc",
        file=sys.stderr,
        disable=not _show_progress(len(articles), args.quiet),
        desc="extract",
    )

    def warn(message: str) -> None:
        tqdm.write(f"veille: {message}", file=sys.stderr)

    results: list[DocResult] = []
    if len(articles) < 2:  # nothing to share out: no fork, no warm-up
        workers = 1
    with bar, _open_output(args.output) as out:
        for item, result in extract_ordered(items, _article_or_none, workers):
            if isinstance(item, ReadError):
                failed = True
                warn(str(item))
                continue
            if isinstance(result, Failure):
                if result.veille_error:
                    raise VeilleError(result.message)
                failed = True
                warn(f"{result.origin}: extraction failed: {result.type_name}: {result.message}")
                bar.update()
                continue
            assert result is not None
            if result.skipped:
                warn(f"{item.origin}: skipped ({result.skipped})")
            out.write(json.dumps(result.to_dict(include_text=not args.no_text), ensure_ascii=False))
            out.write("\n")
            if args.summary:
                results.append(result)
            bar.update()
        out.flush()
    if args.summary:
        # keep stdout clean JSONL when it carries the output
        stream = sys.stderr if args.output in (None, "-") else sys.stdout
        print(render_summary(results), file=stream)
    return 1 if failed else 0


def _killed(events: list[dict[str, Any]]) -> int | None:
    figures = [e["fatalities"] for e in events if e.get("fatalities") is not None]
    return sum(figures) if figures else None


def render_summary(results: list[DocResult]) -> str:
    """Two tables: one row per document, then one row per event."""
    dicts = [r.to_dict(include_text=False) for r in results]
    doc_rows = [
        [
            d["id"],
            d["lang"],
            d.get("published"),
            "skipped" if d.get("skipped") else len(d["events"]),
            len(d["tolls"]),
            _killed(d["events"]),
        ]
        for d in dicts
    ]
    doc_table = format_table(
        ["document", "lang", "published", "events", "tolls", "killed"], doc_rows
    )
    event_rows = [
        [
            d["id"],
            e.get("sub_event_type") or e.get("event_type"),
            e.get("location"),
            e.get("admin1"),
            e.get("date"),
            e.get("actor1"),
            e.get("fatalities"),
        ]
        for d in dicts
        for e in d["events"]
    ]
    n_events = len(event_rows)
    parts = [f"{len(dicts)} documents, {n_events} events", doc_table]
    if event_rows:
        parts += [
            "",
            format_table(
                ["document", "type", "location", "admin1", "date", "actor1", "killed"], event_rows
            ),
        ]
    return "\n".join(parts)
