"""The polite HTTP client against a real loopback server: user agent, gzip, conditional GET,
per-host delay, bounded retries with backoff, the size cap, robots.txt."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from fetch_site import ROBOTS, Site, endless, redirect
from veille.errors import FetchError
from veille.fetch.http import FetchOptions, HttpClient
from veille.fetch.robots import RobotsPolicy


@pytest.fixture(scope="module")
def site():
    s = Site().start()
    s.add("/robots.txt", ROBOTS, content_type="text/plain")
    s.add("/page.html", "<html><body>" + "<p>Texte de la page.</p>" * 100 + "</body></html>")
    s.add("/down.html", "<h1>busy</h1>", status=503)
    s.add("/gone.html", "<h1>gone</h1>", status=410)
    s.add("/declared.html", "x" * 5000, headers={"X-Note": "big"})
    s.add("/endless.html", endless())
    s.add("/hop", redirect("/page.html?utm_source=x"))
    yield s
    s.stop()


def _client(sleeps: list[float], **kw: Any) -> HttpClient:
    opts = replace(FetchOptions(host_delay=0.0, backoff=0.5, retries=2), **kw)
    return HttpClient(opts, sleep=sleeps.append)


def test_user_agent_gzip_redirect_and_conditional_get(site):
    sleeps: list[float] = []
    with _client(sleeps) as client:
        site.clear_log()
        r = client.get(site.base + "/hop")
        assert r.status == 200 and r.final_url == site.base + "/page.html?utm_source=x"
        assert r.content.startswith(b"<html>") and r.etag and r.last_modified
        hit = site.hits("/page.html")[0]
        assert hit.headers["user-agent"].startswith("veille/")
        assert "gzip" in hit.headers["accept-encoding"]
        again = client.get(site.base + "/page.html", etag=r.etag, last_modified=r.last_modified)
        assert again.not_modified and again.content == b""


def test_per_host_delay(site):
    sleeps: list[float] = []
    with _client(sleeps, host_delay=30.0) as client:
        client.get(site.base + "/page.html")
        client.get(site.base + "/page.html")
    assert len(sleeps) == 1 and 29.0 < sleeps[0] <= 30.0


def test_bounded_retries_with_backoff(site):
    sleeps: list[float] = []
    site.clear_log()
    with _client(sleeps) as client, pytest.raises(FetchError, match="HTTP 503") as exc:
        client.get(site.base + "/down.html")
    assert not exc.value.permanent
    assert sleeps == [0.5, 1.0]
    assert len(site.hits("/down.html")) == 3
    sleeps.clear()
    with _client(sleeps) as client, pytest.raises(FetchError, match="HTTP 410") as exc:
        client.get(site.base + "/gone.html")
    assert exc.value.permanent and sleeps == []


def test_size_cap_declared_and_streamed(site):
    sleeps: list[float] = []
    with _client(sleeps, max_bytes=4096) as client:
        with pytest.raises(FetchError, match="too large"):
            client.get(site.base + "/declared.html")
        with pytest.raises(FetchError, match="download stopped"):
            client.get(site.base + "/endless.html")
    assert sleeps == []  # a too-large page is not retried


def test_robots_txt(site):
    with _client([]) as client:
        robots = RobotsPolicy(client)
        site.clear_log()
        assert robots.allowed(site.base + "/page.html")
        assert not robots.allowed(site.base + "/private/x.html")
        assert len(site.hits("/robots.txt")) == 1  # cached per origin
    with _client([], respect_robots=False) as client:
        assert RobotsPolicy(client).allowed(site.base + "/private/x.html")
