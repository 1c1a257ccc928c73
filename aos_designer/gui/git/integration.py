"""Git in the window: the Export to Git action and dialog, the history panel, versions
opened from Git, and the comparison mode, wired to one main window.

Every Git call runs on a worker thread. Errors show a headline, the next step and
Git's own text, and never end the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from ... import vcs
from ...layout import Layout
from ..guard import guarded, show_error
from .comparison import ComparisonMode, ComparisonPanel
from .errors import describe_error
from .export_dialog import ExportDialog, ExportOutcome, ExportSession
from .history_panel import History, HistoryPanel, HistorySource, locate_history
from .tasks import TaskSet

if TYPE_CHECKING:
    from ..window import MainWindow

log = logging.getLogger(__name__)

OPEN_TEXT_LABEL = "the open text"
# Height in pixels of the bottom docks while a comparison shows.
COMPARISON_HEIGHT = 280


@dataclass(frozen=True)
class VersionText:
    """A template's text and layout in one commit."""

    version: vcs.Version
    text: str
    layout: Layout | None
    repository_path: Path

    @property
    def label(self) -> str:
        return self.version.short


class GitIntegration(QObject):
    """The Git parts of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = ExportSession()
        self.tasks = TaskSet(self)
        self.export_dialog: ExportDialog | None = None
        self.version_windows: list[MainWindow] = []
        self.error_box: QMessageBox | None = None
        self.history_stale = True
        self._history_generation = 0
        self._add_actions()
        self._add_docks()
        self.comparison = ComparisonMode(window, self.comparison_panel)
        self._connect()

    # Construction

    def _add_actions(self) -> None:
        window = self.window
        self.export_action = QAction("Export to &Git…", window)
        self.export_action.setObjectName("actionExportGit")
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        tip = "Commit the template and its layout to a Git repository"
        self.export_action.setStatusTip(tip)
        self.export_action.setToolTip(tip)
        menu = window.file_menu
        entries = menu.actions()
        anchor = entries.index(window.actions.export_image) + 1
        before = entries[anchor] if anchor < len(entries) else None
        if before is None:
            menu.addAction(self.export_action)
        else:
            menu.insertAction(before, self.export_action)

    def _add_docks(self) -> None:
        window = self.window
        self.history = HistoryPanel()
        self.history_dock = self._dock("historyPanel", "Git History", self.history)
        self.comparison_panel = ComparisonPanel()
        self.comparison_dock = self._dock(
            "comparePanel", "Comparison", self.comparison_panel
        )
        window.tabifyDockWidget(window.problems_dock, self.history_dock)
        window.tabifyDockWidget(window.problems_dock, self.comparison_dock)
        self.comparison_dock.hide()
        window.problems_dock.raise_()

    def _dock(self, name: str, title: str, widget: Any) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.window.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _connect(self) -> None:
        self.export_action.triggered.connect(self.open_export_dialog)
        self.window.buffer.path_changed.connect(self._on_path_changed)
        self.history_dock.visibilityChanged.connect(self._on_history_visibility)
        self.history.refresh_requested.connect(self.refresh_history)
        self.history.open_requested.connect(self.open_version)
        self.history.compare_with_text_requested.connect(self.compare_with_text)
        self.history.compare_requested.connect(self.compare_versions)
        self.comparison.changed.connect(self._on_comparison_changed)

    # Export

    @Slot()
    @guarded
    def open_export_dialog(self) -> ExportDialog:
        """Open the export dialog on the template as the window shows it: the
        editor's text, saved or not, and the diagram's positions."""
        window = self.window
        if self.export_dialog is not None:
            self.export_dialog.raise_()
            return self.export_dialog
        if not window.buffer.up_to_date:
            # A short text is analysed at once, so the diagram catches up first.
            window.buffer.analyze_now()
        good = window.buffer.good
        dialog = ExportDialog(
            window,
            self.session,
            window.buffer.file_text(),
            good.template if good is not None else None,
            window.scene.layout() if window.scene.nodes else None,
        )
        dialog.exported.connect(self._on_exported)
        dialog.finished.connect(self._on_dialog_finished)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_dialog_finished(self) -> None:
        dialog = self.export_dialog
        self.export_dialog = None
        # A dialog whose preview still runs stays, hidden, until the window goes.
        if dialog is not None and not dialog.tasks.busy:
            dialog.deleteLater()

    @Slot(object)
    def _on_exported(self, outcome: ExportOutcome) -> None:
        commit = outcome.commit
        where = outcome.repository.path
        if commit.commit:
            text = f"Committed {commit.short} on {commit.branch} in {where}"
        else:
            text = f"Nothing to commit on {commit.branch} in {where}"
        if outcome.push is not None:
            text += f"; pushed to {outcome.push.remote}"
        elif outcome.push_error is not None:
            text += "; the push failed"
        self.window.statusBar().showMessage(text, 10000)
        self.history_stale = True
        if self.history_dock.isVisible():
            self.refresh_history()

    # History

    @Slot()
    def refresh_history(self) -> None:
        """Read the history of the open template on a worker thread."""
        self.history_stale = False
        self._history_generation += 1
        generation = self._history_generation
        template_file = self.window.buffer.path
        folder, path = self.session.folder, self.session.path
        self.history.show_loading()
        self.tasks.start(
            "history",
            lambda cancellation, progress: locate_history(template_file, folder, path),
            on_success=lambda history: self._show_history(generation, history),
            on_failure=lambda error: self._history_failed(generation, error),
        )

    def _show_history(self, generation: int, history: History) -> None:
        if generation == self._history_generation:
            self.history.show_history(history)

    def _history_failed(self, generation: int, error: Exception) -> None:
        if generation != self._history_generation:
            return
        report = describe_error(error, "reading of the history")
        self.history.show_problem(f"{report.headline}. {report.next_step}")

    @Slot(bool)
    def _on_history_visibility(self, visible: bool) -> None:
        if visible and self.history_stale:
            self.refresh_history()

    @Slot()
    def _on_path_changed(self) -> None:
        self.comparison.leave()
        self.history_stale = True
        if self.history_dock.isVisible():
            self.refresh_history()

    # Versions

    def _read_versions(
        self,
        action: str,
        versions: list[vcs.Version],
        on_success: Callable[[list[VersionText]], None],
    ) -> None:
        source = self.history.source
        if source is None:
            return
        self.window.statusBar().showMessage(f"Reading {action}…", 5000)
        self.tasks.start(
            action,
            lambda cancellation, progress: [
                read_version_text(source, version) for version in versions
            ],
            on_success=on_success,
            on_failure=lambda error: self._show_failure(action, error),
        )

    @Slot(object, bool)
    def open_version(self, version: vcs.Version, read_only: bool) -> None:
        """Open a version in a window of its own, read-only or as a new document."""
        self._read_versions(
            f"version {version.short}",
            [version],
            lambda texts: self.show_version_window(texts[0], read_only),
        )

    @guarded
    def show_version_window(self, version: VersionText, read_only: bool) -> MainWindow:
        from ..window import MainWindow

        name = PurePosixPath(version.version.path).name
        other = MainWindow()
        other.git.history_dock.hide()
        # Its history and exports go to the repository and path it came from.
        other.git.session.folder = str(version.repository_path)
        other.git.session.path = version.version.path
        title = (
            f"{name} at {version.label} (read-only)"
            if read_only
            else f"{name} from {version.label}"
        )
        other.open_text(version.text, version.layout, title)
        if read_only:
            other.set_read_only(True)
        else:
            other.editor.document().setModified(True)
        other.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        other.destroyed.connect(lambda: self._forget_window(other))
        self.version_windows.append(other)
        other.show()
        log.info("opened %s at %s", version.version.path, version.label)
        return other

    def _forget_window(self, other: MainWindow) -> None:
        if other in self.version_windows:
            self.version_windows.remove(other)

    @Slot(object)
    def compare_with_text(self, version: vcs.Version) -> None:
        """Compare the open text with a version, on this window's diagram."""
        self._read_versions(
            f"version {version.short}",
            [version],
            lambda texts: self.start_comparison(texts[0]),
        )

    @guarded
    def start_comparison(self, old: VersionText) -> None:
        self.comparison.start(old.text, old.label, old.layout, OPEN_TEXT_LABEL)
        self.show_comparison_dock()

    def show_comparison_dock(self) -> None:
        self.comparison_dock.show()
        self.comparison_dock.raise_()
        self.window.resizeDocks(
            [self.comparison_dock], [COMPARISON_HEIGHT], Qt.Orientation.Vertical
        )

    @Slot(object, object)
    def compare_versions(self, older: vcs.Version, newer: vcs.Version) -> None:
        """Open the newer version read-only, coloured by its changes since the
        older one."""
        self._read_versions(
            f"versions {older.short} and {newer.short}",
            [older, newer],
            lambda texts: self._show_version_comparison(*texts),
        )

    @guarded
    def _show_version_comparison(
        self, older: VersionText, newer: VersionText
    ) -> MainWindow | None:
        other = self.show_version_window(newer, read_only=True)
        if other is None:
            return None
        other.git.comparison.start(older.text, older.label, older.layout, newer.label)
        other.git.show_comparison_dock()
        return other

    @Slot()
    def _on_comparison_changed(self) -> None:
        if not self.comparison.active:
            self.comparison_dock.hide()

    # Errors and closing

    def report_failure(self, message: str) -> None:
        """Show a failure of a slot in the window's status bar (see `guarded`)."""
        self.window.report_failure(message)

    def _show_failure(self, action: str, error: Exception) -> None:
        report = describe_error(error, f"reading of {action}")
        self.error_box = show_error(
            self.window, report.headline, report.next_step, report.details
        )

    def shutdown(self) -> None:
        """Cancel Git work still running, wait for it, and close version windows."""
        if self.export_dialog is not None:
            self.export_dialog.tasks.shutdown()
        self.comparison.shutdown()
        self.tasks.shutdown()
        for other in list(self.version_windows):
            other.unattended = True
            other.close()


def read_version_text(source: HistorySource, version: vcs.Version) -> VersionText:
    """Read a version's text and layout (plain Python, for a worker thread)."""
    text = vcs.read_version(source.repository, version.commit, version.path)
    layout = vcs.read_layout_version(source.repository, version.commit, version.path)
    return VersionText(version, text, layout, source.repository.path)
