"""The web page: ``/`` and its static files (page code, basemap, vendored libraries).

Everything the page loads comes from this server: the libraries are copied from npm into
``static/vendor/`` at build time (``node web/vendor.mjs``), the basemap is a committed TopoJSON
file. Nothing is fetched from elsewhere at run time.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_FILES = (
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/chart.js/chart.umd.min.js",
    "vendor/topojson-client/topojson-client.min.js",
    "vendor/world-atlas/countries-50m.json",
    "vendor/swagger-ui/swagger-ui-bundle.js",
)
"""Vendored files the page needs; their absence is reported by /api/health and on the page."""


def web_assets_present(static_dir: Path = STATIC_DIR) -> bool:
    return all((static_dir / name).is_file() for name in VENDOR_FILES)


def install(app: FastAPI, static_dir: Path = STATIC_DIR) -> None:
    index = static_dir / "index.html"

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(index, media_type="text/html; charset=utf-8")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from the vendored copy (FastAPI's default loads it from a CDN)."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/api/openapi.json",
            title="veille API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    app.mount("/static", StaticFiles(directory=static_dir), name="static")
