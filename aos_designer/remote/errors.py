"""Errors of the remote client, each with a plain message that names the call, the
stack or template concerned, and what to do next."""

from __future__ import annotations

from typing import Any


class RemoteError(Exception):
    """A call to an AOS endpoint failed."""


class ConnectionFailed(RemoteError):
    """The endpoint could not be reached, or its TLS certificate was rejected."""


class RequestTimedOut(RemoteError):
    """The endpoint did not connect or answer within the configured timeout."""


class CredentialsError(RemoteError):
    """A credential is missing or could not be obtained."""


class Cancelled(RemoteError):
    """The caller cancelled the call or the wait for an execution."""


class ExecutionTimedOut(RemoteError):
    """An execution did not reach a final phase before the wait's deadline."""


class ApiError(RemoteError):
    """The endpoint answered with an error status.

    `code`, `detail` and `extend` come from the AOS error body (`code`, `message`,
    `extend`) or from the API gateway's (`error_code`, `error_msg`); they are empty
    when the body had neither shape.
    """

    def __init__(
        self,
        status: int,
        call: str,
        *,
        subject: str | None = None,
        code: str = "",
        detail: str = "",
        extend: str = "",
        request_id: str = "",
    ) -> None:
        self.status = status
        self.call = call
        self.subject = subject
        self.code = code
        self.detail = detail
        self.extend = extend
        self.request_id = request_id
        super().__init__(self._compose())

    def _compose(self) -> str:
        what = f"{self.call} {self.subject}" if self.subject else self.call
        reason = self.detail or _STATUS_REASONS.get(self.status, "the request failed")
        text = f"{what} failed: {reason}"
        if self.extend:
            text += f" ({self.extend})"
        tags = [f"HTTP {self.status}"]
        if self.code:
            tags.insert(0, self.code)
        text += f" [{', '.join(tags)}]"
        hint = _STATUS_HINTS.get(self.status)
        if hint:
            text += f". {hint}"
        return text


class BadRequest(ApiError):
    """HTTP 400: the request or the template is invalid."""


class Unauthorized(ApiError):
    """HTTP 401: the token or the signature was rejected."""


class Forbidden(ApiError):
    """HTTP 403: not allowed, or a quota is exhausted."""


class NotFound(ApiError):
    """HTTP 404: the stack, template or execution does not exist."""


class Conflict(ApiError):
    """HTTP 409: the object is in use or busy with another operation."""


class PayloadTooLarge(ApiError):
    """HTTP 413: the request body is over the endpoint's limit."""


class ServerError(ApiError):
    """HTTP 5xx, or 429 after every retry."""


_STATUS_CLASSES: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
}

_STATUS_REASONS = {
    400: "the request is invalid",
    401: "authentication failed",
    403: "the request is not allowed",
    404: "not found",
    409: "conflict with the current state",
    413: "the request body is too large",
    429: "too many requests",
    500: "internal server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}

_STATUS_HINTS = {
    401: "Check the token or the access keys of the profile "
    "(aos-designer profile test NAME)",
    429: "Wait a moment and try again",
    502: "The endpoint may be restarting; try again later",
    503: "The endpoint may be restarting; try again later",
    504: "The endpoint may be restarting; try again later",
}


def api_error(
    status: int,
    body: Any,
    call: str,
    subject: str | None = None,
    request_id: str = "",
) -> ApiError:
    """Build the error for an error answer from its status and decoded JSON body."""
    code = detail = extend = ""
    if isinstance(body, dict):
        code = str(body.get("code") or body.get("error_code") or "")
        detail = str(body.get("message") or body.get("error_msg") or "")
        show = body.get("showdetail")
        raw_extend = body.get("extend")
        # AOS marks whether `extend` is meant for users; without the flag it is shown
        # only when it carries text.
        if raw_extend and (show is None or _truthy(show)):
            extend = str(raw_extend)
        request_id = request_id or str(body.get("request_id") or "")
    kind = _STATUS_CLASSES.get(status)
    if kind is None:
        kind = ServerError if status >= 500 or status == 429 else ApiError
    return kind(
        status,
        call,
        subject=subject,
        code=code,
        detail=detail,
        extend=extend,
        request_id=request_id,
    )


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)
