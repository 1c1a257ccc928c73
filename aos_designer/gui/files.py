"""Opening and saving templates from the window, with the questions a person needs:
where to save, and what to do with unsaved changes."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..layout import save_layout
from .guard import show_error

if TYPE_CHECKING:
    from .window import MainWindow

log = logging.getLogger(__name__)

TEMPLATE_FILTER = "AOS templates (*.yaml *.yml *.json);;All files (*)"
OPEN_FILTER = (
    "AOS templates and packages (*.yaml *.yml *.json *.zip *.tar.gz *.tgz);;"
    "All files (*)"
)


def choose_and_open(window: "MainWindow") -> bool:
    """Ask for a template file and open it; False when the person cancels."""
    if not confirm_discard(window):
        return False
    start = str(window.buffer.path.parent) if window.buffer.path else ""
    path, _ = QFileDialog.getOpenFileName(window, "Open template", start, OPEN_FILTER)
    if not path:
        return False
    return window.open_path(path)


def save(window: "MainWindow") -> bool:
    """Save to the template's file, or ask for one when it has none yet."""
    if window.buffer.path is None:
        return save_as(window)
    return write(window, window.buffer.path)


def save_as(window: "MainWindow") -> bool:
    buffer = window.buffer
    start = str(buffer.path or buffer.suggested_path or "template.yaml")
    path, _ = QFileDialog.getSaveFileName(
        window, "Save template", start, TEMPLATE_FILTER
    )
    if not path:
        return False
    return write(window, Path(path))


def write(window: "MainWindow", path: Path) -> bool:
    """Write the template, byte for byte as edited, and its layout when it has one."""
    try:
        window.buffer.save(path)
        if window.layout_dirty or window.has_sidecar:
            save_layout(path, window.scene.layout())
            window.has_sidecar = True
    except OSError as error:
        show_error(
            window,
            f"Could not save {path.name}",
            "Check that the folder exists and that you may write there, then save "
            "again. "
            "Your changes are still in the window.",
            f"{path}: {error.strerror or error}",
        )
        return False
    window.layout_dirty = False
    window.update_title()
    window.statusBar().showMessage(f"Saved {path}", 5000)
    return True


def confirm_discard(window: "MainWindow") -> bool:
    """Ask what to do with unsaved changes; True when the caller may go on."""
    if not window.is_modified() or window.unattended:
        return True
    name = window.buffer.path.name if window.buffer.path else "the new template"
    answer = QMessageBox.question(
        window,
        "Unsaved changes",
        f"Save the changes to {name} before closing it?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return save(window)
    return answer == QMessageBox.StandardButton.Discard
