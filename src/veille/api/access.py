"""How request handlers reach the store.

FastAPI runs the (blocking) handlers in a pool of worker threads. Given an ``opener``, each
worker thread opens its own store once and keeps it, so SQLite reads run side by side; without
one, every call goes to the single store it was given, one call at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from veille.store.base import Store

T = TypeVar("T")


class StoreAccess:
    """Runs ``fn(store)`` on a store suited to the calling thread."""

    def __init__(self, store: Store, opener: Callable[[], Store] | None = None) -> None:
        self._shared = store
        self._opener = opener
        self._lock = threading.Lock()
        self._local = threading.local()
        self._opened: list[Store] = []

    def _thread_store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            assert self._opener is not None
            store = self._opener()
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def call(self, fn: Callable[[Store], T]) -> T:
        if self._opener is not None:
            return fn(self._thread_store())
        with self._lock:
            return fn(self._shared)

    def close(self) -> None:
        """Close the stores this object opened (not the shared one: its owner closes it)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            store.close()
