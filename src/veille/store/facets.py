"""Totals and timelines of the two page states the cube cannot answer, from the sums of
migrations 011 and 013: the visible map area (a box) and a minimum death toll (alone or with a
country code), each without any other filter and without dates.

Each answer is a list of SQL statements (:data:`Source`) whose rows are summed by the caller
(:func:`veille.store.queries.count_incidents` and :func:`~veille.store.queries.timeline`):
rows of ``incident_cells`` / ``incident_tolls`` already labelled with their week or month, and,
for a box, the incidents of the strips along its edges that no whole cell holds (a box's
timeline is one statement: the cells' rows and the strips' incidents labelled and summed by the
database). The sums equal those counted from the incidents (tests compare both on each backend).
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

    def cell(self, column: str, scale: int) -> str: ...

    def period(self, grain: str, column: str) -> str: ...


SCALES = {"w": (1, 2, 4, 8), "m": (1, 2)}
"""Cells per degree of the grids of migrations 011 (1, 2) and 013 (4 and 8, weeks only), per
period: a box sums its whole cells of each grid in turn, the coarsest inside, the finer ones
around them, and groups one by one only the incidents of the strips along its edges that no whole
cell of the finest grid holds (a province's incidents straddling the edge of a box around its
neighbour: 41,000 incidents grouped one by one with one-degree cells alone, 7,000-10,000 with
half-degree ones too, 1,400-4,500 with all four)."""

COUNT_GRAINS = {1: "m", 2: "m", 4: "w", 8: "w"}
"""The rows a total reads per grid: a month's rows where there are some (fewer than weeks)."""

STRIP_SCALE = 8
"""The index of migration 013 reads the strips by column of cells of 1/8 degree."""

COLUMNS_LISTED = 360 * STRIP_SCALE
"""Up to this many columns of cells are looked up one by one (``x IN (...)``), each a range of
``y``: a range of ``x`` also reads the cells of those columns outside the box (Ukraine's, above a
box around Idlib: 25,000 rows read for 9,000). Every column of the world's finest grid: listed
always, as a box of more than 8 degrees reads columns of eighth-degree cells."""


def _listed(column: str, low: int, high: int) -> tuple[str, list[Any]]:
    """``column`` within low <= column < high."""
    if high - low <= COLUMNS_LISTED:
        values = list(range(low, high))
        return f"{column} IN ({','.join('?' * len(values))})", values
    return f"{column} >= ? AND {column} < ?", [low, high]


def grain_of(grain: str, scale: int) -> str:
    """The ``grain`` of ``incident_cells`` rows of a period ('w', 'm') and a grid (1, 2, 4, 8)."""
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
        """Their rows of ``incident_cells`` for the period ``grain`` ('w', 'm')."""
        columns, xs = _listed("x", self.x0, self.x1)
        return (
            f"grain = ? AND {columns} AND y >= ? AND y < ?",
            [grain_of(grain, self.scale), *xs, self.y0, self.y1],
        )


def _columns(x: str, west: float, east: float, closed: bool) -> tuple[str, list[Any]]:
    """The columns of eighth-degree cells of longitudes west <= lon < east (<= when ``closed``)."""
    low = math.floor(west * STRIP_SCALE)
    high = math.floor(east * STRIP_SCALE) + 1 if closed else math.ceil(east * STRIP_SCALE)
    if high - low == 1:
        return f"{x} = ?", [low]
    return _listed(x, low, high)


@dataclass(frozen=True)
class Area:
    """A box as blocks of whole cells (``blocks``: the coarsest grid's, then each finer grid's
    around them) and the strips along its edges that no whole cell of the finest grid
    (``finest``) holds (:meth:`strips`)."""

    box: tuple[float, float, float, float]
    blocks: tuple[Cells, ...]
    finest: Cells

    def strips(self, dialect: Spelling) -> list[tuple[str, list[Any]]]:
        """Disjoint conditions on the incidents outside the whole cells, by columns of
        eighth-degree cells and ranges of latitudes of the index incidents_cell8: the box's
        western and eastern edges over its height, its southern and northern edges between."""
        min_lon, min_lat, max_lon, max_lat = self.box
        s = self.finest.scale
        west, east, south, north = (self.finest.x0 / s, self.finest.x1 / s,
                                    self.finest.y0 / s, self.finest.y1 / s)  # fmt: skip
        x = dialect.cell("lon", STRIP_SCALE)
        inner, xs = _columns(x, west, east, closed=False)
        right, rs = _columns(x, east, max_lon, closed=True)
        out = [
            (f"{right} AND lat BETWEEN ? AND ? AND lon >= ? AND lon <= ?",
             [*rs, min_lat, max_lat, east, max_lon]),
            (f"{inner} AND lat >= ? AND lat <= ? AND lon >= ? AND lon < ?",
             [*xs, north, max_lat, west, east]),
        ]  # fmt: skip
        if west > min_lon:
            left, ls = _columns(x, min_lon, west, closed=False)
            out.append((f"{left} AND lat BETWEEN ? AND ? AND lon >= ? AND lon < ?",
                        [*ls, min_lat, max_lat, min_lon, west]))  # fmt: skip
        if south > min_lat:
            out.append((f"{inner} AND lat >= ? AND lat < ? AND lon >= ? AND lon < ?",
                        [*xs, min_lat, south, west, east]))  # fmt: skip
        return out


def area(q: IncidentQuery, grain: str = "w") -> Area | None:
    """``q``'s box as blocks of whole cells of the grids ``grain`` has and edge strips, or None
    when ``q`` has other filters or its box holds no whole cell of the finest grid."""
    if q.bbox is None or not _only(q, "bbox"):
        return None
    blocks: list[Cells] = []
    coarser: Cells | None = None
    for scale in SCALES[grain]:
        cells = Cells.inside(q.bbox, scale)
        blocks += [cells] if coarser is None else cells.but(coarser)
        coarser = cells
    assert coarser is not None
    if coarser.empty:
        return None
    return Area(q.bbox, tuple(b for b in blocks if not b.empty), coarser)


def _area_timeline(a: Area, grain: str, dialect: Spelling) -> list[Source]:
    """One statement: the cells' rows and the strips' incidents, labelled with their period and
    summed by the database (about 1,600 rows come back for a box's ten years of weeks, where
    summing every cell's and strip's rows in Python handled 11,000-13,000)."""
    parts, params = [], []
    for block in a.blocks:
        cells, values = block.rows(grain)
        parts.append("SELECT day AS period, event_type, incidents AS n, fatalities AS f "
                     f"FROM incident_cells WHERE {cells} AND day <> ''")  # fmt: skip
        params += values
    label = dialect.period(grain, "date")
    for cond, values in a.strips(dialect):
        parts.append(f"SELECT {label}, event_type, 1, COALESCE(fatalities_best, 0) "
                     f"FROM incidents WHERE {cond} AND date IS NOT NULL")  # fmt: skip
        params += values
    return [Source(
        "SELECT period, event_type, CAST(SUM(n) AS BIGINT), CAST(SUM(f) AS BIGINT) FROM ("
        f"{' UNION ALL '.join(parts)}) AS parts GROUP BY period, event_type", params, True,
    )]  # fmt: skip


def _area_count(a: Area, dialect: Spelling) -> list[Source]:
    out = []
    for block in a.blocks:
        cells, params = block.rows(COUNT_GRAINS[block.scale])
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
    boxed = area(q, grain)
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
