"""``veille extract --dask ADDRESS``: extraction of an archive on a dask.distributed cluster.

This process reads and normalises the inputs, cuts the documents into partitions of
``--partition-size`` and sends them to the cluster; each worker loads the model and the
gazetteer once (:class:`LoadModels`, a worker plugin) and turns a partition into the JSON lines
``veille extract`` writes. The lines come back here and are written as
``DIR/part-00000.jsonl``, ``part-00001.jsonl``... in input order, so the partitions joined
are exactly the output of a local run; ``veille ingest --from-extracted DIR`` stores them.

Workers need veille and its model installed (the same environment); they do not need to
see this machine's files. Use one thread per worker process (extraction holds the GIL).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqdm import tqdm

from veille.errors import OptionError, ReadError, VeilleError
from veille.model import Article
from veille.parallel import Failure, extract_outcome, preload
from veille.pipeline import iter_articles

PARTITION_DOCS = 200
"""Documents per partition: a few seconds of work per task, so scheduling costs little."""

CONNECT_TIMEOUT = "10s"
IN_FLIGHT_PER_WORKER = 2
LOCAL = "local"

Line = tuple[str | None, str | None, Failure | None]
"""One document's JSON line and its "skipped" note, or its failure."""


def extract_partition(articles: list[Article], include_text: bool = True) -> list[Line]:
    """Run on a worker: each article's output line (as ``veille extract`` writes it)."""
    out: list[Line] = []
    for article in articles:
        outcome = extract_outcome(article)
        if isinstance(outcome, Failure):
            out.append((None, None, outcome))
            continue
        line = json.dumps(outcome.to_dict(include_text=include_text), ensure_ascii=False)
        note = f"{article.origin}: skipped ({outcome.skipped})" if outcome.skipped else None
        out.append((line, note, None))
    return out


def _plugin() -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadModels(WorkerPlugin):
        """Loads spaCy, the gazetteer and the decisions once per worker, before any task."""

        name = "veille-load-models"

        def setup(self, worker: Any) -> None:
            preload()

    return LoadModels()


@contextmanager
def dask_client(address: str, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``address``, or of a local cluster of ``workers`` processes
    for ``local``; an unreachable address is a one-line VeilleError."""
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")  # no INFO lines on stderr
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise VeilleError("--dask needs dask.distributed (pip install distributed)") from None
    cluster = None
    try:
        if address == LOCAL:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        problem = " ".join(str(exc).split()) or type(exc).__name__
        raise VeilleError(f"cannot reach the Dask scheduler at {address}: {problem}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _partitions(
    items: Iterator[Article | ReadError], size: int, warn: Any
) -> Iterator[list[Article]]:
    part: list[Article] = []
    for item in items:
        if isinstance(item, ReadError):
            warn(str(item))
            continue
        part.append(item)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def _write_partition(directory: Path, number: int, lines: list[str]) -> None:
    """Written under a temporary name, then renamed: a partition file is whole or absent."""
    target = directory / f"part-{number:05d}.jsonl"
    tmp = target.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line)
            handle.write("\n")
    tmp.replace(target)


def _output_dir(path: str | None) -> Path:
    if path is None or path == "-":
        raise OptionError("-o", "with --dask, give a directory for the JSONL partitions")
    directory = Path(path)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise VeilleError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if any(directory.glob("part-*.jsonl")):
        raise VeilleError(f"{path}: already holds partitions (part-*.jsonl); give an empty directory")
    return directory


def run_dask(args: argparse.Namespace, workers: int) -> int:
    """``veille extract --dask``: exit status 1 when any input failed, as a local run."""
    if args.summary:
        raise OptionError("--summary", "not available with --dask (read the partitions)")
    if args.partition_size < 1:
        raise OptionError("--partition-size", f"expected at least 1, got {args.partition_size}")
    directory = _output_dir(args.output)
    failed = False

    def warn(message: str) -> None:
        nonlocal failed
        failed = True
        tqdm.write(f"veille: {message}", file=sys.stderr)

    with dask_client(args.dask, workers) as client:
        client.register_plugin(_plugin())
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = n_workers * IN_FLIGHT_PER_WORKER
        bar = tqdm(unit="doc", file=sys.stderr, disable=args.quiet, desc="extract (dask)")
        pending: deque[tuple[int, Any]] = deque()
        number = 0

        def collect() -> None:
            part_no, future = pending.popleft()
            lines: list[str] = []
            for line, note, failure in future.result():
                bar.update()
                if failure is not None:
                    if failure.veille_error:
                        raise VeilleError(failure.message)
                    warn(f"{failure.origin}: extraction failed: {failure.type_name}: {failure.message}")
                    continue
                if note:
                    tqdm.write(f"veille: {note}", file=sys.stderr)
                lines.append(line or "")
            _write_partition(directory, part_no, lines)

        with bar:
            parts = _partitions(iter_articles(args.paths), args.partition_size, warn)
            for part in parts:
                pending.append((number, client.submit(
                    extract_partition, part, not args.no_text, pure=False, retries=1
                )))  # fmt: skip
                number += 1
                while len(pending) >= limit:
                    collect()
            while pending:
                collect()
    return 1 if failed else 0
