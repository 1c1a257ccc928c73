"""Diagnostics: what the validator found, where, and how bad it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..template.source import Path, Span, json_pointer
from .codes import ERROR, INFO, WARNING

__all__ = ["ERROR", "INFO", "WARNING", "Diagnostic", "has_errors", "sort_key"]

SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a stable `code`, a severity, a message in plain words, the path of
    the value it is about and the exact range of text. `details` carries data for the
    views, such as the resources of a cycle (`cycle`) or a suggested name (`suggestion`).
    """

    code: str
    severity: str
    message: str
    path: Path
    span: Span
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def end_column(self) -> int:
        return self.span.end_column

    @property
    def pointer(self) -> str:
        return json_pointer(self.path)

    @property
    def resource(self) -> str | None:
        """The resource the diagnostic is about, when it is inside one."""
        if len(self.path) >= 2 and self.path[0] == "node_templates":
            return str(self.path[1])
        return None

    def as_json(self, file: str) -> dict[str, Any]:
        return {
            "file": file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "path": self.pointer,
        }

    def as_text(self, file: str) -> str:
        return f"{file}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"

    def moved(self, offset: int, lines: int) -> Diagnostic:
        """Return the same diagnostic with its span moved by `offset` characters and
        `lines` lines, for a resource whose text moved but did not change."""
        span = self.span
        moved_span = Span(
            span.start + offset,
            span.end + offset,
            span.line + lines,
            span.column,
            span.end_line + lines,
            span.end_column,
        )
        return Diagnostic(
            self.code, self.severity, self.message, self.path, moved_span, self.details
        )


def sort_key(diagnostic: Diagnostic) -> tuple[int, int, int, str, str]:
    return (
        diagnostic.line,
        diagnostic.column,
        SEVERITY_RANK.get(diagnostic.severity, 3),
        diagnostic.code,
        diagnostic.message,
    )


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)
