"""Which feeds to watch: URLs given on the command line, or a ``feeds.toml`` file::

    interval = 600          # optional default, seconds between two polls of a feed

    [[feed]]
    url = "https://www.example.org/international/rss.xml"
    name = "Example, international"   # optional
    lang = "fr"                       # optional: skip language detection for its articles
    interval = 300                    # optional, overrides the default
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from veille.errors import ReadError
from veille.fetch.urls import is_web_url

FEED_KEYS = {"url", "name", "lang", "interval"}


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str | None = None
    lang: str | None = None
    interval: float | None = None  # seconds; None: the command's --interval


def feed_specs(args: list[str]) -> list[FeedSpec]:
    """Feeds named by ``args``: each an http(s) URL or a path to a feeds file. Duplicates
    (same URL) are kept once, the first wins."""
    out: dict[str, FeedSpec] = {}
    for arg in args:
        specs = [FeedSpec(url=arg)] if is_web_url(arg) else load_feeds_file(arg)
        for spec in specs:
            out.setdefault(spec.url, spec)
    return list(out.values())


def load_feeds_file(path: str) -> list[FeedSpec]:
    """The feeds listed in a TOML file (see the module docstring for the format)."""
    p = Path(path)
    if not p.is_file():
        raise ReadError(path, "neither an http(s) feed URL nor a feeds file")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReadError(path, f"not a valid TOML feeds file ({exc})") from None
    default = _interval(data.get("interval"), path)
    tables = data.get("feed", data.get("feeds"))
    if not isinstance(tables, list) or not tables:
        raise ReadError(path, "no [[feed]] table")
    specs = []
    for i, t in enumerate(tables, 1):
        where = f"{path}: feed {i}"
        if not isinstance(t, dict) or not is_web_url(str(t.get("url", ""))):
            raise ReadError(where, "needs url = \"http(s)://...\"")
        unknown = set(t) - FEED_KEYS
        if unknown:
            raise ReadError(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        interval = _interval(t.get("interval"), where)
        specs.append(FeedSpec(
            url=t["url"], name=_text(t.get("name")), lang=_text(t.get("lang")),
            interval=interval if interval is not None else default,
        ))  # fmt: skip
    return specs


def _interval(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ReadError(where, f"interval must be a positive number of seconds, not {value!r}")
    return float(value)


def _text(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
