"""Article pages to main text and metadata, with ``trafilatura``: the article body without
menus, scripts, comments or footers, its title, publication day, site name and canonical URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

import trafilatura

from veille.errors import NotArticleError

MIN_TEXT_CHARS = 150
"""Main text shorter than this is no article (an index page, a login wall, a video stub)."""


@dataclass(frozen=True)
class Page:
    text: str  # title, a blank line, then the body paragraphs
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    site_name: str | None = None
    canonical_url: str | None = None  # <link rel=canonical> or og:url, when the page gives one
    lang: str | None = None  # the page's declared language, when any


@cache
def _quiet() -> None:
    """trafilatura and its helpers log their doubts as warnings; with no logging set up Python
    would print them on stderr, where veille promises one line per fault."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def extract_page(html: bytes | str, url: str) -> Page:
    """The article in ``html`` fetched from ``url``; :class:`NotArticleError` when it holds none."""
    _quiet()
    if not html:
        raise NotArticleError(url, "not an article (empty page)")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, deduplicate=False,
        )  # fmt: skip
    except Exception as exc:  # trafilatura's parser can fail on odd bytes: one line, go on
        raise NotArticleError(url, f"not an article (unparsable HTML: {type(exc).__name__})") from None
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(body) < MIN_TEXT_CHARS:
        raise NotArticleError(url, "not an article (no main text found)")
    title = (doc.title or "").strip() or None
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return Page(
        text=text,
        title=title,
        published=_day(doc.date),
        site_name=(doc.sitename or "").strip() or None,
        canonical_url=(doc.url or "").strip() or None,
        lang=(getattr(doc, "language", None) or "").split("-")[0].lower() or None,
    )


def _day(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" else None
