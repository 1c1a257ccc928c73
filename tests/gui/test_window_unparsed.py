"""Opening a template whose text does not parse: the editor's cursor goes to the
syntax error and the empty diagram names the error's line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from aos_designer.gui.canvas.view import EMPTY_HINT

# Line 142 of three-tier-shop.yaml, with its list left open at column 13.
SIZE_LINE = "      size: {get_in_map: [sizes, {get_input: env}, disk]}\n"
BROKEN_LINE = "      size: [40\n"
SYNTAX_HINT = (
    "No diagram: the text does not parse at line 142, column 13.\n"
    "Fix it in the editor; the message above says what is wrong."
)


def broken_copy(data_dir: Path, tmp_path: Path) -> Path:
    text = (data_dir / "three-tier-shop.yaml").read_text(encoding="utf-8")
    assert text.count(SIZE_LINE) == 1
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(SIZE_LINE, BROKEN_LINE), encoding="utf-8")
    return path


def drawn_pixels(view) -> int:
    """Return how many pixels of the view differ from the diagram's background."""
    image = view.viewport().grab().toImage()
    background = view.scene().backgroundBrush().color().rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(image.width())
        if image.pixel(x, y) != background
    )


def test_open_unparsed_moves_cursor(window, data_dir, tmp_path, wait_shown):
    assert window.open_path(broken_copy(data_dir, tmp_path))
    wait_shown(window)

    cursor = window.editor.textCursor()
    assert cursor.blockNumber() == 141
    assert cursor.positionInBlock() == 12
    assert not cursor.hasSelection()
    viewport = window.editor.viewport().rect()
    assert viewport.contains(window.editor.cursorRect())
    assert window.position_label.text() == "Line 142, Column 13"


def test_open_unparsed_names_line(window, data_dir, tmp_path, wait_shown):
    assert window.open_path(broken_copy(data_dir, tmp_path))
    wait_shown(window)

    assert window.scene.nodes == {}
    assert window.view.hint_text() == SYNTAX_HINT
    assert not window.view.hint_shown()
    assert drawn_pixels(window.view) > 100
    assert window.banner.text() == (
        "Line 142, column 13: invalid YAML: '[' is never closed; add ']' at the end "
        "of the list."
    )


def test_fixed_text_drops_syntax_hint(qtbot, window, data_dir, tmp_path, wait_shown):
    assert window.open_path(broken_copy(data_dir, tmp_path))
    wait_shown(window)

    qtbot.keyClick(window.editor, Qt.Key.Key_End)
    qtbot.keyClick(window.editor, Qt.Key.Key_BracketRight)
    wait_shown(window)
    assert len(window.scene.nodes) == 13
    assert window.view.hint_text() == ""
    assert not window.banner.isVisible()

    # A syntax error typed later leaves the cursor where the typing is.
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    wait_shown(window)
    assert window.banner.isVisible()
    cursor = window.editor.textCursor()
    assert cursor.blockNumber() == 141
    assert cursor.positionInBlock() == 15


def test_typed_unparsed_text_names_line(window, wait_shown):
    wait_shown(window)
    assert window.view.hint_text() == EMPTY_HINT

    window.buffer.set_text("node_templates: [\n")
    wait_shown(window)
    assert window.view.hint_text() == (
        "No diagram: the text does not parse at line 1, column 17.\n"
        "Fix it in the editor; the message above says what is wrong."
    )
    # Replacing the text is not opening a file, so the cursor stays at the end.
    assert window.editor.textCursor().position() == 18

    window.buffer.set_text("node_templates: {}\n")
    wait_shown(window)
    assert window.view.hint_text() == EMPTY_HINT
