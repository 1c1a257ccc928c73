"""AK/SK request signing with Huawei Cloud's `SDK-HMAC-SHA256` scheme.

The API gateway rebuilds a canonical form of each request and checks an HMAC-SHA256 of
it, keyed with the secret key:

    canonical request = METHOD \\n URI/ \\n QUERY \\n HEADERS \\n SIGNED-NAMES \\n SHA256(BODY)
    string to sign    = SDK-HMAC-SHA256 \\n X-Sdk-Date \\n SHA256(canonical request)
    Authorization     = SDK-HMAC-SHA256 Access=AK, SignedHeaders=NAMES, Signature=HEX

The rules follow Huawei Cloud's API signing guide and the `Signer` class of the
`huaweicloudsdkcore` package (3.1):

- every path segment is percent-encoded with only `~` left as is, and the path ends
  in `/`;
- query pairs are sorted, then encoded the same way;
- header names are lower-cased and values trimmed, and names containing `_` are not
  signed;
- a body that is not JSON is signed as `UNSIGNED-PAYLOAD`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Mapping
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import requests

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
CONTENT_HASH_HEADER = "X-Sdk-Content-Sha256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Signature:
    """The intermediate values and the result of signing one request."""

    canonical_request: str
    string_to_sign: str
    signed_headers: tuple[str, ...]
    signature: str
    headers: dict[str, str]

    @property
    def authorization(self) -> str:
        return self.headers["Authorization"]


def _encode(text: str) -> str:
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """Encode each path segment and end the path with `/`."""
    segments = unquote(path or "/").split("/")
    encoded = "/".join(_encode(segment) for segment in segments)
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(query: str) -> str:
    """Sort the decoded query pairs and encode them again."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in pairs)


def host_header(url: str) -> str:
    """Return the Host value of `url`, without the port when it is the default."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        return f"{host}:{parts.port}"
    return host


def _payload_hash(body: bytes | None, headers: Mapping[str, str]) -> str:
    if not body:
        return EMPTY_SHA256
    declared = _get(headers, CONTENT_HASH_HEADER)
    if declared:
        return declared
    return hashlib.sha256(body).hexdigest()


def _get(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    access_key: str,
    secret_key: str,
    *,
    when: datetime | None = None,
    signed_names: Iterable[str] | None = None,
) -> Signature:
    """Sign a request; return its headers with `X-Sdk-Date`, `Host` and `Authorization`.

    Every header in `headers` is signed unless `signed_names` narrows them (compared
    in lower case); `Host` and `X-Sdk-Date` are always signed. An `X-Sdk-Date` already
    in `headers` is kept, else `when` (default: now, UTC) is written.
    """
    if not access_key or not secret_key:
        raise ValueError("AK/SK signing needs both an access key and a secret key")
    if isinstance(body, str):
        body = body.encode("utf-8")
    result = {key: str(value).strip() for key, value in headers.items()}
    _add_content_hash(result)
    date = _get(result, DATE_HEADER)
    if date is None:
        moment = (when or datetime.now(timezone.utc)).astimezone(timezone.utc)
        date = moment.strftime(DATE_FORMAT)
        result[DATE_HEADER] = date
    if _get(result, "Host") is None:
        result["Host"] = host_header(url)

    names = _signed_names(result, signed_names)
    canonical = canonical_request(method, url, result, names, body)
    hashed = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    string_to_sign = f"{ALGORITHM}\n{date}\n{hashed}"
    signature = hmac.new(
        secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    result["Authorization"] = (
        f"{ALGORITHM} Access={access_key}, SignedHeaders={';'.join(names)}, "
        f"Signature={signature}"
    )
    return Signature(canonical, string_to_sign, tuple(names), signature, result)


def _signed_names(
    headers: Mapping[str, str], chosen: Iterable[str] | None
) -> list[str]:
    """Return the sorted lower-case names of the headers to sign."""
    wanted = None
    if chosen is not None:
        wanted = {name.lower() for name in chosen} | {"host", DATE_HEADER.lower()}
        if _get(headers, CONTENT_HASH_HEADER) is not None:
            wanted.add(CONTENT_HASH_HEADER.lower())
    return sorted(
        name.lower()
        for name in headers
        if "_" not in name and (wanted is None or name.lower() in wanted)
    )


def canonical_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    names: list[str],
    body: bytes | None,
) -> str:
    """Return the canonical form of a request that the signature covers."""
    lowered = {key.lower(): value for key, value in headers.items()}
    parts = urlsplit(url)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(parts.path),
            canonical_query(parts.query),
            "".join(f"{name}:{lowered[name]}\n" for name in names),
            ";".join(names),
            _payload_hash(body, headers),
        ]
    )


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _add_content_hash(headers: dict[str, str]) -> None:
    """Mark a body that is not JSON as unsigned, as the gateway expects."""
    content_type = _get(headers, "Content-Type")
    if content_type and not content_type.startswith(
        ("application/json", "application/bson")
    ):
        headers[CONTENT_HASH_HEADER] = UNSIGNED_PAYLOAD


class AkSkAuth(requests.auth.AuthBase):
    """Sign each request of a `requests` session with an access key and secret key.

    The signature covers `Host`, `Content-Type` and every `X-` header: headers that
    proxies or the HTTP library may rewrite on the way (`Connection`,
    `Accept-Encoding`) are sent but not signed.
    """

    def __init__(self, access_key: str, secret_key: str) -> None:
        self.access_key = access_key
        self._secret_key = secret_key

    def __repr__(self) -> str:
        # The keys stay out of reprs, so they cannot reach a log through one.
        return "AkSkAuth(<hidden>)"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body
        if body is not None and not isinstance(body, (bytes, str)):
            # A streamed body cannot be hashed in advance.
            request.headers[CONTENT_HASH_HEADER] = UNSIGNED_PAYLOAD
            body = b"<streamed>"
        request.headers.pop(DATE_HEADER, None)
        names = [
            name
            for name in request.headers
            if name.lower() == "content-type" or name.lower().startswith("x-")
        ]
        signed = sign(
            request.method or "GET",
            request.url or "",
            {key: _text(value) for key, value in request.headers.items()},
            body,
            self.access_key,
            self._secret_key,
            signed_names=names,
        )
        request.headers.update(signed.headers)
        return request
