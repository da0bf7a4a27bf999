"""Running the app under uvicorn: the library side of ``veille serve`` and ``veille demo``."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from veille.errors import OptionError
from veille.store import open_store
from veille.store.base import Store

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI


MAX_PORT = 65535
MAX_WORKERS = 64
OPTIONS_ENV = "VEILLE_SERVE_OPTIONS"
"""How ``veille serve --workers N`` hands its options to the worker processes."""


@dataclass
class ServeOptions:
    """Where to listen and what to serve."""

    db: str
    host: str = "127.0.0.1"
    port: int = 8000
    readonly: bool = True
    log_level: str = "info"
    access_log: bool = False
    workers: int = 1  # server processes sharing the socket (uvicorn's supervisor)


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
    if not 1 <= options.workers <= MAX_WORKERS:
        raise OptionError("--workers", f"expected 1 to {MAX_WORKERS}, got {options.workers}")
    import uvicorn  # imported here: `veille --help` should not pay for it

    from veille.api.app import create_app

    store = open_store(options.db, readonly=options.readonly)
    if options.workers > 1:
        store.close()  # it only proved the database opens; each worker opens its own
        _serve_processes(options, announce)
        return

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


def _serve_processes(options: ServeOptions, announce: Callable[[str], None] | None) -> None:
    """``options.workers`` uvicorn processes accepting on one socket: the API's handlers are
    CPU-bound Python (JSON encoding, row conversion), so one process never uses more than
    about one core. Each worker builds its app from :data:`OPTIONS_ENV` (:func:`worker_app`)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ[OPTIONS_ENV] = json.dumps(asdict(options))
    config = uvicorn.Config(
        f"{__name__}:worker_app",
        factory=True,
        host=options.host,
        port=options.port,
        workers=options.workers,
        log_level=options.log_level,
        access_log=options.access_log,
        lifespan="on",
    )
    sock = _tcp(config.bind_socket())
    if announce is not None:
        announce(url_for(options.host, sock.getsockname()[1]))
    Multiprocess(config, sockets=[sock]).run()


def _tcp(sock: socket.socket) -> socket.socket:
    """``sock`` labelled as TCP. uvicorn binds it with protocol 0, which asyncio does not take
    for TCP, so it never set TCP_NODELAY on the connections the workers accept: each small
    response then waited 40 ms for a delayed ACK (Nagle)."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def worker_app() -> FastAPI:
    """The app of one ``--workers`` process (uvicorn calls it in each child)."""
    from veille.api.app import create_app

    options = ServeOptions(**json.loads(os.environ[OPTIONS_ENV]))

    def opener() -> Store:
        return open_store(options.db, readonly=options.readonly)

    return create_app(opener(), opener=opener, database=options.db, readonly=options.readonly)


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
