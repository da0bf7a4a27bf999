"""Incident resolution: events from different articles that describe one incident are merged.

Two reports are one incident when they are from different articles and
* their days agree: equal or adjacent when both are known; an undated report stands for its
  publication window (a day: the few days before it; a month: that month);
* their places agree: the same town (folded name, fuzzy match, same gazetteer id or within
  10 km), or the same admin1 when either report is located only at region level;
* their types agree: the same ACLED event type;
* their perpetrators agree: equal, unknown on one side, or co-belligerents that outlets
  confuse (Russia / Syrian government), which sets ``disputed_attribution``. Conflicting
  perpetrators merge only on a town-level match of place and day, where the dispute is about
  one incident.

Blocking: a report is compared only with incidents filed under the same (country, admin1) and
a time bucket its window touches, so the work per report is bounded by the density of one
region-week, never by the size of the database. A report whose admin1 is unknown looks across
its country's admin1 blocks for the same weeks (it can still only match by town), and a report
with a known admin1 also looks at the country's admin1-less incidents.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from veille.resolve.fold import names_region, place_key
from veille.resolve.rules import (
    ALLIED_ACTORS,
    BUCKET_DAYS,
    DAY_SLACK,
    FUZZY_PLACE_MIN,
    MAX_WINDOW_DAYS,
    NEAR_KM,
    UNDATED_LOOKBACK_DAYS,
    UNKNOWN_ACTORS,
)

Block = tuple[str | None, str | None]
ANY_ADMIN1 = "\x00any"
"""Index key under which every cluster of a country is also filed (never a real admin1)."""


@dataclass(slots=True)
class Report:
    """One event as the resolver sees it (built from a stored event row)."""

    event_id: int
    article_id: int
    event_type: str
    admin1: str | None
    country: str | None  # blocking key: ISO code when known, else the English name
    lo: int | None  # date window as ordinal days; None = no usable window
    hi: int | None
    dated: bool
    place: str  # folded key
    region_level: bool
    lat: float | None
    lon: float | None
    gazetteer_id: str | None
    actors: frozenset[str]
    row: dict[str, Any] = field(repr=False)

    @property
    def block(self) -> Block:
        return (self.country, self.admin1)


def _ordinal(day: str | None) -> int | None:
    if not day or len(day) != 10:
        return None
    try:
        return date.fromisoformat(day).toordinal()
    except ValueError:
        return None


def window(event_date: str | None, published: str | None) -> tuple[int | None, int | None, bool]:
    """(lo, hi, dated) in ordinal days for a report."""
    d = _ordinal(event_date)
    if d is not None:
        return d, d, True
    p = _ordinal(published)
    if p is not None:
        return p - UNDATED_LOOKBACK_DAYS, p, False
    if published and len(published) == 7:
        try:
            first = date.fromisoformat(published + "-01")
        except ValueError:
            return None, None, False
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        lo, hi = first.toordinal(), nxt.toordinal() - 1
        if hi - lo <= MAX_WINDOW_DAYS:
            return lo, hi, False
    return None, None, False


def actor_set(label: str | None) -> frozenset[str]:
    """Perpetrator label to a set of folded names ("Syrian government and Russia" -> both)."""
    if not label:
        return frozenset()
    t = label.lower().replace(" et ", " and ").replace(",", " and ").replace("/", " and ")
    names = {" ".join(part.split()) for part in t.split(" and ")}
    return frozenset(n for n in names if n not in UNKNOWN_ACTORS)


def country_key(row: dict[str, Any]) -> str | None:
    """ISO code when the event has one (the geocoder sets it even when it leaves the English
    name empty), else the English name."""
    code = row.get("country_code")
    return str(code).upper() if code else row.get("country")


def report_from_row(row: dict[str, Any]) -> Report:
    lo, hi, dated = window(row.get("date"), row.get("published"))
    location = row.get("location")
    admin1 = row.get("admin1")
    key = place_key(location)
    region = (
        row.get("geo_precision") == 3
        or names_region(location)
        or not key
        or (admin1 is not None and key == place_key(admin1))
        or (row.get("country") is not None and key == place_key(row["country"]))
    )
    return Report(
        event_id=int(row["id"]),
        article_id=int(row["article_id"]),
        event_type=row["event_type"],
        admin1=admin1,
        country=country_key(row),
        lo=lo,
        hi=hi,
        dated=dated,
        place=key,
        region_level=bool(region),
        lat=row.get("lat"),
        lon=row.get("lon"),
        gazetteer_id=row.get("gazetteer_id"),
        actors=actor_set(row.get("actor1")),
        row=row,
    )


def _skeleton(key: str) -> str:
    return "".join(c for c in key if c not in "aeiou ")


def _km(a: Report, b: Report) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat or 0, a.lon or 0, b.lat or 0, b.lon or 0))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def same_town(a: Report, b: Report) -> bool:
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    if a.place and a.place == b.place:
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon) and _km(a, b) <= NEAR_KM:
        return True
    if not a.place or not b.place:
        return False
    sa, sb = _skeleton(a.place), _skeleton(b.place)
    if len(sa) >= 3 and sa == sb:
        return True
    return fuzz.ratio(a.place, b.place) >= FUZZY_PLACE_MIN


def place_match(a: Report, b: Report) -> str | None:
    """"town", "region" or None."""
    if a.country != b.country:
        return None
    if not a.region_level and not b.region_level:
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return None
        return "town" if same_town(a, b) else None
    if a.admin1 and a.admin1 == b.admin1:
        return "region"
    if a.admin1 is None and b.admin1 is None and a.place == b.place:
        return "region"
    return None


def actor_relation(a: frozenset[str], b: frozenset[str]) -> str:
    """"same", "unknown", "allied" or "conflict"."""
    if not a or not b:
        return "unknown"
    if a & b:
        return "same"
    for group in ALLIED_ACTORS:
        if a <= group and b <= group:
            return "allied"
    return "conflict"


def days_match(a: Report, b: Report) -> bool:
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return False
    return a.lo - DAY_SLACK <= b.hi and b.lo - DAY_SLACK <= a.hi


def compatible(a: Report, b: Report) -> float:
    """Score > 0 when the two reports may be one incident (higher is a closer match)."""
    if a.article_id == b.article_id or a.event_type != b.event_type or not days_match(a, b):
        return 0.0
    place = place_match(a, b)
    if place is None:
        return 0.0
    if place == "region" and a.dated and b.dated and a.lo != b.lo:
        return 0.0  # a province-level report of another day is another incident, not this town's
    relation = actor_relation(a.actors, b.actors)
    if relation == "conflict" and not (place == "town" and a.dated and b.dated):
        return 0.0
    score = 2.0 if place == "town" else 1.0
    if a.dated and b.dated:
        score += 1.0 if a.lo == b.lo else 0.5
    score += {"same": 1.0, "unknown": 0.5, "allied": 0.25, "conflict": 0.0}[relation]
    return score


def evidence_key(r: Report) -> tuple[str | None, str, str] | None:
    """Key of a report's evidence sentence (case and spacing folded), for undated reports."""
    words = " ".join(str(r.row.get("evidence") or "").lower().split())
    return (r.country, r.event_type, words) if words else None


