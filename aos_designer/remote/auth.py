"""Authentication of requests to an AOS endpoint: a given IAM token, an IAM token
obtained from a user name and password and renewed before it expires, or AK/SK signing
(in `signing`)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone
from typing import Callable

import requests

from .errors import RemoteError
from .transport import HttpSettings, Transport

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Auth-Token"
SUBJECT_TOKEN_HEADER = "X-Subject-Token"
# IAM tokens are valid for 24 hours; one is renewed this long before it expires, so a
# long deployment never sends an expired token.
RENEW_MARGIN = timedelta(minutes=15)


class TokenAuth(requests.auth.AuthBase):
    """Send a fixed IAM token in `X-Auth-Token`."""

    def __init__(self, token: str) -> None:
        if not token or not token.strip():
            raise ValueError("the token is empty")
        self._token = token.strip()

    def __repr__(self) -> str:
        return "TokenAuth(<hidden>)"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[TOKEN_HEADER] = self._token
        return request


def iam_url_for(region: str) -> str:
    return f"https://iam.{region}.myhuaweicloud.com"


class IamPasswordAuth(requests.auth.AuthBase):
    """Obtain a project-scoped IAM token from a user name and password, send it in
    `X-Auth-Token`, and renew it before it expires or after a 401.

    The project is the project id when given, else the project named after the region
    (IAM names each region's default project after the region). Thread safe: one
    token serves every thread and only one renewal runs at a time.
    """

    def __init__(
        self,
        iam_url: str,
        user_name: str,
        password: str,
        *,
        domain_name: str | None = None,
        project_id: str | None = None,
        region: str | None = None,
        settings: HttpSettings | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not user_name:
            raise ValueError("IAM authentication needs a user name")
        if not project_id and not region:
            raise ValueError("IAM authentication needs a project id or a region")
        self.user_name = user_name
        self.domain_name = domain_name or user_name
        self.project_id = project_id
        self.region = region
        self._password = password
        self._transport = Transport(iam_url, settings=settings)
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires: datetime | None = None

    def __repr__(self) -> str:
        return f"IamPasswordAuth(user={self.user_name!r}, password=<hidden>)"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[TOKEN_HEADER] = self.token()
        return request

    @property
    def expires_at(self) -> datetime | None:
        return self._expires

    def token(self) -> str:
        """Return a token valid for at least `RENEW_MARGIN`, obtaining one if needed."""
        with self._lock:
            if self._token is None or self._expiring():
                self._token, self._expires = self._obtain()
            return self._token

    def invalidate(self) -> bool:
        """Forget the token so the next request obtains a new one."""
        with self._lock:
            self._token = None
            self._expires = None
        return True

    def _expiring(self) -> bool:
        return self._expires is None or self._clock() + RENEW_MARGIN >= self._expires

    def _scope(self) -> dict[str, object]:
        if self.project_id:
            return {"project": {"id": self.project_id}}
        return {"project": {"name": self.region}}

    def _obtain(self) -> tuple[str, datetime | None]:
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.user_name,
                            "password": self._password,
                            "domain": {"name": self.domain_name},
                        }
                    },
                },
                "scope": self._scope(),
            }
        }
        # Issuing a token changes nothing on the server, so the call may be retried.
        response = self._transport.request(
            "POST",
            "/v3/auth/tokens",
            call="obtain an IAM token",
            subject=f"for user {self.user_name}",
            idempotent=True,
            json=body,
        )
        token = response.headers.get(SUBJECT_TOKEN_HEADER)
        if not token:
            raise RemoteError(
                f"obtain an IAM token for user {self.user_name} failed: the answer of "
                f"{self._transport.base_url} has no {SUBJECT_TOKEN_HEADER} header; "
                "check that the IAM URL is right"
            )
        expires = _expiry(response)
        log.info(
            "obtained an IAM token for user %s, valid until %s",
            self.user_name,
            expires.isoformat() if expires else "an unknown time",
        )
        return token, expires


def _expiry(response: requests.Response) -> datetime | None:
    try:
        text = response.json()["token"]["expires_at"]
    except (ValueError, KeyError, TypeError):
        return None
    return parse_time(text)


def parse_time(text: object) -> datetime | None:
    """Parse an ISO 8601 time as IAM and AOS write it (`2024-01-04T09:05:22.701000Z`)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment
