"""The real AOS server for tests that talk to it: servers on free loopback ports,
each over the real engine in its own state folder at time scale 0, behind one token.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aos_designer.server.app import ServerContext


@pytest.fixture
def token() -> str:
    return secrets.token_hex(24)


@pytest.fixture
def make_server(
    tmp_path: Path, token: str
) -> Iterator[Callable[..., tuple[ServerContext, str]]]:
    """Return a function that starts a server and returns its context and URL.

    The function takes the name of the server's state folder under tmp_path, and
    `DeployDefaults` fields that override time scale 0. The servers stop at the end
    of the test.
    """
    from aos_designer.server.app import create_app
    from aos_designer.server.background import BackgroundServer
    from aos_designer.server.runner import DeployDefaults
    from aos_designer.server.serve import close_context, open_context

    started: list[tuple[BackgroundServer, ServerContext]] = []

    def start(
        name: str = "server-state", **deploy: object
    ) -> tuple[ServerContext, str]:
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
    """One server over tmp_path/server-state: its context and URL."""
    return make_server()
