"""Git set-up for the window's Git tests.

Every test here gets the private Git home of tests/support/git.py, which also gives
the helpers that run git and make commits. The fixtures here drive the export dialog
and build two versions of a template.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_git_home(git_home: Path) -> Path:
    """Give every test here the private Git home of `git_home`."""
    return git_home


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
