"""The PostgreSQL backend: the SQLite store's code over a psycopg 3 connection.

Only :mod:`veille.store.pg.url` is imported eagerly (it needs no driver), so a SQLite user
never pays for importing psycopg.
"""

from veille.store.pg.url import is_postgres_url, redact

__all__ = ["is_postgres_url", "redact"]
