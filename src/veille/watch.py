"""The orchestrator for ``veille watch`` and ``veille fetch``: feeds and pages in, through the
same pipeline and store path as ``veille ingest``, incidents out.

For each feed: a conditional GET; for each entry not seen before (or whose fingerprint changed):
robots.txt, the page, its main text (trafilatura), then normalise -> extract -> store, and the
page's provenance and the entry's mark in the article's own transaction. Then copy detection
and incident merging for what is new. Every fault is one line naming the feed or URL; polling
goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from veille.batch import resolve_all
from veille.errors import FetchError, VeilleError
from veille.fetch.config import FeedSpec
from veille.fetch.feeds import FeedEntry, parse_feed
from veille.fetch.http import FetchOptions, HttpClient, Response
from veille.fetch.pages import Page, extract_page
from veille.fetch.robots import RobotsPolicy
from veille.fetch.urls import canonicalise, host_of
from veille.model import DocResult
from veille.normalise import normalise
from veille.pipeline import extract_document
from veille.read.base import RawDoc
from veille.resolve.incremental import ResolveCounts
from veille.store import fetched
from veille.store.base import IngestCounts
from veille.store.fetched import EntryMark, PageRecord
from veille.store.sqlite import SQLiteStore

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
)


@dataclass
class PollReport:
    """What one poll (or one ``fetch`` run) did; ``timing`` splits its seconds between fetching,
    text extraction (trafilatura), the pipeline (extraction and storing) and resolution (copy
    detection and incident merging)."""

    feeds: int = 0
    not_modified: int = 0
    entries: int = 0  # new or changed entries
    duplicates: int = 0  # pages not stored: same URL, canonical URL or text as one stored
    transient: int = 0  # pages that failed for now (timeout, 5xx): retried at the next poll
    counts: IngestCounts = field(default_factory=IngestCounts)
    resolution: ResolveCounts = field(default_factory=ResolveCounts)
    errors: list[str] = field(default_factory=list)
    timing: dict[str, float] = field(
        default_factory=lambda: {"fetch": 0.0, "text": 0.0, "pipeline": 0.0, "resolve": 0.0}
    )

    def status_line(self) -> str:
        c, r = self.counts, self.resolution
        return (
            f"{datetime.now().strftime('%H:%M:%S')} poll: {self.feeds} feeds "
            f"({self.not_modified} not modified), {self.entries} new entries; articles: "
            f"{c.added} added, {c.replaced} replaced, {self.duplicates} duplicates, "
            f"{c.failed} failed; events: {c.events}; incidents: {r.incidents_created} new, "
            f"{r.incidents_updated} updated; {len(self.errors)} errors"
        )


class Harvester:
    """Fetches feeds and pages for one store. One per process; not thread-safe."""

    def __init__(
        self, store: SQLiteStore, options: FetchOptions | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:  # fmt: skip
        self.store = store
        self.client = HttpClient(options, sleep=sleep)
        self.robots = RobotsPolicy(self.client)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Harvester:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- feeds ---------------------------------------------------------------------------------
    def poll(self, feeds: Iterable[FeedSpec], resolve: bool = True) -> PollReport:
        report = PollReport()
        for spec in feeds:
            report.feeds += 1
            self.poll_feed(spec, report)
        if resolve:
            t = time.perf_counter()
            report.resolution = resolve_all(self.store)
            report.timing["resolve"] += time.perf_counter() - t
        return report

    def poll_feed(self, spec: FeedSpec, report: PollReport) -> None:
        state = fetched.ensure_feed(self.store, spec.url, spec.name, spec.lang)
        t = time.perf_counter()
        try:
            if not self.robots.allowed(spec.url):
                raise FetchError(spec.url, "disallowed by robots.txt")
            resp = self.client.get(spec.url, state.etag, state.last_modified, accept=FEED_ACCEPT)
        except FetchError as exc:
            report.errors.append(str(exc))
            fetched.record_poll(self.store, state.id, exc.status, error=exc.message)
            return
        finally:
            report.timing["fetch"] += time.perf_counter() - t
        if resp.not_modified:
            report.not_modified += 1
            fetched.record_poll(self.store, state.id, resp.status)
            return
        try:
            parsed = parse_feed(resp.content, spec.url, resp.content_type)
        except FetchError as exc:
            report.errors.append(str(exc))
            fetched.record_poll(self.store, state.id, resp.status, error=exc.message)
            return
        if parsed.warning:
            report.errors.append(f"{spec.url}: {parsed.warning}")
        transient_before = report.transient
        for entry in parsed.entries:
            seen = fetched.entry_fingerprint(self.store, state.id, entry.key)
            if seen == entry.fingerprint:
                continue
            changed = seen is not None
            report.entries += 1
            mark = EntryMark(state.id, entry.key, canonicalise(entry.link), entry.fingerprint)
            self.take(entry.link, report, feed=spec, feed_id=state.id, entry=entry, mark=mark,
                      refetch=changed)  # fmt: skip
        # a damaged feed, or an entry whose page failed for now: no new validators, so the
        # next poll reads the whole feed again and retries what is not marked as seen
        retry = parsed.warning is not None or report.transient > transient_before
        fetched.record_poll(
            self.store, state.id, resp.status, error=parsed.warning, etag=resp.etag,
            last_modified=resp.last_modified, keep_validators=retry,
        )  # fmt: skip

    # -- pages ---------------------------------------------------------------------------------
    def take(
        self, url: str, report: PollReport, feed: FeedSpec | None = None,
        feed_id: int | None = None, entry: FeedEntry | None = None,
        mark: EntryMark | None = None, refetch: bool = False,
    ) -> None:
        """Fetch, read and store the article at ``url`` unless it is known already;
        ``refetch`` (its feed entry changed): fetch it again, conditionally."""  # fmt: skip
        canon = canonicalise(url)
        known = fetched.find_page(self.store, canon)
        if known is not None and not refetch:  # fetched before, here or from another feed
            if known["outcome"] in ("stored", "duplicate"):
                report.duplicates += 1
            if mark is not None:
                fetched.mark_entry(self.store, mark)
            return
        record = PageRecord(url=canon, outcome="error", feed_id=feed_id)
        t = time.perf_counter()
        try:
            if not self.robots.allowed(url):
                raise FetchError(url, "disallowed by robots.txt")
            etag = known["etag"] if known else None
            last_modified = known["last_modified"] if known else None
            resp = self.client.get(url, etag, last_modified, accept="text/html, */*;q=0.5")
        except FetchError as exc:
            report.errors.append(str(exc))
            report.counts.failed += 1
            if exc.permanent:
                record.error, record.http_status = exc.message, exc.status
                fetched.save_page(self.store, record, entry=mark)
            else:  # retried at the next poll
                report.transient += 1
            return
        finally:
            report.timing["fetch"] += time.perf_counter() - t
        if resp.not_modified:
            if mark is not None:
                fetched.mark_entry(self.store, mark)
            return
        self._read_and_store(resp, record, report, feed, entry, mark)

    def _read_and_store(
        self, resp: Response, record: PageRecord, report: PollReport, feed: FeedSpec | None,
        entry: FeedEntry | None, mark: EntryMark | None,
    ) -> None:  # fmt: skip
        record.final_url, record.http_status = canonicalise(resp.final_url), resp.status
        record.etag, record.last_modified = resp.etag, resp.last_modified
        record.content_type = resp.content_type
        t = time.perf_counter()
        try:
            page = extract_page(resp.content, resp.final_url)
        except FetchError as exc:
            report.errors.append(str(exc))
            report.counts.failed += 1
            record.outcome, record.error = "not-article", exc.message
            fetched.save_page(self.store, record, entry=mark)
            return
        finally:
            report.timing["text"] += time.perf_counter() - t
        record.canonical_url = canonicalise(page.canonical_url or resp.final_url)
        record.title, record.site_name, record.lang = page.title, page.site_name, page.lang
        record.published = page.published or (entry.published if entry else None)
        record.published_from = "page" if page.published else ("feed" if record.published else None)
        t = time.perf_counter()
        try:
            same = fetched.find_page(self.store, record.canonical_url)
            if same is not None and same["url"] != record.url and same["outcome"] == "stored":
                report.duplicates += 1
                record.outcome, record.article_id = "duplicate", same["article_id"]
                fetched.save_page(self.store, record, entry=mark)
                return
            record.raw_html = resp.content
            try:
                doc = self._extract(page, record, feed)
            except FetchError as exc:
                report.errors.append(str(exc))
                report.counts.failed += 1
                record.error = exc.message
                fetched.save_page(self.store, record, entry=mark)
                return
            counts = fetched.save_page(self.store, _stored(record), doc, entry=mark)
            report.counts.merge(counts)
            if counts.unchanged:
                report.duplicates += 1
        finally:
            report.timing["pipeline"] += time.perf_counter() - t

    def _extract(self, page: Page, record: PageRecord, feed: FeedSpec | None) -> DocResult:
        raw = to_raw_doc(page, record, feed.url if feed else None, feed.lang if feed else None)
        try:
            return extract_document(normalise(raw))
        except VeilleError as exc:
            raise FetchError(record.url, f"extraction failed ({exc})") from None
        except Exception as exc:  # an extraction bug must not stop the watch
            raise FetchError(
                record.url, f"extraction failed ({type(exc).__name__}: {exc})"
            ) from None


def _stored(record: PageRecord) -> PageRecord:
    record.outcome = "stored"
    return record


def to_raw_doc(page: Page, record: PageRecord, feed_url: str | None, lang: str | None) -> RawDoc:
    """A fetched page as the pipeline's input: its id is its canonical URL, so a changed page
    replaces its earlier text; its source is the site's name, else its host."""
    url = record.canonical_url or record.url
    return RawDoc(
        text=page.text, origin=feed_url or url, id=url, published=record.published,
        source=page.site_name or host_of(url), url=url, lang=lang,
    )  # fmt: skip


