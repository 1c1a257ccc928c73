"""Editor text and file text: newlines, byte order marks and UTF-16 positions."""

from __future__ import annotations

import pytest

from aos_designer.gui.textfile import QtOffsets, TextFormat, decode, encode


@pytest.mark.parametrize(
    ("file_text", "editor_text", "newline", "bom"),
    [
        ("a: 1\nb: 2\n", "a: 1\nb: 2\n", "\n", False),
        ("a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n", "\r\n", False),
        ("a: 1\rb: 2\r", "a: 1\nb: 2\n", "\r", False),
        ("\ufeffa: 1\r\nb: 2", "a: 1\nb: 2", "\r\n", True),
        ("", "", "\n", False),
    ],
)
def test_decode_then_encode_round_trip(file_text, editor_text, newline, bom):
    decoded, text_format = decode(file_text)
    assert decoded == editor_text
    assert text_format.newline == newline
    assert text_format.bom is bom
    assert encode(decoded, text_format) == file_text


def test_encode_edited_crlf_text():
    _, text_format = decode("a: 1\r\n")
    assert encode("a: 1\nb: 2\n", text_format) == "a: 1\r\nb: 2\r\n"


def test_mixed_newlines_kept_until_edited():
    file_text = "a: 1\r\nb: 2\nc: 3\r\n"
    editor_text, text_format = decode(file_text)
    assert editor_text == "a: 1\nb: 2\nc: 3\n"
    assert text_format.mixed
    assert encode(editor_text, text_format) == file_text
    assert (
        encode(editor_text + "d: 4\n", text_format)
        == "a: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n"
    )


def test_encode_adds_bom_only_when_read():
    assert encode("a: 1\n", TextFormat(bom=True)) == "\ufeffa: 1\n"
    assert encode("a: 1\n", TextFormat()) == "a: 1\n"


def test_qt_offsets_without_astral_characters():
    offsets = QtOffsets("name: 可用区\n")
    assert offsets.to_qt(8) == 8
    assert offsets.from_qt(8) == 8


def test_qt_offsets_around_astral_characters():
    text = "a😀b😀c"
    offsets = QtOffsets(text)
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [offsets.from_qt(p) for p in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    # Inside a surrogate pair: the offset of the pair's character.
    assert offsets.from_qt(2) == 1
