"""The polite HTTP client: one ``httpx.Client`` with timeouts and a user agent naming veille,
redirects and gzip followed, a delay between two requests to the same host, bounded retries
with exponential backoff on transient faults, conditional GET, and a download size cap enforced
while streaming (a 50 MB page is cut off, never read into memory).

Every fault leaves as a :class:`~veille.errors.FetchError` naming the URL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from veille import __version__
from veille.errors import FetchError
from veille.fetch.urls import host_of

USER_AGENT = (
    f"veille/{__version__} (news monitor for conflict-incident research; "
    "polite: robots.txt, conditional GET, one request per host at a time)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how patiently to fetch. Tests shrink the delays to near zero."""

    timeout: float = 20.0  # seconds, per connect / read / write
    max_bytes: int = 10 * 1024 * 1024  # a page or feed larger than this is refused
    host_delay: float = 1.0  # seconds between two requests to the same host
    retries: int = 2  # extra attempts after a timeout, a connection error or a 5xx/429
    backoff: float = 2.0  # seconds before the first retry, doubled at each retry
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    respect_robots: bool = True


@dataclass
class Response:
    """A complete answer (body read, decompressed, within the size cap)."""

    url: str
    final_url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    elapsed: float = 0.0

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class HttpClient:
    """Fetches one URL at a time. ``sleep`` is injectable so tests need not wait."""

    def __init__(
        self, options: FetchOptions | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.options = options or FetchOptions()
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=self.options.max_redirects,
            timeout=httpx.Timeout(self.options.timeout),
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None,
        accept: str | None = None,
    ) -> Response:
        """GET ``url`` (conditionally when validators are given); a 304 is returned, any other
        status outside 2xx raises :class:`FetchError`."""  # fmt: skip
        resp = self.request(url, etag=etag, last_modified=last_modified, accept=accept)
        if resp.status == 304 or 200 <= resp.status < 300:
            return resp
        reason = httpx.codes.get_reason_phrase(resp.status)
        raise FetchError(
            url, f"HTTP {resp.status} {reason}".rstrip(),
            permanent=resp.status not in RETRY_STATUSES, status=resp.status,
        )  # fmt: skip

    def request(
        self, url: str, etag: str | None = None, last_modified: str | None = None,
        accept: str | None = None,
    ) -> Response:
        """GET with retries; returns whatever status the server finally gave."""  # fmt: skip
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        opts = self.options
        for attempt in range(opts.retries + 1):
            last_try = attempt == opts.retries
            self._wait_turn(host_of(url))
            try:
                resp = self._once(url, headers)
            except FetchError as exc:
                if exc.permanent or last_try:
                    raise
            else:
                if resp.status not in RETRY_STATUSES or last_try:
                    return resp
            self._sleep(opts.backoff * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            wait = self._last.get(host, -1e9) + self.options.host_delay - now
            if wait > 0:
                self._sleep(wait)
            self._last[host] = time.monotonic()

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        cap = self.options.max_bytes
        start = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise FetchError(url, f"too large ({_mb(int(declared))}, the cap is {_mb(cap)})")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(url, f"too large (over {_mb(cap)}, download stopped)")
                    chunks.append(chunk)
                return Response(
                    url=url, final_url=str(r.url), status=r.status_code, content=b"".join(chunks),
                    headers={k.lower(): v for k, v in r.headers.items()},
                    elapsed=time.monotonic() - start,
                )  # fmt: skip
        except httpx.TooManyRedirects:
            raise FetchError(
                url, f"redirect loop (more than {self.options.max_redirects} redirects)"
            ) from None
        except httpx.TimeoutException:
            raise FetchError(
                url, f"timed out after {self.options.timeout:g} s", permanent=False
            ) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(url, f"invalid URL ({exc})") from None
        except httpx.DecodingError as exc:
            raise FetchError(url, f"undecodable compressed body ({exc})") from None
        except httpx.HTTPError as exc:
            raise FetchError(
                url, f"connection failed ({type(exc).__name__}: {exc})", permanent=False
            ) from None


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} kB"
