"""Extraction on every core: worker processes forked once the model and gazetteer are loaded.

The parent loads spaCy, the gazetteer and the learned decisions (about 10 s and 700 MB), then
forks the workers (``fork`` start method), so every worker shares those pages copy-on-write
instead of loading its own copy. Articles go to the workers in small chunks; results come back
in input order, with a bounded number of chunks in flight so a stream of millions of articles
never sits in memory. ``workers == 1`` runs in this process exactly as before (no warm-up, no
fork), so its output is the reference the parallel runs are compared with.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TypeVar

from veille.errors import OptionError, VeilleError
from veille.model import Article, DocResult
from veille.normalise import normalise
from veille.pipeline import extract_document
from veille.read import RawDoc

T = TypeVar("T")

CHUNK = 4
"""Articles per task: big enough to pay for the pickling round trip, small enough that the
results stay in order without a worker idling behind a slow document."""

PASS_THROUGH_CHUNK = 64
"""A run of items that need no extraction (re-ingest of stored articles) is handed on in
groups of this many, so it never accumulates."""

IN_FLIGHT_PER_WORKER = 3
"""Chunks submitted ahead per worker, so no worker waits for the parent."""

WARM_UP_TEXTS = (
    ("fr", "Une frappe aérienne a tué cinq civils, dont deux enfants, à Alep, dans le nord de "
           "la Syrie, le 3 mars, selon l'Observatoire syrien des droits de l'homme."),
    ("en", "An air strike killed five civilians, including two children, in Aleppo, northern "
           "Syria, on March 3, according to the Syrian Observatory for Human Rights."),
)  # fmt: skip
"""Texts extracted once before forking: they touch every lazily loaded resource (spaCy model,
gazetteer, lexicons of both languages, learned decisions)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """Extraction of one article raised: what the parent reports instead of its result."""

    origin: str
    type_name: str
    message: str
    veille_error: bool  # a VeilleError (missing model, bad data file): the batch cannot go on


Outcome = DocResult | Failure


def default_workers() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def extract_outcome(article: Article) -> Outcome:
    """:func:`~veille.pipeline.extract_document`, with an exception turned into a Failure (an
    exception raised in a worker must reach the parent as data, in order)."""
    try:
        return extract_document(article)
    except VeilleError as exc:
        return Failure(article.origin, type(exc).__name__, str(exc), True)
    except Exception as exc:  # a bug on one document must not lose the batch
        return Failure(article.origin, type(exc).__name__, " ".join(str(exc).split()), False)


def _extract_chunk(articles: list[Article]) -> list[Outcome]:
    return [extract_outcome(a) for a in articles]


def preload() -> None:
    """Load every resource extraction needs, in this process, by extracting small texts."""
    for lang, text in WARM_UP_TEXTS:
        extract_document(normalise(RawDoc(text=text, origin="warm-up", id="warm-up", lang=lang)))


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group: only the parent handles it (and stops us).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)  # N processes, one BLAS/OpenMP thread each
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        pass


class _Pool:
    """A fork-started process pool, created on first use (after :func:`preload`)."""

    def __init__(self, workers: int, on_load: Callable[[], None] | None) -> None:
        self.workers = workers
        self.on_load = on_load
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, chunk: list[Article]) -> Future[list[Outcome]]:
        if self.executor is None:
            if self.on_load:
                self.on_load()
            preload()
            gc.collect()
            gc.freeze()  # keep the loaded objects' pages shared: the GC never writes to them
            self.executor = ProcessPoolExecutor(
                self.workers, mp_context=get_context("fork"), initializer=_init_worker
            )
        return self.executor.submit(_extract_chunk, chunk)

    def close(self, cancel: bool) -> None:
        if self.executor is None:
            return
        if cancel:  # interrupted or failed: stop the workers now, not after their queue
            for proc in list(getattr(self.executor, "_processes", {}).values()):
                proc.terminate()
        self.executor.shutdown(wait=True, cancel_futures=cancel)
        gc.unfreeze()


def extract_ordered(
    items: Iterable[T],
    article_of: Callable[[T], Article | None],
    workers: int,
    on_load: Callable[[], None] | None = None,
) -> Iterator[tuple[T, Outcome | None]]:
    """``(item, outcome)`` for every item, in input order. ``article_of(item)`` is the article to
    extract, or None for an item that is only passed through (a read error, an article already
    stored). ``on_load`` is called once, just before the resources are loaded for the workers.

    With ``workers == 1`` everything runs in this process, lazily, as it always has."""
    if workers <= 1:
        for item in items:
            article = article_of(item)
            yield item, (extract_outcome(article) if article is not None else None)
        return
    yield from _parallel(items, article_of, workers, on_load)


def _parallel(
    items: Iterable[T],
    article_of: Callable[[T], Article | None],
    workers: int,
    on_load: Callable[[], None] | None,
) -> Iterator[tuple[T, Outcome | None]]:
    pool = _Pool(workers, on_load)
    # Each entry: the items of one chunk and their articles' future (None: pass-through only).
    pending: deque[tuple[list[tuple[T, bool]], Future[list[Outcome]] | None]] = deque()
    chunk: list[tuple[T, bool]] = []
    articles: list[Article] = []
    in_flight = 0
    limit = workers * IN_FLIGHT_PER_WORKER

    def flush() -> None:
        nonlocal chunk, articles, in_flight
        if chunk:
            future = pool.submit(articles) if articles else None
            in_flight += future is not None
            pending.append((chunk, future))
            chunk, articles = [], []

    def drain_one() -> Iterator[tuple[T, Outcome | None]]:
        nonlocal in_flight
        members, future = pending.popleft()
        try:
            outcomes = iter(future.result()) if future is not None else iter(())
        except BrokenProcessPool:
            raise VeilleError(
                "a worker process died (out of memory?); try fewer --workers"
            ) from None
        in_flight -= future is not None
        for item, extracted in members:
            yield item, (next(outcomes) if extracted else None)

    ok = False
    try:
        for item in items:
            article = article_of(item)
            chunk.append((item, article is not None))
            if article is not None:
                articles.append(article)
                if len(articles) >= CHUNK:
                    flush()
            elif len(chunk) >= PASS_THROUGH_CHUNK:
                flush()
            while in_flight >= limit or (pending and pending[0][1] is None):
                yield from drain_one()
        flush()
        while pending:
            yield from drain_one()
        ok = True
    finally:
        pool.close(cancel=not ok)


MAX_WORKERS = 256


def check_workers(value: int | None) -> int:
    """The ``--workers`` value to use: the number of cores when not given."""
    if value is None:
        return default_workers()
    if not 1 <= value <= MAX_WORKERS:
        raise OptionError("--workers", f"expected 1 to {MAX_WORKERS} processes, got {value}")
    return value
