"""Run copy detection and incident resolution on what a store has not processed yet.

Both passes are incremental and restartable: an article is marked checked for copies in the
same transaction that records its links, and an event counts as resolved once it is linked to
an incident. A crash in the middle leaves the rest pending for the next run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from veille.errors import LexiconError
from veille.extract.casualties import superseded
from veille.lexicon import extraction_languages
from veille.resolve.copies import (
    SKETCH_CACHE_ARTICLES,
    BucketCounts,
    CopyResult,
    FeatureCache,
    Features,
    analyse,
    body_grams,
    body_sketch,
    features,
    found_in,
    link_between,
    link_rows,
    probe,
    reusable,
    sketch,
)
from veille.resolve.merge import Report, Resolver, report_from_row
from veille.resolve.profile import build_profile
from veille.resolve.rules import DAY_SLACK, MAX_INCIDENT_SPAN_DAYS
from veille.store.sqlite import SQLiteStore

CHUNK = 500
"""Pending reports of one country resolved per transaction (in date order)."""
COPY_BATCH_ARTICLES = 1000
"""Articles looked up and compared before their results are written in one transaction
(``store.save_copy_batch``); the articles of a batch find each other through ``recent`` of
``store.band_candidates``. A crash loses at most a batch's work, which stays pending."""


@dataclass
class ResolveCounts:
    articles_checked: int = 0
    copy_links: int = 0
    events_resolved: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    comparisons: int = 0
    copy_candidates: int = 0  # LSH candidates looked at (at most 50 per article)
    copy_comparisons: int = 0  # candidates compared in full (the rest: a sample lookup)


def detect_copies(store: SQLiteStore, counts: ResolveCounts | None = None) -> ResolveCounts:
    """Compare every unchecked article with the checked ones that share an LSH bucket.

    Linear in the articles: each article is folded and hashed once per pass; a candidate gets a
    first look at a sample of its n-grams (:func:`~veille.resolve.copies.reusable`, computed
    once per pass and article) and a full comparison only when some paragraph may be reused;
    boilerplate buckets are left out (:class:`~veille.resolve.copies.BucketCounts`)."""
    counts = counts or ResolveCounts()
    full: FeatureCache[tuple[Features, str | None]] = FeatureCache()
    sketches: FeatureCache[np.ndarray] = FeatureCache(SKETCH_CACHE_ARTICLES)
    buckets = BucketCounts()
    pending = store.pending_copy_articles()
    for start in range(0, len(pending), COPY_BATCH_ARTICLES):
        recent: dict[tuple[int, int], tuple[int, ...]] = {}
        found = [
            _detect_one(store, art, full, sketches, buckets, counts, recent)
            for art in pending[start : start + COPY_BATCH_ARTICLES]
        ]
        store.save_copy_batch(found)
    return counts


def _detect_one(
    store: SQLiteStore,
    art: dict,
    full: FeatureCache[tuple[Features, str | None]],
    sketches: FeatureCache[np.ndarray],
    buckets: BucketCounts,
    counts: ResolveCounts,
    recent: dict[tuple[int, int], tuple[int, ...]],
) -> CopyResult:
    """Copy detection of one article (:func:`detect_copies`): what to record of it; its band
    postings join ``recent`` (those of its batch, not stored yet) as tuples: a tuple of ints
    is untracked by the garbage collector once seen, whereas a list per key (74,000 per
    batch) was traversed by every full collection."""
    body = art["text"][art["body_start"] :]
    all_bands, mine = analyse(body)
    bands = buckets.usable(all_bands)
    candidates = store.band_candidates(
        {(b, k) for _, b, k in bands}, exclude=art["id"], recent=recent
    )
    texts: dict[int, dict] = {}
    unseen = [c for c in candidates if sketches.get(c) is None]
    for other in store.article_texts(unseen):
        texts[other["id"]] = other
        sketches.put(other["id"], body_sketch(other["text"][other["body_start"] :]))
    boilerplate = {p for p, _, _ in all_bands} - {p for p, _, _ in bands}
    samples = probe(mine, boilerplate)
    looks = reusable(samples, [_or_empty(sketches.get(c)) for c in candidates])
    worth = [c for c, ok in zip(candidates, looks, strict=True) if ok]
    to_fetch = [c for c in worth if full.get(c) is None and c not in texts]
    texts.update((o["id"], o) for o in store.article_texts(to_fetch))
    links = []
    counts.copy_candidates += len(candidates)
    counts.copy_comparisons += len(worth)
    for other_id in worth:
        known = full.get(other_id)
        if known is None and other_id in texts:
            other = texts[other_id]
            other_body = other["text"][other["body_start"] :]
            if not found_in(mine, body_grams(other_body)):
                continue  # none of this article's paragraphs is in it: no link
            known = (features(other_body), other["published"])
            full.put(other_id, known)
        if known is None:  # gone since the lookup
            continue
        link = link_between(art["id"], mine, art["published"], other_id, *known)
        if link is not None:
            links.append(link)
    for _, b, k in bands:
        recent[b, k] = (*recent.get((b, k), ()), art["id"])
    buckets.add(bands)
    full.put(art["id"], (mine, art["published"]))
    sketches.put(art["id"], sketch(mine.grams))
    counts.articles_checked += 1
    counts.copy_links += len(links)
    return art["id"], bands, link_rows(links)


