"""Totals and timelines of the two page states the cube cannot answer, from the sums of
migration 011: the visible map area (a box) and a minimum death toll (alone or with a country
code), each without any other filter and without dates.

Each answer is a list of SQL statements (:data:`Source`) whose rows are summed by the caller
(:func:`veille.store.queries.count_incidents` and :func:`~veille.store.queries.timeline`):
rows of ``incident_cells`` / ``incident_tolls`` already labelled with their week or month, and,
for a box, the incidents of the strips along its edges that no whole cell holds, per day. The
sums equal those counted from the incidents (tests compare both on each backend).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Protocol

from veille.store.base import IncidentQuery

GRAINS = {"week": "w", "month": "m"}
"""The periods migration 011 sums per (a day holds too few incidents to be worth a row)."""

COUNT_GRAIN = GRAINS["month"]
"""Totals read the month rows (undated incidents under the day '')."""


@dataclass(frozen=True)
class Source:
    """One statement whose rows are (day or period, event type, incidents, fatalities) for a
    timeline, or one total for a count; ``labelled`` when the first column is the period."""

    sql: str
    params: list[Any]
    labelled: bool


def _only(q: IncidentQuery, *allowed: str) -> bool:
    """True when ``q`` filters on nothing but ``allowed`` (paging aside)."""
    paging = {"limit", "offset"}
    return all(
        getattr(q, f.name) in (None, "", f.default) or f.name in {*allowed, *paging}
        for f in fields(q)
    )


# -- the visible area --------------------------------------------------------------------------
class Spelling(Protocol):
    """What the backends spell differently here (:class:`veille.store.queries.Dialect`)."""

    def cell(self, column: str) -> str: ...


SCALES = (1, 2)
"""Cells per degree of migration 011's grids: one-degree cells inside a box, then half-degree
cells along its edges (a province's incidents straddling the edge of a box around its
neighbour: 41,000 incidents grouped one by one with one-degree cells alone, 7,000 with both)."""

COLUMNS_LISTED = 64
"""Up to this many columns of cells are looked up one by one (``x IN (...)``), each a range of
``y``: a range of ``x`` also reads the cells of those columns outside the box (Ukraine's, above a
box around Idlib: 25,000 rows read for 9,000)."""


def _listed(column: str, low: int, high: int) -> tuple[str, list[Any]]:
    """``column`` within low <= column < high."""
    if high - low <= COLUMNS_LISTED:
        values = list(range(low, high))
        return f"{column} IN ({','.join('?' * len(values))})", values
    return f"{column} >= ? AND {column} < ?", [low, high]


def grain_of(grain: str, scale: int) -> str:
    """The ``grain`` of ``incident_cells`` rows of a period ('w', 'm') and a grid (1, 2)."""
    return grain if scale == 1 else f"{grain}{scale}"


@dataclass(frozen=True)
class Cells:
    """The whole cells x0 <= x < x1, y0 <= y < y1 of the grid of ``scale`` cells per degree
    (x = floor(lon * scale), y = floor(lat * scale))."""

    scale: int
    x0: int
    x1: int
    y0: int
    y1: int

    @classmethod
    def inside(cls, box: tuple[float, float, float, float], scale: int) -> Cells:
        min_lon, min_lat, max_lon, max_lat = (v * scale for v in box)
        x0, x1 = math.ceil(min_lon), math.floor(max_lon)
        y0, y1 = math.ceil(min_lat), math.floor(max_lat)
        return cls(scale, x0, max(x0, x1), y0, max(y0, y1))

    @property
    def empty(self) -> bool:
        return self.x0 >= self.x1 or self.y0 >= self.y1

    def but(self, inner: Cells) -> list[Cells]:
        """These cells without ``inner`` (of a coarser grid, inside them): up to four blocks."""
        k = self.scale // inner.scale
        if inner.empty:
            return [self]
        x0, x1, y0, y1 = inner.x0 * k, inner.x1 * k, inner.y0 * k, inner.y1 * k
        blocks = (Cells(self.scale, self.x0, x0, self.y0, self.y1),
                  Cells(self.scale, x1, self.x1, self.y0, self.y1),
                  Cells(self.scale, x0, x1, self.y0, y0), Cells(self.scale, x0, x1, y1, self.y1))  # fmt: skip
        return [b for b in blocks if not b.empty]

    def rows(self, grain: str) -> tuple[str, list[Any]]:
        """Their rows of ``incident_cells`` for the period ``grain``."""
        columns, xs = _listed("x", self.x0, self.x1)
        return (
            f"grain = ? AND {columns} AND y >= ? AND y < ?",
            [grain_of(grain, self.scale), *xs, self.y0, self.y1],
        )


@dataclass(frozen=True)
class Area:
    """A box as blocks of whole cells (``blocks``: one-degree cells, then half-degree ones
    around them) and the strips along its edges that no whole half-degree cell holds
    (:meth:`strips`)."""

    box: tuple[float, float, float, float]
    blocks: tuple[Cells, ...]
    finest: Cells

    def strips(self, dialect: Spelling) -> list[tuple[str, list[Any]]]:
        """Disjoint conditions on the incidents outside the whole cells, by columns of
        one-degree cells and ranges of latitudes of the index incidents_cell: the box's
        western and eastern edges over its height, its southern and northern edges between."""
        min_lon, min_lat, max_lon, max_lat = self.box
        s = self.finest.scale
        west, east, south, north = (self.finest.x0 / s, self.finest.x1 / s,
                                    self.finest.y0 / s, self.finest.y1 / s)  # fmt: skip
        x = dialect.cell("lon")
        inner, xs = _listed(x, math.floor(west), math.ceil(east))
        out = [
            (f"{x} = ? AND lat BETWEEN ? AND ? AND lon >= ? AND lon <= ?",
             [math.floor(max_lon), min_lat, max_lat, east, max_lon]),
            (f"{inner} AND lat >= ? AND lat <= ? AND lon >= ? AND lon < ?",
             [*xs, north, max_lat, west, east]),
        ]  # fmt: skip
        if west > min_lon:
            out.append((f"{x} = ? AND lat BETWEEN ? AND ? AND lon >= ? AND lon < ?",
                        [math.floor(min_lon), min_lat, max_lat, min_lon, west]))  # fmt: skip
        if south > min_lat:
            out.append((f"{inner} AND lat >= ? AND lat < ? AND lon >= ? AND lon < ?",
                        [*xs, min_lat, south, west, east]))  # fmt: skip
        return out


def area(q: IncidentQuery) -> Area | None:
    """``q``'s box as blocks of whole cells and edge strips, or None when ``q`` has other
    filters or its box holds no whole half-degree cell."""
    if q.bbox is None or not _only(q, "bbox"):
        return None
    coarse, fine = (Cells.inside(q.bbox, scale) for scale in SCALES)
    if fine.empty:
        return None
    blocks = ([] if coarse.empty else [coarse]) + fine.but(coarse)
    return Area(q.bbox, tuple(blocks), fine)


def _area_timeline(a: Area, grain: str, dialect: Spelling) -> list[Source]:
    out = []
    for block in a.blocks:
        cells, params = block.rows(grain)
        out.append(Source(
            "SELECT day, event_type, CAST(SUM(incidents) AS BIGINT), CAST(SUM(fatalities) AS "
            f"BIGINT) FROM incident_cells WHERE {cells} AND day <> '' GROUP BY day, event_type",
            params, True,
        ))  # fmt: skip
    for cond, values in a.strips(dialect):
        out.append(Source(
            "SELECT date, event_type, COUNT(*), CAST(COALESCE(SUM(fatalities_best), 0) AS BIGINT) "
            f"FROM incidents WHERE {cond} AND date IS NOT NULL GROUP BY date, event_type",
            values, False,
        ))  # fmt: skip
    return out


def _area_count(a: Area, dialect: Spelling) -> list[Source]:
    out = []
    for block in a.blocks:
        cells, params = block.rows(COUNT_GRAIN)
        out.append(Source(
            f"SELECT CAST(COALESCE(SUM(incidents), 0) AS BIGINT) FROM incident_cells WHERE {cells}",
            params, True,
        ))  # fmt: skip
    for cond, values in a.strips(dialect):
        out.append(Source(f"SELECT COUNT(*) FROM incidents WHERE {cond}", values, False))
    return out


# -- a minimum death toll ----------------------------------------------------------------------
def _tolls(q: IncidentQuery, grain: str) -> tuple[str, list[Any]] | None:
    """``q``'s condition on ``incident_tolls``, or None when it cannot answer ``q``."""
    if q.min_fatalities is None or not _only(q, "min_fatalities", "country"):
        return None
    cc = (q.country or "").strip()
    if q.country and not (len(cc) == 2 and cc.isalpha()):
        return None  # a country name: the incidents answer
    return (
        "FROM incident_tolls WHERE grain = ? AND cc = ? AND deaths >= ?",
        [grain, cc.upper(), q.min_fatalities],
    )


