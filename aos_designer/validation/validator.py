"""The validator: runs every rule over a template and collects diagnostics.

`Validator` keeps what it found for each resource, keyed by the resource's text and by
what its rules read from the rest of the template (the inputs, mappings, conditions and
the name and type of every resource). After an edit inside one resource, only that
resource's rules run again; the others' findings are moved to their new place. The
rules about the whole template run every time, on facts each resource's check kept.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from ..catalog import Catalog, default_catalog
from ..template.model import Resource, Template, parse_template
from ..template.source import Span
from ..template.yamlsource import YamlSyntaxError
from .codes import ERROR
from .context import Context
from .diagnostics import Diagnostic, sort_key
from .facts import ResourceFacts, resource_calls, resource_usage
from .registry import DOCUMENT_RULES, RESOURCE_RULES

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# Sections whose text every resource rule may read through functions.
_SHARED_SECTIONS = ("tosca_definitions_version", "inputs", "mappings", "conditions")


class ValidationCancelled(Exception):
    """The caller's `cancelled` callback asked the validator to stop."""


def _load_rules() -> None:
    # The rule modules register their rules when imported.
    from . import (  # noqa: F401
        document_rules,
        function_rules,
        graph_rules,
        input_rules,
        network_rules,
        output_rules,
        reference_rules,
        resource_rules,
        usage_rules,
    )


@dataclass
class ValidationStats:
    """Counts of the last run: resources whose rules ran and resources reused."""

    checked: int = 0
    reused: int = 0


@dataclass
class _Finding:
    """The findings of one resource, with the offset and line where it started."""

    diagnostics: list[Diagnostic]
    facts: ResourceFacts
    start: int
    line: int


@dataclass
class Validator:
    """A validator that remembers each resource's findings between runs.

    Use one instance per open document, from one thread at a time: the window runs it
    after each pause in typing. `stats` gives the counts of the last run.
    """

    catalog: Catalog = field(default_factory=default_catalog)
    stats: ValidationStats = field(default_factory=ValidationStats)
    _findings: dict[tuple, _Finding] = field(default_factory=dict, repr=False)

    def validate_text(
        self,
        text: str,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> list[Diagnostic]:
        """Parse and check template text; a syntax error is the only diagnostic then."""
        try:
            template = parse_template(text)
        except YamlSyntaxError as error:
            return [syntax_diagnostic(error)]
        return self.validate(template, progress, cancelled)

    def validate(
        self,
        template: Template,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> list[Diagnostic]:
        """Check a parsed template and return its diagnostics sorted by position.

        `progress(done, total)` is called after each resource. When `cancelled()`
        returns true, the run stops with `ValidationCancelled` and the findings kept
        from earlier runs stay as they were.
        """
        _load_rules()
        context = Context(template, self.catalog)
        stats = ValidationStats()
        environment = _environment_key(template)
        findings: dict[tuple, _Finding] = {}
        found: list[Diagnostic] = []
        total = len(template.resources)
        for done, (name, resource) in enumerate(template.resources.items(), start=1):
            if cancelled is not None and cancelled():
                raise ValidationCancelled()
            key, span = _resource_key(template, resource, environment)
            earlier = self._findings.get(key) if key is not None else None
            if earlier is not None:
                lines = span.line - earlier.line
                offset = span.start - earlier.start
                diagnostics = [d.moved(offset, lines) for d in earlier.diagnostics]
                facts = earlier.facts
                stats.reused += 1
            else:
                diagnostics, facts = _check_resource(context, resource)
                stats.checked += 1
            context.facts[name] = facts
            if key is not None:
                findings[key] = _Finding(diagnostics, facts, span.start, span.line)
            found.extend(diagnostics)
            if progress is not None:
                progress(done, total)
        for check in DOCUMENT_RULES:
            check(context)
        self._findings = findings
        self.stats = stats
        log.debug(
            "validated %d resources: %d checked, %d reused",
            total,
            stats.checked,
            stats.reused,
        )
        return _unique_sorted(context.diagnostics + found)


def _check_resource(
    context: Context, resource: Resource
) -> tuple[list[Diagnostic], ResourceFacts]:
    local = context.child()
    calls = resource_calls(resource)
    facts = ResourceFacts(resource_usage(resource, calls), {}, calls)
    if "properties" in resource.data:
        facts.resolved = local.evaluator.partial(
            resource.properties,
            resource.path + ("properties",),
            on_error=facts.evaluation_errors.append,
        )
    for check in RESOURCE_RULES:
        check(local, resource, facts)
    return local.diagnostics, facts


def _section_text(template: Template, key: str) -> str:
    entry = template.source_map.get((key,))
    if entry is None:
        return ""
    return template.text[entry.span.start : entry.span.end]


def _environment_key(template: Template) -> str:
    """Return a digest of what resource rules read outside their own resource."""
    digest = hashlib.sha256()
    for key in _SHARED_SECTIONS:
        digest.update(_section_text(template, key).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    for name, resource in template.resources.items():
        digest.update(f"{name}\0{resource.type}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _resource_key(
    template: Template, resource: Resource, environment: str
) -> tuple[tuple | None, Span]:
    """Return the cache key of a resource's findings and the span of its text.

    A resource whose text contains an alias or a merge key reads text elsewhere, so its
    findings are not kept (the key is None).
    """
    span = template.resource_span(resource.name)
    text = template.text[span.start : span.end]
    if "*" in text or "<<" in text:
        return None, span
    return (resource.name, text, span.column, environment), span


def _unique_sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop a diagnostic that another rule already made at the same place. Missing
    properties are compared by name too, because they are all reported at one place."""
    seen: set[tuple] = set()
    unique = []
    for diagnostic in sorted(diagnostics, key=sort_key):
        identity = (
            diagnostic.code,
            diagnostic.path,
            diagnostic.span.start,
            diagnostic.details.get("missing"),
        )
        if identity in seen:
            continue
        seen.add(identity)
        unique.append(diagnostic)
    return unique


def validate_template(
    template: Template, catalog: Catalog | None = None
) -> list[Diagnostic]:
    """Check a parsed template; return its diagnostics sorted by position."""
    validator = Validator(catalog) if catalog is not None else Validator()
    return validator.validate(template)


def syntax_diagnostic(error: YamlSyntaxError) -> Diagnostic:
    span = Span(
        error.offset, error.offset, error.line, error.column, error.line, error.column
    )
    return Diagnostic("yaml-syntax", ERROR, f"invalid YAML: {error.message}", (), span)


def validate_text(text: str, catalog: Catalog | None = None) -> list[Diagnostic]:
    """Parse and check template text; a syntax error is the only diagnostic then."""
    validator = Validator(catalog) if catalog is not None else Validator()
    return validator.validate_text(text)
