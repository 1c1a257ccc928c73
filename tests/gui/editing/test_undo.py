"""One undo history for both panes: typing, diagram actions and node moves undo in
the order they were made, wherever the focus is."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from .conftest import LEFT, click_node, drop_type, node_point

CTRL = Qt.KeyboardModifier.ControlModifier


def type_at(qtbot, window, offset: int, text: str) -> None:
    editor = window.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(offset)
    editor.setTextCursor(cursor)
    for index, line in enumerate(text.split("\n")):
        if index:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(editor, line)


def drag_node(qtbot, window, name: str, delta: QPoint) -> None:
    viewport = window.view.viewport()
    start = node_point(window, name)
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, pos=start + QPoint(5, 5))
    qtbot.mouseMove(viewport, pos=start + delta)
    qtbot.mouseRelease(viewport, LEFT, pos=start + delta)


def test_undo_across_panes_in_order(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    original = window.buffer.text
    # 1. typed in the text
    type_at(qtbot, window, original.index("Two networks"), "Only ")
    shown()
    typed = window.buffer.text
    assert typed == original.replace("Two networks", "Only Two networks")
    # 2. added on the diagram
    drop_type(window, "HuaweiCloud.VPC.VPC", QPointF(600, 300))
    shown()
    added = window.buffer.text
    assert added == typed + "  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
    # 3. moved on the diagram
    net_b = window.scene.nodes["net-b"]
    start = net_b.pos()
    drag_node(qtbot, window, "net-b", QPoint(80, 60))
    moved = net_b.pos()
    assert moved != start
    assert window.actions.undo.text() == "&Undo Move net-b"

    # Ctrl+Z in the editor undoes the move made on the diagram first.
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, CTRL)
    assert window.scene.nodes["net-b"].pos() == start
    assert window.buffer.text == added
    assert window.actions.undo.text() == "&Undo Add vpc"
    # Then the diagram's addition, from the diagram.
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    shown()
    assert window.buffer.text == typed
    assert "vpc" not in window.scene.nodes
    # Then the typing.
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == original
    assert not window.actions.undo.isEnabled()

    # Redo brings all three back, the node where it was dropped.
    dropped_at = window.editing.placement.remembered["vpc"]
    for _ in range(3):
        window.actions.redo.trigger()
        shown()
    assert window.buffer.text == added
    assert window.scene.nodes["net-b"].pos() == moved
    vpc = window.scene.nodes["vpc"].pos()
    assert (vpc.x(), vpc.y()) == dropped_at
    assert not window.actions.redo.isEnabled()


def test_typing_after_diagram_edit_is_own_step(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    original = window.buffer.text
    window.editing.add_at_free_spot("HuaweiCloud.VPC.VPC")
    shown()
    added = window.buffer.text
    # Type right where the added text ends, the case QTextDocument would join.
    type_at(qtbot, window, len(added), "# end")
    shown()
    assert window.buffer.text == added + "# end"
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == added
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == original


def test_editor_menu_undo_is_window_undo(qtbot, window, opened):
    opened("two-networks.yaml")
    editor = window.editor
    point = QPoint(10, 10)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, editor.mapToGlobal(point)
    )
    QApplication.sendEvent(editor, event)
    menus = [m for m in editor.findChildren(QMenu) if m.isVisible()]
    assert len(menus) == 1
    names = [action.objectName() for action in menus[0].actions()]
    assert names[:2] == ["actionUndo", "actionRedo"]
    assert "edit-undo" not in names
    assert "edit-redo" not in names
    menus[0].close()


def test_align_is_one_undo_step(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    positions = {name: window.scene.nodes[name].pos() for name in window.scene.nodes}
    click_node(qtbot, window, "net-a")
    click_node(qtbot, window, "net-b", CTRL)
    click_node(qtbot, window, "subnet-a", CTRL)
    window.editing.actions.align_left.trigger()
    left = min(point.x() for point in positions.values())
    for name, point in positions.items():
        assert window.scene.nodes[name].pos() == QPointF(left, point.y())
    assert window.isWindowModified()
    window.actions.undo.trigger()
    for name, point in positions.items():
        assert window.scene.nodes[name].pos() == point


def test_reopen_forgets_history(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    window.editing.add_at_free_spot("HuaweiCloud.VPC.VPC")
    shown()
    assert window.actions.undo.isEnabled()
    window.unattended = True
    opened("two-networks.yaml")
    assert not window.actions.undo.isEnabled()
    assert window.editing.history.steps == []


def test_replace_whole_text_forgets_history(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    drag_node(qtbot, window, "net-a", QPoint(30, 30))
    type_at(qtbot, window, 0, "# top\n")
    # The move, the typed line and its line break.
    assert len(window.editing.history.steps) == 3
    window.buffer.set_text(window.buffer.text + "# end\n")
    assert window.editing.history.steps == []
    assert not window.actions.undo.isEnabled()
    window.actions.undo.trigger()
    assert window.buffer.text.endswith("# end\n")


def test_auto_layout_is_one_undo_step(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    drag_node(qtbot, window, "net-a", QPoint(300, 200))
    moved = {name: node.pos() for name, node in window.scene.nodes.items()}
    window.actions.auto_layout.trigger()
    laid_out = {name: node.pos() for name, node in window.scene.nodes.items()}
    assert laid_out != moved
    assert window.actions.undo.text() == "&Undo Auto Layout"
    window.actions.undo.trigger()
    assert {name: node.pos() for name, node in window.scene.nodes.items()} == moved
    window.actions.redo.trigger()
    assert {name: node.pos() for name, node in window.scene.nodes.items()} == laid_out


def test_distribute_spaces_nodes_evenly(qtbot, window, open_data):
    open_data("editing/network.yaml")
    scene = window.scene
    scene.nodes["vpc"].setPos(0, 0)
    scene.nodes["subnet-a"].setPos(100, 300)
    scene.nodes["server-a"].setPos(900, 150)
    for name in ("vpc", "subnet-a", "server-a"):
        scene.nodes[name].setSelected(True)
    window.editing.actions.distribute_horizontally.trigger()
    assert [scene.nodes[n].pos().x() for n in ("vpc", "subnet-a", "server-a")] == [
        0,
        450,
        900,
    ]
    assert scene.nodes["subnet-a"].pos().y() == 300
    window.editing.actions.distribute_vertically.trigger()
    assert [scene.nodes[n].pos().y() for n in ("vpc", "server-a", "subnet-a")] == [
        0,
        150,
        300,
    ]
