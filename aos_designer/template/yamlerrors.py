"""Plain-word messages for libyaml's syntax errors.

libyaml reports where parsing stopped and what it expected ("did not find expected
',' or ']' (while parsing a flow sequence)"), which is often lines after the real
mistake. This module names the mistake instead: the bracket or quote that is never
closed and where it was opened, the key that is out of line and the indentation
that would fit, with the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_CLOSERS = {"[": "]", "{": "}"}
_COLLECTION = {"[": "list", "{": "mapping"}


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A syntax error in plain words, with the libyaml mark where the fix goes."""

    message: str
    mark: Any


def describe(error: yaml.MarkedYAMLError, text: str, loader: type) -> SyntaxProblem:
    """Describe a libyaml error in `text` (without a byte order mark).

    `loader` is the PyYAML loader class that raised it, used to find the brackets
    that are still open where parsing stopped.
    """
    problem_mark = error.problem_mark
    context = error.context or ""
    problem = error.problem or ""
    if "flow" in context:
        described = _flow_problem(text, problem_mark, loader)
        if described is not None:
            return described
    if context == "while scanning a quoted scalar" and error.context_mark is not None:
        return _unclosed_quote(text, error.context_mark)
    if problem == "did not find expected key" and error.context_mark is not None:
        return _key_out_of_line(text, error.context_mark, problem_mark)
    if "did not find expected '-' indicator" in problem and error.context_mark:
        return _not_a_list_item(text, error.context_mark, problem_mark)
    if problem == "mapping values are not allowed in this context":
        deeper = _key_deeper_than_value(text, problem_mark)
        if deeper is not None:
            return deeper
        return SyntaxProblem(
            "a ':' followed by a space makes a key here, but a value is expected; "
            "put the key on a line of its own, indented like the keys beside it, or "
            "quote the value if the ':' belongs to it",
            problem_mark,
        )
    message = f"{problem} ({context})" if context else problem
    return SyntaxProblem(message, problem_mark)


def _open_brackets(text: str, end: int, loader: type) -> list[Any]:
    """Return the start marks of the flow collections still open at offset `end`."""
    opened: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.index >= end:
                break
            if isinstance(
                token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
            ):
                opened.append(token.start_mark)
            elif isinstance(
                token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
            ) and opened:
                opened.pop()
    except yaml.YAMLError:
        # The scanner stops at its own error, and the brackets before it are known.
        pass
    return opened


def _flow_problem(text: str, mark: Any, loader: type) -> SyntaxProblem | None:
    offset = mark.index
    opened = _open_brackets(text, offset, loader)
    if not opened:
        return None
    start = opened[-1]
    opener = text[start.index]
    if opener not in _CLOSERS:
        return None
    closer = _CLOSERS[opener]
    kind = _COLLECTION[opener]
    where = f"line {start.line + 1}, column {start.column + 1}"
    found = text[offset : offset + 1]
    if found in ("]", "}") and found != closer:
        return SyntaxProblem(
            f"'{found}' does not close the {kind} opened with '{opener}' at {where}; "
            f"close the {kind} with '{closer}' first, or remove '{found}'",
            mark,
        )
    if found == ",":
        return SyntaxProblem(
            f"an item is missing before this ',' in the {kind} opened at {where}; "
            "remove the extra ','",
            mark,
        )
    return SyntaxProblem(
        f"'{opener}' is never closed; add '{closer}' at the end of the {kind}", start
    )


def _unclosed_quote(text: str, start: Any) -> SyntaxProblem:
    quote = text[start.index : start.index + 1]
    return SyntaxProblem(
        f"the {quote} here is never closed; end the string with {quote}",
        start,
    )


def _key_out_of_line(text: str, context: Any, problem: Any) -> SyntaxProblem:
    line_start = text.rfind("\n", 0, problem.index) + 1
    if text[line_start : problem.index].strip():
        found = _word_at(text, problem.index)
        return SyntaxProblem(
            f"'{found}' follows a complete value on line {problem.line + 1}; remove "
            "it, or start a new line for a new key",
            problem,
        )
    key = _word_at(text, problem.index)
    sibling = _word_at(text, context.index)
    options = [f"column {context.column + 1} like '{sibling}'"]
    previous = _previous_indent(text, line_start)
    if previous is not None and previous[0] > problem.column:
        options.append(f"column {previous[0] + 1} like '{previous[1]}'")
    return SyntaxProblem(
        f"'{key}' is indented to column {problem.column + 1}, which lines up with no "
        f"key above it: the mapping it follows starts at line {context.line + 1}, "
        f"column {context.column + 1}; indent it to {' or to '.join(options)}",
        problem,
    )


def _key_deeper_than_value(text: str, problem: Any) -> SyntaxProblem | None:
    """Describe a key indented deeper than the `key: value` line above it, which
    YAML reads as more text of that value."""
    line_start = text.rfind("\n", 0, problem.index) + 1
    line = text[line_start : problem.index]
    indent = len(line) - len(line.lstrip(" "))
    if not line.strip() or ":" in line:
        return None
    previous = _previous_indent(text, line_start)
    if previous is None or previous[0] >= indent:
        return None
    key = line.strip()
    return SyntaxProblem(
        f"'{key}' is indented to column {indent + 1}, deeper than '{previous[1]}' "
        f"on the line above, so it reads as more text of that value; indent it to "
        f"column {previous[0] + 1} like '{previous[1]}', or quote the value if the "
        "':' belongs to it",
        _Mark(line_start + indent, problem.line, indent),
    )


@dataclass(frozen=True, slots=True)
class _Mark:
    """A position in the text, with the attributes of a libyaml mark (0-based)."""

    index: int
    line: int
    column: int


def _not_a_list_item(text: str, context: Any, problem: Any) -> SyntaxProblem:
    found = _word_at(text, problem.index)
    return SyntaxProblem(
        f"'{found}' is inside the list that starts at line {context.line + 1}, "
        f"column {context.column + 1}, but is not a list item; start it with '- ', "
        "or indent it less than the list to end the list",
        problem,
    )


def _previous_indent(text: str, line_start: int) -> tuple[int, str] | None:
    """Return the indentation and first word of the nearest line above `line_start`
    that contains more than a comment."""
    lines = text[:line_start].splitlines()
    offset = line_start
    for line in reversed(lines):
        offset -= len(line) + 1
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            indent = len(line) - len(stripped)
            return indent, _word_at(text, offset + indent)
    return None


def _word_at(text: str, offset: int) -> str:
    """Return the key or text at `offset`, up to ':' or the end of the line."""
    end = text.find("\n", offset)
    line = text[offset : end if end >= 0 else len(text)]
    word = line.split(": ", 1)[0].rstrip(":").strip()
    return word[:40] if word else line.strip()[:40]
