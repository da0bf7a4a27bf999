"""Saved web pages: the main text of an HTML page, with ``trafilatura`` (never by regex).

A page's scripts, menus and footers hold numbers ("58 personnes tuées" in a script string) that
the extractor would read as casualty figures; only the article body goes on.
"""

from __future__ import annotations

import logging
from functools import cache

import trafilatura

from veille.errors import ReadError

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_OPENERS = ("<!doctype html", "<html", "<head", "<body", "<?xml")


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page rather than prose (it opens with a page's tags)."""
    return text.lstrip()[:64].lower().startswith(_HTML_OPENERS)


@cache
def _quiet() -> None:
    """trafilatura logs its doubts as warnings; veille promises one line per fault on stderr."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def html_to_text(html: str, where: str) -> str:
    """The page's title and main text; all its visible text when trafilatura finds no article
    body (a short fragment). :class:`ReadError` when the page holds no text at all."""
    _quiet()
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, deduplicate=False,
        )  # fmt: skip
        body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
        if not body:
            return _plain(trafilatura.html2txt(html), where)
    except ReadError:
        raise
    except Exception as exc:  # lxml can fail on odd input: one line, the batch goes on
        raise ReadError(where, f"unparsable HTML ({type(exc).__name__})") from None
    title = (getattr(doc, "title", None) or "").strip()
    return body if not title or body.startswith(title) else f"{title}\n\n{body}"


def _plain(text: str, where: str) -> str:
    if not text.strip():
        raise ReadError(where, "HTML page holds no text")
    return text.strip()
