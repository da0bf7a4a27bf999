"""The data that flows between stages, and its JSON shape.

The JSON shape of a document is the gold shape of ``shared/spec/annotation-guide.md``: the
guide's fields come first and keep their names and types exactly; veille's extra fields
(coordinates, offsets, precision) follow them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
}
"""ACLED sub-event type -> event type, for the 12 sub-event types the guide uses."""


def content_hash(text: str) -> str:
    """Stable hash of an article's text, used as its identity in the store."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Article:
    """One normalised input document."""

    id: str
    text: str
    published: str | None = None  # "YYYY-MM-DD", "YYYY-MM" or None
    source: str | None = None
    url: str | None = None
    lang: str | None = None  # detected (or given) language code
    origin: str = "-"  # where it came from: "path" or "path:line"
    body_start: int = 0  # offset where the text proper starts (after a ` date` header)

    @property
    def hash(self) -> str:
        return content_hash(self.text)


@dataclass(slots=True)
class Place:
    """A geocoded place. ``precision`` follows ACLED's geo_precision: 1 town, 2 near a town or
    part of a region, 3 region only; ``country`` alone (no admin1) is reported with precision 3
    and ``level == "country"``."""

    name: str  # as written
    canonical: str | None = None
    gazetteer_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None  # English short name
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin2: str | None = None  # district (WOF county) of a town or neighbourhood, when known
    precision: int | None = None
    level: str | None = None  # "country", "admin1", "admin2", "locality", "neighbourhood"
    status: str = "resolved"  # "resolved", "ambiguous", "unknown"
    candidates: int = 0

    @classmethod
    def named_at(cls, name: str, where: Place) -> Place:
        """A place the gazetteer cannot pin down (unknown, or several of that name), known by
        its name and located at ``where`` (its region, or a village it is named with), at
        precision 2."""
        return cls(
            name=name, canonical=name, admin1=where.admin1, country=where.country,
            country_code=where.country_code, lat=where.lat, lon=where.lon, precision=2,
            level="locality", status="named",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "canonical": self.canonical,
            "gazetteer_id": self.gazetteer_id,
            "lat": self.lat,
            "lon": self.lon,
            "admin1": self.admin1,
            "country": self.country,
            "country_code": self.country_code,
            "admin2": self.admin2,
            "geo_precision": self.precision,
            "level": self.level,
            "status": self.status,
            "candidates": self.candidates,
        }


@dataclass(slots=True)
class Event:
    """One discrete violent incident, in the guide's shape plus veille's extras."""

    event_type: str
    sub_event_type: str
    location: str | None = None
    admin1: str | None = None
    country: str | None = None
    date: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    injured: int | None = None
    claimed_by: list[str] = field(default_factory=list)
    evidence: str = ""
    # extras
    evidence_start: int | None = None
    evidence_end: int | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    country_code: str | None = None
    gazetteer_id: str | None = None
    admin2: str | None = None  # district of the place, from the gazetteer
    women_fatalities: int | None = None  # women among the killed

    GUIDE_FIELDS = (
        "event_type",
        "sub_event_type",
        "location",
        "admin1",
        "country",
        "date",
        "actor1",
        "actor2",
        "fatalities",
        "civilian_fatalities",
        "child_fatalities",
        "injured",
        "claimed_by",
        "evidence",
    )
    EXTRA_FIELDS = (
        "evidence_start",
        "evidence_end",
        "lat",
        "lon",
        "geo_precision",
        "country_code",
        "gazetteer_id",
        "admin2",
        "women_fatalities",
    )

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.GUIDE_FIELDS}
        out["claimed_by"] = list(self.claimed_by)
        out.update({name: getattr(self, name) for name in self.EXTRA_FIELDS})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        known = set(cls.GUIDE_FIELDS) | set(cls.EXTRA_FIELDS)
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["claimed_by"] = list(kwargs.get("claimed_by") or [])
        kwargs.setdefault("evidence", "")
        return cls(**kwargs)


@dataclass(slots=True)
class Toll:
    """An aggregate casualty figure over a period or a wide area: not one incident."""

    fatalities: int | None = None
    civilian_fatalities: int | None = None
    injured: int | None = None
    period: str | None = None
    area: str | None = None
    claimed_by: list[str] = field(default_factory=list)
    evidence: str = ""

    GUIDE_FIELDS = ("fatalities", "civilian_fatalities", "injured", "period", "area", "claimed_by")

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.GUIDE_FIELDS}
        out["claimed_by"] = list(self.claimed_by)
        out["evidence"] = self.evidence
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Toll:
        kwargs = {k: data.get(k) for k in cls.GUIDE_FIELDS}
        kwargs["claimed_by"] = list(kwargs.get("claimed_by") or [])
        return cls(**kwargs, evidence=data.get("evidence") or "")


@dataclass(slots=True)
class DocResult:
    """What extraction gives for one document."""

    article: Article
    events: list[Event] = field(default_factory=list)
    tolls: list[Toll] = field(default_factory=list)
    skipped: str | None = None  # reason, when the document was not processed (other language)

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        a = self.article
        out: dict[str, Any] = {
            "id": a.id,
            "lang": a.lang,
            "published": a.published,
            "source": a.source,
        }
        if include_text:
            out["text"] = a.text
        out["events"] = [e.to_dict() for e in self.events]
        out["tolls"] = [t.to_dict() for t in self.tolls]
        out["url"] = a.url
        out["content_hash"] = a.hash
        if self.skipped:
            out["skipped"] = self.skipped
        return out
