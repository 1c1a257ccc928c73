"""Diagnostics in the editor (underline, gutter mark, tooltip), on the diagram (badge,
red cycle) and in the problems list (sorted, filtered)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from aos_designer.gui.canvas.items import CYCLE_COLOR, ORDER_COLOR, WIRED_COLOR
from aos_designer.gui.problems import ProblemsModel, summary_text
from aos_designer.template.source import Span
from aos_designer.validation import Diagnostic


def test_underlines_cover_diagnostic_ranges(window, opened):
    opened("unknown-references.yaml")
    text = window.buffer.text
    selections = window.editor.extraSelections()
    ranges = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in selections]
    unused = text.index("  flavor:") + 2
    expected = [(unused, unused + len("flavor"))]
    for needle in ("vcp}", "flavour}", "subnett}"):
        start = text.index(needle)
        expected.append((start, start + len(needle) - 1))
    assert ranges == expected
    colors = [s.format.underlineColor().name() for s in selections]
    assert colors == ["#ef8f00", "#d32f2f", "#d32f2f", "#d32f2f"]
    for selection in selections:
        style = selection.format.underlineStyle()
        assert style == QTextCharFormat.UnderlineStyle.WaveUnderline


def test_gutter_marks_lines_with_problems(window, opened):
    opened("unknown-references.yaml")
    assert window.editor.lines_with_marks() == {
        4: ["warning"],
        17: ["error"],
        22: ["error"],
        27: ["error"],
    }
    assert window.editor.messages_on_line(22) == [
        "error unknown-input: unknown input 'flavour'; did you mean 'flavor'?"
    ]
    assert window.editor.messages_on_line(23) == []


def test_gutter_tooltip_shows_message(qtbot, window, opened):
    opened("unknown-references.yaml")
    editor = window.editor
    cursor = QTextCursor(editor.document().findBlockByNumber(16))
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
    subnet = window.scene.nodes["subnet"]
    # The reference now works, so the missing requirement for it shows as a warning.
    assert (subnet.badge_count, subnet.worst_severity) == (1, "warning")
    assert ("subnet", "vpc") in window.scene.edges
    problems = window.problems.visible_diagnostics()
    assert [(d.line, d.code) for d in problems] == [
        (4, "unused-input"),
        (17, "reference-without-requirement"),
        (22, "unknown-input"),
        (27, "unknown-resource"),
    ]


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
        ("unknown-input", 22),
        ("unknown-resource", 17),
        ("unknown-resource", 27),
        ("unused-input", 4),
    ]
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [d.line for d in window.problems.visible_diagnostics()] == [27, 22, 17, 4]
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [d.severity for d in window.problems.visible_diagnostics()] == [
        "error",
        "error",
        "error",
        "warning",
    ]


def test_problems_filter_box(qtbot, window, opened):
    opened("unknown-references.yaml")
    qtbot.keyClicks(window.problems.filter_box, "INPUT")
    codes = [d.code for d in window.problems.visible_diagnostics()]
    assert codes == ["unused-input", "unknown-input"]
    window.problems.filter_box.clear()
    qtbot.keyClicks(window.problems.filter_box, "warning")
    codes = [d.code for d in window.problems.visible_diagnostics()]
    assert codes == ["unused-input"]
    window.problems.filter_box.clear()
    assert len(window.problems.visible_diagnostics()) == 4
    assert window.problems.summary.text() == "3 errors, 1 warning"
    assert window.counts_label.text() == "3 errors, 1 warning"


def test_summary_uses_row_severity_words(qapp):
    span = Span(0, 1, 1, 1, 1, 2)
    found = [
        Diagnostic("input-needs-value", "info", "a", ("inputs", "a"), span),
        Diagnostic("unknown-property", "warning", "b", ("node_templates",), span),
        Diagnostic("unknown-property", "warning", "c", ("node_templates",), span),
    ]
    assert summary_text(found) == "2 warnings, 1 info"
    assert summary_text(found + found[:1]) == "2 warnings, 2 info"
    assert summary_text(found[1:2]) == "1 warning"
    model = ProblemsModel()
    model.set_diagnostics(found)
    assert model.index(0, 0).data() == "info"
