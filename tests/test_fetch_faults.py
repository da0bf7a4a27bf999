"""Faults while watching: each gives one line on stderr naming the feed or URL, the run goes
on, and nothing already stored is lost. Real HTTP server on loopback (tests/fetch_site.py)."""

from __future__ import annotations

import sqlite3
import time

import pytest

from fetch_site import ARTICLES, NAV_PAGE, ROBOTS, Site, endless, redirect, rss, slow
from veille.cli import main

FAST = ["--delay", "0", "--retries", "1", "--backoff", "0.01", "--timeout", "0.5",
        "--max-mb", "1", "-q"]  # fmt: skip
MALFORMED = b"<?xml version='1.0'?><rss version='2.0'><channel><<<title>&&&</channel"


@pytest.fixture(scope="module")
def site():
    s = Site().start()
    s.add("/robots.txt", ROBOTS, content_type="text/plain")
    for key in ("fr-idleb", "fr-maarat", "en-ariha"):
        s.add_article(key)
    good = [(ARTICLES["fr-idleb"]["title"], "/articles/fr-idleb.html", "urn:good")]
    s.add("/feeds/good.xml", rss(s.base, good), content_type="application/rss+xml")
    # feed faults
    s.add("/feeds/slow.xml", slow(1.2))
    s.add("/feeds/error.xml", "<h1>Internal error</h1>", status=500)
    s.add("/feeds/html.xml", NAV_PAGE)
    s.add("/feeds/malformed.xml", MALFORMED, content_type="application/rss+xml")
    full = rss(s.base, [
        (ARTICLES["fr-maarat"]["title"], "/articles/fr-maarat.html", "urn:t1"),
        (ARTICLES["en-ariha"]["title"], "/articles/en-ariha.html", "urn:t2"),
    ])  # fmt: skip
    cut = full.index(f"<link>{s.base}/articles/en-ariha.html")  # the second item has no link
    s.add("/feeds/truncated.xml", full[:cut], content_type="application/rss+xml")
    # page faults, all in one feed
    s.add("/pages/error.html", "<h1>Internal error</h1>", status=500)
    s.add("/pages/nav.html", NAV_PAGE)
    s.add("/pages/huge.html", endless())
    s.add("/pages/loop-a", redirect("/pages/loop-b", 302))
    s.add("/pages/loop-b", redirect("/pages/loop-a", 302))
    s.add("/pages/slow.html", slow(1.2, b"<html><body><p>late</p></body></html>"))
    s.add_article("en-ariha", "/private/en-ariha.html")
    s.add("/feeds/faulty-pages.xml", rss(s.base, [
        (f"fault {p}", p, f"urn:{p}") for p in PAGE_FAULTS
    ]), content_type="application/rss+xml")  # fmt: skip
    yield s
    s.stop()


FEED_FAULTS = {
    "/feeds/slow.xml": "timed out",
    "/feeds/missing.xml": "HTTP 404",
    "/feeds/error.xml": "HTTP 500",
    "/feeds/html.xml": "not an RSS or Atom feed (the server sent an HTML page)",
    "/feeds/malformed.xml": "malformed feed",
    "/feeds/truncated.xml": "malformed feed",
}
PAGE_FAULTS = {
    "/pages/missing.html": "HTTP 404",
    "/pages/error.html": "HTTP 500",
    "/pages/nav.html": "not an article",
    "/pages/huge.html": "too large",
    "/pages/loop-a": "redirect loop",
    "/pages/slow.html": "timed out",
    "/private/en-ariha.html": "disallowed by robots.txt",
}


def _count(db: str, table: str) -> int:
    with sqlite3.connect(db) as c:
        return c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _fault_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("veille: ")]


def test_each_feed_fault_is_one_line_and_polling_goes_on(site, tmp_path, capsys):
    db = str(tmp_path / "faults.sqlite")
    assert main(["watch", "--once", site.base + "/feeds/good.xml", "--db", db, "-q",
                 "--delay", "0"]) == 0  # fmt: skip
    assert _count(db, "articles") == 1
    feeds = [site.base + p for p in FEED_FAULTS] + [site.base + "/feeds/good.xml"]
    assert main(["watch", "--once", *feeds, "--db", db, *FAST]) == 1
    lines = _fault_lines(capsys.readouterr().err)
    assert len(lines) == len(FEED_FAULTS), lines
    for path, message in FEED_FAULTS.items():
        mine = [line for line in lines if f"{site.base}{path}:" in line]
        assert len(mine) == 1 and message in mine[0], (path, lines)
    # the truncated feed's complete first entry was still read and stored; nothing was lost
    assert _count(db, "articles") == 2
    with sqlite3.connect(db) as c:
        urls = {u for (u,) in c.execute("SELECT url FROM articles")}
        errors = dict(c.execute("SELECT url, last_error FROM feeds"))
    assert site.base + "/articles/fr-maarat.html" in urls
    assert "404" not in str(errors[site.base + "/feeds/good.xml"])
    assert errors[site.base + "/feeds/html.xml"].startswith("not an RSS or Atom feed")


def test_each_page_fault_is_one_line_and_the_run_goes_on(site, tmp_path, capsys):
    db = str(tmp_path / "faults.sqlite")
    started = time.monotonic()
    assert main(["watch", "--once", site.base + "/feeds/faulty-pages.xml",
                 site.base + "/feeds/good.xml", "--db", db, *FAST]) == 1  # fmt: skip
    assert time.monotonic() - started < 30
    lines = _fault_lines(capsys.readouterr().err)
    assert len(lines) == len(PAGE_FAULTS), lines
    for path, message in PAGE_FAULTS.items():
        mine = [line for line in lines if f"{site.base}{path}:" in line]
        assert len(mine) == 1 and message in mine[0], (path, lines)
    assert _count(db, "articles") == 1  # the good feed's article
    assert site.hits("/private/") == []
    with sqlite3.connect(db) as c:
        outcomes = dict(c.execute("SELECT url, outcome FROM pages"))
    # permanent faults are remembered (never fetched again); transient ones are not
    assert outcomes[site.base + "/pages/nav.html"] == "not-article"
    assert outcomes[site.base + "/pages/missing.html"] == "error"
    assert site.base + "/pages/slow.html" not in outcomes
    assert site.base + "/pages/error.html" not in outcomes

    site.clear_log()
    assert main(["watch", "--once", site.base + "/feeds/faulty-pages.xml", "--db", db,
                 *FAST]) == 1  # fmt: skip
    lines = _fault_lines(capsys.readouterr().err)
    retried = sorted({h.path for h in site.hits("/pages/")})
    assert retried == ["/pages/error.html", "/pages/slow.html"]
    assert len(lines) == 2


def test_a_feed_that_recovers_is_read_in_full(site, tmp_path, capsys):
    db = str(tmp_path / "recover.sqlite")
    site.add("/feeds/flaky.xml", MALFORMED, content_type="application/rss+xml")
    assert main(["watch", "--once", site.base + "/feeds/flaky.xml", "--db", db, *FAST]) == 1
    site.add("/feeds/flaky.xml", rss(site.base, [
        (ARTICLES["en-ariha"]["title"], "/articles/en-ariha.html", "urn:flaky"),
    ]), content_type="application/rss+xml")  # fmt: skip
    assert main(["watch", "--once", site.base + "/feeds/flaky.xml", "--db", db, *FAST]) == 0
    assert _count(db, "articles") == 1
    capsys.readouterr()