def _or_empty(values: np.ndarray | None) -> np.ndarray:
    return np.empty(0, dtype=np.uint64) if values is None else values


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def resolve_pending(
    store: SQLiteStore,
    counts: ResolveCounts | None = None,
    progress: Callable[[int], None] | None = None,
) -> ResolveCounts:
    """Merge every event not yet in an incident into a stored or a new incident."""
    counts = counts or ResolveCounts()
    by_country: dict[str | None, list[Report]] = defaultdict(list)
    for row in store.pending_events():
        rep = report_from_row(row)
        by_country[rep.country].append(rep)
    for country, reports in by_country.items():
        reports.sort(key=lambda r: (r.lo if r.lo is not None else -1, r.event_id))
        for start in range(0, len(reports), CHUNK):
            chunk = reports[start : start + CHUNK]
            _resolve_chunk(store, country, chunk, counts)
            if progress:
                progress(len(chunk))
    return counts


def _resolve_chunk(
    store: SQLiteStore, country: str | None, chunk: list[Report], counts: ResolveCounts
) -> None:
    """Resolve one time-ordered chunk of a country's pending reports against the incidents
    stored for that country and period (the Resolver then blocks by admin1 and week)."""
    resolver = Resolver()
    dated = [r for r in chunk if r.lo is not None and r.hi is not None]
    if dated:
        lo = min(r.lo for r in dated if r.lo is not None) - DAY_SLACK
        hi = max(r.hi for r in dated if r.hi is not None) + DAY_SLACK
        existing: dict[int, list[Report]] = defaultdict(list)
        earliest = _iso(lo - MAX_INCIDENT_SPAN_DAYS)
        for row in store.block_members(country, _iso(lo), _iso(hi), earliest):
            existing[int(row["incident_id"])].append(report_from_row(row))
        for iid, members in existing.items():
            resolver.seed(iid, members)
    for rep in chunk:
        resolver.add(rep)
    todo = []
    for cluster in resolver.clusters:
        if not cluster.changed:
            continue
        rows = [m.row for m in cluster.members]
        pairs = store.copy_pairs(r["article_id"] for r in rows)
        profile = build_profile(rows, pairs, updating_articles(store, rows))
        todo.append((cluster.incident_id, [m.event_id for m in cluster.members], profile))
        if cluster.incident_id is None:
            counts.incidents_created += 1
        else:
            counts.incidents_updated += 1
    store.save_incidents(todo)
    counts.events_resolved += len(chunk)
    counts.comparisons += resolver.comparisons


def updating_articles(store: SQLiteStore, rows: list[dict[str, Any]]) -> set[int]:
    """Articles of an incident whose text says their figure replaces an earlier one ("le
    précédent bilan faisait état de quatre morts"); read only when the figures differ."""
    if len({r["fatalities"] for r in rows if r.get("fatalities") is not None}) < 2:
        return set()
    texts = store.article_texts(sorted({int(r["article_id"]) for r in rows}))
    return {int(a["id"]) for a in texts if _supersedes(a["text"])}


def _supersedes(text: str) -> bool:
    """The text names an earlier, replaced toll, in any language veille extracts."""
    for lang in extraction_languages():
        try:
            if superseded(text, lang):
                return True
        except LexiconError:  # a language without casualty data says nothing
            continue
    return False


def run_all(store: SQLiteStore) -> ResolveCounts:
    """Copy detection, then incident resolution, on everything pending."""
    counts = detect_copies(store)
    return resolve_pending(store, counts)
