"""HTTP behaviour of the client against small real servers on loopback: retries,
timeouts, error bodies, token renewal, TLS and proxies."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
import requests
from flask import Flask, jsonify, request

from aos_designer.remote import errors
from aos_designer.remote.transport import HttpSettings, Transport, retry_after_seconds

FAST = HttpSettings(connect_timeout=2, read_timeout=2, retries=3, backoff=0.01)


def flaky_app(statuses: list[int], body: dict | None = None) -> tuple[Flask, list[str]]:
    """An app answering each request with the next status of `statuses` (the last
    one repeats), and recording the methods it saw."""
    app = Flask("flaky")
    seen: list[str] = []

    @app.route("/v2/stacks", methods=["GET", "POST", "PUT", "DELETE"])
    def stacks():
        seen.append(request.method)
        status = statuses[min(len(seen) - 1, len(statuses) - 1)]
        if status >= 400:
            return jsonify(body or {"code": "X.1", "message": "busy"}), status
        return jsonify([]), status

    return app, seen


def test_get_retried_after_503(loopback, caplog):
    app, seen = flaky_app([503, 200])
    transport = Transport(loopback(app), settings=FAST)
    with caplog.at_level(logging.WARNING, logger="aos_designer.remote.transport"):
        response = transport.request(
            "GET", "/v2/stacks", call="list stacks", idempotent=True
        )
    assert response.status_code == 200
    assert seen == ["GET", "GET"]
    assert [record.getMessage()[:36] for record in caplog.records] == [
        "list stacks: HTTP 503; retry 1 of 3 "
    ]


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retry_statuses_retried(loopback, status):
    app, seen = flaky_app([status, status, 200])
    transport = Transport(loopback(app), settings=FAST)
    response = transport.request(
        "GET", "/v2/stacks", call="list stacks", idempotent=True
    )
    assert response.status_code == 200
    assert len(seen) == 3


def test_retries_exhausted_raise(loopback):
    app, seen = flaky_app([503])
    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.ServerError) as caught:
        transport.request(
            "GET", "/v2/stacks", call="list stacks", subject="of demo", idempotent=True
        )
    assert len(seen) == 4
    assert caught.value.status == 503
    assert str(caught.value) == (
        "list stacks of demo failed: busy [X.1, HTTP 503]. "
        "The endpoint may be restarting; try again later"
    )


def test_post_not_retried(loopback):
    app, seen = flaky_app([503, 200])
    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.ServerError):
        transport.request(
            "POST", "/v2/stacks", call="create stack", idempotent=False, json={}
        )
    assert seen == ["POST"]


def test_put_action_not_retried(loopback):
    app, seen = flaky_app([502, 200])
    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.ServerError):
        transport.request(
            "PUT", "/v2/stacks", call="upgrade stack", idempotent=False, json={}
        )
    assert seen == ["PUT"]


def test_client_error_not_retried(loopback):
    app, seen = flaky_app([404, 200])
    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.NotFound):
        transport.request("GET", "/v2/stacks", call="get stack", idempotent=True)
    assert seen == ["GET"]


def test_retry_after_header_honoured(loopback):
    app = Flask("limited")
    times: list[float] = []

    @app.get("/v2/stacks")
    def stacks():
        times.append(time.monotonic())
        if len(times) == 1:
            return jsonify({}), 429, {"Retry-After": "1"}
        return jsonify([])

    transport = Transport(loopback(app), settings=FAST)
    transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95


def test_retry_after_parsing():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_server_down_connection_failed():
    port = free_port()
    transport = Transport(f"http://127.0.0.1:{port}", settings=FAST)
    with pytest.raises(errors.ConnectionFailed) as caught:
        transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    message = str(caught.value)
    assert message.startswith(
        f"list stacks failed: cannot connect to http://127.0.0.1:{port} ("
    )
    assert message.endswith(
        "Check that the endpoint URL is right and the server is running"
    )


def test_read_timeout_retried_then_raised(loopback):
    app = Flask("slow")
    calls: list[int] = []

    @app.get("/v2/stacks")
    def stacks():
        calls.append(1)
        time.sleep(0.6)
        return jsonify([])

    settings = HttpSettings(
        connect_timeout=2, read_timeout=0.2, retries=1, backoff=0.01
    )
    transport = Transport(loopback(app), settings=settings)
    with pytest.raises(errors.RequestTimedOut) as caught:
        transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    assert len(calls) == 2
    assert "did not answer within 0.2 s" in str(caught.value)


def test_read_timeout_post_single_attempt(loopback):
    app = Flask("slow")
    calls: list[int] = []

    @app.post("/v2/stacks")
    def stacks():
        calls.append(1)
        time.sleep(0.6)
        return jsonify({})

    settings = HttpSettings(
        connect_timeout=2, read_timeout=0.2, retries=3, backoff=0.01
    )
    transport = Transport(loopback(app), settings=settings)
    with pytest.raises(errors.RequestTimedOut):
        transport.request("POST", "/v2/stacks", call="create stack", idempotent=False)
    time.sleep(0.5)
    assert len(calls) == 1


def test_cancel_during_backoff(loopback):
    app, seen = flaky_app([503])
    settings = HttpSettings(connect_timeout=2, read_timeout=2, retries=5, backoff=5)
    transport = Transport(loopback(app), settings=settings)
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(errors.Cancelled, match="list stacks was cancelled"):
        transport.request(
            "GET", "/v2/stacks", call="list stacks", idempotent=True, cancel=cancel
        )
    assert time.monotonic() - started < 3
    assert seen == ["GET"]


def test_aos_error_body_message(loopback):
    body = {
        "code": "SVCSTG.AOS.4001119",
        "message": "invalid template",
        "extend": "node_templates.vm: unknown type",
        "showdetail": True,
    }
    app, _ = flaky_app([400], body)
    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.BadRequest) as caught:
        transport.request(
            "POST",
            "/v2/stacks",
            call="create template",
            subject="web",
            idempotent=False,
        )
    assert caught.value.code == "SVCSTG.AOS.4001119"
    assert caught.value.extend == "node_templates.vm: unknown type"
    assert str(caught.value) == (
        "create template web failed: invalid template "
        "(node_templates.vm: unknown type) [SVCSTG.AOS.4001119, HTTP 400]"
    )


def test_extend_hidden_without_showdetail(loopback):
    body = {"code": "C", "message": "m", "extend": "internal", "showdetail": False}
    app, _ = flaky_app([409], body)
    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.Conflict) as caught:
        transport.request("GET", "/v2/stacks", call="delete template", idempotent=True)
    assert caught.value.extend == ""
    assert "internal" not in str(caught.value)


def test_gateway_error_body_message(loopback):
    body = {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication"}
    app, _ = flaky_app([401], body)
    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.Unauthorized) as caught:
        transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    assert caught.value.code == "APIGW.0301"
    assert str(caught.value).startswith(
        "list stacks failed: Incorrect IAM authentication [APIGW.0301, HTTP 401]. "
        "Check the token"
    )


def test_non_json_error_body(loopback):
    app = Flask("html")

    @app.get("/v2/stacks")
    def stacks():
        return "<html>bad gateway</html>", 400

    transport = Transport(loopback(app), settings=FAST)
    with pytest.raises(errors.BadRequest) as caught:
        transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    assert str(caught.value) == "list stacks failed: the request is invalid [HTTP 400]"


class RenewingAuth(requests.auth.AuthBase):
    def __init__(self) -> None:
        self.generation = 1
        self.invalidated = 0

    def __call__(self, prepared):
        prepared.headers["X-Auth-Token"] = f"token-{self.generation}"
        return prepared

    def invalidate(self) -> bool:
        self.invalidated += 1
        self.generation += 1
        return True


def test_401_renews_token_once(loopback):
    app = Flask("auth")
    tokens: list[str] = []

    @app.post("/v2/stacks")
    def stacks():
        tokens.append(request.headers.get("X-Auth-Token", ""))
        if tokens[-1] != "token-2":
            return jsonify({"code": "APIGW.0307", "message": "token expired"}), 401
        return jsonify({"ok": True}), 201

    auth = RenewingAuth()
    transport = Transport(loopback(app), auth=auth, settings=FAST)
    response = transport.request(
        "POST", "/v2/stacks", call="create stack", idempotent=False
    )
    assert response.status_code == 201
    assert tokens == ["token-1", "token-2"]
    assert auth.invalidated == 1


def test_401_after_renewal_raises(loopback):
    app = Flask("auth")
    tokens: list[str] = []

    @app.get("/v2/stacks")
    def stacks():
        tokens.append(request.headers.get("X-Auth-Token", ""))
        return jsonify({"code": "APIGW.0301", "message": "bad token"}), 401

    auth = RenewingAuth()
    transport = Transport(loopback(app), auth=auth, settings=FAST)
    with pytest.raises(errors.Unauthorized):
        transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    assert tokens == ["token-1", "token-2"]


def test_settings_reject_disabled_verification():
    with pytest.raises(ValueError, match="cannot be turned off"):
        HttpSettings(verify=False)


def test_settings_reject_missing_ca_bundle(tmp_path):
    missing = tmp_path / "ca.pem"
    with pytest.raises(ValueError, match="is not a file"):
        HttpSettings(verify=str(missing))


@pytest.mark.parametrize(
    "url,message",
    [
        ("ftp://example.com", "must start with https://"),
        ("example.com", "must start with https://"),
    ],
)
def test_base_url_checked(url, message):
    with pytest.raises(ValueError, match=message):
        Transport(url)


def test_base_url_trailing_v2_removed():
    assert Transport("https://aos.cn-north-4.myhuaweicloud.com/v2/").base_url == (
        "https://aos.cn-north-4.myhuaweicloud.com"
    )


def test_proxy_from_environment(loopback, monkeypatch):
    app = Flask("proxy")
    seen: list[tuple[str, str]] = []

    @app.get("/v2/stacks")
    def stacks():
        seen.append((request.host, request.path))
        return jsonify([])

    proxy = loopback(app)
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.setenv("http_proxy", proxy)
    transport = Transport("http://aos.cn-north-4.example.invalid", settings=FAST)
    transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    assert seen == [("aos.cn-north-4.example.invalid", "/v2/stacks")]


def test_https_to_plain_http_server(loopback):
    app, seen = flaky_app([200])
    address = loopback(app).split("://", 1)[1]
    transport = Transport(f"https://{address}/v2", settings=FAST)
    with pytest.raises(errors.ConnectionFailed) as caught:
        transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    message = str(caught.value)
    assert message.startswith(
        f"list stacks failed: https://{address} does not speak HTTPS (the TLS "
        "handshake got an answer that is not TLS: [SSL: WRONG_VERSION_NUMBER] "
    )
    assert message.endswith(
        "If the server speaks plain HTTP, such as `aos-designer serve`, use "
        f"http://{address}"
    )
    assert "--ca-bundle" not in message
    assert seen == []
