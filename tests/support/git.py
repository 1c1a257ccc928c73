"""Git set-up for the tests that make repositories.

A private home and global configuration keep the machine's identity out of the
repositories. Helpers run git and commit with a fixed author and date. Fixtures give a
bare remote, and servers on 127.0.0.1 that a clone or push cannot get past.

`git_home` is not autouse here, because only the Git test folders want it for every
test. Their conftest.py files request it through an autouse fixture.
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

AUTHOR_NAME = "Test Author"
AUTHOR_EMAIL = "author@example.com"
COMMIT_DATE = "2024-05-01T10:00:00+02:00"

# Variables that would put the machine's identity, dates or repository into the
# repositories the tests make.
IDENTITY_VARIABLES = (
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "GIT_COMMITTER_DATE",
    "EMAIL",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
)


@pytest.fixture
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


def git(
    cwd: Path,
    *arguments: str,
    check: bool = True,
    env: dict[str, str] | None = None,
) -> str:
    """Run git in `cwd` and return its standard output. `env` adds variables to the
    environment of this one run."""
    completed = subprocess.run(
        ["git", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"git {' '.join(arguments)} failed with {completed.returncode}:\n"
            f"{completed.stdout}{completed.stderr}"
        )
    return completed.stdout


def commit_file(
    repository: Path,
    path: str,
    text: str,
    message: str,
    date: str = COMMIT_DATE,
    author: tuple[str, str] = (AUTHOR_NAME, AUTHOR_EMAIL),
) -> str:
    """Write a file, commit it with the given author and date, and return the
    commit id."""
    target = repository / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    git(repository, "add", "--", path)
    git(
        repository,
        "-c",
        f"user.name={author[0]}",
        "-c",
        f"user.email={author[1]}",
        "commit",
        "--quiet",
        "-m",
        message,
        env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date},
    )
    return git(repository, "rev-parse", "HEAD").strip()


@pytest.fixture
def run_git() -> Callable[..., str]:
    """The `git(cwd, *arguments)` helper."""
    return git


@pytest.fixture
def commit() -> Callable[..., str]:
    """The `commit_file(repository, path, text, message, date, author)` helper."""
    return commit_file


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with one commit, README.md, on the branch main."""
    path = tmp_path / "project"
    git(tmp_path, "init", "--quiet", str(path))
    commit_file(path, "README.md", "# Project\n", "Start the project")
    return path


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts connections and never responds, so a
    clone or push from it waits until cancelled. Yields a Git URL on it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/templates.git"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


class _AuthenticationHandler(http.server.BaseHTTPRequestHandler):
    """Responds to every request with 401, as a Git host does without credentials."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def auth_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that demands credentials it never accepts.
    Yields a Git URL on it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AuthenticationHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/team/templates.git"
    server.shutdown()
    server.server_close()