def fetch_urls(
    store: SQLiteStore, urls: Iterable[str], options: FetchOptions | None = None,
    resolve: bool = True,
) -> PollReport:
    """``veille fetch``: the article pages at ``urls``, each stored once."""  # fmt: skip
    report = PollReport()
    with Harvester(store, options) as harvester:
        for url in urls:
            harvester.take(url, report)
        if resolve:
            t = time.perf_counter()
            report.resolution = resolve_all(store)
            report.timing["resolve"] += time.perf_counter() - t
    return report


def watch(
    store: SQLiteStore, feeds: list[FeedSpec], interval: float, once: bool,
    on_poll: Callable[[PollReport], None], options: FetchOptions | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll every feed when it is due (its own interval, else ``interval``), report each poll
    through ``on_poll``; ``once``: one poll of every feed, then return. Runs until interrupted
    otherwise; an interruption loses at most the article in flight, which is never half-stored."""  # fmt: skip
    due = {spec.url: 0.0 for spec in feeds}
    with Harvester(store, options) as harvester:
        while True:
            now = time.monotonic()
            batch = [s for s in feeds if due[s.url] <= now]
            if batch:
                on_poll(harvester.poll(batch))
                done = time.monotonic()
                for spec in batch:
                    due[spec.url] = done + (spec.interval or interval)
            if once:
                return
            sleep(max(0.0, min(due.values()) - time.monotonic()))
