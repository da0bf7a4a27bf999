"""Response headers for every answer, and HEAD answered like GET without a body.

Starlette answers HEAD only for static files; a monitoring probe or ``curl -I`` on ``/`` or an API
path got a 405. The middleware runs the GET route and drops the body (headers, including
Content-Length, stay those of the GET answer, as HTTP says).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The page loads only its own scripts; its markup sets inline styles (legend colours)."""
DOCS_CSP = PAGE_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
"""Swagger UI's page starts itself with an inline script."""
DOCS_PATH = "/api/docs"


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    csp = DOCS_CSP if path == DOCS_PATH else PAGE_CSP
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    ]


class SecurityHeaders:
    """ASGI middleware: security headers on every HTTP answer; HEAD served as a body-less GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        extra = security_headers(scope["path"])

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [h for h in extra if h[0] not in names]
                message = {**message, "headers": headers}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, wrapped)
