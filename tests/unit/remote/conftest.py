"""Fixtures for the remote client's tests: real HTTP servers on loopback, a keyring
held in memory, and a private config folder for profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from aos_designer.server.background import BackgroundServer


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring service in memory: the OS's own keyring is not reachable in tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep profiles in a fresh folder, and credentials out of the environment."""
    folder = tmp_path / "config"
    monkeypatch.setenv("AOS_DESIGNER_CONFIG_DIR", str(folder))
    for name in (
        "AOS_AUTH_TOKEN",
        "AOS_PASSWORD",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
    ):
        monkeypatch.delenv(name, raising=False)
    return folder


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
