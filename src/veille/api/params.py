"""Query parameters of the incident endpoints, checked and turned into an IncidentQuery.

FastAPI checks types and bounds; what it cannot say clearly (a date that is not a day, a bbox
that is not four numbers, an unknown event type) is checked here and raised as
:class:`~veille.api.errors.InvalidParameter`, which becomes a 422 in the shared error shape.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import Query

from veille.api.errors import InvalidParameter
from veille.model import EVENT_TYPES
from veille.store.base import IncidentQuery

MAX_LIMIT = 1000
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def event_type_names() -> dict[str, str]:
    """Lower-cased ACLED event and sub-event type -> its canonical spelling."""
    names = {v.lower(): v for v in EVENT_TYPES.values()}
    names.update({k.lower(): k for k in EVENT_TYPES})
    return names


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
    if value is None or not value.strip():
        return None
    names = event_type_names()
    canonical = names.get(value.strip().lower())
    if canonical is None:
        choices = ", ".join(sorted(set(EVENT_TYPES.values())))
        raise InvalidParameter(
            "type",
            f"unknown event type {value!r}; expected an ACLED event type ({choices}) "
            "or sub-event type",
        )
    return canonical


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def incident_filters(
    since: Annotated[str | None, Query(description="First day, YYYY-MM-DD (inclusive)")] = None,
    until: Annotated[str | None, Query(description="Last day, YYYY-MM-DD (inclusive)")] = None,
    country: Annotated[
        str | None, Query(description="ISO 3166-1 alpha-2 code (SY) or English name", max_length=80)
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
        int | None, Query(ge=0, description="Minimum of the best fatality figure")
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
        country=_text(country),
        admin1=_text(admin1),
        event_type=parse_event_type(type),
        actor=_text(actor),
        min_fatalities=min_fatalities,
        bbox=parse_bbox(bbox),
        text=_text(q),
    )


def pagination(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
) -> tuple[int, int]:
    return limit, offset
