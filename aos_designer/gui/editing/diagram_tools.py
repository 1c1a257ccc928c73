"""The diagram's editing commands: delete, rename, copy, cut, paste, duplicate,
connect and disconnect, align and distribute. Each text change is one diagram
action of the `EditSession`, so one undo step."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QPointF, Slot
from PySide6.QtWidgets import QApplication, QMenu

from ..canvas.items import NodeItem
from ..guard import guarded
from . import arrange
from .clipboard import (
    ClipboardError,
    CopiedResources,
    from_mime,
    new_names,
    renamed_body,
    to_mime,
)
from .connecting import (
    ConnectTool,
    RequirementChooser,
    RequirementOption,
    add_ports,
    connect_edits,
    dependency_option,
    requirement_options,
)
from .deleting import DeleteDialog, breaking_references
from .placement import free_spot
from .renaming import RenameEditor, is_on_name

if TYPE_CHECKING:
    from .controller import EditingController

log = logging.getLogger(__name__)

# How far a pasted or duplicated node lands from its original, in scene units.
PASTE_OFFSET = QPointF(40, 40)


class DiagramTools(QObject):
    """Editing commands on the selected nodes."""

    def __init__(self, controller: EditingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.window = controller.window
        self.session = controller.session
        self.scene = controller.window.scene
        self.view = controller.window.view
        self.catalog = controller.catalog
        self.rename_editor = RenameEditor(self.view)
        self.rename_editor.rename_requested.connect(self.rename)
        self.connect_tool = ConnectTool(
            self.options_between, self.connect_nodes, self._may_edit
        )
        # The open dialogs, kept so they stay alive and tests can accept or reject them.
        self.delete_dialog: DeleteDialog | None = None
        self.chooser: RequirementChooser | None = None
        self.context_menu: QMenu | None = None

    def report_failure(self, message: str) -> None:
        """Show a failure of a slot (see `guarded`) in the window's status bar."""
        self.window.report_failure(message)

    # Selection

    def selected_names(self) -> list[str]:
        """Return the selected resources in the order the template lists them."""
        selected = {
            item.name
            for item in self.scene.selectedItems()
            if isinstance(item, NodeItem)
        }
        return [name for name in self.scene.nodes if name in selected]

    @Slot()
    @guarded
    def select_all(self) -> None:
        for node in self.scene.nodes.values():
            node.setSelected(True)

    def _may_edit(self) -> bool:
        return self.session.check("Connect")

    def refresh_ports(self) -> None:
        add_ports(self.scene.nodes, self.connect_tool)

    # Delete

    @Slot()
    @guarded
    def delete_selected(self) -> None:
        """Delete the selected resources, first listing the references that break."""
        names = self.selected_names()
        if not names:
            return
        label = (
            f"Delete {names[0]}"
            if len(names) == 1
            else f"Delete {len(names)} resources"
        )
        if not self.session.check(label):
            return
        broken = breaking_references(self.session.document.model, names)
        if not broken:
            self.delete(names)
            return
        dialog = DeleteDialog(names, broken, self.window)
        dialog.accepted.connect(lambda: self.delete(names))
        dialog.finished.connect(dialog.deleteLater)
        self.delete_dialog = dialog
        dialog.open()

    def delete(self, names: list[str]) -> bool:
        """Remove resources and every reference to them, as one undo step."""
        label = (
            f"Delete {names[0]}"
            if len(names) == 1
            else f"Delete {len(names)} resources"
        )
        return self.session.run(
            label, lambda doc: [doc.remove_resource(name) for name in names]
        )

    # Rename

    @Slot()
    @guarded
    def start_rename(self) -> None:
        names = self.selected_names()
        if len(names) != 1:
            self.window.statusBar().showMessage("Select one resource to rename.", 5000)
            return
        if not self.session.check(f"Rename {names[0]}"):
            return
        self.rename_editor.open_on(self.scene.nodes[names[0]])

    def double_clicked(self, node: NodeItem, point: QPointF) -> bool:
        """Start renaming when a node's name is double-clicked."""
        if not is_on_name((point.x(), point.y())):
            return False
        self.scene.select_node(node.name)
        if self.session.check(f"Rename {node.name}"):
            self.rename_editor.open_on(node)
        return True

    @Slot(str, str)
    def rename(self, old: str, new: str) -> bool:
        node = self.scene.nodes.get(old)
        if node is not None:
            self.controller.placement.pending[new] = (node.pos().x(), node.pos().y())
        self.controller.select_after([new])
        done = self.session.run(
            f"Rename {old} to {new}", lambda doc: [doc.rename_resource(old, new)]
        )
        if done:
            self.rename_editor.close_editor()
        else:
            self.controller.placement.pending.pop(new, None)
            self.controller.select_after([])
            self.rename_editor.selectAll()
        return done

    # Copy and paste

    def copied(self, names: list[str]) -> tuple[CopiedResources, str]:
        """Return the resources of `names` for the clipboard, and their text."""
        document = self.session.synced()
        template = document.model
        bodies = {name: template.resources[name].data for name in names}
        positions = {
            name: (self.scene.nodes[name].pos().x(), self.scene.nodes[name].pos().y())
            for name in names
            if name in self.scene.nodes
        }
        text = ""
        for name in names:
            span = document.resource_range(name)
            text += document.text[span.start : span.end]
        return CopiedResources(bodies, positions), text

    @Slot()
    @guarded
    def copy_selected(self) -> bool:
        names = self.selected_names()
        if not names:
            return False
        if self.session.synced().current is None:
            self.window.statusBar().showMessage(
                "Copy needs text that parses; fix the text first.", 5000
            )
            return False
        copied, text = self.copied(names)
        QApplication.clipboard().setMimeData(to_mime(copied, text))
        what = names[0] if len(names) == 1 else f"{len(names)} resources"
        self.window.statusBar().showMessage(f"Copied {what}.", 5000)
        return True

    @Slot()
    @guarded
    def cut_selected(self) -> None:
        if self.copy_selected():
            self.delete_selected()

    @Slot()
    @guarded
    def paste(self) -> bool:
        """Paste resources from the clipboard beside their originals, or in the
        middle of the visible diagram when they came from elsewhere."""
        try:
            copied = from_mime(QApplication.clipboard().mimeData())
        except ClipboardError as error:
            self.window.statusBar().showMessage(f"Paste was not made: {error}.", 10000)
            return False
        return self.paste_resources(copied, "Paste")

    @Slot()
    @guarded
    def duplicate_selected(self) -> bool:
        names = self.selected_names()
        if not names or not self.session.check("Duplicate"):
            return False
        copied, _ = self.copied(names)
        return self.paste_resources(copied, "Duplicate")

    def paste_resources(self, copied: CopiedResources, verb: str) -> bool:
        if not self.session.check(verb):
            return False
        template = self.session.document.model
        names = new_names(list(copied.bodies), template.resources)
        bodies = {
            names[old]: renamed_body(body, names) for old, body in copied.bodies.items()
        }
        label = (
            f"{verb} {next(iter(bodies))}"
            if len(bodies) == 1
            else f"{verb} {len(bodies)} resources"
        )
        self._place_pasted(copied, names)
        self.controller.select_after(list(bodies))
        done = self.session.run(
            label,
            lambda doc: [
                doc.set_value(("node_templates", name), body)
                for name, body in bodies.items()
            ],
        )
        if not done:
            for name in bodies:
                self.controller.placement.pending.pop(name, None)
            self.controller.select_after([])
        return done

    def _place_pasted(self, copied: CopiedResources, names: dict[str, str]) -> None:
        taken = list(self.scene.layout().positions.values())
        if copied.positions and all(old in copied.positions for old in names):
            points = {
                old: QPointF(*copied.positions[old]) + PASTE_OFFSET for old in names
            }
        else:
            center = self.view.mapToScene(self.view.viewport().rect().center())
            points = {
                old: center + QPointF(index * 30.0, index * 30.0)
                for index, old in enumerate(names)
            }
        for old, new in names.items():
            point = (points[old].x(), points[old].y())
            spot = free_spot(point, taken)
            taken.append(spot)
            self.controller.placement.pending[new] = spot

    # Connect

    def options_between(
        self, source: NodeItem, target: NodeItem
    ) -> list[RequirementOption]:
        return requirement_options(
            self.catalog, source.resource_type, target.resource_type
        )

    def connect_nodes(self, source: NodeItem, target: NodeItem) -> None:
        """Connect after a drag from `source`'s port to `target`: at once when one
        requirement fits, else after asking."""
        options = self.options_between(source, target)
        if len(options) == 1:
            self.connect_resources(source.name, target.name, options[0])
            return
        if not options:
            options = [dependency_option()]
        dialog = RequirementChooser(source.name, target.name, options, self.window)
        dialog.accepted.connect(lambda: self._connect_chosen(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.chooser = dialog
        dialog.open()

    def _connect_chosen(self, dialog: RequirementChooser) -> None:
        option = dialog.chosen()
        if option is not None:
            self.connect_resources(dialog.source, dialog.target, option)

    def connect_resources(
        self, source: str, target: str, option: RequirementOption
    ) -> bool:
        """Write the requirement and its value, as one undo step."""
        return self.session.run(
            f"Connect {source} to {target}",
            lambda doc: connect_edits(
                doc, source, target, option.requirement, option.attribute
            ),
        )

    def disconnect_resources(self, source: str, target: str) -> bool:
        return self.session.run(
            f"Disconnect {source} from {target}",
            lambda doc: [doc.disconnect(source, target)],
        )

    # Arrange

    def _arrange(self, label: str, minimum: int, function) -> None:  # type: ignore[no-untyped-def]
        names = self.selected_names()
        if len(names) < minimum:
            self.window.statusBar().showMessage(
                f"{label} needs at least {minimum} selected nodes.", 5000
            )
            return
        positions = {
            name: (self.scene.nodes[name].pos().x(), self.scene.nodes[name].pos().y())
            for name in names
        }
        self.controller.moves.move_nodes(label, function(positions))

    @Slot()
    @guarded
    def align_left(self) -> None:
        self._arrange("Align Left", 2, arrange.align_left)

    @Slot()
    @guarded
    def align_top(self) -> None:
        self._arrange("Align Top", 2, arrange.align_top)

    @Slot()
    @guarded
    def distribute_horizontally(self) -> None:
        self._arrange(
            "Distribute Horizontally", 3, lambda p: arrange.distribute(p, True)
        )

    @Slot()
    @guarded
    def distribute_vertically(self) -> None:
        self._arrange(
            "Distribute Vertically", 3, lambda p: arrange.distribute(p, False)
        )

    # Context menu

    def show_context_menu(self, node: NodeItem | None, position: QPoint) -> None:
        menu = QMenu(self.window)
        menu.setObjectName("canvasContextMenu")
        actions = self.controller.actions
        if node is not None:
            if not node.isSelected():
                self.scene.select_node(node.name)
            menu.addActions(
                [actions.rename, actions.duplicate, actions.copy, actions.cut]
            )
            menu.addAction(actions.delete)
            menu.addSeparator()
            self._add_connect_menu(menu, node)
        else:
            menu.addActions([actions.paste, actions.select_all])
            menu.addSeparator()
            menu.addAction(self.window.actions.auto_layout)
        menu.aboutToHide.connect(menu.deleteLater)
        self.context_menu = menu
        menu.popup(position)

    def _add_connect_menu(self, menu: QMenu, node: NodeItem) -> None:
        connect_menu = menu.addMenu("Connect To")
        connect_menu.setObjectName("connectMenu")
        for other in self.scene.nodes.values():
            if other is node:
                continue
            for option in self.options_between(node, other):
                action = connect_menu.addAction(f"{other.name} ({option.requirement})")
                action.triggered.connect(
                    lambda _=False, t=other.name, o=option: self.connect_resources(
                        node.name, t, o
                    )
                )
        connect_menu.setEnabled(not connect_menu.isEmpty())
        disconnect_menu = menu.addMenu("Disconnect From")
        disconnect_menu.setObjectName("disconnectMenu")
        for edge in node.edges:
            if edge.source is node:
                action = disconnect_menu.addAction(edge.target.name)
                action.triggered.connect(
                    lambda _=False, t=edge.target.name: self.disconnect_resources(
                        node.name, t
                    )
                )
        disconnect_menu.setEnabled(not disconnect_menu.isEmpty())
