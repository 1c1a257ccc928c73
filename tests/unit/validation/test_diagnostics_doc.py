"""docs/diagnostics.md: every code with its severity, and examples that stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aos_designer.validation import CODES, validate_text

DOC = Path(__file__).parents[3] / "docs" / "diagnostics.md"
SECTION = re.compile(
    r"^## (?P<code>[a-z-]+)\n\nSeverity: (?P<severity>\w+)\.[^\n]*\n\n"
    r"(?:```yaml\n(?P<example>.*?)```\n\n```\n(?P<output>[^\n]*)\n```)?",
    re.MULTILINE | re.DOTALL,
)


def sections() -> dict[str, re.Match]:
    return {
        match["code"]: match
        for match in SECTION.finditer(DOC.read_text(encoding="utf-8"))
    }


def test_table_lists_every_code_with_severity() -> None:
    text = DOC.read_text(encoding="utf-8")
    for code in CODES.values():
        assert (
            f"| [`{code.name}`](#{code.name}) | {code.severity} | {code.summary} |"
            in text
        )


def test_every_code_has_a_section() -> None:
    assert sorted(sections()) == sorted(CODES)


@pytest.mark.parametrize("code", [name for name in CODES if name != "property-invalid"])
def test_example_gives_the_shown_diagnostic(code: str) -> None:
    match = sections()[code]
    assert match["severity"] == CODES[code].severity
    assert match["example"] is not None
    lines = [d.as_text("template.yaml") for d in validate_text(match["example"])]
    assert match["output"] in lines
