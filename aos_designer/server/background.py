"""Running a WSGI application on a loopback port in a background thread, for a
sandbox started from inside the program and for tests that need a real server."""

from __future__ import annotations

import logging
import ssl
import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

log = logging.getLogger(__name__)


class QuietRequestHandler(WSGIRequestHandler):
    """werkzeug's handler without its own access log line: the application logs each
    request itself, without the query string."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class BackgroundServer:
    """Serve `app` on `host`:`port` (0 picks a free port) until `stop`.

    Use it as a context manager, or call `start` and `stop`.
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the server is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://{host}:{self._server.server_port}"

    def start(self) -> "BackgroundServer":
        self._server = make_server(
            self.host,
            self.port,
            self.app,
            threaded=True,
            request_handler=QuietRequestHandler,
            ssl_context=self.ssl_context,
        )
        self.port = self._server.server_port
        # A short poll interval makes `stop` return quickly.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"wsgi-{self.port}",
            daemon=True,
        )
        self._thread.start()
        log.debug("background server listening on %s", self.url)
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        log.debug("background server on port %s stopped", self.port)
        self._server = None
        self._thread = None

    def __enter__(self) -> "BackgroundServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
