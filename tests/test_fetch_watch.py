"""``veille watch`` / ``fetch`` / ``reextract`` against a real HTTP server on loopback.

The site (tests/fetch_site.py) serves synthetic RSS and Atom feeds and article pages written
for this project, French and English, wrapped in menus, scripts and comments.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest

from fetch_site import ARTICLES, ROBOTS, Site, atom, redirect, rss
from veille.cli import main

FAST = ["--delay", "0", "--backoff", "0.01", "--timeout", "5", "-q"]
FR = ["fr-idleb", "fr-maarat", "fr-mali"]
EN = ["en-ariha", "en-aleppo"]


@pytest.fixture(scope="module")
def site():
    s = Site().start()
    s.add("/robots.txt", ROBOTS, content_type="text/plain")
    for key in ARTICLES:
        s.add_article(key)
    s.add("/feeds/fr.xml", rss(s.base, [(ARTICLES[k]["title"], f"/articles/{k}.html", f"urn:{k}")
                                         for k in FR]), content_type="application/rss+xml")  # fmt: skip
    s.add("/feeds/en.atom", atom(s.base, [(ARTICLES[k]["title"], f"/articles/{k}.html",
                                           f"urn:{k}") for k in EN]),
          content_type="application/atom+xml")  # fmt: skip
    yield s
    s.stop()


def _db(tmp_path: Path) -> str:
    return str(tmp_path / "watch.sqlite")


def _rows(db: str, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(sql, args).fetchall()


def _count(db: str, table: str) -> int:
    return _rows(db, f"SELECT COUNT(*) FROM {table}")[0][0]


def test_watch_once_stores_every_entry_then_fetches_nothing_again(site, tmp_path, capsys):
    db = _db(tmp_path)
    feeds = [site.base + "/feeds/fr.xml", site.base + "/feeds/en.atom"]
    site.clear_log()
    assert main(["watch", "--once", *feeds, "--db", db, *FAST]) == 0
    assert _count(db, "articles") == 5
    assert _count(db, "incidents") >= 5
    assert {r[0] for r in _rows(db, "SELECT lang FROM articles")} == {"fr", "en"}
    # every article has at least one event from the page's text
    assert all(n >= 1 for (n,) in _rows(db, "SELECT n_events FROM articles"))
    fetched_pages = [h.path for h in site.hits("/articles/")]
    assert sorted(fetched_pages) == sorted(f"/articles/{k}.html" for k in FR + EN)
    assert capsys.readouterr().err == ""

    site.clear_log()
    before = _rows(db, "SELECT id, content_hash FROM articles ORDER BY id")
    incidents = _count(db, "incidents")
    assert main(["watch", "--once", *feeds, "--db", db, *FAST]) == 0
    assert _rows(db, "SELECT id, content_hash FROM articles ORDER BY id") == before
    assert _count(db, "incidents") == incidents
    feed_hits = site.hits("/feeds/")
    assert len(feed_hits) == 2
    assert all(h.conditional and h.status == 304 for h in feed_hits)
    assert site.hits("/articles/") == []


def test_provenance_is_stored_with_compressed_raw_html(site, tmp_path):
    db = _db(tmp_path)
    assert main(["watch", "--once", site.base + "/feeds/fr.xml", "--db", db, *FAST]) == 0
    rows = _rows(
        db,
        "SELECT p.url, p.final_url, p.canonical_url, f.url, p.http_status, p.published, "
        "p.published_from, p.site_name, p.fetched_at, p.raw_html, a.url, a.source "
        "FROM pages p JOIN feeds f ON f.id = p.feed_id JOIN articles a ON a.id = p.article_id "
        "WHERE p.url LIKE '%fr-idleb.html'",
    )
    assert len(rows) == 1
    url, final, canonical, feed, status, published, pfrom, site_name, at, raw, a_url, src = rows[0]
    assert url == final == canonical == a_url == site.base + "/articles/fr-idleb.html"
    assert feed == site.base + "/feeds/fr.xml"
    assert (status, published, pfrom) == (200, "2019-05-14", "page")
    assert site_name == src == "Le Courrier du Levant (synthétique)"
    assert at.endswith("Z")
    html = zlib.decompress(raw).decode("utf-8")
    assert "SCRIPTTOKEN" in html and len(raw) < len(html.encode("utf-8"))


def test_menus_scripts_and_comments_never_reach_the_text(site, tmp_path):
    db = _db(tmp_path)
    assert main(["watch", "--once", site.base + "/feeds/fr.xml", site.base + "/feeds/en.atom",
                 "--db", db, *FAST]) == 0  # fmt: skip
    texts = [t for (t,) in _rows(db, "SELECT text FROM articles")]
    assert len(texts) == 5
    for text in texts:
        for marker in ("MENUTOKEN", "SCRIPTTOKEN", "COMMENTTOKEN", "dataLayer", "Commentaires"):
            assert marker not in text
    assert any("Kafranbel" in t for t in texts)
    evidence = " ".join(e for (e,) in _rows(db, "SELECT evidence FROM events"))
    assert "TOKEN" not in evidence


def test_tracking_parameters_fragments_and_redirects_add_nothing(site, tmp_path, capsys):
    site.add("/go/fr-mali", redirect("/articles/fr-mali.html?utm_source=rss"))
    items = [
        ("a", "/articles/fr-mali.html?utm_source=rss&amp;utm_medium=feed", "urn:a"),
        ("b", "/articles/fr-mali.html#comments", "urn:b"),
        ("c", "/articles/fr-mali.html?xtor=RSS-3&amp;fbclid=abc", "urn:c"),
        ("d", "/go/fr-mali", "urn:d"),
    ]
    site.add("/feeds/tracking.xml", rss(site.base, items), content_type="application/rss+xml")
    db = _db(tmp_path)
    site.clear_log()
    assert main(["watch", "--once", site.base + "/feeds/tracking.xml", "--db", db, *FAST]) == 0
    assert _count(db, "articles") == 1
    # the three tracking variants give one fetch; the redirect must be followed to be known
    assert len(site.hits("/articles/")) == 2
    assert len(site.hits("/go/")) == 1
    with sqlite3.connect(db) as c:
        outcomes = sorted(o for (o,) in c.execute("SELECT outcome FROM pages"))
    assert outcomes == ["duplicate", "stored"]
    # fetch given the same page with other trackers: known already, not even fetched
    site.clear_log()
    assert main(["fetch", site.base + "/articles/fr-mali.html?utm_campaign=x#top",
                 "--db", db, *FAST]) == 0  # fmt: skip
    assert site.hits("/articles/") == []
    assert _count(db, "articles") == 1
    capsys.readouterr()


def test_same_canonical_url_or_same_text_adds_nothing(site, tmp_path):
    # a second path whose page names the first as canonical, and a mirror with the same text
    idleb = site.base + "/articles/fr-idleb.html"
    site.add("/amp/fr-idleb.html", ARTICLE_AMP.format(canonical=idleb))
    site.add("/mirror/fr-idleb.html", _page_bytes(site, "/articles/fr-idleb.html"))
    db = _db(tmp_path)
    urls = [idleb, site.base + "/amp/fr-idleb.html", site.base + "/mirror/fr-idleb.html"]
    assert main(["fetch", *urls, "--db", db, *FAST]) == 0
    assert _count(db, "articles") == 1
    outcomes = dict(_rows(db, "SELECT url, outcome FROM pages"))
    assert outcomes[site.base + "/amp/fr-idleb.html"] == "duplicate"


def test_wire_copy_on_another_site_is_linked(site, tmp_path):
    db = _db(tmp_path)
    urls = [site.base + "/articles/fr-idleb.html", site.base + "/articles/fr-idleb-copy.html"]
    assert main(["fetch", *urls, "--db", db, *FAST]) == 0
    assert _count(db, "articles") == 2
    assert _count(db, "article_copies") == 1
    assert _rows(db, "SELECT MAX(n_articles), MIN(independent_sources) FROM incidents "
                     "WHERE location LIKE 'Kafranbel%'") == [(2, 1)]  # fmt: skip


def test_robots_disallow_is_honoured(site, tmp_path, capsys):
    site.add_article("fr-maarat", "/private/fr-maarat.html")
    private = site.base + "/private/fr-maarat.html"
    db = _db(tmp_path)
    site.clear_log()
    assert main(["fetch", private, site.base + "/articles/fr-maarat.html", "--db", db,
                 *FAST]) == 1  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"veille: {private}: disallowed by robots.txt"]
    assert site.hits("/private/") == []
    assert _count(db, "articles") == 1


def test_changed_entry_is_fetched_again_conditionally(site, tmp_path):
    path = site.add_article("en-aleppo", "/changing/en-aleppo.html")
    feed = "/feeds/changing.xml"
    site.add(feed, rss(site.base, [("Shelling kills four", path, "urn:changing")]),
             content_type="application/rss+xml")  # fmt: skip
    db = _db(tmp_path)
    assert main(["watch", "--once", site.base + feed, "--db", db, *FAST]) == 0
    site.add(feed, rss(site.base, [("Shelling kills four in Aleppo (update)", path,
                                    "urn:changing")]), content_type="application/rss+xml")  # fmt: skip
    site.clear_log()
    assert main(["watch", "--once", site.base + feed, "--db", db, *FAST]) == 0
    page_hits = site.hits("/changing/")
    assert len(page_hits) == 1 and page_hits[0].conditional and page_hits[0].status == 304
    # the page itself changes: fetched again, the article replaced in place
    changed = dict(ARTICLES["en-aleppo"], paras=["Update: five civilians were killed.",
                                                 *ARTICLES["en-aleppo"]["paras"]])  # fmt: skip
    site.add_article("en-aleppo", path, changed)
    site.add(feed, rss(site.base, [("Shelling kills five in Aleppo", path, "urn:changing")]),
             content_type="application/rss+xml")  # fmt: skip
    assert main(["watch", "--once", site.base + feed, "--db", db, *FAST]) == 0
    assert _count(db, "articles") == 1
    assert "five civilians" in _rows(db, "SELECT text FROM articles")[0][0]


def test_feeds_toml_names_feeds_and_state_survives_a_restart(site, tmp_path):
    cfg = tmp_path / "feeds.toml"
    cfg.write_text(
        'interval = 900\n\n[[feed]]\nurl = "' + site.base + '/feeds/fr.xml"\n'
        'name = "Courrier du Levant"\nlang = "fr"\n\n[[feed]]\nurl = "' + site.base
        + '/feeds/en.atom"\ninterval = 60\n',
        encoding="utf-8",
    )
    db = _db(tmp_path)
    assert main(["watch", "--once", str(cfg), "--db", db, *FAST]) == 0
    feeds = _rows(db, "SELECT url, name, lang, etag IS NOT NULL, last_status FROM feeds "
                      "ORDER BY id")  # fmt: skip
    assert feeds == [
        (site.base + "/feeds/fr.xml", "Courrier du Levant", "fr", 1, 200),
        (site.base + "/feeds/en.atom", None, None, 1, 200),
    ]
    assert _count(db, "feed_entries") == 5


def test_bad_feeds_file_is_one_line(tmp_path, capsys):
    cfg = tmp_path / "feeds.toml"
    cfg.write_text('[[feed]]\nname = "no url"\n', encoding="utf-8")
    assert main(["watch", "--once", str(cfg), "--db", _db(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "feed 1" in err[0] and "url" in err[0]


def test_interrupted_article_is_not_half_stored(site, tmp_path, monkeypatch, capsys):
    import veille.store.fetched as fetched

    real = fetched._upsert_page
    calls = {"n": 0}

    def interrupt_second(conn, page):
        calls["n"] += 1
        if calls["n"] == 2:  # the second article: its row and events are already written
            raise KeyboardInterrupt
        real(conn, page)

    monkeypatch.setattr(fetched, "_upsert_page", interrupt_second)
    db = _db(tmp_path)
    assert main(["watch", "--once", site.base + "/feeds/fr.xml", "--db", db, *FAST]) == 130
    assert _count(db, "articles") == 1
    assert _count(db, "pages") == 1 and _count(db, "feed_entries") == 1
    assert _rows(db, "SELECT COUNT(*) FROM events e LEFT JOIN articles a ON a.id = e.article_id "
                     "WHERE a.id IS NULL") == [(0,)]  # fmt: skip
    monkeypatch.setattr(fetched, "_upsert_page", real)
    site.clear_log()
    assert main(["watch", "--once", site.base + "/feeds/fr.xml", "--db", db, *FAST]) == 0
    assert _count(db, "articles") == 3
    assert len(site.hits("/articles/")) == 2  # the first article was not fetched again
    capsys.readouterr()


def test_reextract_reruns_extraction_without_fetching(site, tmp_path, capsys):
    db = _db(tmp_path)
    assert main(["watch", "--once", site.base + "/feeds/fr.xml", "--db", db, *FAST]) == 0
    events = _rows(db, "SELECT article_id, event_type, location, fatalities FROM events "
                       "ORDER BY article_id, ordinal")  # fmt: skip
    incidents = _count(db, "incidents")
    with sqlite3.connect(db) as c:  # simulate an older, worse text and event extraction
        c.execute("UPDATE articles SET text = 'stale text'")
        c.execute("UPDATE events SET fatalities = 999")
    site.clear_log()
    assert main(["reextract", "--db", db]) == 0
    assert "pages: 3; articles: 3 re-extracted" in capsys.readouterr().err
    assert site.hits() == []
    assert _rows(db, "SELECT article_id, event_type, location, fatalities FROM events "
                     "ORDER BY article_id, ordinal") == events  # fmt: skip
    assert _count(db, "incidents") == incidents
    assert _rows(db, "SELECT COUNT(*) FROM articles WHERE text LIKE '%Kafranbel%'") == [(1,)]
    assert _rows(db, "SELECT MAX(fatalities_max) FROM incidents") != [(999,)]


ARTICLE_AMP = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Version mobile</title><link rel="canonical" href="{canonical}"></head><body>
<article><h1>Syrie : trois civils tués (version mobile)</h1>
<p>Trois civils ont été tués mardi dans une frappe de drone sur le village de Kafranbel, dans la
province d'Idleb, selon l'Observatoire syrien des droits de l'homme (OSDH). Version allégée de la
page pour les téléphones, avec le même article et la même adresse de référence.</p>
</article></body></html>"""


def _page_bytes(site: Site, path: str) -> bytes:
    body = site.routes[path].body
    assert isinstance(body, bytes)
    return body
