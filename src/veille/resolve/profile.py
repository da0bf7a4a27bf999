"""One incident's summary from its reports: place, day, figures, sources, flags and grade.

Figures follow ACLED: the best estimate is the most conservative (lowest) reported figure.
Independence follows Airwars' spirit: articles that copy each other, or come from the same
outlet, count as one source. Grades: ``contested`` when reports credit different
perpetrators, ``fair`` with two or more independent sources, ``weak`` otherwise.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlparse

from veille.resolve.merge import actor_relation, actor_set, report_from_row
from veille.resolve.rules import DISPUTED_MIN_GAP, DISPUTED_MIN_RATIO


def outlet(row: dict[str, Any]) -> str:
    """Outlet name of a report's article: its source, else its URL host, else its id."""
    if row.get("source"):
        return str(row["source"])
    if row.get("url"):
        host = urlparse(str(row["url"])).netloc
        if host:
            return host.removeprefix("www.")
    return str(row.get("article_doc_id") or row.get("article_id"))


def independent_groups(rows: list[dict[str, Any]], copy_pairs: Iterable[tuple[int, int]]) -> list[set[int]]:
    """Articles grouped so that copies and same-outlet articles share a group (union-find)."""
    articles = sorted({int(r["article_id"]) for r in rows})
    parent = {a: a for a in articles}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for a, b in copy_pairs:
        if a in parent and b in parent:
            union(a, b)
    by_outlet: dict[str, int] = {}
    for r in rows:
        if r.get("source"):
            name = str(r["source"]).lower()
            aid = int(r["article_id"])
            if name in by_outlet:
                union(by_outlet[name], aid)
            else:
                by_outlet[name] = aid
    groups: dict[int, set[int]] = {}
    for a in articles:
        groups.setdefault(find(a), set()).add(a)
    return list(groups.values())


def disputed(figures: list[int]) -> bool:
    if len(figures) < 2:
        return False
    low, high = min(figures), max(figures)
    gap = high - low
    return gap >= DISPUTED_MIN_GAP and gap >= DISPUTED_MIN_RATIO * high


def _claims(row: dict[str, Any]) -> list[str]:
    value = row.get("claimed_by") or []
    if isinstance(value, str):
        value = json.loads(value)
    return [str(v) for v in value]


def _most_common(values: Iterable[Any]) -> Any:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def _span(rows: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    lows, highs = [], []
    for r in rows:
        rep = report_from_row(r)
        if rep.lo is not None and rep.hi is not None:
            lows.append(rep.lo)
            highs.append(rep.hi)
    if not lows:
        return None, None
    return date.fromordinal(min(lows)).isoformat(), date.fromordinal(max(highs)).isoformat()


def superseded_rows(rows: list[dict[str, Any]], updating: set[int]) -> set[int]:
    """Event ids whose figure a later report replaces: the latest report from an article that
    says it updates an earlier toll ("le précédent bilan faisait état de quatre morts")
    supersedes the lower or equal figures published before it. An update is not a dispute."""
    updates = [r for r in rows if int(r["article_id"]) in updating and r.get("fatalities") is not None]
    if not updates:
        return set()
    latest = max(updates, key=lambda r: (r.get("published") or "", int(r["article_id"])))
    when = latest.get("published") or ""
    return {
        int(r["id"])
        for r in rows
        if r.get("fatalities") is not None
        and int(r["article_id"]) != int(latest["article_id"])
        and (r.get("published") or "") <= when
        and r["fatalities"] <= latest["fatalities"]
    }


def build_profile(
    rows: list[dict[str, Any]],
    copy_pairs: Iterable[tuple[int, int]] = (),
    updating: set[int] | None = None,
) -> dict[str, Any]:
    """Incident columns (see :mod:`veille.store.base`) for the event rows of one incident.

    ``updating``: ids of articles that say their figure replaces an earlier toll; the figures
    they supersede stay in the min-max range but count neither for the best figure nor as a
    dispute. Civilian deaths never exceed the best figure."""
    days = sorted(r["date"] for r in rows if r.get("date"))
    estimated = False
    if not days:
        published = sorted(r["published"] for r in rows if r.get("published") and len(r["published"]) == 10)
        days = published[:1]
        estimated = bool(days)
    # most precise report first: town before region, geocoded before not
    ranked = sorted(rows, key=lambda r: (r.get("geo_precision") or 9, r.get("lat") is None))
    place = ranked[0]
    geo = next((r for r in ranked if r.get("lat") is not None), None)
    groups = independent_groups(rows, copy_pairs)
    group_of = {a: i for i, g in enumerate(groups) for a in g}
    replaced = superseded_rows(rows, updating or set())
    per_group: dict[int, int] = {}
    for r in rows:
        if r.get("fatalities") is not None and int(r["id"]) not in replaced:
            g = group_of[int(r["article_id"])]
            per_group[g] = min(per_group.get(g, r["fatalities"]), r["fatalities"])
    figures = [r["fatalities"] for r in rows if r.get("fatalities") is not None]
    current = [r["fatalities"] for r in rows if r.get("fatalities") is not None and int(r["id"]) not in replaced]
    best = min(current) if current else None
    civilians = [r["civilian_fatalities"] for r in rows if r.get("civilian_fatalities") is not None]
    civilian = min(civilians) if civilians else None
    if civilian is not None and best is not None:
        civilian = min(civilian, best)
    actor_sets = [actor_set(r.get("actor1")) for r in rows]
    disputed_attr = any(
        actor_relation(a, b) in ("allied", "conflict")
        for i, a in enumerate(actor_sets)
        for b in actor_sets[i + 1 :]
    )
    claimants = sorted({c for r in rows for c in _claims(r)})
    independent = len(groups)
    grade = "contested" if disputed_attr else ("fair" if independent >= 2 else "weak")
    span_start, span_end = _span(rows)
    return {
        "date": days[0] if days else None,
        "date_max": days[-1] if days else None,
        "date_estimated": estimated,
        "location": place.get("location"),
        "admin1": place.get("admin1") or _most_common(r.get("admin1") for r in rows),
        "admin2": place.get("admin2"),  # the district of that place (None for a region)
        "country": place.get("country") or _most_common(r.get("country") for r in rows),
        "country_code": _most_common(r.get("country_code") for r in rows),
        "lat": geo.get("lat") if geo else None,
        "lon": geo.get("lon") if geo else None,
        "geo_precision": place.get("geo_precision"),
        "event_type": rows[0]["event_type"],
        "sub_event_type": _most_common(r.get("sub_event_type") for r in rows),
        "actor1": _most_common(r.get("actor1") for r in rows),
        "actor2": _most_common(r.get("actor2") for r in rows),
        "fatalities_best": best,
        "fatalities_min": min(figures) if figures else None,
        "fatalities_max": max(figures) if figures else None,
        "civilian_fatalities": civilian,
        "n_reports": len(rows),
        "n_articles": len({r["article_id"] for r in rows}),
        "independent_sources": independent,
        "claimants": claimants,
        "sources": sorted({outlet(r) for r in rows}),
        "disputed_figures": disputed(list(per_group.values())),
        "disputed_attribution": disputed_attr,
        "grade": grade,
        "span_start": span_start,
        "span_end": span_end,
    }
