"""Syntax errors in plain words: where a bracket or quote was opened, which key is
out of line, and the fix."""

from __future__ import annotations

import pytest

from aos_designer.template.yamlsource import YamlSyntaxError, parse_yaml

NEVER_CLOSED = "'[' is never closed; add ']' at the end of the list"

CASES = [
    pytest.param(
        "a: [1, 2\nb: 3\n",
        (1, 4),
        NEVER_CLOSED,
        id="unclosed-list",
    ),
    pytest.param(
        "a: [1,\n",
        (1, 4),
        NEVER_CLOSED,
        id="unclosed-list-after-comma",
    ),
    pytest.param(
        "a:\n  b: {c: 1\n  d: 2\n",
        (2, 6),
        "'{' is never closed; add '}' at the end of the mapping",
        id="unclosed-mapping",
    ),
    pytest.param(
        "a: {b: [1, 2}\n",
        (1, 13),
        "'}' does not close the list opened with '[' at line 1, column 8; close the "
        "list with ']' first, or remove '}'",
        id="wrong-closer",
    ),
    pytest.param(
        "a: [1,,2]\n",
        (1, 7),
        "an item is missing before this ',' in the list opened at line 1, column 4; "
        "remove the extra ','",
        id="double-comma",
    ),
    pytest.param(
        "a: 'open\n",
        (1, 4),
        "the ' here is never closed; end the string with '",
        id="unclosed-quote",
    ),
    pytest.param(
        "vpc:\n  name: web\n   cidr: 10.0.0.0/16\n",
        (3, 4),
        "'cidr' is indented to column 4, deeper than 'name' on the line above, so it "
        "reads as more text of that value; indent it to column 3 like 'name', or "
        "quote the value if the ':' belongs to it",
        id="key-indented-deeper",
    ),
    pytest.param(
        "vpc: name: web\n",
        (1, 10),
        "a ':' followed by a space makes a key here, but a value is expected; put "
        "the key on a line of its own, indented like the keys beside it, or quote "
        "the value if the ':' belongs to it",
        id="key-after-key",
    ),
    pytest.param(
        "vpc:\n  name: {concat: [a, b]}\n   cidr: 10.0.0.0/16\n",
        (3, 4),
        "'cidr' is indented to column 4, which lines up with no key above it: the "
        "mapping it follows starts at line 2, column 3; indent it to column 3 like "
        "'name'",
        id="key-after-flow-value",
    ),
    pytest.param(
        "vpc:\n    name: web\n  cidr: 10.0.0.0/16\n",
        (3, 3),
        "'cidr' is indented to column 3, which lines up with no key above it: the "
        "mapping it follows starts at line 1, column 1; indent it to column 1 like "
        "'vpc' or to column 5 like 'name'",
        id="key-between-levels",
    ),
    pytest.param(
        "a: [1, 2]]\n",
        (1, 10),
        "']' follows a complete value on line 1; remove it, or start a new line for a "
        "new key",
        id="text-after-value",
    ),
    pytest.param(
        "a:\n  - x\n  y: 1\n",
        (3, 3),
        "'y' is inside the list that starts at line 2, column 3, but is not a list "
        "item; start it with '- ', or indent it less than the list to end the list",
        id="key-in-list",
    ),
    pytest.param(
        "\ufeffa: [1\n",
        (1, 5),
        NEVER_CLOSED,
        id="after-byte-order-mark",
    ),
]


@pytest.mark.parametrize(("text", "place", "message"), CASES)
def test_syntax_error_message(text: str, place: tuple[int, int], message: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.column) == place
    assert caught.value.message == message
    assert text[caught.value.offset] == text.splitlines()[place[0] - 1][place[1] - 1]
