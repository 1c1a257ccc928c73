"""While the text does not parse, the diagram keeps its last good version and makes
no text edits; once the text parses again, editing works again."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt

from aos_designer.gui.canvas.scene import STALE_OPACITY

from .conftest import LEFT, click_node, drop_type, edges, node_point
from .test_connect import port_point

CTRL = Qt.KeyboardModifier.ControlModifier
REFUSAL = (
    "was not made: The text does not parse at line 26, column 11: '[' is never "
    "closed; add ']' at the end of the list. Fix the text first; the diagram changes "
    "nothing until it parses."
)


def break_text(qtbot, window, shown) -> str:
    editor = window.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(editor, "  broken: [1, 2")
    shown()
    return window.buffer.text


def test_broken_text_refuses_every_diagram_edit(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    click_node(qtbot, window, "subnet-a")
    broken = break_text(qtbot, window, shown)
    assert window.banner.isVisible()
    assert sorted(window.scene.nodes) == ["net-a", "net-b", "subnet-a"]
    assert window.scene.nodes["net-a"].opacity() == STALE_OPACITY

    actions = window.editing.actions
    assert not actions.delete.isEnabled()
    assert not actions.rename.isEnabled()
    assert not actions.paste.isEnabled()
    assert not actions.duplicate.isEnabled()

    drop_type(window, "HuaweiCloud.VPC.VPC", QPointF(300, 300))
    shown()
    assert window.buffer.text == broken
    assert window.statusBar().currentMessage() == f"Add vpc {REFUSAL}"

    viewport = window.view.viewport()
    qtbot.mousePress(viewport, LEFT, pos=port_point(window, "subnet-a"))
    qtbot.mouseMove(viewport, pos=node_point(window, "net-b"))
    qtbot.mouseRelease(viewport, LEFT, pos=node_point(window, "net-b"))
    assert window.editing.tools.connect_tool.line is None
    assert window.buffer.text == broken
    assert window.statusBar().currentMessage() == f"Connect {REFUSAL}"

    window.editing.tools.delete(["net-b"])
    assert window.buffer.text == broken
    assert window.statusBar().currentMessage() == f"Delete net-b {REFUSAL}"

    # Moving a node changes no text, so it still works, and Undo takes it back.
    node = window.scene.nodes["net-b"]
    start = node.pos()
    press = node_point(window, "net-b")
    qtbot.mousePress(viewport, LEFT, pos=press)
    qtbot.mouseMove(viewport, pos=press + QPoint(5, 5))
    qtbot.mouseMove(viewport, pos=press + QPoint(50, 50))
    qtbot.mouseRelease(viewport, LEFT, pos=press + QPoint(50, 50))
    assert node.pos() != start
    window.actions.undo.trigger()
    assert node.pos() == start
    assert window.buffer.text == broken


def test_fixing_text_enables_editing_again(qtbot, window, opened, shown):
    opened("two-networks.yaml")
    break_text(qtbot, window, shown)
    qtbot.keyClicks(window.editor, "]")
    shown()
    assert not window.banner.isVisible()
    assert window.editing.actions.paste.isEnabled()
    click_node(qtbot, window, "net-b")
    assert window.editing.actions.delete.isEnabled()
    window.editing.actions.delete.trigger()
    shown()
    assert "net-b" not in window.scene.nodes
    assert "  net-b:" not in window.buffer.text
    assert window.buffer.text.endswith("  broken: [1, 2]")
    assert edges(window) == {("subnet-a", "net-a")}


def test_failing_operation_keeps_window(qtbot, window, opened, shown, monkeypatch):
    from aos_designer.template.document import TemplateDocument

    opened("two-networks.yaml")
    before = window.buffer.text

    def broken(self, *args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(TemplateDocument, "add_resource", broken)
    drop_type(window, "HuaweiCloud.VPC.VPC", QPointF(300, 300))
    shown()
    assert window.buffer.text == before
    assert window.statusBar().currentMessage() == (
        "Add vpc was not made: It failed (RuntimeError: simulated fault), and the "
        "text is unchanged. Please report this template."
    )
    monkeypatch.undo()
    # The next action works as before.
    drop_type(window, "HuaweiCloud.VPC.VPC", QPointF(300, 300))
    shown()
    assert "vpc" in window.scene.nodes
