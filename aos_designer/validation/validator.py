"""The validator: runs every rule over a template and collects diagnostics."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import networkx as nx

from ..template.graph import dependency_graph
from ..template.model import Template, parse_template
from ..template.source import Path, Span
from ..template.yamlsource import YamlSyntaxError
from .diagnostics import ERROR, Diagnostic, sort_key

log = logging.getLogger(__name__)


@dataclass
class Context:
    """What the rules share while checking one template."""

    template: Template
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def graph(self) -> nx.DiGraph:
        return dependency_graph(self.template)

    def report(
        self,
        code: str,
        severity: str,
        message: str,
        path: Path,
        *,
        at_key: bool = False,
        span: Span | None = None,
        **details: Any,
    ) -> None:
        """Add a diagnostic about the value at `path` (or its key, with `at_key`)."""
        if span is None:
            entry = self.template.source_map.entry(path)
            if entry is None:
                span = self.template.span(())
            elif entry.via is not None:
                # A value brought in by an alias or a merge key: point at the alias in
                # the place being checked, not at the shared anchor.
                span = entry.via
            elif at_key and entry.key_span is not None:
                span = entry.key_span
            else:
                span = entry.span
        self.diagnostics.append(Diagnostic(code, severity, message, tuple(path), span, details))


Rule = Callable[[Context], None]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    """Register a rule; rules run in the order they were registered."""
    RULES.append(function)
    return function


def validate_template(template: Template) -> list[Diagnostic]:
    """Check a parsed template; return its diagnostics sorted by position."""
    from . import rules  # noqa: F401  (registers the rules)

    context = Context(template)
    for check in RULES:
        check(context)
    return sorted(context.diagnostics, key=sort_key)


def syntax_diagnostic(error: YamlSyntaxError) -> Diagnostic:
    span = Span(error.offset, error.offset, error.line, error.column, error.line, error.column)
    return Diagnostic("yaml-syntax", ERROR, f"invalid YAML: {error.message}", (), span)


def validate_text(text: str) -> list[Diagnostic]:
    """Parse and check template text; a syntax error is the only diagnostic then."""
    try:
        template = parse_template(text)
    except YamlSyntaxError as error:
        return [syntax_diagnostic(error)]
    return validate_template(template)

