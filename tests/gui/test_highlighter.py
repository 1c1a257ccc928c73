"""YAML highlighting line by line through pygments."""

from __future__ import annotations

from pygments.lexers.data import YamlLexer
from PySide6.QtGui import QFont, QTextDocument

from aos_designer.gui.editor.editor import YamlEditor
from aos_designer.gui.editor.highlighter import YamlHighlighter, lex_line


def formats_of(document: QTextDocument, line: int) -> list[tuple[int, int, str, bool]]:
    block = document.findBlockByNumber(line)
    return [
        (
            r.start,
            r.length,
            r.format.foreground().color().name(),
            r.format.fontWeight() == QFont.Weight.Bold,
        )
        for r in block.layout().formats()
        if r.format.foreground().color().name() != "#bbbbbb"  # whitespace
    ]


def highlighted(text: str) -> tuple[YamlEditor, QTextDocument]:
    """Return an editor showing `text` (kept so its document lives) and its document."""
    editor = YamlEditor()
    editor.setPlainText(text)
    return editor, editor.document()


def test_keys_comments_and_indicators(qapp):
    editor, document = highlighted(
        "name: web # the server\nnics:\n  - subnet: 可用区\n"
    )
    assert formats_of(document, 0) == [
        (0, 4, "#062873", True),
        (10, 12, "#60a0b0", False),
    ]
    assert formats_of(document, 1) == [(0, 4, "#062873", True)]
    assert (10, 6, "#062873", True) not in formats_of(document, 2)
    assert (4, 6, "#062873", True) in formats_of(document, 2)
    assert isinstance(document.findChild(YamlHighlighter), YamlHighlighter)


def test_positions_count_utf16_units(qapp):
    editor, document = highlighted("a: 😀 # note\n")
    # The emoji takes two UTF-16 units, so the comment starts at 6, not 5.
    assert (6, 6, "#60a0b0", False) in formats_of(document, 0)


def test_state_carries_to_next_line(qapp):
    editor, document = highlighted("script: |\n  name: not a key\nnext: 1\n")
    assert (2, 4, "#062873", True) not in formats_of(document, 1)
    assert (0, 4, "#062873", True) in formats_of(document, 2)


def test_line_lexing_matches_whole_text(data_dir):
    lexer = YamlLexer()
    for name in (
        "block-scalars.yaml",
        "iaas-vpc-subnet-ecs.yaml",
        "ecs-region-mappings.yaml",
    ):
        text = (data_dir / name).read_text(encoding="utf-8")
        whole: list = []
        for _, token, value in lexer.get_tokens_unprocessed(text):
            whole += [token] * len(value)
        by_line: list = []
        state = None
        for line in text.split("\n"):
            tokens, state = lex_line(lexer, line, state)
            types = [None] * len(line)
            for start, token, length in tokens:
                types[start : start + length] = [token] * length
            by_line += types + [None]  # the line break; one past the text at the end
        differing = [
            index
            for index, (mine, theirs) in enumerate(zip(by_line, whole, strict=False))
            if mine is not None and mine != theirs and not text[index].isspace()
        ]
        assert differing == [], name


def test_block_scalar_body_is_not_keys(qapp, data_dir):
    editor, document = highlighted(
        (data_dir / "block-scalars.yaml").read_text(encoding="utf-8")
    )
    line = document.findBlockByNumber(11).text()
    assert line == '        echo "name: not a key" > /etc/motd'
    assert all(color != "#062873" for _, _, color, _ in formats_of(document, 11))
    assert document.findBlockByNumber(19).text() == "      tags: [web,"
    assert (6, 4, "#062873", True) in formats_of(document, 19)
    assert editor.document() is document
