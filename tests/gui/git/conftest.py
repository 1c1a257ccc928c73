"""Git set-up for the window's Git tests.

A private home and global configuration keep the machine's own identity out of the
repositories made here. Helpers make commits with a fixed author and date, and
fixtures drive the export dialog and build two versions of a template.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

AUTHOR_NAME = "Test Author"
AUTHOR_EMAIL = "author@example.com"

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
    """An empty bare repository to push to."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    return remote


def git(cwd: Path, *arguments: str, check: bool = True, env=None) -> str:
    """Run git in `cwd` and return its standard output."""
    import os

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
    date: str = "2024-05-01T10:00:00+02:00",
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
def run_git():
    """The `git(cwd, *arguments)` helper."""
    return git


@pytest.fixture
def commit():
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
def export_dialog(qtbot, window):
    """Return a function that opens the export dialog of the window and waits until
    its first preview is shown."""

    def open_dialog():
        dialog = window.git.open_export_dialog()
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
        return dialog

    return open_dialog


@pytest.fixture
def settle(qtbot):
    """Return a function that waits until a dialog's Git work and preview are done."""

    def wait(dialog, timeout: int = 15000) -> None:
        qtbot.waitUntil(
            lambda: not dialog.tasks.busy and not dialog._preview_pending,
            timeout=timeout,
        )

    return wait


@pytest.fixture
def silent_server():
    """A TCP server on 127.0.0.1 that accepts connections and never responds, so a
    clone or push from it waits until cancelled."""
    import socket
    import threading

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


@pytest.fixture
def auth_server():
    """An HTTP server on 127.0.0.1 that responds to every request with 401, as a Git
    host does without credentials."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/team/templates.git"
    server.shutdown()
    server.server_close()


# Two versions of network.yaml with their layouts, for the history and comparison
# tests. The data disk of the second version sits where the old disk stood.
V1_DATE = "2024-05-01T10:00:00+02:00"
V2_DATE = "2024-05-02T09:30:00+02:00"
BOB = ("Bob Builder", "bob@example.com")
V1_LAYOUT = {
    "vpc": (0, 0),
    "subnet": (0, 134),
    "server": (0, 268),
    "old-disk": (240, 268),
}
V2_LAYOUT = {
    "vpc": (0, 0),
    "subnet": (0, 134),
    "server": (0, 268),
    "data-disk": (240, 268),
}


def layout_json(positions) -> str:
    nodes = {
        name: {"x": float(x), "y": float(y)}
        for name, (x, y) in sorted(positions.items())
    }
    return json.dumps({"version": 1, "nodes": nodes}, indent=2) + "\n"


@pytest.fixture
def network_repository(project, data_dir, commit):
    """The project with two versions of network.yaml and a commit that touches only
    README.md in between. Returns (project, v1 text, v2 text, v1 id, v2 id)."""
    v1 = (data_dir / "git" / "network-v1.yaml").read_text(encoding="utf-8")
    v1 = v1.replace(
        "      size: 20\n",
        "      size: 20\n    requirements:\n      - dependency:\n          node: server\n",
    )
    v2 = (data_dir / "git" / "network-v2.yaml").read_text(encoding="utf-8")
    commit(project, "network.layout.json", layout_json(V1_LAYOUT), "Lay out", V1_DATE)
    first = commit(project, "network.yaml", v1, "Add the network", V1_DATE)
    commit(project, "README.md", "# Project\n\nNetworks.\n", "Describe", V1_DATE)
    commit(project, "network.layout.json", layout_json(V2_LAYOUT), "Lay out", V2_DATE)
    second = commit(project, "network.yaml", v2, "Add a data disk", V2_DATE, BOB)
    return project, v1, v2, first, second


@pytest.fixture
def history_shown(qtbot, window):
    """Return a function that opens a file in the window, raises the history panel
    and waits for its rows."""

    def show(path, count: int):
        assert window.open_path(path)
        qtbot.waitUntil(lambda: window.buffer.up_to_date)
        window.git.history_dock.raise_()
        qtbot.waitUntil(lambda: len(window.git.history.rows()) == count, timeout=10000)
        return window.git.history

    return show


@pytest.fixture
def close_versions(window):
    yield
    for other in list(window.git.version_windows):
        other.unattended = True
        other.close()


@pytest.fixture
def v1_positions() -> dict[str, tuple[float, float]]:
    """The node positions saved with the first version of network.yaml."""
    return {name: (float(x), float(y)) for name, (x, y) in V1_LAYOUT.items()}
