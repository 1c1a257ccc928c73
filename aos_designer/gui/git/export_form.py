"""The parts of the export dialog: the repository and target fields, the inputs file,
the author identity, and the plan (files, credential warnings and diff)."""

from __future__ import annotations

from typing import Any

import yaml
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import vcs
from ...template.model import Template
from ...vcs.inputs import is_secret_input
from .diffview import DiffView
from .preview import RepositoryState

NOTE_STYLE = "QLabel { color: #546e7a; }"
PROBLEM_STYLE = "QLabel { color: #b71c1c; }"
BANNER_STYLE = (
    "QLabel { background: #fff3e0; color: #4e342e; border: 1px solid #ffcc80;"
    " padding: 6px 8px; }"
)
SECRET_NOTE = "secret: left out of the file"
UNDECLARED_NOTE = "not declared in the template"
LOADED_ROLE = Qt.ItemDataRole.UserRole
ROLE_TITLES = {
    "template": "template",
    "layout": "layout",
    "inputs": "inputs file",
    "gitignore": ".gitignore",
}


def _label(name: str, style: str = NOTE_STYLE) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(style)
    return label


def _combo(name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


class RepositorySection(QGroupBox):
    """The repository folder (chosen, created or cloned), the template's path in it,
    the branch and the remote."""

    changed = Signal()
    """A field that changes the export plan was edited."""
    browse_requested = Signal()
    create_requested = Signal()
    clone_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Repository", parent)
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("repositoryFolderEdit")
        self.folder_edit.setPlaceholderText("Folder of a Git repository")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setObjectName("browseRepositoryButton")
        self.status = _label("repositoryStatus")
        self.create_button = QPushButton("Create Repository Here")
        self.create_button.setObjectName("createRepositoryButton")
        self.create_button.hide()
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("cloneUrlEdit")
        self.url_edit.setPlaceholderText("https://… or git@… to clone into the folder")
        self.clone_button = QPushButton("Clone")
        self.clone_button.setObjectName("cloneButton")
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("repositoryPathEdit")
        self.path_edit.setPlaceholderText("templates/web.yaml")
        self.branch_box = _combo("branchBox")
        self.remote_box = _combo("remoteBox")
        self._build()
        self._connect()

    def _build(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        create_row = QHBoxLayout()
        create_row.addWidget(self.create_button)
        create_row.addStretch(1)
        clone_row = QHBoxLayout()
        clone_row.addWidget(self.url_edit, 1)
        clone_row.addWidget(self.clone_button)
        target_row = QHBoxLayout()
        target_row.addWidget(self.branch_box, 1)
        target_row.addWidget(QLabel("Remote:"))
        target_row.addWidget(self.remote_box, 1)
        form = QFormLayout(self)
        form.addRow("Folder:", folder_row)
        form.addRow("", self.status)
        form.addRow("", create_row)
        form.addRow("Clone from:", clone_row)
        form.addRow("Path in repository:", self.path_edit)
        form.addRow("Branch:", target_row)

    def _connect(self) -> None:
        self.folder_edit.textEdited.connect(self.changed)
        self.path_edit.textEdited.connect(self.changed)
        self.branch_box.currentTextChanged.connect(self.changed)
        self.browse_button.clicked.connect(self.browse_requested)
        self.create_button.clicked.connect(self.create_requested)
        self.clone_button.clicked.connect(self.clone_requested)
        self.url_edit.returnPressed.connect(self.clone_requested)

    @property
    def folder(self) -> str:
        return self.folder_edit.text().strip()

    @property
    def path(self) -> str:
        return self.path_edit.text().strip()

    @property
    def branch(self) -> str:
        return self.branch_box.currentText().strip()

    @property
    def remote(self) -> str:
        return self.remote_box.currentText().strip()

    def show_state(self, state: RepositoryState) -> None:
        """Show what the folder is, and fill the branch and remote choices."""
        repository = state.repository
        self.create_button.setVisible(repository is None and bool(self.folder))
        if repository is None:
            self.status.setStyleSheet(PROBLEM_STYLE)
            self.status.setText(state.problem)
            return
        self.status.setStyleSheet(NOTE_STYLE)
        branch = state.current_branch or "a detached HEAD"
        remotes = ", ".join(state.remotes) if state.remotes else "none"
        commits = "" if state.branches else " It has no commits yet."
        self.status.setText(
            f"Git repository at {state.folder}, on {branch}. Remotes: {remotes}."
            f"{commits}"
        )
        _fill(self.branch_box, state.branches, state.current_branch or "")
        _fill(self.remote_box, state.remotes, "origin" if not state.remotes else "")


def _fill(box: QComboBox, choices: tuple[str, ...], default: str) -> None:
    """Offer `choices` and keep the typed text; an empty box gets `default` or the
    first choice."""
    current = box.currentText().strip()
    box.blockSignals(True)
    try:
        box.clear()
        box.addItems(list(choices))
        box.setEditText(current or default or (choices[0] if choices else ""))
    finally:
        box.blockSignals(False)


class InputsSection(QGroupBox):
    """The optional inputs file: where it goes and the value of each input. Secret
    inputs are listed but their values never reach the file."""

    changed = Signal()
    load_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Export an inputs file", parent)
        self.setObjectName("inputsGroup")
        self.setCheckable(True)
        self.setChecked(False)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("inputsPathEdit")
        self.path_edit.setPlaceholderText("beside the template: NAME.inputs.yaml")
        self.load_button = QPushButton("Load Values…")
        self.load_button.setObjectName("loadInputsButton")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("inputsTable")
        self.table.setHorizontalHeaderLabels(["Input", "Value", "Note"])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(90)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.load_button)
        layout = QFormLayout(self)
        layout.addRow("Path in repository:", path_row)
        layout.addRow(self.table)
        self.toggled.connect(self.changed)
        self.path_edit.textEdited.connect(self.changed)
        self.load_button.clicked.connect(self.load_requested)
        self.table.itemChanged.connect(self._on_item_changed)

    def set_template(self, template: Template | None) -> None:
        """List the template's inputs with their notes; a template that does not
        parse lists none."""
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            if template is None:
                return
            for name in template.inputs:
                secret = is_secret_input(name, template)
                self._add_row(name, "", SECRET_NOTE if secret else "", not secret)
        finally:
            self.table.blockSignals(False)

    def _add_row(self, name: str, value: str, note: str, editable: bool) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        value_item = QTableWidgetItem(value)
        if not editable:
            value_item.setFlags(Qt.ItemFlag.ItemIsSelectable)
        note_item = QTableWidgetItem(note)
        note_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        note_item.setForeground(QColor("#6d4c41"))
        self.table.setItem(row, 0, name_item)
        self.table.setItem(row, 1, value_item)
        self.table.setItem(row, 2, note_item)
        return row

    def row_of(self, name: str) -> int | None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == name:
                return row
        return None

    def set_value(self, name: str, value: Any) -> bool:
        """Show `value` for the input `name`, adding a row for an undeclared one.

        Return False, showing nothing, for a secret input.
        """
        text = value if isinstance(value, str) else _flow_yaml(value)
        row = self.row_of(name)
        if row is None:
            row = self._add_row(name, "", UNDECLARED_NOTE, True)
        item = self.table.item(row, 1)
        if not item.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        # The loaded value keeps its YAML type while its text stays unedited.
        item.setData(LOADED_ROLE, (text, value))
        item.setText(text)
        return True

    def values(self, template: Template | None) -> dict[str, Any] | None:
        """Return the input values for the export, None when the file is off.

        Raise `InputsError` naming the input whose text does not fit its type.
        """
        if not self.isChecked():
            return None
        values: dict[str, Any] = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            text = item.text()
            if not item.flags() & Qt.ItemFlag.ItemIsEditable or not text.strip():
                continue
            name = self.table.item(row, 0).text()
            loaded = item.data(LOADED_ROLE)
            if loaded is not None and loaded[0] == text:
                values[name] = loaded[1]
            else:
                key, value = vcs.parse_assignment(f"{name}={text}", template)
                values[key] = value
        return values

    @property
    def path(self) -> str | None:
        return self.path_edit.text().strip() or None

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 1:
            self.changed.emit()


def _flow_yaml(value: Any) -> str:
    """Write a non-text value the way `parse_assignment` reads it back."""
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000)
    return text.removesuffix("...\n").strip()


