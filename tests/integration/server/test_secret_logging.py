"""No secret reaches a log: a whole session with a password, an IAM token, AK/SK
keys and a secret input, with every logger at DEBUG."""

from __future__ import annotations

import logging

import pytest
import requests
from flask import Flask, jsonify, request

from aos_designer.remote import errors
from aos_designer.remote.connect import GivenCredentials, connect
from aos_designer.remote.credentials import KeyringStore, SecretResolver
from aos_designer.remote.profiles import Profile
from aos_designer.remote.signing import AkSkAuth
from aos_designer.remote.stacks import RemoteStacks
from aos_designer.server.background import BackgroundServer
from aos_designer.template import parse_template

from .conftest import make_client

PASSWORD = "Pa55word-never-logged-7"
SECRET_INPUT = "Db-secret-never-logged-9"
ACCESS_KEY = "AKNEVERLOGGED00000001"
SECRET_KEY = "SkNeverLoggedSecretKey000000000000000001"

TEMPLATE = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  db-password:
    type: password
    description: password of the database
node_templates:
  myvpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      name: logged-vpc
      cidr: 10.2.0.0/16
outputs:
  vpc-id:
    value:
      get_attribute: [myvpc, refID]
"""


def iam_for(token: str) -> Flask:
    """An IAM-like token service that trades the right password for `token`."""
    app = Flask("iam")

    @app.post("/v3/auth/tokens")
    def tokens():
        user = request.get_json()["auth"]["identity"]["password"]["user"]
        if user["password"] != PASSWORD:
            return jsonify(
                {"error_code": "IAM.0008", "error_msg": "wrong password"}
            ), 401
        body = {"token": {"expires_at": "2999-01-01T00:00:00.000000Z"}}
        return jsonify(body), 201, {"X-Subject-Token": token}

    @app.get("/echo")
    def echo():
        return jsonify({"signed": "Authorization" in request.headers})

    return app


def test_session_logs_hold_no_secret(server, token, caplog):
    _, url = server
    caplog.set_level(logging.DEBUG)
    with BackgroundServer(iam_for(token)) as iam:
        profile = Profile(
            name="sandbox",
            url=url,
            region="cn-north-4",
            project_id="p-test",
            auth="password",
            user_name="deployer",
            iam_url=iam.url,
        )
        aos = connect(
            profile,
            GivenCredentials(password=PASSWORD),
            resolver=SecretResolver(KeyringStore(), interactive=False),
        )
        stacks = RemoteStacks(aos, poll_seconds=0.02)
        result = stacks.deploy(
            parse_template(TEMPLATE), "logged", {"db-password": SECRET_INPUT}
        )
        assert result.succeeded, result.message
        assert [item.name for item in stacks.stacks()] == ["logged"]
        stacks.outputs("logged")
        stacks.events("logged")
        stacks.delete("logged")

        with make_client(url, "wrong-" + token) as intruder:
            with pytest.raises(errors.Unauthorized):
                intruder.list_stacks()

        signed = requests.get(
            f"{iam.url}/echo", auth=AkSkAuth(ACCESS_KEY, SECRET_KEY), timeout=5
        )
        assert signed.json() == {"signed": True}

    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_text:
            lines.append(record.exc_text)
    text = "\n".join(lines)
    for secret in (PASSWORD, token, SECRET_INPUT, ACCESS_KEY, SECRET_KEY):
        assert secret not in text
    # The log is not empty: the session's requests and its token were logged.
    assert "obtained an IAM token for user deployer" in text
    assert "POST /v2/stacks 201" in text
    assert "GET /v2/stacks 401" in text
