"""Fixtures for the server's tests: the real server on a free loopback port, over
the real engine at time scale 0, and the real client pointed at it."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Callable, Iterator

import keyring
import pytest
from keyring.backends import fail

from aos_designer.remote.auth import TokenAuth
from aos_designer.remote.client import AosClient
from aos_designer.remote.transport import HttpSettings, Transport
from aos_designer.server.app import ServerContext, create_app
from aos_designer.server.background import BackgroundServer
from aos_designer.server.runner import DeployDefaults
from aos_designer.server.serve import close_context, open_context

FAST = HttpSettings(connect_timeout=5, read_timeout=30, retries=2, backoff=0.01)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep profiles in a fresh folder and never reach the OS keyring."""
    monkeypatch.setenv("AOS_DESIGNER_CONFIG_DIR", str(tmp_path / "config"))
    for name in (
        "AOS_AUTH_TOKEN",
        "AOS_PASSWORD",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
    ):
        monkeypatch.delenv(name, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def token() -> str:
    return secrets.token_hex(24)


@pytest.fixture
def make_server(
    tmp_path: Path, token: str
) -> Iterator[Callable[..., tuple[ServerContext, str]]]:
    """Start servers over their own state folders; return each one's context and URL."""
    started: list[tuple[BackgroundServer, ServerContext]] = []

    def start(name: str = "state", **deploy: object) -> tuple[ServerContext, str]:
        defaults = DeployDefaults(**{"time_scale": 0.0, **deploy})  # type: ignore[arg-type]
        context = open_context(tmp_path / name, token, defaults)
        server = BackgroundServer(create_app(context)).start()
        started.append((server, context))
        return context, server.url

    yield start
    for server, context in started:
        server.stop()
        close_context(context)


@pytest.fixture
def server(
    make_server: Callable[..., tuple[ServerContext, str]],
) -> tuple[ServerContext, str]:
    return make_server()


def make_client(url: str, token: str, project_id: str = "p-test") -> AosClient:
    return AosClient(
        Transport(url, auth=TokenAuth(token), settings=FAST), project_id=project_id
    )


@pytest.fixture
def client(server: tuple[ServerContext, str], token: str) -> Iterator[AosClient]:
    _, url = server
    with make_client(url, token) as aos:
        yield aos