class IdentitySection(QGroupBox):
    """Shown when Git has no `user.name` or `user.email`: fields to set them for the
    repository."""

    set_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Author identity", parent)
        self.setObjectName("identityGroup")
        self.note = _label("identityNote", PROBLEM_STYLE)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("identityNameEdit")
        self.name_edit.setPlaceholderText("Your Name")
        self.email_edit = QLineEdit()
        self.email_edit.setObjectName("identityEmailEdit")
        self.email_edit.setPlaceholderText("you@example.com")
        self.set_button = QPushButton("Set for This Repository")
        self.set_button.setObjectName("setIdentityButton")
        form = QFormLayout(self)
        form.addRow(self.note)
        form.addRow("user.name:", self.name_edit)
        form.addRow("user.email:", self.email_edit)
        form.addRow("", self.set_button)
        self.set_button.clicked.connect(self.set_requested)
        self.hide()

    def show_state(self, state: RepositoryState) -> None:
        missing = state.missing_identity if state.repository is not None else []
        self.setVisible(bool(missing))
        if not missing:
            return
        keys = " and ".join(missing)
        verb = "is" if len(missing) == 1 else "are"
        self.note.setText(
            f"Git has no author for commits here: {keys} {verb} not set. Commits "
            "never use a guessed identity. Set it for this repository below, or for "
            "all your repositories with `git config --global`."
        )
        if not self.name_edit.text():
            self.name_edit.setText(state.user_name)
        if not self.email_edit.text():
            self.email_edit.setText(state.user_email)


