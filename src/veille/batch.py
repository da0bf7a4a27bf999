"""The batch runner for ``veille ingest``: read, extract, store, then resolve what is new.

Extracted articles are written by this process alone, in input order, several whole articles
per transaction (:class:`BatchWriter`), so an interruption keeps every article stored before it
and no part of one in flight. Bad inputs are collected as one-line messages and
the batch goes on; a database problem (:class:`~veille.errors.StoreError`) stops it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tqdm import tqdm

from veille.errors import InputWarning, ReadError
from veille.model import Article, DocResult
from veille.parallel import Failure, extract_ordered
from veille.pipeline import iter_articles
from veille.resolve.incremental import ResolveCounts, detect_copies, resolve_pending
from veille.store.base import IngestCounts
from veille.store.sqlite import SQLiteStore

LOADING_MESSAGE = "veille: loading the language model and the gazetteer (about 10 s, once)..."


@dataclass
class IngestReport:
    counts: IngestCounts = field(default_factory=IngestCounts)
    resolution: ResolveCounts = field(default_factory=ResolveCounts)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest(
    paths: Iterable[str],
    store: SQLiteStore,
    progress: bool = False,
    resolve: bool = True,
    workers: int = 1,
) -> IngestReport:
    """Ingest every document under ``paths`` into ``store``; then detect copies and merge
    incidents for the new articles and events (unless ``resolve`` is false). With ``progress``
    the inputs are read first, so the bar shows a total. ``workers`` processes extract
    (:mod:`veille.parallel`); this process alone writes, in input order."""
    report = IngestReport()
    items = list(iter_articles(paths)) if progress else iter_articles(paths)
    total = sum(1 for i in items if not isinstance(i, InputWarning)) if progress else None
    bar = tqdm(desc="ingest", unit="doc", total=total, file=sys.stderr, disable=not progress, leave=False)

    def to_extract(item: Article | ReadError | InputWarning) -> Article | None:
        if not isinstance(item, Article) or store.has_content(item.hash):
            return None
        return item

    def loading() -> None:  # the first extraction loads spaCy and the gazetteer: say so
        if progress:
            tqdm.write(LOADING_MESSAGE, file=sys.stderr)

    if workers <= 1:
        first_load = _once(loading)
        outcomes = extract_ordered(items, lambda i: _announce(to_extract(i), first_load), 1)
    else:
        outcomes = extract_ordered(items, to_extract, workers, on_load=loading)

    def extracted() -> Iterator[DocResult]:
        for item, outcome in outcomes:
            if isinstance(item, InputWarning):  # the article follows; it is no failure
                report.errors.append(str(item))
                continue
            bar.update(1)
            if isinstance(item, ReadError):
                report.errors.append(str(item))
                report.counts.failed += 1
            elif outcome is None:  # already stored with this very text
                report.counts.unchanged += 1
            elif isinstance(outcome, Failure):
                report.errors.append(_failure_message(outcome))
                report.counts.failed += 1
            else:
                yield outcome

    return _store_all(extracted(), store, report, bar, progress, resolve)


def ingest_extracted(
    path: str, store: SQLiteStore, progress: bool = False, resolve: bool = True
) -> IngestReport:
    """Store the documents ``veille extract`` wrote at ``path`` (a JSONL file or a directory
    of partitions), as :func:`ingest` stores what it extracts; then resolve what is new."""
    from veille.extracted import iter_extracted

    report = IngestReport()
    bar = tqdm(desc="store", unit="doc", file=sys.stderr, disable=not progress, leave=False)

    def stored() -> Iterator[DocResult]:
        for item in iter_extracted(path):
            bar.update(1)
            if isinstance(item, ReadError):
                report.errors.append(str(item))
                report.counts.failed += 1
            else:
                yield item

    return _store_all(stored(), store, report, bar, progress, resolve)


def _store_all(
    results: Iterator[DocResult], store: SQLiteStore, report: IngestReport, bar: tqdm,
    progress: bool, resolve: bool,
) -> IngestReport:
    """Write extracted documents in batches (what is already extracted is kept on Ctrl-C),
    then resolve copies and incidents."""
    writer = BatchWriter(store, report.counts)
    try:
        for result in results:
            writer.add(result)
        writer.flush()
    except KeyboardInterrupt:
        writer.flush()  # keep what is already extracted
        raise
    finally:
        bar.close()
    if resolve:
        report.resolution = resolve_all(store, progress=progress)
    return report


def _failure_message(failure: Failure) -> str:
    if failure.veille_error:
        return f"{failure.origin}: {failure.message}"
    return f"{failure.origin}: extraction failed ({failure.type_name}: {failure.message})"


def _once(fn: Callable[[], None]) -> Callable[[], None]:
    done = False

    def call() -> None:
        nonlocal done
        if not done:
            done = True
            fn()

    return call


def _announce(article: Article | None, first_load: Callable[[], None]) -> Article | None:
    if article is not None:
        first_load()
    return article


class BatchWriter:
    """Extracted articles written in batches: one transaction per ``BATCH`` articles or per
    ``BATCH_SECONDS``, whichever comes first. A transaction holds whole articles only, so an
    interruption still leaves no half-stored article; it loses at most the last batch, which
    the next run extracts again (nothing of it was stored)."""

    BATCH = 64
    BATCH_SECONDS = 1.0

    def __init__(self, store: SQLiteStore, counts: IngestCounts) -> None:
        self.store = store
        self.counts = counts
        self.docs: list[DocResult] = []
        self.started = 0.0

    def add(self, doc: DocResult) -> None:
        if not self.docs:
            self.started = time.monotonic()
        self.docs.append(doc)
        if len(self.docs) >= self.BATCH or time.monotonic() - self.started >= self.BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self.docs:
            return
        with self.store.transaction() as conn:
            for doc in self.docs:
                counts, _ = self.store.write_document_in(conn, doc)
                self.counts.merge(counts)
        self.docs = []


def resolve_all(store: SQLiteStore, progress: bool = False) -> ResolveCounts:
    """Copy detection then incident resolution on whatever is pending in ``store``."""
    counts = detect_copies(store)
    bar = tqdm(desc="resolve", unit="event", file=sys.stderr, disable=not progress, leave=False)
    try:
        return resolve_pending(store, counts, progress=bar.update)
    finally:
        bar.close()
