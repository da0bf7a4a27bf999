"""One JSON error shape for the whole HTTP API.

Every error response, whatever raised it (a bad parameter, an unknown id, an unknown path, a
wrong method, a database problem, a bug), has this body and no other key::

    {"error": {"status": 422, "code": "invalid_parameter",
               "message": "since: expected a date YYYY-MM-DD, got '2024-13-01'",
               "details": [{"param": "since", "message": "expected a date YYYY-MM-DD, ..."}]}}

``status`` repeats the HTTP status, ``code`` is a stable machine word, ``message`` one line for a
person, ``details`` a list (possibly empty) of ``{"param", "message"}`` for parameter errors.
The shape is locked by ``tests/test_api_errors.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from veille.errors import FilterError, StoreError

log = logging.getLogger("veille.api")

CODES: dict[int, str] = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_parameter",
    500: "internal_error",
    503: "store_unavailable",
}
"""HTTP status -> the ``code`` word used when the raiser gives none."""


class ApiError(Exception):
    """An error the API raises on purpose; turned into the shared JSON shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: Sequence[dict[str, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = list(details)


class NotFound(ApiError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(404, f"{what} {ident} not found")


class InvalidParameter(ApiError):
    """A 422 naming the parameter; ``message`` says what was expected and what came."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(422, f"{param}: {message}", details=[{"param": param, "message": message}])


def error_body(
    status: int, code: str, message: str, details: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": list(details)}}


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(
        error_body(exc.status, exc.code, exc.message, exc.details), status_code=exc.status
    )


def _param_name(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


def _validation_message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if "input" in err and err.get("type") != "missing":
        msg = f"{msg}, got {err['input']!r}"
    return msg


def validation_error(exc: RequestValidationError) -> ApiError:
    details = [
        {"param": _param_name(e.get("loc", ())), "message": _validation_message(e)}
        for e in exc.errors()
    ]
    message = "; ".join(f"{d['param']}: {d['message']}" for d in details) or "invalid request"
    return ApiError(422, message, details=details)


async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(validation_error(exc))


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 404 and exc.detail in (None, "Not Found"):
        message = f"no such path: {request.url.path}"
    elif status == 405:
        message = f"method {request.method} not allowed on {request.url.path}"
    else:
        message = str(exc.detail)
    response = error_response(ApiError(status, message))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _on_filter_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FilterError)
    return error_response(InvalidParameter(exc.param, exc.message))


async def _on_store_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("store error on %s: %s", request.url.path, exc)
    return error_response(ApiError(503, f"database error: {exc}"))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path)
    return error_response(ApiError(500, "internal error; see the server log"))


def install(app: FastAPI) -> None:
    """Route every error through the shared shape."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(FilterError, _on_filter_error)
    app.add_exception_handler(StoreError, _on_store_error)
    app.add_exception_handler(Exception, _on_unexpected)
