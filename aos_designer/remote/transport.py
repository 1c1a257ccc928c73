"""HTTP for the remote client: timeouts, retries with backoff, TLS settings, and error
responses turned into `ApiError`s.

Only idempotent calls are retried, after a connection error, a timeout or a 429, 502,
503 or 504 response, because a repeated non-idempotent call (creating a stack, starting a
lifecycle action) could run twice. A 401 is the exception: the request was not
processed, so it is sent once more, whatever the call, after a renewable token has been
renewed. Proxies come from the environment (`HTTPS_PROXY`, `NO_PROXY`), as `requests`
reads them.
"""

from __future__ import annotations

import email.utils
import logging
import random
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import requests

from .errors import (
    ApiError,
    Cancelled,
    ConnectionFailed,
    RemoteError,
    RequestTimedOut,
    api_error,
)

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 502, 503, 504})
USER_AGENT = "aos-designer"


@dataclass(frozen=True)
class HttpSettings:
    """The client's HTTP settings. Times are in seconds."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    # Retries after the first attempt, for idempotent calls only.
    retries: int = 4
    backoff: float = 0.5
    backoff_max: float = 30.0
    # True to check certificates against the system's CA bundle (through certifi), or
    # the path of a CA bundle file. Never False: verification stays on.
    verify: bool | str = True

    def __post_init__(self) -> None:
        if self.verify is False:
            raise ValueError(
                "TLS verification cannot be turned off; give the CA bundle that "
                "signed the endpoint's certificate instead"
            )
        if isinstance(self.verify, str) and not Path(self.verify).is_file():
            raise ValueError(
                f"CA bundle {self.verify!r} is not a file; give the path of a PEM file "
                "holding the certificates that sign the endpoint's certificate"
            )
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError("timeouts must be positive numbers of seconds")
        if self.retries < 0:
            raise ValueError("the number of retries cannot be negative")

    def delay(self, retry: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number `retry` (0-based)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.backoff_max)
        ceiling = min(self.backoff * (2**retry), self.backoff_max)
        # Half fixed, half random, so clients that failed together do not all come
        # back at the same instant.
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def retry_after_seconds(value: str | None) -> float | None:
    """Read a `Retry-After` header: seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(moment.timestamp() - time.time(), 0.0)


class Transport:
    """Send requests to one endpoint with one authentication."""

    def __init__(
        self,
        base_url: str,
        auth: requests.auth.AuthBase | None = None,
        settings: HttpSettings | None = None,
        session: requests.Session | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.auth = auth
        self.settings = settings or HttpSettings()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.extra_headers = dict(extra_headers or {})
        self._sleep: Callable[[float, threading.Event | None], bool] = _wait

    def url(self, path: str) -> str:
        return self.base_url + path

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        call: str,
        subject: str | None = None,
        idempotent: bool,
        cancel: threading.Event | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """Send a request and return its successful response.

        Raise `ApiError` for an error status, `RequestTimedOut`, `ConnectionFailed`
        or `Cancelled`. `call` and `subject` name the operation in messages.
        """
        kwargs["headers"] = {**self.extra_headers, **kwargs.get("headers", {})}
        attempt = 0
        renewed = False
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled(f"{call} was cancelled")
            outcome = self._attempt(method, path, call, subject, kwargs)
            if isinstance(outcome, requests.Response):
                return outcome
            failure, response = outcome
            status = response.status_code if response is not None else None
            if status == 401 and not renewed and _renew(self.auth):
                renewed = True
                log.info("%s: token rejected, renewed it and sending again", call)
                continue
            retryable = status is None or status in RETRY_STATUSES
            if not retryable or not idempotent or attempt >= self.settings.retries:
                raise failure
            retry_after = None
            if response is not None:
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            delay = self.settings.delay(attempt, retry_after)
            attempt += 1
            log.warning(
                "%s: %s; retry %d of %d in %.1f s",
                call,
                _short(failure, status),
                attempt,
                self.settings.retries,
                delay,
            )
            if not self._sleep(delay, cancel):
                raise Cancelled(f"{call} was cancelled while waiting to retry")

    def _attempt(
        self,
        method: str,
        path: str,
        call: str,
        subject: str | None,
        kwargs: dict[str, Any],
    ) -> requests.Response | tuple[RemoteError, requests.Response | None]:
        """Send the request once; return the response when it succeeded, else the
        error and the error response (None when no response arrived).

        A failed TLS handshake is raised at once, because retrying cannot fix it.
        """
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.url(path),
                auth=self.auth,
                timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                verify=self.settings.verify,
                **kwargs,
            )
        except requests.exceptions.SSLError as error:
            raise _tls_error(call, self.base_url, error) from None
        except requests.exceptions.Timeout as error:
            return _timeout_error(call, self, error), None
        except requests.exceptions.ConnectionError as error:
            failure: RemoteError = ConnectionFailed(
                f"{call} failed: cannot connect to {self.base_url} "
                f"({_reason(error)}). Check that the endpoint URL is right and the "
                "server is running"
            )
            return failure, None
        elapsed = (time.monotonic() - started) * 1000
        log.debug(
            "%s %s returned %s in %.0f ms", method, path, response.status_code, elapsed
        )
        if response.status_code < 400:
            return response
        failure = api_error(
            response.status_code,
            _json_or_none(response),
            call,
            subject,
            response.headers.get("X-Request-Id", ""),
        )
        return failure, response


