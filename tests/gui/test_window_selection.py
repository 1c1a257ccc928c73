"""Selection follows across the diagram, the editor, the problems list and the
inspector."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QGroupBox, QLabel

LEFT = Qt.MouseButton.LeftButton


def click_node(qtbot, window, name: str) -> None:
    node = window.scene.nodes[name]
    point = window.view.mapFromScene(node.mapToScene(node.rect().center()))
    qtbot.mouseClick(window.view.viewport(), LEFT, pos=point)


def click_text(qtbot, window, offset: int) -> None:
    """Click into the editor just after the character at Python offset `offset`."""
    editor = window.editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(offset)
    editor.ensureCursorVisible()
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    qtbot.mouseClick(editor.viewport(), LEFT, pos=editor.cursorRect(cursor).center())


def test_click_node_selects_yaml_block(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    click_node(qtbot, window, "mysubnet")
    text = window.buffer.text
    start = text.index("  mysubnet:") + 2
    end = text.index("    type: HuaweiCloud.VPC.Subnet") + len(
        "    type: HuaweiCloud.VPC.Subnet"
    )
    cursor = window.editor.textCursor()
    assert window.scene.selected_name() == "mysubnet"
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
    assert cursor.position() == start
    assert cursor.selectedText().startswith("mysubnet:\u2029    properties:")


def test_click_node_fills_inspector(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    click_node(qtbot, window, "mysubnet")
    inspector = window.inspector
    assert inspector.heading.text() == "mysubnet\nHuaweiCloud.VPC.Subnet"
    fields = inspector.form.fields
    cidr = fields[("cidr",)].editor
    assert (cidr.function.currentText(), cidr.first.currentText()) == (
        "get_input",
        "subnet-cidr",
    )
    assert fields[("dnsList", 0)].editor.text() == "192.168.0.1"
    assert fields[("vpcId",)].editor.currentText() == "myvpc"
    requirements = [
        label.text()
        for label in inspector.findChild(QGroupBox, "requirementsBox").findChildren(QLabel)
    ]
    assert requirements == ["vpcId → myvpc (ContainedIn)"]


def test_cursor_in_resource_selects_node(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    text = window.buffer.text
    click_text(qtbot, window, text.index("get_input: vpc-cidr"))
    assert window.scene.selected_name() == "myvpc"
    assert window.scene.nodes["myvpc"].isSelected()
    assert window.inspector.resource_name == "myvpc"
    # Following the cursor never moves it or selects text.
    assert window.editor.textCursor().position() == text.index("get_input: vpc-cidr")
    assert not window.editor.textCursor().hasSelection()


def test_cursor_outside_resources_clears_node(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    text = window.buffer.text
    click_text(qtbot, window, text.index("get_input: vpc-cidr"))
    click_text(qtbot, window, text.index("Sample template"))
    assert window.scene.selected_name() == ""
    assert window.inspector.resource_name == ""


def test_click_problem_selects_spot_and_node(qtbot, window, opened):
    opened("unknown-references.yaml")
    view = window.problems.view
    model = view.model()
    lines = [model.index(row, 3).data() for row in range(model.rowCount())]
    assert lines == ["4", "17", "22", "27"]
    rect = view.visualRect(model.index(2, 2))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())

    text = window.buffer.text
    start = text.index("flavour}")
    cursor = window.editor.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, start + 7)
    assert window.scene.selected_name() == "server"
    assert window.inspector.resource_name == "server"


def test_problem_click_after_edit_follows_text(qtbot, window, opened, type_text):
    opened("unknown-references.yaml")
    editor = window.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, "# a comment typed before the analysis\n")
    view = window.problems.view
    rect = view.visualRect(view.model().index(1, 2))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
    text = window.buffer.text
    start = text.index("vcp}")
    cursor = editor.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, start + 3)


def test_node_click_uses_utf16_positions(qtbot, window, tmp_path):
    path = tmp_path / "emoji.yaml"
    path.write_text(
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "description: 🚀🚀 two rockets before the resources\n"
        "node_templates:\n"
        "  rocket:\n"
        "    type: HuaweiCloud.VPC.VPC\n",
        encoding="utf-8",
    )
    assert window.open_path(path)
    qtbot.waitUntil(lambda: window.buffer.up_to_date)
    click_node(qtbot, window, "rocket")
    assert (
        window.editor.textCursor().selectedText()
        == "rocket:\u2029    type: HuaweiCloud.VPC.VPC"
    )


def test_inspector_notes_catalog_facts(qtbot, window, opened, wait_shown):
    opened("two-networks.yaml")
    window.buffer.set_text(
        window.buffer.text
        + "  job:\n    type: HuaweiCloud.AOS.Job\n"
        + "  typo:\n    type: HuaweiCloud.VPC.Subnett\n"
    )
    wait_shown(window)
    notes = {}
    for name in ("subnet-a", "job", "typo"):
        click_node(qtbot, window, name)
        notes[name] = window.inspector.note.text()
    assert notes["subnet-a"] == "A subnet of a VPC."
    assert notes["job"].endswith(
        "The catalog has no property list for this type, so its properties are "
        "not checked."
    )
    assert notes["typo"] == (
        "The catalog has no type HuaweiCloud.VPC.Subnett. "
        "Did you mean HuaweiCloud.VPC.Subnet?"
    )


def test_selected_node_block_scrolls_into_view(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    editor = window.editor
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    window.scene.select_node("mycloudserver")
    block = editor.document().findBlock(editor.textCursor().selectionStart())
    top = editor.firstVisibleBlock().blockNumber()
    assert top == block.blockNumber() - 2
    assert editor.toPlainText().splitlines()[block.blockNumber()] == "  mycloudserver:"
