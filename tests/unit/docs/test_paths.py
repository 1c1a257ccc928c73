"""The docs name programs the way a fresh clone has them: in the project's .venv."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
PROGRAM = re.compile(r"(\S*)/bin/(?:python3?|aos-designer|pip|pytest)\b")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_programs_run_from_venv(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    prefixes = {match.group(1).strip("`'\"(") for match in PROGRAM.finditer(text)}
    assert prefixes <= {".venv"}, sorted(prefixes)
