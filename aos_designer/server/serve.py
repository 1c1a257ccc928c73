"""Assembling and running the server: the engine and the store over one state
folder, the token, and werkzeug's HTTP server until Ctrl-C or SIGTERM."""

from __future__ import annotations

import logging
import signal
import socket
from pathlib import Path
from typing import Any, Callable

from werkzeug.serving import make_server

from .app import ServerContext, create_app
from .background import QuietRequestHandler
from .recovery import follow_interrupted
from .runner import DeployDefaults
from .store import ServerStore

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8733
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def open_context(
    state_dir: Path,
    token: str,
    deploy: DeployDefaults | None = None,
    engine: Any = None,
    store: ServerStore | None = None,
) -> ServerContext:
    """Open the store and the engine in `state_dir` for a server with `token`;
    a `store` or `engine` given here is used instead.

    The engine recovers the stacks whose operation a stopped process interrupted,
    and each execution that was running follows the recovery of its stack. An
    `engine` given here must be opened with `recover=False`, so that the
    executions get the recoveries' events.
    """
    if store is None:
        store = ServerStore(state_dir)
    if engine is None:
        from ..engine import Engine

        engine = Engine(state_dir, recover=False)
    server = ServerContext(
        token=token, store=store, engine=engine, deploy=deploy or DeployDefaults()
    )
    follow_interrupted(server)
    return server


def close_context(server: ServerContext) -> None:
    server.runner.stop_all()
    if server.engine is not None:
        server.engine.close()
    server.store.close()


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def listen(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """Bind a listening socket to `host` and `port` (0 picks a free port).

    Raise `OSError` when the address is taken or cannot be used, so that a command
    can check the address before it writes anything. Binding here rather than in
    werkzeug matters because werkzeug prints its own message and exits when the
    port is taken.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family)


def run_server(
    server: ServerContext,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    on_ready: Callable[[str], None] | None = None,
    listener: socket.socket | None = None,
) -> None:
    """Serve the API until interrupted; `on_ready(url)` runs once it listens.

    `listener` is a socket from `listen(host, port)`; without one, the server binds
    its own. The server closes the socket and the context when it stops, and when
    it cannot start.
    """
    app = create_app(server)
    try:
        if listener is None:
            listener = listen(host, port)
        with listener:
            http = make_server(
                host,
                port,
                app,
                threaded=True,
                request_handler=QuietRequestHandler,
                fd=listener.fileno(),
            )
    except OSError:
        close_context(server)
        raise
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{http.port}"
    if host not in LOOPBACK_HOSTS:
        log.warning(
            "listening on %s with plain HTTP: the token crosses the network unencrypted; "
            "put the server behind a TLS proxy",
            host,
        )
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    log.info("serving the AOS API on %s", url)
    if on_ready is not None:
        on_ready(url)
    try:
        http.serve_forever()
    except KeyboardInterrupt:
        log.info("stopping the server")
    finally:
        signal.signal(signal.SIGTERM, previous)
        http.server_close()
        close_context(server)
        log.info("server stopped")
