"""Fixtures for the window tests: a shown main window and helpers that wait for it to
show the editor's current text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aos_designer.gui.window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def run_headless(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m aos_designer ARGS` from the source tree in a process without
    a display: QT_QPA_PLATFORM, DISPLAY and WAYLAND_DISPLAY are removed."""
    environment = dict(os.environ)
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "aos_designer", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _wait_shown(qtbot, window: MainWindow, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: window.buffer.up_to_date, timeout=timeout)


@pytest.fixture
def wait_shown(qtbot):
    """Return a function that waits until a window's views show the analysis of its
    editor's current text."""

    def wait(window: MainWindow, timeout: int = 5000) -> None:
        _wait_shown(qtbot, window, timeout)

    return wait


def copy_template(data_dir: Path, tmp_path: Path, name: str) -> Path:
    """Copy a test template into the test's own folder, so saving cannot touch it."""
    target = tmp_path / name
    shutil.copyfile(data_dir / name, target)
    return target


@pytest.fixture
def window(qtbot) -> MainWindow:
    """Return a shown main window on a new template. At the end of the test it closes
    without the unsaved-changes question. (qtbot.addWidget would close it before this
    fixture's teardown, while the question could still block.)"""
    main = MainWindow()
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.unattended = True
    main.close()
    main.deleteLater()


@pytest.fixture
def opened(qtbot, window: MainWindow, data_dir: Path, tmp_path: Path):
    """Return a function that opens a copy of a test template and waits for it."""

    def open_copy(name: str) -> Path:
        path = copy_template(data_dir, tmp_path, name)
        assert window.open_path(path)
        _wait_shown(qtbot, window)
        return path

    return open_copy


@pytest.fixture
def type_text(qtbot):
    """Return a function that types text into a widget key by key, pressing Return for
    each line break (QTest cannot send a newline character as a key)."""
    from PySide6.QtCore import Qt

    def type_keys(widget, text: str) -> None:
        for index, line in enumerate(text.split("\n")):
            if index:
                qtbot.keyClick(widget, Qt.Key.Key_Return)
            if line:
                qtbot.keyClicks(widget, line)

    return type_keys
