"""Git set-up for these tests: a private home and global configuration, so the
machine's own identity, hooks and settings never reach the repositories made here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

AUTHOR_NAME = "Test Author"
AUTHOR_EMAIL = "author@example.com"

IDENTITY_VARIABLES = (
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "EMAIL",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
)


@pytest.fixture(autouse=True)
def git_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Give Git an empty home and a global configuration file of its own."""
    home = tmp_path_factory.mktemp("home")
    config = home / ".gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in IDENTITY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def identity(git_home: Path) -> tuple[str, str]:
    """Set the author in the private global configuration."""
    git(git_home, "config", "--global", "user.name", AUTHOR_NAME)
    git(git_home, "config", "--global", "user.email", AUTHOR_EMAIL)
    return AUTHOR_NAME, AUTHOR_EMAIL


@pytest.fixture
def bare_remote(tmp_path: Path) -> Path:
    """An empty bare repository to push to and clone from."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    return remote


@pytest.fixture
def git_data(data_dir: Path) -> Path:
    return data_dir / "git"


def git(cwd: Path, *arguments: str, check: bool = True) -> str:
    """Run git in `cwd` and return its standard output."""
    completed = subprocess.run(
        ["git", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"git {' '.join(arguments)} failed with {completed.returncode}:\n"
            f"{completed.stdout}{completed.stderr}"
        )
    return completed.stdout


def commit_file(repository: Path, path: str, text: str, message: str) -> str:
    """Write a file, commit it with the test author and return the commit id."""
    target = repository / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    git(repository, "add", "--", path)
    git(
        repository,
        "-c",
        f"user.name={AUTHOR_NAME}",
        "-c",
        f"user.email={AUTHOR_EMAIL}",
        "commit",
        "--quiet",
        "-m",
        message,
    )
    return git(repository, "rev-parse", "HEAD").strip()


def make_repository(path: Path) -> Path:
    """Create a repository with one commit holding README.md."""
    git(path.parent, "init", "--quiet", str(path))
    commit_file(path, "README.md", "# Project\n", "Start the project")
    return path


@pytest.fixture
def run_git():
    """The `git(cwd, *arguments)` helper, for test modules."""
    return git


@pytest.fixture
def commit():
    """The `commit_file(repository, path, text, message)` helper."""
    return commit_file


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with one commit, README.md, on the branch main."""
    return make_repository(tmp_path / "project")
