"""Settings every test shares: Qt without a screen, and engine state in a temporary
folder, so no test reads or writes the user's own data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    runtime = tempfile.mkdtemp(prefix="aos-designer-runtime-")
    os.chmod(runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = runtime

DATA = Path(__file__).parent / "data"

# Fixtures that tests in several folders share, from tests/support.
pytest_plugins = [
    "tests.support.engine",
    "tests.support.git",
    "tests.support.server",
    "tests.support.settings",
]


@pytest.fixture(autouse=True)
def isolated_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default state folder at a fresh temporary folder for each test."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("AOS_DESIGNER_STATE_DIR", str(state))
    return state


@pytest.fixture
def data_dir() -> Path:
    """The folder of template files the tests use."""
    return DATA
