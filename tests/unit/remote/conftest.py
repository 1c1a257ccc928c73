"""Fixtures for the remote client's tests: real HTTP servers on loopback, a keyring
held in memory, and the private config folder of tests/support/settings.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

import keyring
import pytest
from keyring.backends import fail

from aos_designer.server.background import BackgroundServer
from tests.support.settings import MemoryKeyring


@pytest.fixture(autouse=True)
def private_config(config_dir: Path) -> Path:
    """Give every test here the fresh config folder of `config_dir`."""
    return config_dir


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Replace the keyring with an empty one in memory for each test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(memory_keyring: MemoryKeyring) -> None:
    """Behave as a machine without any keyring service."""
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def loopback() -> Iterator[Callable[[Any], str]]:
    """Start WSGI applications on free loopback ports; return each one's base URL."""
    servers: list[BackgroundServer] = []

    def start(app: Any) -> str:
        server = BackgroundServer(app).start()
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()
