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

from veille.errors import ReadError, VeilleError
from veille.pipeline import extract_document, iter_articles
from veille.resolve.incremental import ResolveCounts, detect_copies, resolve_pending
from veille.store.base import IngestCounts
from veille.store.sqlite import SQLiteStore


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
    incidents for the new articles and events (unless ``resolve`` is false)."""
    report = IngestReport()
    bar = tqdm(desc="ingest", unit="doc", file=sys.stderr, disable=not progress, leave=False)
    try:
        for item in iter_articles(paths):
            bar.update(1)
            if isinstance(item, ReadError):
                report.errors.append(str(item))
                report.counts.failed += 1
                continue
            if store.has_content(item.hash):
                report.counts.unchanged += 1
                continue
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
