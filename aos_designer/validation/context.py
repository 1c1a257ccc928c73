"""The context the rules share while checking one template, and its report method."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx

from ..catalog import Catalog
from ..template.evaluation import Evaluator
from ..template.functions import PSEUDO_INPUTS
from ..template.model import Template
from ..template.source import Path, Span
from .codes import severity_of
from .diagnostics import Diagnostic
from .facts import ResourceFacts, graph_from_facts


@dataclass
class Context:
    """The template under check, the catalog, and the diagnostics found so far.

    `facts` contains what each resource's check found (references, inputs used,
    resolved properties). The rules about the whole template read it, so they do not
    walk every resource again.
    """

    template: Template
    catalog: Catalog
    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: dict[str, ResourceFacts] = field(default_factory=dict)

    @cached_property
    def evaluator(self) -> Evaluator:
        """An evaluator with the inputs' defaults, the mappings and the conditions.
        Pseudo inputs and runtime attributes stay unknown to it."""
        return Evaluator(
            self.template.input_defaults(),
            self.template.mappings,
            self.template.conditions,
        )

    @cached_property
    def graph(self) -> nx.DiGraph:
        return graph_from_facts(self.template, self.facts)

    @cached_property
    def input_names(self) -> set[str]:
        return set(self.template.inputs) | set(PSEUDO_INPUTS)

    def child(self) -> Context:
        """Return a context that shares everything but collects its own diagnostics."""
        other = Context(self.template, self.catalog, [], self.facts)
        other.__dict__["evaluator"] = self.evaluator
        return other

    def span_of(self, path: Path, at_key: bool = False) -> Span:
        """Return where the value at `path` (or its key, with `at_key`) is written.

        A value brought in by an alias or a merge key points at the alias or the
        merge key in the place being checked, not at the shared anchor.
        """
        entry = self.template.source_map.entry(path)
        if entry is None:
            return self.template.span(())
        if entry.via is not None:
            return entry.via
        if at_key and entry.key_span is not None:
            return entry.key_span
        return entry.span

    def report(
        self,
        code: str,
        message: str,
        path: Path,
        *,
        at_key: bool = False,
        span: Span | None = None,
        **details: Any,
    ) -> None:
        """Add a diagnostic about the value at `path`; its severity is the code's."""
        if span is None:
            span = self.span_of(tuple(path), at_key)
        self.diagnostics.append(
            Diagnostic(code, severity_of(code), message, tuple(path), span, details)
        )
