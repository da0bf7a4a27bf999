"""The fetch stage's pure parts: URL canonical form, feeds files, feed and page parsing."""

from __future__ import annotations

import pytest

from fetch_site import ARTICLES, NAV_PAGE, article_page, atom, rss
from veille.errors import FeedError, NotArticleError, ReadError
from veille.fetch.config import FeedSpec, feed_specs
from veille.fetch.feeds import parse_feed
from veille.fetch.pages import extract_page
from veille.fetch.urls import canonicalise

BASE = "https://news.example.org"


@pytest.mark.parametrize("url", [
    "https://News.Example.org:443/a/b.html?utm_source=rss&utm_medium=feed",
    "https://news.example.org/a/b.html#comments",
    "https://news.example.org/a/b.html?fbclid=IwAR0&xtor=RSS-3&gclid=x",
    "  https://news.example.org/a/b.html?UTM_Campaign=Spring  ",
])  # fmt: skip
def test_tracking_parameters_and_fragments_are_dropped(url):
    assert canonicalise(url) == "https://news.example.org/a/b.html"


def test_real_parameters_are_kept_and_sorted():
    assert canonicalise("http://example.org:8080?page=2&id=7&utm_term=x") == (
        "http://example.org:8080/?id=7&page=2"
    )


def test_feed_arguments_and_feeds_file(tmp_path):
    f = tmp_path / "feeds.toml"
    f.write_text(
        'interval = 300\n[[feed]]\nurl = "https://a.example/rss"\nname = "A"\nlang = "fr"\n'
        '[[feed]]\nurl = "https://b.example/atom"\ninterval = 60\n',
        encoding="utf-8",
    )
    specs = feed_specs([str(f), "https://a.example/rss", "https://c.example/feed"])
    assert specs == [
        FeedSpec("https://a.example/rss", "A", "fr", 300.0),
        FeedSpec("https://b.example/atom", None, None, 60.0),
        FeedSpec("https://c.example/feed"),
    ]


@pytest.mark.parametrize("content, message", [
    ('[[feed]]\nurl = "ftp://x"\n', "needs url"),
    ('[[feed]]\nurl = "https://x.example"\ncolour = "red"\n', "unknown key"),
    ('[[feed]]\nurl = "https://x.example"\ninterval = -5\n', "positive number"),
    ("[[feed]\n", "not a valid TOML"),
    ('title = "no feeds"\n', "no [[feed]]"),
])  # fmt: skip
def test_bad_feeds_file(tmp_path, content, message):
    f = tmp_path / "feeds.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError, match=message.replace("[", r"\[")):
        feed_specs([str(f)])


def test_rss_and_atom_entries():
    items = [("Titre", "/a.html", "urn:1"), ("Autre", "/b.html?utm_source=x", "urn:2")]
    for doc in (rss(BASE, items), atom(BASE, items)):
        parsed = parse_feed(doc.encode("utf-8"), BASE + "/feed")
        assert [(e.key, e.link) for e in parsed.entries] == [
            ("urn:1", BASE + "/a.html"), ("urn:2", BASE + "/b.html?utm_source=x"),
        ]  # fmt: skip
        assert parsed.warning is None
        assert all(e.published and e.fingerprint for e in parsed.entries)


def test_fingerprint_changes_with_the_entry_only():
    one = parse_feed(rss(BASE, [("Titre", "/a.html", "urn:1")]).encode(), BASE).entries[0]
    same = parse_feed(rss(BASE, [("Titre", "/a.html", "urn:1")]).encode(), BASE).entries[0]
    new = parse_feed(rss(BASE, [("Titre (mise à jour)", "/a.html", "urn:1")]).encode(), BASE)
    assert one.fingerprint == same.fingerprint != new.entries[0].fingerprint


def test_html_and_garbage_are_not_feeds():
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(NAV_PAGE.encode(), BASE + "/feed", "text/html")
    with pytest.raises(FeedError, match="feed"):
        parse_feed(b"\x00\x01 not xml at all", BASE + "/feed", "application/rss+xml")


def test_page_main_text_and_metadata():
    page = extract_page(article_page("fr-maarat", BASE + "/m.html").encode(), BASE + "/m.html?x=1")
    assert page.text.startswith(ARTICLES["fr-maarat"]["title"])
    assert "Maarat al-Nouman" in page.text
    for marker in ("MENUTOKEN", "SCRIPTTOKEN", "COMMENTTOKEN"):
        assert marker not in page.text
    assert page.published == "2019-05-16"
    assert page.site_name == "Le Courrier du Levant (synthétique)"
    assert page.canonical_url == BASE + "/m.html"


def test_navigation_page_is_no_article():
    with pytest.raises(NotArticleError, match="not an article"):
        extract_page(NAV_PAGE.encode(), BASE + "/nav")
    with pytest.raises(NotArticleError):
        extract_page(b"", BASE + "/empty")


def test_fetch_commands_have_help_and_docs():
    from pathlib import Path

    from veille.cli import build_parser

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in ("watch", "fetch", "reextract"):
        command = sub.choices[name]  # type: ignore[index]
        assert command.description and len(command.description) > 80, name
        assert all(a.help for a in command._actions if a.dest != "help"), name
        assert f"veille {name}" in readme, name
    assert "feeds.toml" in readme and "[[feed]]" in readme
