"""The FastAPI application: ``create_app(store)`` wires the routes, the error shape and the page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from veille import __version__
from veille.api import errors, routes, web
from veille.api.access import StoreAccess
from veille.api.headers import SecurityHeaders
from veille.store.base import Store
from veille.store.pg.url import is_postgres_url, redact

DESCRIPTION = (
    "Incidents of armed conflict extracted from news articles, with their sources, evidence "
    'sentences and claimants. Every error has the shape `{"error": {status, code, message, '
    "details}}`; invalid parameters get a 422, unknown ids a 404."
)


def create_app(
    store: Store,
    *,
    opener: Callable[[], Store] | None = None,
    database: str | None = None,
    readonly: bool = True,
) -> FastAPI:
    """The app over ``store``. With ``opener`` (a function opening another handle on the same
    database), each worker thread reads through its own handle; those handles are closed when
    the app shuts down. ``store`` itself stays its caller's to close."""
    access = StoreAccess(store, opener)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            access.close()

    app = FastAPI(
        title="veille",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served by web.install from the vendored Swagger UI
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.access = access
    app.state.database = redact(database) if is_postgres_url(database) else database  # no password in /api/health
    app.state.readonly = readonly
    app.state.web_assets = web.web_assets_present()
    errors.install(app)
    app.include_router(routes.router)
    web.install(app)
    app.add_middleware(SecurityHeaders)
    return app
