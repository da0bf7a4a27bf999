"""Query parameters of the incident endpoints, checked and turned into an IncidentQuery.

FastAPI checks types and bounds; what it cannot say clearly (a date that is not a day, a bbox
that is not four numbers, an unknown event type) is checked here and raised as
:class:`~veille.api.errors.InvalidParameter`, which becomes a 422 in the shared error shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Query

from veille import filters
from veille.api.errors import InvalidParameter
from veille.errors import FilterError
from veille.store.base import IncidentQuery

MAX_LIMIT = 1000
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
T = TypeVar("T")


def checked(param: str, check: Callable[[], T]) -> T:
    """Run a shared filter check; its :class:`FilterError` becomes a 422 naming ``param``."""
    try:
        return check()
    except FilterError as exc:
        raise InvalidParameter(param, exc.message) from None


def parse_day(param: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not DATE_RE.match(value):
        raise InvalidParameter(param, f"expected a date YYYY-MM-DD, got {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(param, f"{value!r} is not a calendar day") from None
    return value


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or not value.strip():
        return None
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or any(n != n for n in numbers):  # n != n: NaN
        raise InvalidParameter(
            "bbox", f"expected four numbers min_lon,min_lat,max_lon,max_lat, got {value!r}"
        )
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (-180 <= min_lon <= max_lon <= 180):
        raise InvalidParameter(
            "bbox", f"longitudes must satisfy -180 <= min <= max <= 180: {value!r}"
        )
    if not (-90 <= min_lat <= max_lat <= 90):
        raise InvalidParameter("bbox", f"latitudes must satisfy -90 <= min <= max <= 90: {value!r}")
    return min_lon, min_lat, max_lon, max_lat


def parse_event_type(value: str | None) -> str | None:
    return checked("type", lambda: filters.event_type(value))


def _text(param: str, value: str | None) -> str | None:
    return checked(param, lambda: filters.text(value, param))


def incident_filters(
    since: Annotated[str | None, Query(description="First day, YYYY-MM-DD (inclusive)")] = None,
    until: Annotated[str | None, Query(description="Last day, YYYY-MM-DD (inclusive)")] = None,
    country: Annotated[
        str | None,
        Query(description="ISO 3166-1 alpha-2 code (SY), English or French name", max_length=80),
    ] = None,
    admin1: Annotated[
        str | None, Query(description="First-level region, English name", max_length=120)
    ] = None,
    type: Annotated[  # the public parameter name (shadows the builtin here only)
        str | None, Query(description="ACLED event type or sub-event type", max_length=80)
    ] = None,
    actor: Annotated[
        str | None, Query(description="Matches actor1 or actor2", max_length=120)
    ] = None,
    min_fatalities: Annotated[
        int | None,
        Query(ge=0, le=filters.MAX_FIGURE, description="Minimum of the best fatality figure"),
    ] = None,
    bbox: Annotated[
        str | None, Query(description="min_lon,min_lat,max_lon,max_lat", max_length=120)
    ] = None,
    q: Annotated[
        str | None, Query(description="Full-text query over evidence and articles", max_length=200)
    ] = None,
) -> IncidentQuery:
    since_day = parse_day("since", since)
    until_day = parse_day("until", until)
    if since_day and until_day and since_day > until_day:
        raise InvalidParameter("until", f"{until_day} is before since {since_day}")
    return IncidentQuery(
        since=since_day,
        until=until_day,
        country=checked("country", lambda: filters.country(country)),
        admin1=_text("admin1", admin1),
        event_type=parse_event_type(type),
        actor=_text("actor", actor),
        min_fatalities=min_fatalities,
        bbox=parse_bbox(bbox),
        text=_text("q", q),
    )


def pagination(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
) -> tuple[int, int]:
    return limit, offset
