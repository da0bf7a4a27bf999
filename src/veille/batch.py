"""The batch runner for ``veille ingest``: read, extract, store, then resolve what is new.

Each article is written in its own transaction, so an interruption keeps every article stored
before it and no part of the one in flight. Bad inputs are collected as one-line messages and
the batch goes on; a database problem (:class:`~veille.errors.StoreError`) stops it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from tqdm import tqdm

from veille.errors import InputWarning, ReadError, VeilleError
from veille.pipeline import extract_document, iter_articles
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
    paths: Iterable[str], store: SQLiteStore, progress: bool = False, resolve: bool = True
) -> IngestReport:
    """Ingest every document under ``paths`` into ``store``; then detect copies and merge
    incidents for the new articles and events (unless ``resolve`` is false). With ``progress``
    the inputs are read first, so the bar shows a total."""
    report = IngestReport()
    items = list(iter_articles(paths)) if progress else iter_articles(paths)
    total = sum(1 for i in items if not isinstance(i, InputWarning)) if progress else None
    bar = tqdm(desc="ingest", unit="doc", total=total, file=sys.stderr, disable=not progress, leave=False)
    loading = progress
    try:
        for item in items:
            if isinstance(item, InputWarning):  # the article follows; it is no failure
                report.errors.append(str(item))
                continue
            bar.update(1)
            if isinstance(item, ReadError):
                report.errors.append(str(item))
                report.counts.failed += 1
                continue
            if store.has_content(item.hash):
                report.counts.unchanged += 1
                continue
            if loading:  # the first extraction loads spaCy and the gazetteer: say so
                tqdm.write(LOADING_MESSAGE, file=sys.stderr)
                loading = False
            try:
                doc = extract_document(item)
            except VeilleError as exc:
                report.errors.append(f"{item.origin}: {exc}")
                report.counts.failed += 1
                continue
            except Exception as exc:  # an extraction bug must not lose the rest of the batch
                report.errors.append(f"{item.origin}: extraction failed ({type(exc).__name__}: {exc})")
                report.counts.failed += 1
                continue
            report.counts.merge(store.write_document(doc))
    finally:
        bar.close()
    if resolve:
        report.resolution = resolve_all(store, progress=progress)
    return report


def resolve_all(store: SQLiteStore, progress: bool = False) -> ResolveCounts:
    """Copy detection then incident resolution on whatever is pending in ``store``."""
    counts = detect_copies(store)
    bar = tqdm(desc="resolve", unit="event", file=sys.stderr, disable=not progress, leave=False)
    try:
        return resolve_pending(store, counts, progress=bar.update)
    finally:
        bar.close()
