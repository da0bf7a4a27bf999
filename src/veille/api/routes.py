"""The JSON endpoints under ``/api``. Each one is a thin shell over one Store method."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from veille import __version__, filters
from veille.api import schemas
from veille.api.access import StoreAccess
from veille.api.errors import NotFound
from veille.api.params import MAX_LIMIT, checked, incident_filters, pagination
from veille.resolve.summary import add_summaries, summarize
from veille.store import extras
from veille.store.base import IncidentQuery
from veille.store.formats import write_acled_csv, write_csv, write_geojson
from veille.store.queries import MAP_FIELDS

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


def with_extras(
    db: StoreAccess, rows: list[dict[str, Any]], summaries: bool = False
) -> list[dict[str, Any]]:
    """Add the injured, child- and women-fatality ranges (one grouped query) and, with ``summaries``,
    the English summary to incident rows. The list endpoint leaves the summary out: about 60 µs
    a row, it would weigh on every map request of 1,000 rows; the detail and downloads carry it."""
    db.call(lambda s: extras.add_ranges(s, rows))
    return add_summaries(rows) if summaries else rows


@router.get("/countries", response_model=list[schemas.CountryCount], tags=["meta"])
def countries(request: Request, db: Access) -> JSONResponse:
    """Countries that have incidents (ISO code, English and French names, incidents), most
    incidents first; the page's country list."""
    state = request.app.state
    now = time.monotonic()
    cached = getattr(state, "countries_cache", None)
    if cached is None or now - cached[0] > STATS_TTL:
        rows = db.call(extras.countries)
        for r in rows:
            r.update(extras.country_names(r["cc"], r.get("name")))
        cached = (now, rows)
        state.countries_cache = cached
    return JSONResponse(cached[1])


@router.get("/incidents", response_model=schemas.IncidentPage, tags=["incidents"])
def list_incidents(db: Access, filters: Filters, paging: Paging) -> JSONResponse:
    """Incidents matching every given filter, newest first, with the total before paging."""
    limit, offset = paging
    q = replace(filters, limit=limit, offset=offset)
    rows, total = db.call(lambda s: s.list_incidents(q))
    with_extras(db, rows)
    return JSONResponse({"items": rows, "total": total, "limit": limit, "offset": offset})


@router.get("/incidents/map", response_model=schemas.MapPage, tags=["incidents"])
def map_incidents(
    db: Access,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Incidents at most")] = MAX_LIMIT,
) -> Response:
    """The page's map: the newest incidents matching every filter (as ``/api/incidents``), only
    the fields a marker shows, one array per incident in the order of ``fields``; ``more`` says
    whether more incidents match (no total: count with ``/api/incidents?limit=1``)."""
    q = replace(filters, limit=limit, offset=0)
    rows, more = db.call(lambda s: s.map_incidents(q))
    fields = json.dumps(list(MAP_FIELDS))
    body = f'{{"fields":{fields},"items":{rows},"limit":{limit},"more":{json.dumps(more)}}}'
    return Response(body, media_type="application/json")


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
    found.update(extras.ranges_from_events(found.get("events") or []))
    found["summary"] = summarize(found)
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


# -- downloads: exactly what the filters select, every page ---------------------------------------

DOWNLOAD_PAGE = 1000
SPOOL_BYTES = 8 * 1024 * 1024
"""A download is written to a temporary file (in memory up to this size) page by page, so a
large one never holds every row at once, then streamed."""


def _all_rows(db: StoreAccess, filters: IncidentQuery, evidence: bool) -> Iterator[dict[str, Any]]:
    """Every incident matching ``filters`` in list order, with figure ranges, summary and
    (``evidence``) the first report's evidence sentence; through Store.list_incidents pages."""
    offset = 0
    while True:
        q = replace(filters, limit=DOWNLOAD_PAGE, offset=offset)
        rows, _ = db.call(lambda s, q=q: s.list_incidents(q))
        with_extras(db, rows, summaries=True)
        if evidence and rows:
            found = db.call(lambda s, rows=rows: extras.first_evidence(s, [r["id"] for r in rows]))
            for r in rows:
                r["evidence"] = found.get(r["id"])
        yield from rows
        if len(rows) < DOWNLOAD_PAGE:
            return
        offset += DOWNLOAD_PAGE


def _download(write: Any, media: str, stem: str, ext: str) -> StreamingResponse:
    """Run ``write(text_stream)`` (it may return extra headers) into a spooled file, then
    stream that file as an attachment."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115 (closed by chunks)
    text = _TextSink(spool)
    extra = write(text) or {}
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while block := spool.read(64 * 1024):
                yield block
        finally:
            spool.close()

    stamp = dt.date.today().strftime("%Y%m%d")
    return StreamingResponse(
        chunks(),
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="veille-{stem}-{stamp}.{ext}"',
            **extra,
        },
    )


class _TextSink:
    """A minimal text stream over a binary file (what the csv and json writers need)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(text.encode("utf-8"))
        return len(text)


@router.get("/incidents.csv", tags=["downloads"], response_class=StreamingResponse)
def download_csv(db: Access, filters: Filters) -> StreamingResponse:
    """Every incident the filters select (no paging) as CSV: the incident fields, the injured
    and child- and women-fatality ranges and the English summary."""
    rows = _all_rows(db, filters, evidence=False)
    return _download(lambda out: write_csv(rows, out) and None, "text/csv; charset=utf-8", "incidents", "csv")


@router.get("/incidents.geojson", tags=["downloads"], response_class=StreamingResponse)
def download_geojson(db: Access, filters: Filters) -> StreamingResponse:
    """Every incident the filters select as a GeoJSON FeatureCollection (null geometry when
    an incident has no coordinates)."""
    rows = _all_rows(db, filters, evidence=False)
    return _download(
        lambda out: write_geojson(rows, out) and None, "application/geo+json", "incidents", "geojson"
    )


@router.get("/export/acled.csv", tags=["downloads"], response_class=StreamingResponse)
def download_acled(
    db: Access,
    filters: Filters,
    include_undated: Annotated[
        bool, Query(description="Keep incidents without a day (empty date, date_status=undated)")
    ] = False,
) -> StreamingResponse:
    """Every incident the filters select in ACLED's CSV layout (as ``veille export``); incidents
    without a valid day are left out unless ``include_undated``, and counted in the
    ``X-Veille-Undated`` header."""
    rows = _all_rows(db, filters, evidence=True)

    def write(out: Any) -> dict[str, str]:
        counts = write_acled_csv(rows, out, include_undated=include_undated)
        return {"X-Veille-Undated": str(counts.undated), "X-Veille-Rows": str(counts.written)}

    return _download(write, "text/csv; charset=utf-8", "acled", "csv")
