"""The window's editing parts, wired together: the undo history, the edit session,
node placement and moves, the palette, and the diagram's editing tools."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QPointF, Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from ...catalog import default_catalog
from ...layout import NODE_HEIGHT, NODE_WIDTH
from ...template.document import TemplateDocument
from ...template.model import Template
from ...template.textedit import TextEdit
from ..analysis import Analysis
from ..guard import guarded
from .actions import create_editing_actions
from .canvas_events import CanvasEvents
from .connecting import connect_edits
from .diagram_tools import DiagramTools
from .files import FileNotices
from .find_bar import FindBar
from .history import UndoHistory
from .minimap import Minimap
from .moves import MoveRecorder
from .naming import base_name, initial_properties, single_targets, unique_name
from .nesting import Nesting
from .palette import PalettePanel
from .placement import Placement, free_spot
from .replace import ReplaceDialog
from .session import EditSession
from .undo_routing import EditorUndoRouter, PanelUndoRouter

if TYPE_CHECKING:
    from ..window import MainWindow

log = logging.getLogger(__name__)

# How long a refused diagram edit's message stays in the status bar, in ms.
MESSAGE_MS = 10_000


class EditingController(QObject):
    """Owns the editing parts of one window.

    It is made in two steps because the window's actions need the undo history
    before the menus exist: the constructor makes the history, the session and the
    placement, and `install` adds the palette, the actions and the canvas tools.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.catalog = default_catalog()
        self.history = UndoHistory(window.editor.document(), self)
        self.session = EditSession(window.buffer, self.history, self)
        self.placement = Placement()
        self.moves = MoveRecorder(window.scene, self.history, self.placement, self)
        # Whether the diagram may edit the text now: it parses and may be written.
        self.editable = True
        self.palette: PalettePanel | None = None
        self.palette_dock: QDockWidget | None = None
        # Names to select once the diagram shows them, after an action added them.
        self._select_after: list[str] = []

    def install(self) -> None:
        """Add the palette and the editing tools to the window."""
        window = self.window
        self.palette = PalettePanel(self.catalog)
        self.palette_dock = QDockWidget("Resource Types", window)
        self.palette_dock.setObjectName("paletteDock")
        self.palette_dock.setWidget(self.palette)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock)
        window.view_menu.addAction(self.palette_dock.toggleViewAction())
        window.resizeDocks(
            [self.palette_dock, window.inspector_dock],
            [200, 320],
            Qt.Orientation.Horizontal,
        )
        window.inspector.attach(self.session)
        self.palette.type_chosen.connect(self.add_at_free_spot)
        self.session.refused.connect(self._show_refusal)
        window.analysis_shown.connect(self._on_analysis_shown)
        self.undo_router = EditorUndoRouter(
            window.editor, self.history, window.actions.undo, window.actions.redo
        )
        self.panel_undo_router = PanelUndoRouter(window.inspector)
        # Every key the platform binds to Undo and Redo, such as Ctrl+Shift+Z too.
        window.actions.undo.setShortcuts(QKeySequence.StandardKey.Undo)
        window.actions.redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.history.changed.connect(self._update_undo_actions)
        self._update_undo_actions()

        self.tools = DiagramTools(self)
        self.actions = create_editing_actions(self)
        self._connect_actions()
        self.canvas_events = CanvasEvents(
            window.view,
            self.add_at_drop,
            self.tools.double_clicked,
            self.tools.show_context_menu,
        )
        window.scene.selectionChanged.connect(self._update_actions)
        self._update_actions()
        self._install_view_tools()

    def _install_view_tools(self) -> None:
        """Add the minimap, the find bar and nesting to the canvas."""
        window = self.window
        self.minimap = Minimap(window.view, window.scene)
        self.actions.show_minimap.toggled.connect(self.minimap.set_requested)
        self.find_bar = FindBar(
            lambda: list(window.scene.nodes), self.show_node, window.view.parentWidget()
        )
        pane = window.view.parentWidget().layout()
        pane.insertWidget(pane.indexOf(window.view), self.find_bar)
        self.actions.find_resource.triggered.connect(self.find_bar.open_bar)
        self.nesting = Nesting(window.scene, self.catalog, self._shown_template, self)
        self.moves.before_record = self.nesting.follow_containers
        self.moves.after_refresh = self.nesting.sync_anchors
        self.actions.show_nesting.toggled.connect(self.set_nesting)
        self.files = FileNotices(window)
        self.replace_dialog = ReplaceDialog(window.buffer, self.history, window)
        self.actions.replace_text.triggered.connect(
            lambda: self.replace_dialog.open_with(
                window.editor.textCursor().selectedText()
            )
        )

    def _shown_template(self) -> Template | None:
        analysis = self.window.buffer.good
        return analysis.template if analysis is not None else None

    def show_node(self, name: str) -> None:
        """Select a node and scroll the diagram to it."""
        node = self.window.scene.nodes.get(name)
        if node is None:
            return
        self.window.scene.select_node(name)
        self.window.view.centerOn(node)

    @Slot(bool)
    def set_nesting(self, enabled: bool) -> None:
        """Show containment as nesting and arrange the nodes so, as one undo step;
        or go back to plain arrows, leaving the nodes where they are."""
        self.nesting.set_enabled(enabled)
        if enabled:
            self.moves.move_nodes("Arrange Nested", self.nesting.arranged())
            self.nesting.refresh()
            self.window.view.fit_to_view()

    def _connect_actions(self) -> None:
        actions, tools = self.actions, self.tools
        actions.delete.triggered.connect(tools.delete_selected)
        actions.rename.triggered.connect(tools.start_rename)
        actions.copy.triggered.connect(tools.copy_selected)
        actions.cut.triggered.connect(tools.cut_selected)
        actions.paste.triggered.connect(tools.paste)
        actions.duplicate.triggered.connect(tools.duplicate_selected)
        actions.select_all.triggered.connect(tools.select_all)
        actions.align_left.triggered.connect(tools.align_left)
        actions.align_top.triggered.connect(tools.align_top)
        actions.distribute_horizontally.triggered.connect(tools.distribute_horizontally)
        actions.distribute_vertically.triggered.connect(tools.distribute_vertically)

    @Slot()
    def _update_actions(self) -> None:
        """Enable the actions that fit the selection and the state of the text."""
        if not shiboken6.isValid(self.window.scene):
            return  # the window is closing and deletes its scene
        count = len(self.tools.selected_names())
        editable = self.editable
        actions = self.actions
        for action in (actions.delete, actions.cut, actions.duplicate):
            action.setEnabled(editable and count > 0)
        actions.rename.setEnabled(editable and count == 1)
        actions.copy.setEnabled(count > 0)
        actions.paste.setEnabled(editable)
        actions.align_left.setEnabled(count >= 2)
        actions.align_top.setEnabled(count >= 2)
        actions.distribute_horizontally.setEnabled(count >= 3)
        actions.distribute_vertically.setEnabled(count >= 3)

    @Slot()
    def _update_undo_actions(self) -> None:
        actions = self.window.actions
        undo, redo = self.history.undo_label(), self.history.redo_label()
        actions.undo.setEnabled(self.history.can_undo)
        actions.redo.setEnabled(self.history.can_redo)
        actions.undo.setText(f"&Undo {undo}" if undo else "&Undo")
        actions.redo.setText(f"&Redo {redo}" if redo else "&Redo")

    # Files

    def file_opened(self, path: Path) -> None:
        """Forget the previous file's undo steps and positions."""
        self._forget()
        self.files.file_opened(path)

    def text_opened(self) -> None:
        """Forget the previous file, for a text that has no file (a version from
        Git)."""
        self._forget()
        self.files.text_opened()

    def set_read_only(self, read_only: bool) -> None:
        """Refuse every diagram edit while the window only shows a text."""
        self.session.read_only_reason = (
            "This window shows a version read-only; open it as a new document to "
            "edit it."
            if read_only
            else ""
        )
        self.window.buffer.analyze_now()

    def _forget(self) -> None:
        self.history.reset()
        self.placement.forget()
        self._select_after = []
        self.nesting.frames.clear()

    # Analyses

    def report_failure(self, message: str) -> None:
        """Show a failure of a slot (see `guarded`) in the window's status bar."""
        self.window.report_failure(message)

    @Slot(object)
    @guarded
    def _on_analysis_shown(self, analysis: Analysis) -> None:
        reason = self.session.refusal()
        self.editable = analysis.parsed and not reason
        self._update_actions()
        self.window.inspector.set_template(
            self._shown_template(), self.editable, reason
        )
        if analysis.template is None:
            return
        self.moves.refresh()
        self.nesting.refresh()
        if self.placement.used_pending:
            # A node went where an action put it; the layout file must keep that.
            self.placement.used_pending = False
            self.window.scene.layout_changed.emit()
        self.tools.refresh_ports()
        if self._select_after and self.window.buffer.up_to_date:
            scene = self.window.scene
            names = [name for name in self._select_after if name in scene.nodes]
            self._select_after = []
            self.select_nodes(names)

    def select_after(self, names: list[str]) -> None:
        """Select `names` once the diagram shows them, after the action that adds
        them; an empty list cancels."""
        self._select_after = list(names)

    def select_nodes(self, names: list[str]) -> None:
        """Select the nodes of `names` alone and show the first one."""
        scene = self.window.scene
        if len(names) == 1:
            scene.select_node(names[0])
        else:
            scene.clearSelection()
            for name in names:
                scene.nodes[name].setSelected(True)
        if names:
            self.window.view.ensureVisible(scene.nodes[names[0]], 40, 40)

    # Adding resources

    @guarded
    def add_resource(self, type_name: str, top_left: QPointF) -> bool:
        """Add a resource of `type_name` with its node's top left corner at
        `top_left`, with its required properties filled where a value is known."""
        if not self.session.check(f"Add {base_name(type_name)}"):
            return False
        template = self.session.document.model
        name = unique_name(base_name(type_name), template.resources)
        resource_type = self.catalog.get(type_name)
        properties = initial_properties(resource_type, name)
        links = single_targets(self.catalog, resource_type, template)

        def action(document: TemplateDocument) -> list[list[TextEdit]]:
            groups = [document.add_resource(name, type_name, properties or None)]
            for requirement, target, attribute in links:
                groups += connect_edits(document, name, target, requirement, attribute)
            return groups

        self.placement.pending[name] = (top_left.x(), top_left.y())
        self.select_after([name])
        if not self.session.run(f"Add {name}", action):
            self.placement.pending.pop(name, None)
            self.select_after([])
            return False
        return True

    def add_at_drop(self, type_name: str, scene_point: QPointF) -> bool:
        """Add a resource centred where a type was dropped on the diagram."""
        top_left = scene_point - QPointF(NODE_WIDTH / 2, NODE_HEIGHT / 2)
        return self.add_resource(type_name, top_left)

    @Slot(str)
    @guarded
    def add_at_free_spot(self, type_name: str) -> bool:
        """Add a resource near the middle of the visible diagram, where its node
        overlaps no other."""
        view = self.window.view
        center = view.mapToScene(view.viewport().rect().center())
        preferred = (center.x() - NODE_WIDTH / 2, center.y() - NODE_HEIGHT / 2)
        x, y = free_spot(preferred, self.window.scene.layout().positions.values())
        return self.add_resource(type_name, QPointF(x, y))

    # Messages

    @Slot(str)
    def _show_refusal(self, message: str) -> None:
        self.window.statusBar().showMessage(message, MESSAGE_MS)