class PlanView(QWidget):
    """The files the export writes with their change, the credential warnings, and
    the diff of what the commit changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.files = QTreeWidget()
        self.files.setObjectName("exportFilesView")
        self.files.setHeaderLabels(["File", "Role", "Change"])
        self.files.setRootIsDecorated(False)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.files.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.warnings = QListWidget()
        self.warnings.setObjectName("credentialWarningsView")
        self.warnings.setWordWrap(True)
        self.diff = DiffView()
        self.diff.setObjectName("exportDiffView")
        self.removed_note = _label("removedInputsNote")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("Files to commit:"))
        top_layout.addWidget(self.files)
        top_layout.addWidget(self.removed_note)
        self.warnings_label = QLabel("Warnings:")
        top_layout.addWidget(self.warnings_label)
        top_layout.addWidget(self.warnings)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.diff)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.clear()

    def clear(self, note: str = "") -> None:
        self.files.clear()
        self.warnings.clear()
        self.warnings.hide()
        self.warnings_label.hide()
        self.removed_note.hide()
        self.diff.show_diff(
            "", note or "The diff appears once the folder is a repository."
        )

    def show_plan(self, plan: vcs.ExportPlan) -> None:
        self.files.clear()
        for change in plan.changes:
            QTreeWidgetItem(
                self.files,
                [
                    change.path,
                    ROLE_TITLES.get(change.role, change.role),
                    change.status,
                ],
            )
        self.warnings.clear()
        for source, diagnostic in plan.warnings:
            span = diagnostic.span
            place = f"{source}:{span.line}:{span.column}" if span.line else source
            item = QListWidgetItem(f"{place}: {diagnostic.message}")
            item.setData(Qt.ItemDataRole.UserRole, diagnostic.code)
            item.setToolTip(diagnostic.code)
            item.setForeground(QColor("#8d6e00"))
            self.warnings.addItem(item)
        self.warnings.setVisible(bool(plan.warnings))
        self.warnings_label.setVisible(bool(plan.warnings))
        if plan.removed_inputs:
            names = ", ".join(plan.removed_inputs)
            self.removed_note.setText(
                f"Left out of the inputs file as secret: {names}."
            )
        self.removed_note.setVisible(bool(plan.removed_inputs))
        self.diff.show_diff(
            plan.diff,
            "Nothing to commit: the repository already has these files with this "
            "content.",
        )
