"""The Flask application of `aos-designer serve`: token check, body limit, request
log and AOS error bodies around the template and stack routes.

Every request must carry the server's token in `X-Auth-Token`, as AOS expects an IAM
token there; a missing or wrong one gets 401. The log line of a request names its
method, path, status and time, never a header or a body.
"""

from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from . import errors
from .runner import DeployDefaults, ExecutionRunner, SecretInputs
from .store import ServerStore

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Auth-Token"
# The API gateway in front of AOS accepts bodies up to 12 MB.
MAX_BODY_BYTES = 12 * 1024 * 1024


@dataclass
class ServerContext:
    """The state the routes share: the token, the store, the engine, its running
    executions, the deployment settings and the secret inputs kept in memory.

    `engine` is None in a server that only keeps templates.
    """

    token: str
    store: ServerStore
    engine: Any = None
    runner: ExecutionRunner = field(init=False)
    deploy: DeployDefaults = field(default_factory=DeployDefaults)
    secrets: SecretInputs = field(default_factory=SecretInputs)

    def __post_init__(self) -> None:
        self.runner = ExecutionRunner(self.store)


def context() -> ServerContext:
    """Return the context of the application handling the current request."""
    return current_app.extensions["aos_designer"]


def create_app(server: ServerContext) -> Flask:
    """Build the application serving the AOS API version 2 over `server`."""
    from .stacks_api import stacks
    from .templates_api import templates

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["aos_designer"] = server
    app.before_request(_start_request)
    app.after_request(_log_request)
    app.register_error_handler(errors.AosHttpError, _aos_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.register_blueprint(templates)
    app.register_blueprint(stacks)
    return app


def _start_request() -> None:
    g.started = time.monotonic()
    given = request.headers.get(TOKEN_HEADER)
    if not given:
        raise errors.AosHttpError(
            401,
            errors.BAD_TOKEN,
            f"the request has no {TOKEN_HEADER} header; send the server's token in it",
        )
    if not hmac.compare_digest(given.encode("utf-8"), context().token.encode("utf-8")):
        raise errors.AosHttpError(
            401,
            errors.BAD_TOKEN,
            "the token is wrong; use the one in the server's token file",
        )
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise _too_large(length)


def _too_large(length: int | None) -> errors.AosHttpError:
    size = f"{length} bytes" if length is not None else "the body"
    return errors.AosHttpError(
        413,
        errors.BODY_TOO_LARGE,
        f"the request body ({size}) is over the limit of {MAX_BODY_BYTES} bytes",
    )


def _log_request(response: Response) -> Response:
    started = g.get("started")
    elapsed = (time.monotonic() - started) * 1000 if started else 0.0
    log.info(
        "%s %s %s %s %.0f ms",
        request.remote_addr,
        request.method,
        request.path,
        response.status_code,
        elapsed,
    )
    return response


def _aos_error(error: errors.AosHttpError) -> tuple[Response, int]:
    if error.status >= 500:
        log.error("%s %s failed: %s", request.method, request.path, error.message)
    else:
        log.info(
            "%s %s rejected with %s: %s",
            request.method,
            request.path,
            error.code,
            error.message,
        )
    return jsonify(error.body()), error.status


def _http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    if status == 413:
        return _aos_error(_too_large(request.content_length))
    code = {404: errors.NOT_FOUND, 405: errors.METHOD_NOT_ALLOWED}.get(
        status, errors.INVALID_PARAMETER
    )
    message = f"{request.method} {request.path}: {error.description}"
    return jsonify(errors.error_body(code, message)), status


def _unexpected_error(error: Exception) -> tuple[Response, int]:
    log.exception("%s %s failed unexpectedly", request.method, request.path)
    body = errors.error_body(
        errors.INTERNAL_ERROR,
        f"internal error while handling {request.method} {request.path}; see the "
        "server's log",
    )
    return jsonify(body), 500
