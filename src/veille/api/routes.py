"""The JSON endpoints under ``/api``. Each one is a thin shell over one Store method."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse

from veille import __version__, filters
from veille.api import schemas
from veille.api.access import StoreAccess
from veille.api.errors import NotFound
from veille.api.params import checked, incident_filters, pagination
from veille.store.base import IncidentQuery

router = APIRouter(prefix="/api", responses={422: schemas.ERROR_RESPONSES[422]})

# The data endpoints return JSONResponse themselves: FastAPI then skips re-validating the store's
# rows against the response model (a third of the time of a 100-row page); the models still
# document the responses in OpenAPI, and tests/test_api_endpoints.py checks answers against them.

STATS_TTL = 10.0
"""Seconds a stats answer is reused: counting a large database is not free."""


def access(request: Request) -> StoreAccess:
    return request.app.state.access


Access = Annotated[StoreAccess, Depends(access)]
Filters = Annotated[IncidentQuery, Depends(incident_filters)]
Paging = Annotated[tuple[int, int], Depends(pagination)]


@router.get("/health", response_model=schemas.Health, tags=["meta"])
def health(request: Request, db: Access) -> dict[str, Any]:
    """Whether the server and its database answer (a primary-key lookup, no counting)."""
    db.call(lambda s: s.get_incident(0))
    state = request.app.state
    return {
        "status": "ok",
        "version": __version__,
        "database": state.database,
        "readonly": state.readonly,
        "web_assets": state.web_assets,
    }


@router.get("/stats", tags=["meta"])
def stats(request: Request, db: Access) -> dict[str, Any]:
    """Counts of articles, events and incidents, incidents by grade, the date span."""
    return _cached_stats(request, db)


def _cached_stats(request: Request, db: Access) -> dict[str, Any]:
    state = request.app.state
    now = time.monotonic()
    cached = getattr(state, "stats_cache", None)
    if cached is None or now - cached[0] > STATS_TTL:
        cached = (now, db.call(lambda s: s.stats()))
        state.stats_cache = cached
    return cached[1]


@router.get("/incidents", response_model=schemas.IncidentPage, tags=["incidents"])
def list_incidents(db: Access, filters: Filters, paging: Paging) -> JSONResponse:
    """Incidents matching every given filter, newest first, with the total before paging."""
    limit, offset = paging
    q = replace(filters, limit=limit, offset=offset)
    rows, total = db.call(lambda s: s.list_incidents(q))
    return JSONResponse({"items": rows, "total": total, "limit": limit, "offset": offset})


@router.get(
    "/incidents/{incident_id}",
    response_model=schemas.IncidentDetail,
    responses={404: schemas.ERROR_RESPONSES[404]},
    tags=["incidents"],
)
def get_incident(db: Access, incident_id: Annotated[int, Path(ge=1, le=2**62)]) -> JSONResponse:
    """One incident with its events (reports), articles, evidence sentences, claimants and
    each source's own figures (``per_source``)."""
    found = db.call(lambda s: s.get_incident(incident_id))
    if found is None:
        raise NotFound("incident", incident_id)
    return JSONResponse(found)


@router.get("/articles", response_model=schemas.ArticlePage, tags=["articles"])
def list_articles(db: Access, paging: Paging) -> JSONResponse:
    """Ingested articles in ingestion order (without their text)."""
    limit, offset = paging
    rows, total = db.call(lambda s: s.list_articles(limit, offset))
    return JSONResponse({"items": rows, "total": total, "limit": limit, "offset": offset})


@router.get(
    "/articles/{article_id}",
    response_model=schemas.ArticleDetail,
    responses={404: schemas.ERROR_RESPONSES[404]},
    tags=["articles"],
)
def get_article(
    db: Access,
    article_id: Annotated[str, Path(min_length=1, max_length=200, description="id or doc_id")],
) -> JSONResponse:
    """One article with its text, events, tolls and copy links; by internal id or input id."""
    found = db.call(lambda s: s.get_article(article_id))
    if found is None:
        raise NotFound("article", article_id)
    return JSONResponse(found)


@router.get("/search", response_model=schemas.SearchResult, tags=["articles"])
def search(
    db: Access,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words, all required")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> JSONResponse:
    """Full-text search over article texts, best first, with a snippet."""
    q = checked("q", lambda: filters.text(q, "q")) or q
    rows = db.call(lambda s: s.search(q, limit))
    return JSONResponse({"query": q, "items": rows})


@router.get("/stats/timeline", response_model=schemas.Timeline, tags=["incidents"])
def timeline(
    db: Access,
    filters: Filters,
    bucket: Annotated[
        Literal["day", "week", "month"], Query(description="Period of each bar")
    ] = "day",
) -> JSONResponse:
    """Incidents and fatalities (sum of best figures) per period and event type."""
    rows = db.call(lambda s: s.timeline(filters, bucket))
    return JSONResponse({"bucket": bucket, "rows": rows})
