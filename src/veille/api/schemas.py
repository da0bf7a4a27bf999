"""Response models: they document the API in OpenAPI and check what the store returns.

The store's rows are plain dicts (see :mod:`veille.store.base`); these models name the keys the
web page relies on and let any further key through (``extra="allow"``), so a new store column
reaches clients without an API change.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    param: str = Field(description="The offending parameter (dotted for nested values)")
    message: str


class ErrorInfo(BaseModel):
    status: int = Field(description="The HTTP status, repeated")
    code: str = Field(description="Stable machine word: not_found, invalid_parameter, ...")
    message: str = Field(description="One line for a person")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(BaseModel):
    """The one shape of every error response."""

    error: ErrorInfo


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown id"},
    422: {"model": ErrorBody, "description": "Invalid parameter"},
}


class Incident(_Open):
    id: int
    date: str | None = None
    date_max: str | None = None
    date_estimated: bool | None = None
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = Field(None, description="District of the place, when the gazetteer knows it")
    country: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    event_type: str
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities_best: int | None = Field(None, description="Lowest non-null reported figure")
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    civilian_fatalities: int | None = None
    n_reports: int = 0
    n_articles: int | None = None
    independent_sources: int | None = None
    claimants: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    disputed_figures: bool = False
    disputed_attribution: bool = False
    grade: str = Field("weak", description="weak | fair | contested")
    injured_min: int | None = Field(None, description="Lowest injured figure among the reports")
    injured_max: int | None = None
    child_fatalities_min: int | None = Field(None, description="Lowest child-death figure")
    child_fatalities_max: int | None = None
    women_fatalities_min: int | None = Field(None, description="Lowest figure of women killed")
    women_fatalities_max: int | None = None
    summary: str | None = Field(
        None, description="One English sentence, ACLED notes style (detail and downloads only)"
    )


class IncidentDetail(Incident):
    events: list[dict[str, Any]] = Field(
        default_factory=list, description="Reports merged into the incident, with evidence"
    )
    articles: list[dict[str, Any]] = Field(default_factory=list)
    per_source: list[dict[str, Any]] = Field(
        default_factory=list, description="One row per article: its own figures and evidence"
    )


class Page(BaseModel):
    total: int = Field(description="Matching rows before pagination")
    limit: int
    offset: int


class IncidentPage(Page):
    items: list[Incident]


class MapPage(BaseModel):
    """The map's incidents, narrow: each item lists the values of ``fields`` in that order."""

    fields: list[str] = Field(description="Names of the values of each item")
    items: list[list[Any]]
    limit: int
    more: bool = Field(description="Whether more incidents match than the items given")


class Article(_Open):
    id: int
    doc_id: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = None
    n_events: int | None = None


class ArticleDetail(Article):
    text: str | None = None
    events: list[dict[str, Any]] = Field(default_factory=list)
    tolls: list[dict[str, Any]] = Field(default_factory=list)


class ArticlePage(Page):
    items: list[Article]


class SearchHit(_Open):
    id: int
    doc_id: str | None = None
    source: str | None = None
    published: str | None = None
    snippet: str | None = None
    rank: float | None = None


class SearchResult(BaseModel):
    query: str
    items: list[SearchHit]


class TimelineRow(BaseModel):
    period: str
    event_type: str
    incidents: int
    fatalities: int | None = None


class Timeline(BaseModel):
    bucket: str
    rows: list[TimelineRow]


class Health(BaseModel):
    status: str = Field(description="ok when the database answers")
    version: str
    database: str | None = Field(None, description="Path of the database file")
    readonly: bool
    web_assets: bool = Field(description="Whether the vendored front-end libraries are present")


class CountryCount(BaseModel):
    cc: str = Field(description="ISO 3166-1 alpha-2 code")
    name: str | None = Field(None, description="Name as stored (English)")
    name_en: str
    name_fr: str
    incidents: int
