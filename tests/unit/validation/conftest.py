"""Fixtures for the validator's tests: templates in, (code, line, column) out."""

from __future__ import annotations

import textwrap

import pytest

from aos_designer.validation import Diagnostic, validate_text

HEADER = "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"


def template(body: str) -> str:
    """Return a template: the version line, then `body` dedented."""
    return HEADER + textwrap.dedent(body).lstrip("\n")


def findings(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in diagnostics]


@pytest.fixture
def check():
    """Validate a template body (the version line is added) and return its
    diagnostics as (code, line, column), in order."""

    def run(body: str) -> list[tuple[str, int, int]]:
        return findings(validate_text(template(body)))

    return run


@pytest.fixture
def diagnose():
    """Validate a template body and return the diagnostics themselves."""

    def run(body: str) -> list[Diagnostic]:
        return validate_text(template(body))

    return run
