"""Running the app under uvicorn: the library side of ``veille serve`` and ``veille demo``."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from veille.errors import OptionError
from veille.store import open_store
from veille.store.base import Store

if TYPE_CHECKING:
    import uvicorn


MAX_PORT = 65535


@dataclass
class ServeOptions:
    """Where to listen and what to serve."""

    db: str
    host: str = "127.0.0.1"
    port: int = 8000
    readonly: bool = True
    log_level: str = "info"
    access_log: bool = False


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(options: ServeOptions, announce: Callable[[str], None] | None = None) -> None:
    """Open the database, build the app and serve it until interrupted.

    The database is opened once up front (so a missing or foreign file fails before the server
    starts); each worker thread then opens its own handle on it, read-only unless
    ``options.readonly`` is false. ``announce`` receives the URL once the socket listens.
    """
    if not 0 <= options.port <= MAX_PORT:
        raise OptionError("--port", f"expected a port from 0 to {MAX_PORT}, got {options.port}")
    import uvicorn  # imported here: `veille --help` should not pay for it

    from veille.api.app import create_app

    store = open_store(options.db, readonly=options.readonly)

    def opener() -> Store:
        return open_store(options.db, readonly=options.readonly)

    try:
        app = create_app(store, opener=opener, database=options.db, readonly=options.readonly)
        config = uvicorn.Config(
            app,
            host=options.host,
            port=options.port,
            log_level=options.log_level,
            access_log=options.access_log,
            lifespan="on",
        )
        _make_server(config, announce).run()
    finally:
        store.close()


def _make_server(config: uvicorn.Config, announce: Callable[[str], None] | None) -> uvicorn.Server:
    """A uvicorn.Server that calls ``announce(url)`` once it accepts connections (with the real
    port, which differs from the asked one when that was 0)."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if announce is None or not self.started:
                return
            port = self.config.port
            if self.servers and self.servers[0].sockets:
                port = self.servers[0].sockets[0].getsockname()[1]
            announce(url_for(self.config.host, port))

    return Server(config)
