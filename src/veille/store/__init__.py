"""Storage: the :class:`Store` protocol and its SQLite backend."""

from veille.store.base import IncidentQuery, IngestCounts, Store
from veille.store.sqlite import SQLiteStore, default_db_path, open_store

__all__ = ["IncidentQuery", "IngestCounts", "SQLiteStore", "Store", "default_db_path", "open_store"]
