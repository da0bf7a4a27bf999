"""robots.txt, fetched once per origin and cached for the life of the client.

A missing robots.txt (404 and other 4xx) allows everything; 401/403 forbid everything (as
``urllib.robotparser`` treats them); an unreachable one allows, so a flaky host is not skipped
for good. A long-running watch reads each robots.txt again after :data:`ROBOTS_TTL` seconds.
"""

from __future__ import annotations

import time
from urllib.robotparser import RobotFileParser

from veille.errors import FetchError
from veille.fetch.http import HttpClient
from veille.fetch.urls import origin_of

ROBOTS_TTL = 3600.0


class RobotsPolicy:
    def __init__(self, client: HttpClient) -> None:
        self.client = client
        self._parsers: dict[str, tuple[RobotFileParser, float]] = {}

    def allowed(self, url: str) -> bool:
        """May veille's user agent fetch ``url``?"""
        if not self.client.options.respect_robots:
            return True
        origin = origin_of(url)
        parser, loaded = self._parsers.get(origin, (None, 0.0))
        if parser is None or time.monotonic() - loaded > ROBOTS_TTL:
            parser = self._load(origin)
            self._parsers[origin] = (parser, time.monotonic())
        return parser.can_fetch(self.client.options.user_agent, url)

    def _load(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            resp = self.client.request(origin + "/robots.txt", accept="text/plain")
        except FetchError:
            parser.parse([])
            return parser
        if resp.status in (401, 403):
            parser.disallow_all = True
        elif 200 <= resp.status < 300:
            parser.parse(resp.content.decode("utf-8", "replace").splitlines())
        else:
            parser.parse([])
        return parser
