"""Telling a PostgreSQL URL from a file path, and showing it without its password."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: str | None) -> bool:
    """True for ``postgresql://...`` or ``postgres://...`` (any other string is a file path)."""
    return bool(target) and str(target).lower().startswith(SCHEMES)


def redact(url: str) -> str:
    """``url`` with its password (in the netloc or as ``password=`` in the query) replaced
    by ``***``, so it can go into messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("://", 1)[0] + "://***"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = "&".join(
        "password=***" if kv.lower().startswith("password=") else kv
        for kv in parts.query.split("&")
    ) if parts.query else ""  # fmt: skip
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
