"""The main window: the diagram beside the YAML editor, with the problems list, the
inspector and the deployment panel in docks around them."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QTextCursor
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..layout import Layout, auto_layout, load_layout, sidecar_path
from ..template.package import PackageError
from . import files
from .actions import create_actions
from .analysis import Analysis
from .buffer import TemplateBuffer
from .canvas.export import ExportError, export_scene
from .canvas.scene import DiagramScene
from .canvas.view import CanvasView
from .deploy.controller import DeployController
from .deploy.panel import DeployPanel
from .editing.controller import EditingController
from .editing.inspector.panel import InspectorPanel
from .editor.editor import YamlEditor
from .git.integration import GitIntegration
from .guard import guarded, show_error
from .problems import ProblemsPanel, summary_text
from .selection import SelectionSync
from .textfile import decode

log = logging.getLogger(__name__)

APPLICATION_NAME = "AOS Designer"
DEFAULT_SIZE = QSize(1440, 900)
NEW_TEMPLATE = (
    "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
    "description: ''\n"
    "inputs: {}\n"
    "node_templates: {}\n"
    "outputs: {}\n"
)
BANNER_STYLE = (
    "QLabel { background: #fdecea; color: #611a15; border-bottom: 1px solid #f5c6cb;"
    " padding: 6px 10px; }"
)


class MainWindow(QMainWindow):
    """The designer's window on one template."""

    analysis_shown = Signal(object)
    """The views show this `Analysis` now."""

    def __init__(self, unattended: bool = False) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.unattended = unattended
        self.layout_dirty = False
        self.has_sidecar = False
        self._saved_layout: Layout | None = None
        self._fit_pending = True
        # The revision of a text just opened: if its analysis finds a syntax error,
        # the editor's cursor goes there.
        self._opened_revision: int | None = None
        self._error_box = None
        # A window on a version from Git shows it without letting it change.
        self.read_only = False
        self.document_name = "Untitled"
        self._build_views()
        self.buffer = TemplateBuffer(self.editor.document(), self)
        self.selection = SelectionSync(
            self.buffer, self.scene, self.editor, self.inspector, self
        )
        # Editing on the diagram; its undo history backs the Undo and Redo actions.
        self.editing = EditingController(self)
        # Deployment: actionDeploy, the deploy dialog and the deployment panel.
        self.deployment = DeployController(self)
        self.actions = create_actions(self)
        self._build_docks()
        # Git: export, history and comparisons (gui/git).
        self.git = GitIntegration(self)
        self._connect()
        self.editing.install()
        self.resize(DEFAULT_SIZE)
        self.buffer.set_text(NEW_TEMPLATE)
        self.editor.document().clearUndoRedoStacks()
        self.editor.document().setModified(False)
        self.update_title()

    # Construction

    def _build_views(self) -> None:
        self.scene = DiagramScene(self)
        self.view = CanvasView(self.scene)
        self.editor = YamlEditor()

        self.banner = QLabel()
        self.banner.setObjectName("syntaxBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()

        canvas_pane = QWidget()
        canvas_layout = QVBoxLayout(canvas_pane)
        canvas_layout.setContentsMargins(0, 0, 0, 0)
        canvas_layout.setSpacing(0)
        canvas_layout.addWidget(self.banner)
        canvas_layout.addWidget(self.view)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(canvas_pane)
        self.splitter.addWidget(self.editor)
        # The YAML needs as much width as the diagram: its lines are long, and
        # descriptions in two languages longer still.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 500])
        self.setCentralWidget(self.splitter)

        self.problems = ProblemsPanel()
        self.inspector = InspectorPanel()
        self.deploy = DeployPanel()

        self.position_label = QLabel()
        self.position_label.setObjectName("cursorPosition")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("problemCounts")
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.position_label)

    def _dock(
        self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _build_docks(self) -> None:
        self.view_menu.addSeparator()
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.inspector_dock = self._dock(
            "inspectorPanel",
            "Inspector",
            self.inspector,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.problems_dock = self._dock(
            "problemsDock", "Problems", self.problems, bottom
        )
        self.deploy_dock = self._dock("deployPanel", "Deployment", self.deploy, bottom)
        self.tabifyDockWidget(self.problems_dock, self.deploy_dock)
        self.problems_dock.raise_()
        self.resizeDocks([self.inspector_dock], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.problems_dock], [190], Qt.Orientation.Vertical)

    def _connect(self) -> None:
        self.buffer.analysis_ready.connect(self.show_analysis)
        self.buffer.path_changed.connect(self.update_title)
        self.editor.document().modificationChanged.connect(self.update_title)
        self.editor.cursorPositionChanged.connect(self._show_cursor_position)
        self.scene.layout_changed.connect(self._on_layout_changed)
        self.problems.diagnostic_activated.connect(self.selection.show_diagnostic)
        self.deploy_dock.visibilityChanged.connect(
            self.deployment.stacks.panel_visibility_changed
        )

    # Files

    def open_path(self, path: str | os.PathLike[str], main: str | None = None) -> bool:
        """Open a template; on failure show why and keep the current one. `main`
        names a package's main file."""
        target = Path(path)
        try:
            self.buffer.load(target, main)
        except (OSError, UnicodeDecodeError, PackageError) as error:
            self._error_box = show_error(
                self,
                f"Could not open {target.name}",
                "Check the file name and that the file is UTF-8 text you may read.",
                f"{target}: {_reason(error)}",
            )
            return False
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self.editing.file_opened(target)
        # A package's layout goes beside the file its main file is saved as.
        layout_target = self.buffer.path or self.buffer.suggested_path or target
        self._saved_layout = load_layout(layout_target)
        self.has_sidecar = sidecar_path(layout_target).exists()
        self.layout_dirty = False
        self.scene.clear_diagram()
        self._fit_pending = True
        self._opened_revision = self.buffer.revision
        self.buffer.analyze_now()
        self.update_title()
        self._show_cursor_position()
        return True

    @Slot()
    def choose_and_open(self) -> bool:
        return files.choose_and_open(self)

    @Slot()
    def save(self) -> bool:
        return files.save(self)

    @Slot()
    def save_as(self) -> bool:
        return files.save_as(self)

    def is_modified(self) -> bool:
        if self.read_only:
            return False
        return self.editor.document().isModified() or self.layout_dirty

    @Slot()
    def update_title(self) -> None:
        path = self.buffer.path
        name = path.name if path else self.document_name
        self.setWindowTitle(f"{name}[*] — {APPLICATION_NAME}")
        self.setWindowFilePath(str(path) if path else "")
        self.setWindowModified(self.is_modified())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not files.confirm_discard(self):
            event.ignore()
            return
        self.deployment.shutdown()
        self.git.shutdown()
        self.buffer.shutdown()
        event.accept()

    # Texts without a file (gui/git opens versions from Git this way)

    def open_text(self, file_text: str, layout: Layout | None, name: str) -> None:
        """Show a template that has no file of its own, such as a version from Git.

        `file_text` keeps its newlines and byte order mark for a later Save As,
        `layout` places the nodes it names, and `name` replaces the file's name in
        the title.
        """
        editor_text, text_format = decode(file_text)
        if self.buffer.path is not None:
            # The text has no file, so Save must not write it over the last one.
            self.buffer.path = None
            self.buffer.path_changed.emit()
        self.buffer.text_format = text_format
        self.editing.text_opened()
        self.document_name = name
        self._saved_layout = layout
        self.has_sidecar = False
        self.layout_dirty = False
        self.scene.clear_diagram()
        self._fit_pending = True
        self.buffer.set_text(editor_text)
        self._opened_revision = self.buffer.revision
        self.editor.document().clearUndoRedoStacks()
        self.editor.document().setModified(False)
        self.update_title()

    def set_read_only(self, read_only: bool) -> None:
        """Let the text be read and selected but not changed or saved."""
        self.read_only = read_only
        self.editing.set_read_only(read_only)
        self.editor.setReadOnly(read_only)
        self.actions.save.setEnabled(not read_only)
        self.actions.save_as.setEnabled(not read_only)
        self.update_title()

    # Analysis

    @Slot(object)
    @guarded
    def show_analysis(self, analysis: Analysis) -> None:
        """Show an analysis in every view: problems, underlines, diagram, banner."""
        assert analysis.offsets is not None
        self.problems.set_diagnostics(analysis.diagnostics)
        self.editor.set_diagnostics(analysis.diagnostics, analysis.offsets)
        self.counts_label.setText(summary_text(analysis.diagnostics))
        if analysis.template is None:
            self._show_syntax_error(analysis)
        else:
            self.banner.hide()
            self.view.set_syntax_error(None)
            self.scene.show_analysis(analysis, self._layout_for(analysis))
            if self._fit_pending:
                self._fit_pending = False
                self.view.fit_to_view()
            self.selection.follow_cursor()
        self._opened_revision = None
        self.selection.refresh_inspector()
        self.analysis_shown.emit(analysis)

    def _show_syntax_error(self, analysis: Analysis) -> None:
        error = analysis.syntax_error
        assert error is not None
        frozen = (
            " The diagram shows the last version that parsed."
            if self.scene.nodes
            else ""
        )
        self.banner.setText(
            f"Line {error.line}, column {error.column}: {error.message}.{frozen}"
        )
        self.banner.show()
        self.scene.set_stale(True)
        self.view.set_syntax_error((error.line, error.column))
        if analysis.revision == self._opened_revision:
            # A text that does not parse when it is opened shows nothing on the
            # diagram, so the editor shows where to fix it.
            assert analysis.offsets is not None
            self.editor.place_cursor(analysis.offsets.to_qt(error.span.start))

    def _layout_for(self, analysis: Analysis) -> Layout:
        """Return positions for the analysis's resources: nodes stay where they are,
        and new ones are placed as `Placement.layout_for` says."""
        assert analysis.template is not None
        return self.editing.placement.layout_for(
            analysis.template, self.scene.layout().positions, self._saved_layout
        )

    @Slot()
    def validate_now(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()
        self.buffer.analyze_now()

    @Slot()
    @guarded
    def auto_layout(self) -> None:
        """Place every node again by its dependencies, ignoring saved positions."""
        analysis = self.buffer.good
        if analysis is None or analysis.template is None:
            return
        self.editing.moves.move_nodes(
            "Auto Layout", auto_layout(analysis.template).positions
        )
        self.view.fit_to_view()

    @Slot()
    def _on_layout_changed(self) -> None:
        self.layout_dirty = not self.read_only
        self.update_title()

    @Slot()
    def _show_cursor_position(self) -> None:
        cursor = self.editor.textCursor()
        self.position_label.setText(
            f"Line {cursor.blockNumber() + 1}, Column {cursor.positionInBlock() + 1}"
        )

    # Pictures

    @Slot()
    def choose_and_export_image(self) -> None:
        start = (
            self.buffer.path.with_suffix(".png")
            if self.buffer.path
            else Path("diagram.png")
        )
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export diagram",
            str(start),
            "PNG picture (*.png);;SVG drawing (*.svg)",
        )
        if path:
            self.export_image(Path(path))

    def export_image(self, path: Path) -> bool:
        try:
            export_scene(self.scene, path, title=self.windowFilePath())
        except (ExportError, OSError) as error:
            self._error_box = show_error(
                self,
                "Could not export the diagram",
                "Choose another file name or folder.",
                str(error),
            )
            return False
        self.statusBar().showMessage(f"Exported the diagram to {path}", 5000)
        return True

    def report_failure(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)


def _reason(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"the file is not UTF-8 text (byte {error.start} cannot be decoded)"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
