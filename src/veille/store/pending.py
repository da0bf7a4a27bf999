"""The SQLite store's writes for copy detection and incident resolution.

A mixin of :class:`~veille.store.sqlite.SQLiteStore`: every write still goes through its
single :meth:`transaction`. Kept apart so each module stays short and has one job.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from veille.store import queries

if TYPE_CHECKING:
    from veille.resolve.copies import CopyResult

INCIDENT_FIELDS = (
    "date", "date_max", "date_estimated", "location", "admin1", "country", "country_code", "lat",
    "lon", "geo_precision", "event_type", "sub_event_type", "actor1", "actor2", "fatalities_best",
    "fatalities_min", "fatalities_max", "civilian_fatalities", "n_reports", "n_articles",
    "independent_sources", "claimants", "sources", "disputed_figures", "disputed_attribution",
    "grade", "span_start", "span_end", "admin2",
)  # fmt: skip


COLUMN_DEFAULTS = {"date_estimated": 0, "n_reports": 0, "n_articles": 0, "independent_sources": 0,
                   "disputed_figures": 0, "disputed_attribution": 0, "grade": "weak"}  # fmt: skip


def _column(profile: dict[str, Any], name: str) -> Any:
    value = profile.get(name, COLUMN_DEFAULTS.get(name))
    if name in ("claimants", "sources"):
        return json.dumps(list(value or []), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


BAND_KEYS_PER_QUERY = 5000
"""Band keys in one candidate query: 10,002 parameters, under SQLite's 32,766 and PostgreSQL's
65,535 (an article of 250 or more 20-band units, far above any news article, needs two)."""

BUCKET_POSTINGS_READ = 8
"""Postings read per band bucket in a candidate lookup: the newest ones (highest article id),
since copies are made within days. A bucket with this many postings or more is *popular*: a
template sentence, a credit line, a standard phrase that many articles share. Like a stop word
it is no evidence of copying by itself, so an article sharing only one popular bucket is no
candidate; one sharing two buckets or more (a copied paragraph shares many) or one rare bucket
is. This keeps the candidates per article and the rows read per lookup bounded as the archive
grows (20 candidates per article at 20k synthetic articles before, all but 2% of them sharing a
single bucket)."""

MIN_SHARED_POPULAR = 2
"""Buckets an article must share to be a candidate when all it shares are popular."""


def _band_postings_sql(keys: list[tuple[int, int]], exclude: int) -> tuple[str, list[int]]:
    """The candidate query for distinct ``(band, bucket)`` keys: the newest postings of each
    key, ``(band, bucket, article_id)`` rows, one per stored row. Only the newest postings are
    read: ``floor`` is the article id of a key's N-th newest posting (NULL when it has fewer,
    and then all its postings are returned), found by an index-only seek on ``(band, bucket,
    article_id)``. Plain SQL with ``?`` placeholders, so the same text runs on SQLite and
    PostgreSQL. :func:`rank_candidates` counts and orders them."""
    rows = ", ".join(["(?, ?)"] * len(keys))
    sql = (
        f"WITH wanted (band, bucket) AS (VALUES {rows}), "
        "sized AS (SELECT band, bucket, (SELECT p.article_id FROM paragraph_bands p "
        "WHERE p.band = wanted.band AND p.bucket = wanted.bucket AND p.article_id <> ? "
        "ORDER BY p.article_id DESC LIMIT 1 OFFSET ?) AS floor FROM wanted) "
        "SELECT pb.band, pb.bucket, pb.article_id FROM sized "
        "JOIN paragraph_bands pb ON pb.band = sized.band AND pb.bucket = sized.bucket "
        "AND pb.article_id >= COALESCE(sized.floor, 0) WHERE pb.article_id <> ?"
    )
    params = [v for key in keys for v in key] + [exclude, BUCKET_POSTINGS_READ - 1, exclude]
    return sql, params


def rank_candidates(postings: Mapping[tuple[int, int], list[int]], limit: int) -> list[int]:
    """Candidates from each key's postings (article ids, one per stored row, newest included):
    per article, how many keys it shares (a key in several of its paragraphs counts once) and
    how many of those are rare (fewer than :data:`BUCKET_POSTINGS_READ` postings); of a popular
    key only the articles of its newest postings count. An article sharing a single popular
    key and nothing else is left out; the rest are ordered most shared first, then by id."""
    shared: dict[int, int] = {}
    rare: dict[int, int] = {}
    for ids in postings.values():
        newest = sorted(ids, reverse=True)
        popular = len(newest) >= BUCKET_POSTINGS_READ
        floor = newest[BUCKET_POSTINGS_READ - 1] if popular else None
        for aid in set(newest):
            if floor is not None and aid < floor:
                continue
            shared[aid] = shared.get(aid, 0) + 1
            if not popular:
                rare[aid] = rare.get(aid, 0) + 1
    kept = [a for a, n in shared.items() if n >= MIN_SHARED_POPULAR or rare.get(a)]
    return sorted(kept, key=lambda a: (-shared[a], a))[:limit]


class PendingWork:
    """Finding and recording copies and incidents for what has not been processed yet."""

    path: str
    conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _read: Callable[..., Any]

    # -- writes: copy detection ----------------------------------------------------------------
    def pending_copy_articles(self) -> list[dict[str, Any]]:
        """Articles whose paragraphs have not yet been compared with the rest, oldest first."""
        return [
            dict(r)
            for r in self._read(
                lambda c: c.execute(
                    "SELECT id, doc_id, text, body_start, published, source FROM articles "
                    "WHERE copies_checked = 0 ORDER BY id"
                ).fetchall()
            )
        ]

    def band_candidates(
        self,
        bands: Iterable[tuple[int, int]],
        exclude: int,
        limit: int = 50,
        recent: Mapping[tuple[int, int], Sequence[int]] | None = None,
    ) -> list[int]:
        """Articles sharing LSH band buckets with ``bands``, most shared first, at most
        ``limit`` of them; of a popular bucket only the newest postings are read, and an
        article sharing a single popular bucket and nothing else is left out
        (:data:`BUCKET_POSTINGS_READ`, :func:`rank_candidates`), so a bucket shared by
        thousands of articles neither costs nor brings thousands of candidates.

        One query per article, not one per band key: all the keys go in as a ``VALUES`` list
        joined to ``paragraph_bands`` (an index-only lookup on ``(band, bucket, article_id)``)
        and at most the newest postings of each key come back (eighty round trips per article,
        each returning every article of a bucket, made detection slow down as the index grew).
        An article with more keys than one query may carry is looked up in chunks (each key is
        looked up once). ``recent`` holds postings not stored yet (the articles checked earlier
        in a detection batch, :meth:`save_copy_batch`): they count as stored ones would."""
        keys = sorted(set(bands))
        step = BAND_KEYS_PER_QUERY
        postings: dict[tuple[int, int], list[int]] = {}
        for chunk in (keys[i : i + step] for i in range(0, len(keys), step)):
            sql, params = _band_postings_sql(chunk, exclude)
            for band, bucket, aid in self._read(
                lambda c, s=sql, p=params: c.execute(s, p).fetchall()
            ):
                postings.setdefault((int(band), int(bucket)), []).append(int(aid))
        if recent:
            for key in keys:
                more = [a for a in recent.get(key, ()) if a != exclude]
                if more:
                    postings.setdefault(key, []).extend(more)
        return rank_candidates(postings, limit)

    def article_texts(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        ids = list(ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self._read(
            lambda c: [
                dict(r)
                for r in c.execute(
                    "SELECT id, doc_id, text, body_start, published, source FROM articles "
                    f"WHERE id IN ({marks}) ORDER BY id",
                    ids,
                )
            ]
        )

    def save_copies(
        self,
        article_id: int,
        bands: Iterable[tuple[int, int, int]],
        links: Iterable[tuple[int, int, float, float, float, int]],
    ) -> None:
        """Record an article's paragraph bands ``(paragraph, band, bucket)`` and its copy links
        ``(reuser, original, share, original_share, similarity, paragraphs)``, and mark it
        checked, in one transaction (:meth:`save_copy_batch` of one article)."""
        self.save_copy_batch([(article_id, list(bands), list(links))])

    def save_copy_batch(self, checked: list[CopyResult]) -> None:
        """:meth:`save_copies` of several articles in one write transaction, band rows sorted
        by key. A commit writes every index page its rows touched; the keys are random, so once
        the ``(band, bucket, article_id)`` index outgrows a batch's rows each commit rewrote
        most of the index (100 articles per commit: 1.9 ms per article at 10,000 synthetic
        articles, 0.2 ms at 500). Detection therefore looks up and compares a whole batch
        before writing it (``recent`` of :meth:`band_candidates`) and holds the write lock only
        for this."""
        if not checked:
            return
        ids = [aid for aid, _, _ in checked]
        rows = sorted((b, k, aid, p) for aid, bands, _ in checked for p, b, k in bands)
        with self.transaction() as conn:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM paragraph_bands WHERE article_id IN ({marks})", part)
            conn.executemany(
                "INSERT INTO paragraph_bands (band, bucket, article_id, paragraph) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )
            for _, _, links in checked:
                for link in links:
                    conn.execute(
                        "DELETE FROM article_copies WHERE (article_id = ? AND "
                        "source_article_id = ?) OR (article_id = ? AND source_article_id = ?)",
                        (link[0], link[1], link[1], link[0]),
                    )
                    conn.execute(
                        "INSERT INTO article_copies (article_id, source_article_id, share, "
                        "source_share, similarity, paragraphs) VALUES (?, ?, ?, ?, ?, ?)",
                        link,
                    )
            conn.executemany(
                "UPDATE articles SET copies_checked = 1 WHERE id = ?", [(aid,) for aid in ids]
            )

    def copy_pairs(self, article_ids: Iterable[int]) -> set[tuple[int, int]]:
        ids = sorted(set(article_ids))
        if len(ids) < 2:
            return set()
        marks = ",".join("?" * len(ids))
        rows = self._read(
            lambda c: c.execute(
                "SELECT article_id, source_article_id FROM article_copies "
                f"WHERE article_id IN ({marks}) AND source_article_id IN ({marks})",
                [*ids, *ids],
            ).fetchall()
        )
        return {(int(a), int(b)) for a, b in rows}

    # -- writes: incident resolution ------------------------------------------------------------
    def pending_events(self) -> list[dict[str, Any]]:
        """Events not yet linked to an incident, with their article's source and date."""
        return self._read(
            lambda c: [
                dict(r)
                for r in c.execute(
                    f"SELECT {queries.EVENT_COLUMNS}, a.source AS source, a.url AS url, "
                    "a.doc_id AS article_doc_id, a.published AS published FROM events e "
                    "JOIN articles a ON a.id = e.article_id "
                    "LEFT JOIN incident_events ie ON ie.event_id = e.id "
                    "WHERE ie.event_id IS NULL ORDER BY e.id"
                )
            ]
        )

    def block_members(
        self, country: str | None, start: str, end: str, earliest: str
    ) -> list[dict[str, Any]]:
        """Events of a country's incidents whose span meets [start, end]; ``country`` is the
        resolver's key (ISO code, else English name; see resolve.merge.country_key).
        ``earliest`` bounds span_start from below (no incident is longer than that), so the
        index range scanned does not grow with the archive."""
        if country is None:
            cond_c, params = "i.country_code IS NULL AND i.country IS NULL", []
        elif len(country) == 2 and country.isupper():
            cond_c, params = "i.country_code = ?", [country]
        else:
            cond_c, params = "i.country_code IS NULL AND i.country = ?", [country]
        params += [earliest, end, start]
        return self._read(
            lambda c: [
                dict(r)
                for r in c.execute(
                    f"SELECT {queries.EVENT_COLUMNS}, a.source AS source, a.url AS url, "
                    "a.doc_id AS article_doc_id, a.published AS published, "
                    "ie.incident_id AS incident_id FROM incidents i "
                    "JOIN incident_events ie ON ie.incident_id = i.id "
                    "JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id "
                    f"WHERE {cond_c} AND i.span_start >= ? AND i.span_start <= ? "
                    "AND i.span_end >= ?",
                    params,
                )
            ]
        )

    def save_incidents(self, incidents: list[tuple[int | None, list[int], dict[str, Any]]]) -> list[int]:
        """Create or update incidents in one transaction: each item is (incident id or None for
        a new one, all its event ids, profile columns). Returns the ids written.

        An item is skipped when the database changed under it since it was computed (another
        process linked one of its events, replaced its article, or removed the incident): its
        pending events stay pending for the next pass instead of being linked twice."""
        out: list[int] = []
        cols = ", ".join(INCIDENT_FIELDS)
        marks = ", ".join("?" * len(INCIDENT_FIELDS))
        sets = ", ".join(f"{f} = ?" for f in INCIDENT_FIELDS)
        with self.transaction() as conn:
            for iid, event_ids, profile in incidents:
                if not _still_valid(conn, iid, event_ids):
                    continue
                values = [_column(profile, f) for f in INCIDENT_FIELDS]
                if iid is None:
                    cur = conn.execute(
                        f"INSERT INTO incidents ({cols}) VALUES ({marks}) RETURNING id", values
                    )
                    iid = int(cur.fetchone()[0])
                else:
                    conn.execute(f"UPDATE incidents SET {sets} WHERE id = ?", [*values, iid])
                conn.executemany(
                    "INSERT INTO incident_events (incident_id, event_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    [(iid, e) for e in event_ids],
                )
                out.append(iid)
        return out


def _still_valid(conn: sqlite3.Connection, iid: int | None, event_ids: list[int]) -> bool:
    """Every event still exists and is unlinked or already linked to ``iid``."""
    for start in range(0, len(event_ids), 500):
        part = event_ids[start : start + 500]
        marks = ",".join("?" * len(part))
        found = conn.execute(f"SELECT COUNT(*) FROM events WHERE id IN ({marks})", part).fetchone()[0]
        if found != len(part):
            return False
        for (linked,) in conn.execute(
            f"SELECT incident_id FROM incident_events WHERE event_id IN ({marks})", part
        ):
            if linked != iid:
                return False
    if iid is not None:
        return conn.execute("SELECT 1 FROM incidents WHERE id = ?", (iid,)).fetchone() is not None
    return True