def normalise_base_url(url: str) -> str:
    """Return `url` without a trailing `/` or `/v2`, checking its scheme."""
    cleaned = url.strip().rstrip("/")
    if not cleaned.lower().startswith(("http://", "https://")):
        raise ValueError(
            f"endpoint URL {url!r} must start with https:// (or http:// for a server "
            "on this machine)"
        )
    if cleaned.endswith("/v2"):
        cleaned = cleaned[: -len("/v2")]
    return cleaned


def _wait(seconds: float, cancel: threading.Event | None) -> bool:
    """Sleep; return False when `cancel` was set meanwhile."""
    if cancel is None:
        time.sleep(seconds)
        return True
    return not cancel.wait(seconds)


def _renew(auth: Any) -> bool:
    renew = getattr(auth, "invalidate", None)
    return bool(renew and renew())


def _timeout_error(
    call: str, transport: Transport, error: requests.exceptions.Timeout
) -> RequestTimedOut:
    settings = transport.settings
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return RequestTimedOut(
            f"{call} timed out: {transport.base_url} did not accept the connection "
            f"within {settings.connect_timeout:g} s"
        )
    return RequestTimedOut(
        f"{call} timed out: {transport.base_url} did not answer within "
        f"{settings.read_timeout:g} s; raise the read timeout if the endpoint is slow"
    )


def _reason(error: Exception) -> str:
    """Return the innermost reason of a requests/urllib3 error, on one line."""
    reason: Any = error
    for _ in range(5):
        inner = getattr(reason, "reason", None) or (
            reason.args[0] if getattr(reason, "args", None) else None
        )
        if inner is None or inner is reason or isinstance(inner, str):
            break
        reason = inner
    return " ".join(str(reason).split()) or type(error).__name__


def _tls_error(
    call: str, base_url: str, error: requests.exceptions.SSLError
) -> ConnectionFailed:
    """Describe a failed TLS handshake: a server that does not speak TLS at all, or
    a certificate that was rejected."""
    if _ssl_reason(error) == "WRONG_VERSION_NUMBER":
        # OpenSSL reports this when the first bytes of the response are not a TLS
        # record, which is what a plain-HTTP server returns.
        plain = "http://" + base_url.split("://", 1)[-1]
        return ConnectionFailed(
            f"{call} failed: {base_url} does not speak HTTPS (the TLS handshake got "
            f"an answer that is not TLS: {_reason(error)}). If the server speaks "
            f"plain HTTP, such as `aos-designer serve`, use {plain}"
        )
    return ConnectionFailed(
        f"{call} failed: the TLS certificate of {base_url} was "
        f"rejected ({_reason(error)}). If the endpoint uses a private CA, "
        "give its certificate with --ca-bundle FILE"
    )


def _ssl_reason(error: BaseException) -> str | None:
    """Return the OpenSSL reason code (such as `WRONG_VERSION_NUMBER`) of the
    `ssl.SSLError` that `error` wraps, or None when there is none."""
    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return current.reason
        pending.extend(
            [getattr(current, "reason", None), current.__cause__, current.__context__]
        )
        pending.extend(current.args)
    return None


def _short(failure: RemoteError, status: int | None) -> str:
    if isinstance(failure, ApiError) and status is not None:
        return f"HTTP {status}"
    return type(failure).__name__


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
