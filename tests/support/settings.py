"""Private settings for tests that use endpoint profiles and their secrets: a fresh
config folder, no credentials from the environment, and a keyring in memory or none.

The fixtures are not autouse here. The folders that want them for every test request
them through autouse fixtures in their conftest.py files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

# The environment variables the program reads credentials from.
CREDENTIAL_VARIABLES = (
    "AOS_AUTH_TOKEN",
    "AOS_PASSWORD",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
)


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


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep profiles in a fresh folder, and credentials out of the environment."""
    folder = tmp_path / "config"
    monkeypatch.setenv("AOS_DESIGNER_CONFIG_DIR", str(folder))
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.fixture
def private_settings(config_dir: Path) -> Iterator[None]:
    """Keep profiles in a fresh folder, read no credentials from the environment and
    never reach the OS keyring."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
