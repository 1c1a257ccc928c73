"""Diagnostics in the editor (underline, gutter mark, tooltip), on the diagram (badge,
red cycle) and in the problems list (sorted, filtered)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from aos_designer.gui.canvas.items import CYCLE_COLOR, ORDER_COLOR, WIRED_COLOR


def test_underlines_cover_diagnostic_ranges(window, opened):
    opened("unknown-references.yaml")
    text = window.buffer.text
    selections = window.editor.extraSelections()
    ranges = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in selections]
    expected = []
    for needle in (
        "{get_reference: vcp}",
        "{get_input: flavour}",
        "{get_reference: subnett}",
    ):
        start = text.index(needle)
        expected.append((start, start + len(needle)))
    assert ranges == expected
    for selection in selections:
        assert (
            selection.format.underlineStyle()
            == QTextCharFormat.UnderlineStyle.WaveUnderline
        )
        assert selection.format.underlineColor().name() == "#d32f2f"


def test_gutter_marks_lines_with_problems(window, opened):
    opened("unknown-references.yaml")
    assert window.editor.lines_with_marks() == {
        15: ["error"],
        20: ["error"],
        24: ["error"],
    }
    assert window.editor.messages_on_line(20) == [
        "error unknown-input: unknown input 'flavour'; did you mean 'flavor'?"
    ]
    assert window.editor.messages_on_line(21) == []


def test_gutter_tooltip_shows_message(qtbot, window, opened):
    opened("unknown-references.yaml")
    editor = window.editor
    cursor = QTextCursor(editor.document().findBlockByNumber(14))
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    y = editor.cursorRect(cursor).center().y()
    gutter = editor.gutter
    point = QPoint(5, y)
    QApplication.sendEvent(
        gutter, QHelpEvent(QEvent.Type.ToolTip, point, gutter.mapToGlobal(point))
    )
    assert (
        QToolTip.text()
        == "error unknown-resource: unknown resource 'vcp'; did you mean 'vpc'?"
    )


def test_text_tooltip_shows_message(qtbot, window, opened):
    opened("unknown-references.yaml")
    editor = window.editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(window.buffer.text.index("flavour"))
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    point = editor.cursorRect(cursor).center() + QPoint(2, 0)
    viewport = editor.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    assert (
        QToolTip.text()
        == "error unknown-input: unknown input 'flavour'; did you mean 'flavor'?"
    )


def test_badges_count_problems_per_node(window, opened):
    opened("unknown-references.yaml")
    nodes = window.scene.nodes
    assert (nodes["server"].badge_count, nodes["server"].worst_severity) == (2, "error")
    assert (nodes["subnet"].badge_count, nodes["subnet"].worst_severity) == (1, "error")
    assert (nodes["vpc"].badge_count, nodes["vpc"].worst_severity) == (0, None)
    assert "unknown input 'flavour'" in nodes["server"].toolTip()


def test_badge_clears_after_fix(qtbot, window, opened, wait_shown):
    opened("unknown-references.yaml")
    text = window.buffer.text
    cursor = window.editor.textCursor()
    cursor.setPosition(text.index("vcp}") + 3)
    window.editor.setTextCursor(cursor)
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.editor, "pc")
    wait_shown(window)
    assert window.scene.nodes["subnet"].badge_count == 0
    assert ("subnet", "vpc") in window.scene.edges
    assert [d.line for d in window.problems.visible_diagnostics()] == [20, 24]


def test_cycle_edges_drawn_red(window, opened):
    opened("cycle-three-servers.yaml")
    edges = window.scene.edges
    assert sorted(pair for pair, edge in edges.items() if edge.in_cycle) == [
        ("first", "third"),
        ("second", "first"),
        ("third", "second"),
    ]
    for pair in (("first", "third"), ("second", "first"), ("third", "second")):
        assert edges[pair].pen().color() == CYCLE_COLOR
        assert edges[pair].pen().style() == Qt.PenStyle.DashLine
    outside = edges[("first", "network")]
    assert not outside.in_cycle
    assert outside.pen().color() == WIRED_COLOR
    assert outside.pen().style() == Qt.PenStyle.SolidLine


def test_ordering_edges_dashed(window, opened):
    opened("two-networks.yaml")
    window.buffer.set_text(
        window.buffer.text + "  after:\n    type: HuaweiCloud.VPC.VPC\n"
        "    requirements:\n      - dependency:\n          node: net-b\n"
    )
    edge = window.scene.edges[("after", "net-b")]
    assert not edge.wired
    assert edge.pen().color() == ORDER_COLOR
    assert edge.pen().style() == Qt.PenStyle.DashLine
    assert (
        edge.toolTip()
        == "after depends on net-b (orders creation only)\n• dependency (ordering only)"
    )


def test_problems_sorted_by_column(window, opened):
    opened("unknown-references.yaml")
    view = window.problems.view
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [(d.code, d.line) for d in window.problems.visible_diagnostics()] == [
        ("unknown-input", 20),
        ("unknown-resource", 15),
        ("unknown-resource", 24),
    ]
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [d.line for d in window.problems.visible_diagnostics()] == [24, 20, 15]


def test_problems_filter_box(qtbot, window, opened):
    opened("unknown-references.yaml")
    qtbot.keyClicks(window.problems.filter_box, "INPUT")
    assert [d.code for d in window.problems.visible_diagnostics()] == ["unknown-input"]
    window.problems.filter_box.clear()
    assert len(window.problems.visible_diagnostics()) == 3
    assert window.problems.summary.text() == "3 errors"
    assert window.counts_label.text() == "3 errors"
