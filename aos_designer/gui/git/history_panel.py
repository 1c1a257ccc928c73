"""The history panel: the commits that touched the open template, with buttons to
open a version and to compare versions.

`locate_history` finds the repository and the template's path in it and reads the
log; it is plain Python and runs on a worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import vcs

log = logging.getLogger(__name__)

COLUMNS = ("Commit", "Date", "Author", "Message")
VERSION_ROLE = Qt.ItemDataRole.UserRole
DATE_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class HistorySource:
    """A template's place in Git: a repository and the template's path in it."""

    repository: vcs.Repository
    path: str

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class History:
    """The commits that touched a template, newest first, or why there are none."""

    source: HistorySource | None
    versions: tuple[vcs.Version, ...] = ()
    note: str = ""


def locate_history(
    template_file: Path | None, export_folder: str, export_path: str
) -> History:
    """Read the history of the open template.

    The repository is the one whose working tree contains the template's file.
    Otherwise it is the last repository the template was exported to from this
    window, with the path it was exported at.
    """
    source = None
    if template_file is not None:
        source = _source_around(template_file)
    if source is None and export_folder and export_path:
        source = HistorySource(vcs.open_repository(export_folder), export_path)
    if source is None:
        subject = template_file.name if template_file else "The new template"
        return History(
            None,
            note=f"{subject} is not in a Git repository. Export it with File > Export "
            "to Git… to start its history.",
        )
    versions = tuple(vcs.template_history(source.repository, source.path))
    note = "" if versions else f"No commit touches {source.path} yet."
    return History(source, versions, note)


def _source_around(template_file: Path) -> HistorySource | None:
    try:
        repository = vcs.find_repository(template_file.parent)
    except vcs.InvalidRepositoryPath:
        return None
    try:
        relative = template_file.resolve().relative_to(repository.path.resolve())
    except ValueError:
        return None
    return HistorySource(repository, relative.as_posix())


class HistoryPanel(QWidget):
    """The table of versions and the actions on the selected ones."""

    refresh_requested = Signal()
    open_requested = Signal(object, bool)
    """A `Version` to open, and whether read-only (else as a new document)."""
    compare_with_text_requested = Signal(object)
    compare_requested = Signal(object, object)
    """The older and the newer `Version` to compare."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.source: HistorySource | None = None
        self.heading = QLabel()
        self.heading.setObjectName("historyHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )

        self.refresh_button = self._button("Refresh", "refreshHistoryButton")
        self.open_button = self._button("Open Read-Only", "openVersionButton")
        self.copy_button = self._button("Open as New", "openVersionCopyButton")
        self.compare_text_button = self._button(
            "Compare with Open Text", "compareWithTextButton"
        )
        self.compare_button = self._button("Compare Selected", "compareVersionsButton")
        buttons = QHBoxLayout()
        for button in (
            self.refresh_button,
            self.open_button,
            self.copy_button,
            self.compare_text_button,
            self.compare_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self._connect()
        self._update_buttons()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        return button

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.open_button.clicked.connect(lambda: self._open(True))
        self.copy_button.clicked.connect(lambda: self._open(False))
        self.compare_text_button.clicked.connect(self._compare_with_text)
        self.compare_button.clicked.connect(self._compare_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda item: self._open(True))

    def show_loading(self) -> None:
        self.heading.setText("Reading the history…")

    def show_history(self, history: History) -> None:
        self.source = history.source
        self.table.setRowCount(0)
        for version in history.versions:
            self._add_row(version)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        if history.source is None:
            self.heading.setText(history.note)
        else:
            where = f"{history.source.path} in {history.source.repository.path}"
            count = len(history.versions)
            self.heading.setText(
                f"{where}: {count} commit{'s' if count != 1 else ''}. {history.note}".strip()
            )
        self._update_buttons()

    def show_problem(self, text: str) -> None:
        self.source = None
        self.table.setRowCount(0)
        self.heading.setText(text)
        self._update_buttons()

    def _add_row(self, version: vcs.Version) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        summary = version.summary
        if version.change == "deleted":
            summary = f"{summary} (deleted the template)"
        elif version.change == "renamed" and version.previous_path:
            summary = f"{summary} (renamed from {version.previous_path})"
        cells = (
            version.short,
            version.authored.strftime(DATE_FORMAT),
            version.author_name,
            summary,
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(VERSION_ROLE, version)
            if column == 2:
                item.setToolTip(f"{version.author_name} <{version.author_email}>")
            if column == 0:
                item.setToolTip(version.commit)
            self.table.setItem(row, column, item)

    def rows(self) -> list[tuple[str, ...]]:
        """Return the texts of every row, for tests and screen readers."""
        return [
            tuple(self.table.item(row, column).text() for column in range(len(COLUMNS)))
            for row in range(self.table.rowCount())
        ]

    def versions(self) -> list[vcs.Version]:
        return [
            self.table.item(row, 0).data(VERSION_ROLE)
            for row in range(self.table.rowCount())
        ]

    def selected_versions(self) -> list[vcs.Version]:
        """Return the selected versions, newest first."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.table.item(row, 0).data(VERSION_ROLE) for row in rows]

    def select_rows(self, *rows: int) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in rows:
            self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.selected_versions()
        openable = [version for version in selected if version.change != "deleted"]
        single = len(selected) == 1 and len(openable) == 1
        self.open_button.setEnabled(single)
        self.copy_button.setEnabled(single)
        self.compare_text_button.setEnabled(single)
        self.compare_button.setEnabled(len(selected) == 2 and len(openable) == 2)
        self.refresh_button.setEnabled(True)

    def _open(self, read_only: bool) -> None:
        selected = self.selected_versions()
        if len(selected) == 1 and selected[0].change != "deleted":
            self.open_requested.emit(selected[0], read_only)

    def _compare_with_text(self) -> None:
        selected = self.selected_versions()
        if len(selected) == 1:
            self.compare_with_text_requested.emit(selected[0])

    def _compare_selected(self) -> None:
        selected = self.selected_versions()
        if len(selected) == 2:
            newer, older = selected
            self.compare_requested.emit(older, newer)
