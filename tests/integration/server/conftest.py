"""Fixtures for the server's tests: private settings, and the real client pointed at
the real server of tests/support/server.py."""

from __future__ import annotations

from typing import Iterator

import pytest

from aos_designer.remote.auth import TokenAuth
from aos_designer.remote.client import AosClient
from aos_designer.remote.transport import HttpSettings, Transport
from aos_designer.server.app import ServerContext

FAST = HttpSettings(connect_timeout=5, read_timeout=30, retries=2, backoff=0.01)


@pytest.fixture(autouse=True)
def use_private_settings(private_settings: None) -> None:
    """Give every test here the private settings of `private_settings`."""


def make_client(url: str, token: str, project_id: str = "p-test") -> AosClient:
    return AosClient(
        Transport(url, auth=TokenAuth(token), settings=FAST), project_id=project_id
    )


@pytest.fixture
def client(server: tuple[ServerContext, str], token: str) -> Iterator[AosClient]:
    _, url = server
    with make_client(url, token) as aos:
        yield aos
