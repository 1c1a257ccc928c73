"""The editing actions of the window, with their shortcuts and menus.

The diagram's Delete, F2, Ctrl+C, Ctrl+X, Ctrl+V, Ctrl+D and Ctrl+A act only while
the diagram has the focus, so the same keys keep working in the text editor and in
the inspector's fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from .controller import EditingController

_KEY = QKeySequence.StandardKey


@dataclass
class EditingActions:
    delete: QAction
    rename: QAction
    copy: QAction
    cut: QAction
    paste: QAction
    duplicate: QAction
    select_all: QAction
    align_left: QAction
    align_top: QAction
    distribute_horizontally: QAction
    distribute_vertically: QAction
    find_resource: QAction
    replace_text: QAction
    show_minimap: QAction
    show_nesting: QAction


@dataclass(frozen=True)
class _Spec:
    """One action: its field, objectName, label, shortcut, whether the shortcut
    works only on the diagram, and its status tip."""

    field: str
    name: str
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    diagram_only: bool = False
    tip: str = ""


_SPECS = (
    _Spec(
        "delete",
        "actionDelete",
        "&Delete",
        _KEY.Delete,
        True,
        "Delete the selected resources and the references to them",
    ),
    _Spec(
        "rename",
        "actionRename",
        "Re&name…",
        "F2",
        True,
        "Rename the selected resource; its references follow",
    ),
    _Spec(
        "copy",
        "actionCopyResources",
        "&Copy",
        _KEY.Copy,
        True,
        "Copy the selected resources",
    ),
    _Spec(
        "cut",
        "actionCutResources",
        "Cu&t",
        _KEY.Cut,
        True,
        "Copy the selected resources, then delete them",
    ),
    _Spec(
        "paste",
        "actionPasteResources",
        "&Paste",
        _KEY.Paste,
        True,
        "Add the copied resources to this template",
    ),
    _Spec(
        "duplicate",
        "actionDuplicate",
        "D&uplicate",
        "Ctrl+D",
        True,
        "Add a copy of the selected resources",
    ),
    _Spec(
        "select_all",
        "actionSelectAllNodes",
        "Select &All",
        _KEY.SelectAll,
        True,
        "Select every node",
    ),
    _Spec(
        "align_left",
        "actionAlignLeft",
        "Align &Left",
        None,
        False,
        "Move the selected nodes to the leftmost one's left edge",
    ),
    _Spec(
        "align_top",
        "actionAlignTop",
        "Align &Top",
        None,
        False,
        "Move the selected nodes to the topmost one's top edge",
    ),
    _Spec(
        "distribute_horizontally",
        "actionDistributeHorizontally",
        "Distribute &Horizontally",
        None,
        False,
        "Space the selected nodes evenly from left to right",
    ),
    _Spec(
        "distribute_vertically",
        "actionDistributeVertically",
        "Distribute &Vertically",
        None,
        False,
        "Space the selected nodes evenly from top to bottom",
    ),
    _Spec(
        "find_resource",
        "actionFindResource",
        "&Find Resource…",
        _KEY.Find,
        False,
        "Find a resource on the diagram by its name",
    ),
    _Spec(
        "replace_text",
        "actionReplaceText",
        "&Replace in Text…",
        _KEY.Replace,
        False,
        "Find and replace text in the YAML",
    ),
    _Spec(
        "show_minimap",
        "actionShowMinimap",
        "&Minimap",
        None,
        False,
        "Show an overview of the diagram while part of it is out of view",
    ),
    _Spec(
        "show_nesting",
        "actionShowNesting",
        "Show &Containment as Nesting",
        None,
        False,
        "Draw subnets inside their VPC and other contained resources "
        "inside their container",
    ),
)


def create_editing_actions(controller: EditingController) -> EditingActions:
    """Create the editing actions and add them to the window's menus."""
    window = controller.window
    built = {}
    for spec in _SPECS:
        action = QAction(spec.text, window)
        action.setObjectName(spec.name)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.diagram_only:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            window.view.addAction(action)
        else:
            window.addAction(action)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        built[spec.field] = action
    actions = EditingActions(**built)
    actions.show_minimap.setCheckable(True)
    actions.show_minimap.setChecked(True)
    actions.show_nesting.setCheckable(True)
    _add_menus(controller, actions)
    return actions


def _add_menus(controller: EditingController, actions: EditingActions) -> None:
    window = controller.window
    edit_menu = window.edit_menu
    edit_menu.addSeparator()
    edit_menu.addActions(
        [actions.cut, actions.copy, actions.paste, actions.duplicate, actions.delete]
    )
    edit_menu.addSeparator()
    edit_menu.addActions([actions.rename, actions.select_all])
    edit_menu.addSeparator()
    edit_menu.addActions([actions.find_resource, actions.replace_text])
    arrange_menu = window.menuBar().addMenu("&Arrange")
    arrange_menu.setObjectName("arrangeMenu")
    arrange_menu.addActions([actions.align_left, actions.align_top])
    arrange_menu.addSeparator()
    arrange_menu.addActions(
        [actions.distribute_horizontally, actions.distribute_vertically]
    )
    arrange_menu.addSeparator()
    arrange_menu.addAction(window.actions.auto_layout)
    view_menu = window.view_menu
    view_menu.addSeparator()
    view_menu.addActions([actions.show_minimap, actions.show_nesting])
