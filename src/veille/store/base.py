"""The Store protocol: what the CLI, the API and the resolver may ask of a database.

Backends (SQLite today, PostgreSQL later) implement :class:`Store`. Readers code against this
module only. Every row is a plain ``dict`` so it serialises straight to JSON.

Incident dict (``list_incidents`` rows and ``get_incident``):

==========================  ======================================================================
key                         meaning
==========================  ======================================================================
``id``                      int, stable while the incident keeps at least one event
``date``                    ``"YYYY-MM-DD"``: earliest day reported; when no report gives a day,
                            the publication day of the earliest article (``date_estimated`` true);
                            null when neither is known
``date_max``                latest day reported (equal to ``date`` for a one-day incident)
``date_estimated``          bool, ``date`` comes from a publication day, not from the text
``location``                most precise place name among the reports, as written
``admin1``, ``country``     English names; ``country_code`` ISO 3166-1 alpha-2 (may be null)
``lat``, ``lon``            coordinates of the most precise geocoded report (may be null)
``geo_precision``           1 town, 2 near a town / part of a region, 3 region only (ACLED)
``event_type``              ACLED event type; ``sub_event_type`` the most frequent sub-type
``actor1``, ``actor2``      most frequent non-null perpetrator / target label
``fatalities_best``         most conservative figure: the lowest non-null report (as ACLED)
``fatalities_min/max``      range of non-null reported figures (null when nobody gives one)
``civilian_fatalities``     lowest non-null civilian figure
``n_reports``               number of events (reports) merged into the incident
``n_articles``              number of distinct articles
``independent_sources``     articles after collapsing copy links and same outlet into one
``claimants``               list of who the reports credit (OSDH, AFP, ...), sorted
``sources``                 list of outlet names (article source, else URL host, else article id)
``disputed_figures``        bool, independent figures differ materially (see resolve.profile)
``disputed_attribution``    bool, reports name different perpetrators
``grade``                   ``"weak"`` (one independent source), ``"fair"`` (two or more),
                            ``"contested"`` (conflicting responsibility)
==========================  ======================================================================

``get_incident`` adds ``events`` (each event dict plus ``article_id``, ``article_doc_id``,
``source``, ``evidence`` and its offsets), ``articles`` (id, doc_id, source, url, published,
``copy_of``: ids of articles in the incident it reuses) and ``per_source`` (one row per article:
source, fatalities, civilian_fatalities, actor1, claimed_by, evidence).

Article dict: ``id`` (int), ``doc_id`` (the input id), ``content_hash``, ``source``, ``url``,
``published``, ``lang``, ``origin``, ``n_events``, ``skipped``, ``ingested_at``;
``get_article`` adds ``text``, ``events``, ``tolls``, ``copies`` (links where it reuses
another article) and ``copied_by``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

TIMELINE_BUCKETS = ("day", "week", "month")


@dataclass
class IncidentQuery:
    """Filters for :meth:`Store.list_incidents` and :meth:`Store.timeline`; None means any."""

    since: str | None = None  # YYYY-MM-DD, inclusive, compared with the incident's ``date``
    until: str | None = None  # YYYY-MM-DD, inclusive
    country: str | None = None  # ISO2 code ("SY") or English name ("Syria"), case-insensitive
    admin1: str | None = None  # English name, case-insensitive
    event_type: str | None = None  # ACLED event type or sub-event type
    actor: str | None = None  # matches actor1 or actor2, case-insensitive
    min_fatalities: int | None = None  # on fatalities_best
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    text: str | None = None  # FTS5 query over evidence sentences and article text
    limit: int = 100
    offset: int = 0


@dataclass
class IngestCounts:
    """What one ``write_document`` call or one ingest run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    tolls: int = 0

    def merge(self, other: IngestCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@runtime_checkable
class Store(Protocol):
    """Read side shared by every backend."""

    def list_incidents(self, q: IncidentQuery) -> tuple[list[dict[str, Any]], int]:
        """Incidents matching ``q``, newest first, and the total count before pagination."""
        ...

    def map_incidents(self, q: IncidentQuery) -> tuple[str, bool]:
        """The map's narrow rows of ``list_incidents(q)`` (``queries.MAP_FIELDS``, one array
        each) as JSON text, and whether more incidents match than ``q.limit``."""
        ...

    def get_incident(self, incident_id: int) -> dict[str, Any] | None: ...

    def list_articles(self, limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        ...

    def get_article(self, article_id: int | str) -> dict[str, Any] | None:
        """By internal id (int or digit string) or by input ``doc_id``."""
        ...

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search over articles: id, doc_id, source, published, snippet, rank."""
        ...

    def timeline(self, q: IncidentQuery, bucket: str = "day") -> list[dict[str, Any]]:
        """Rows ``{period, event_type, incidents, fatalities}``; ``bucket`` day, week or month.
        Week periods are the ISO-like ``YYYY-Www`` label of SQLite's ``%W``."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts: articles, events, incidents, copies, merged incidents, by grade, date span."""
        ...

    def close(self) -> None: ...