def same_copy(a: Report, b: Report) -> bool:
    """Two undated reports that are the same sentence about the same place in two articles
    (copies of one dispatch): one incident, although no window allows comparing days."""
    key = evidence_key(a)
    return (
        a.article_id != b.article_id
        and key is not None
        and key == evidence_key(b)
        and place_match(a, b) is not None
        and actor_relation(a.actors, b.actors) != "conflict"
    )


@dataclass(slots=True)
class Cluster:
    members: list[Report]
    incident_id: int | None = None  # set for incidents already stored
    changed: bool = False


class Resolver:
    """Incremental clustering of reports, with blocking by (country, admin1, time bucket).

    A report joins the best-scoring cluster all of whose members it is compatible with;
    otherwise it starts a new cluster. Reports from the same article never merge (an article
    lists distinct incidents)."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._index: dict[tuple[str | None, str | None, int], list[int]] = defaultdict(list)
        self._undated: dict[tuple[str | None, str, str], list[int]] = defaultdict(list)
        self.comparisons = 0

    @staticmethod
    def _buckets(r: Report) -> Iterator[int]:
        if r.lo is None or r.hi is None:
            return
        yield from range((r.lo - DAY_SLACK) // BUCKET_DAYS, (r.hi + DAY_SLACK) // BUCKET_DAYS + 1)

    def seed(self, incident_id: int, members: Iterable[Report]) -> None:
        """Load an incident already stored, so new reports can join it."""
        cluster = Cluster(members=[], incident_id=incident_id)
        self.clusters.append(cluster)
        for r in members:
            self._attach(len(self.clusters) - 1, r)
        cluster.changed = False

    def _attach(self, cid: int, r: Report) -> None:
        cluster = self.clusters[cid]
        cluster.members.append(r)
        cluster.changed = True
        key = evidence_key(r)
        if r.lo is None and key is not None and cid not in self._undated[key]:
            self._undated[key].append(cid)
        for b in self._buckets(r):
            for admin1 in (r.admin1, ANY_ADMIN1):
                ids = self._index[(r.country, admin1, b)]
                if not ids or ids[-1] != cid:  # duplicates are possible; add() skips them
                    ids.append(cid)

    def add(self, r: Report) -> int:
        """File a report; returns its cluster index."""
        best, best_score = -1, 0.0
        seen: set[int] = set()
        keys = (ANY_ADMIN1,) if r.admin1 is None else (r.admin1, None)
        for b in self._buckets(r):
            for cid in (c for k in keys for c in self._index.get((r.country, k, b), ())):
                if cid in seen:
                    continue
                seen.add(cid)
                score = self._fit(r, self.clusters[cid])
                if score > best_score:
                    best, best_score = cid, score
        if r.lo is None:
            best = self._undated_copy(r)
        if best < 0:
            self.clusters.append(Cluster(members=[]))
            best = len(self.clusters) - 1
        self._attach(best, r)
        return best

    def _undated_copy(self, r: Report) -> int:
        """The cluster of undated copies of ``r``'s sentence, or -1."""
        key = evidence_key(r)
        for cid in self._undated.get(key, ()) if key else ():
            self.comparisons += len(self.clusters[cid].members)
            if all(same_copy(r, m) for m in self.clusters[cid].members):
                return cid
        return -1

    def _fit(self, r: Report, cluster: Cluster) -> float:
        total = 0.0
        for m in cluster.members:
            self.comparisons += 1
            s = compatible(r, m)
            if s <= 0:
                return 0.0
            total += s
        return total / len(cluster.members) if cluster.members else 0.0


def resolve_rows(rows: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Cluster event rows in memory (no database): the groups of rows that form incidents."""
    resolver = Resolver()
    for row in rows:
        resolver.add(report_from_row(row))
    return [[m.row for m in c.members] for c in resolver.clusters]