# -- what the store's queries ask --------------------------------------------------------------
def timeline_sources(q: IncidentQuery, bucket: str, dialect: Spelling) -> list[Source] | None:
    """The statements whose rows sum to ``q``'s timeline per ``bucket``, or None."""
    grain = GRAINS.get(bucket)
    if grain is None:
        return None
    boxed = area(q)
    if boxed is not None:
        return _area_timeline(boxed, grain, dialect)
    tolls = _tolls(q, grain)
    if tolls is None:
        return None
    return [Source(
        "SELECT day, event_type, CAST(SUM(incidents) AS BIGINT), CAST(SUM(fatalities) AS BIGINT) "
        f"{tolls[0]} AND day <> '' GROUP BY day, event_type", tolls[1], True,
    )]  # fmt: skip


def count_sources(q: IncidentQuery, dialect: Spelling) -> list[Source] | None:
    """The statements whose single values sum to the number of incidents matching ``q``, or
    None."""
    boxed = area(q)
    if boxed is not None:
        return _area_count(boxed, dialect)
    tolls = _tolls(q, COUNT_GRAIN)
    if tolls is None:
        return None
    return [
        Source(f"SELECT CAST(COALESCE(SUM(incidents), 0) AS BIGINT) {tolls[0]}", tolls[1], True)
    ]
