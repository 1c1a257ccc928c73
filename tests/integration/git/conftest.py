"""Git set-up for these tests: every test gets the private Git home of
tests/support/git.py, so the machine's own identity, hooks and settings never reach
the repositories made here."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_git_home(git_home: Path) -> Path:
    """Give every test here the private Git home of `git_home`."""
    return git_home


@pytest.fixture
def git_data(data_dir: Path) -> Path:
    return data_dir / "git"
