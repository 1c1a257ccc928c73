"""IAM token authentication against a real IAM-like token service on loopback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from flask import Flask, jsonify, request

from aos_designer.remote import errors
from aos_designer.remote.auth import IamPasswordAuth, TokenAuth, parse_time
from aos_designer.remote.transport import HttpSettings, Transport

FAST = HttpSettings(connect_timeout=2, read_timeout=2, retries=1, backoff=0.01)
START = datetime(2024, 1, 1, 8, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def iam_app(lifetime: timedelta = timedelta(hours=24)) -> tuple[Flask, list[dict]]:
    """A token service that checks one user's password and issues numbered tokens."""
    app = Flask("iam")
    issued: list[dict] = []

    @app.post("/v3/auth/tokens")
    def tokens():
        body = request.get_json()
        user = body["auth"]["identity"]["password"]["user"]
        if user["password"] != "right-password":
            return jsonify(
                {"error_code": "IAM.0008", "error_msg": "wrong password"}
            ), 401
        issued.append(body)
        expires = START + lifetime
        token = f"iam-token-{len(issued)}"
        answer = {
            "token": {"expires_at": expires.isoformat().replace("+00:00", ".000000Z")}
        }
        return jsonify(answer), 201, {"X-Subject-Token": token}

    @app.get("/v2/stacks")
    def stacks():
        return jsonify({"token": request.headers.get("X-Auth-Token")})

    return app, issued


def test_password_auth_obtains_scoped_token(loopback):
    app, issued = iam_app()
    url = loopback(app)
    auth = IamPasswordAuth(
        url,
        "deployer",
        "right-password",
        domain_name="acme",
        project_id="p-123",
        settings=FAST,
        clock=Clock(),
    )
    transport = Transport(url, auth=auth, settings=FAST)
    answer = transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    assert answer.json() == {"token": "iam-token-1"}
    assert issued[0] == {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": "deployer",
                        "password": "right-password",
                        "domain": {"name": "acme"},
                    }
                },
            },
            "scope": {"project": {"id": "p-123"}},
        }
    }
    assert auth.expires_at == START + timedelta(hours=24)


def test_password_auth_scopes_by_region(loopback):
    app, issued = iam_app()
    auth = IamPasswordAuth(
        loopback(app),
        "deployer",
        "right-password",
        region="cn-north-4",
        settings=FAST,
        clock=Clock(),
    )
    auth.token()
    assert issued[0]["auth"]["scope"] == {"project": {"name": "cn-north-4"}}
    assert issued[0]["auth"]["identity"]["password"]["user"]["domain"] == {
        "name": "deployer"
    }


def test_token_reused_until_near_expiry(loopback):
    app, issued = iam_app(lifetime=timedelta(hours=1))
    clock = Clock()
    auth = IamPasswordAuth(
        loopback(app),
        "deployer",
        "right-password",
        region="cn-north-4",
        settings=FAST,
        clock=clock,
    )
    assert auth.token() == "iam-token-1"
    clock.now = START + timedelta(minutes=44)
    assert auth.token() == "iam-token-1"
    clock.now = START + timedelta(minutes=46)
    assert auth.token() == "iam-token-2"
    assert len(issued) == 2


def test_invalidate_forces_new_token(loopback):
    app, issued = iam_app()
    auth = IamPasswordAuth(
        loopback(app),
        "deployer",
        "right-password",
        region="cn-north-4",
        settings=FAST,
        clock=Clock(),
    )
    auth.token()
    assert auth.invalidate() is True
    assert auth.token() == "iam-token-2"


def test_wrong_password_unauthorized(loopback):
    app, _ = iam_app()
    auth = IamPasswordAuth(
        loopback(app),
        "deployer",
        "wrong",
        region="cn-north-4",
        settings=FAST,
        clock=Clock(),
    )
    with pytest.raises(errors.Unauthorized) as caught:
        auth.token()
    assert str(caught.value).startswith(
        "obtain an IAM token for user deployer failed: wrong password [IAM.0008, HTTP 401]"
    )
    assert "wrong" not in repr(auth)


def test_missing_subject_token_header(loopback):
    app = Flask("not-iam")

    @app.post("/v3/auth/tokens")
    def tokens():
        return jsonify({}), 201

    auth = IamPasswordAuth(
        loopback(app),
        "deployer",
        "pw",
        region="cn-north-4",
        settings=FAST,
        clock=Clock(),
    )
    with pytest.raises(errors.RemoteError, match="has no X-Subject-Token header"):
        auth.token()


def test_password_auth_needs_scope():
    with pytest.raises(ValueError, match="project id or a region"):
        IamPasswordAuth("https://iam.example.com", "u", "p")


def test_token_auth_rejects_empty():
    with pytest.raises(ValueError, match="the token is empty"):
        TokenAuth("  ")
    assert "abc" not in repr(TokenAuth("abc"))


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "2024-01-04T09:05:22.701000Z",
            datetime(2024, 1, 4, 9, 5, 22, 701000, timezone.utc),
        ),
        ("2024-01-04T09:05:22", datetime(2024, 1, 4, 9, 5, 22, tzinfo=timezone.utc)),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected
