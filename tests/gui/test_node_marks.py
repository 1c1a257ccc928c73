"""Marks on diagram nodes: a state shown over the template's own picture."""

from __future__ import annotations

from aos_designer.gui.canvas.items import NodeMark


def test_marks_replace_each_other(window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    scene = window.scene
    scene.set_marks({"myvpc": NodeMark("#2e7d32", "ADD")})
    assert scene.marks() == {"myvpc": NodeMark("#2e7d32", "ADD")}
    scene.set_marks({"mysubnet": NodeMark("#c62828", "DELETE", "will be deleted")})
    assert scene.marks() == {"mysubnet": NodeMark("#c62828", "DELETE", "will be deleted")}
    assert "will be deleted" in scene.nodes["mysubnet"].toolTip()
    scene.clear_marks()
    assert scene.marks() == {}


def test_marks_survive_a_reparse(qtbot, window, opened):
    opened("iaas-vpc-subnet-ecs.yaml")
    scene = window.scene
    scene.set_marks({"mycloudserver": NodeMark("#1565c0", "Creating")})
    editor = window.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText("# a comment\n")
    qtbot.waitUntil(lambda: window.buffer.good.template.text.endswith("# a comment\n"))
    assert scene.nodes["mycloudserver"].mark == NodeMark("#1565c0", "Creating")
