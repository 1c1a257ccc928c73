"""Typing in the text pane: nothing echoes back into it, and pastes, Replace All and
Undo keep the diagram and the diagram's edits in step with the text."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QDialog

from .conftest import click_node, drop_type, edges, nodes

CTRL = Qt.KeyboardModifier.ControlModifier


def put_cursor(window, offset: int) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(offset)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()


def test_analysis_never_writes_to_editor(qtbot, window, open_data, shown):
    open_data("editing/network.yaml")
    document = window.editor.document()
    changes = []
    document.contentsChange.connect(lambda *args: changes.append(args))
    text = window.buffer.text
    end_of_cidr = text.index("cidr: 10.0.1.0/24") + len("cidr: 10.0.1.0/24")
    put_cursor(window, end_of_cidr)
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.editor, "5")
    shown()
    # Two keystrokes, two changes: the analysis added none.
    assert len(changes) == 2
    assert window.buffer.text == text.replace("cidr: 10.0.1.0/24", "cidr: 10.0.1.0/25")
    assert window.editor.textCursor().position() == end_of_cidr
    assert len(window.editing.history.steps) == 2


def test_paste_then_diagram_edit(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    QApplication.clipboard().setText(
        "  net-c:\n    type: HuaweiCloud.VPC.VPC\n    properties: {name: net-c}\n"
    )
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(window.editor, Qt.Key.Key_V, CTRL)
    shown()
    pasted = window.buffer.text
    assert nodes(window) == ["net-a", "net-b", "net-c", "subnet-a"]
    # The diagram edits the pasted text, not the text it had before.
    click_node(qtbot, window, "net-c")
    window.editing.actions.delete.trigger()
    shown()
    assert window.buffer.text == pasted.replace(
        "  net-c:\n    type: HuaweiCloud.VPC.VPC\n    properties: {name: net-c}\n", ""
    )
    assert nodes(window) == ["net-a", "net-b", "subnet-a"]


def test_replace_all_is_one_step(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    before = window.buffer.text
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_H, CTRL)
    dialog = window.findChild(QDialog, "replaceDialog")
    assert dialog.isVisible()
    dialog.find_box.setText("net-a")
    dialog.replace_box.setText("core")
    dialog.replace_all_button.click()
    shown()
    assert before.count("net-a") == 7
    assert dialog.result_label.text() == "Replaced 7 occurrences of 'net-a'."
    assert window.buffer.text == before.replace("net-a", "core")
    # Plain text replacement: "subnet-a" contains "net-a" too.
    assert nodes(window) == ["core", "net-b", "subcore"]
    assert edges(window) == {("subcore", "core")}
    assert window.actions.undo.text() == "&Undo Replace 'net-a'"
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == before
    assert nodes(window) == ["net-a", "net-b", "subnet-a"]
    dialog.find_box.setText("nothing-like-this")
    assert dialog.replace_all() == 0
    assert dialog.result_label.text() == "No occurrence of 'nothing-like-this'."


def test_undo_of_typing_then_diagram_edit(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    original = window.buffer.text
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(window.editor, "  typed: {type: HuaweiCloud.VPC.VPC}")
    shown()
    assert "typed" in window.scene.nodes
    window.actions.undo.trigger()
    shown()
    assert window.buffer.text == original
    assert "typed" not in window.scene.nodes
    drop_type(window, "HuaweiCloud.VPC.VPC", QPointF(500, 300))
    shown()
    assert window.buffer.text == original + "  vpc:\n    type: HuaweiCloud.VPC.VPC\n"
    # The new step dropped the typing from the redo list.
    assert not window.actions.redo.isEnabled()
