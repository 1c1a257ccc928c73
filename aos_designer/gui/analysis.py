"""One analysis of the editor's text: parse, validate, and what the views need from it.

`analyze` is plain Python, so it can run on a worker thread. Each `Analysis` belongs
to one revision of the text, and the window shows only the newest revision's.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..catalog import default_catalog
from ..template.graph import dependency_graph
from ..template.incremental import reparse
from ..template.model import Template, parse_template
from ..template.source import EMPTY_SPAN
from ..template.textedit import TextEdit
from ..template.yamlsource import YamlSyntaxError
from ..validation import ERROR, Diagnostic, syntax_diagnostic
from ..validation.validator import Cancelled, ValidationCancelled, Validator
from .textfile import QtOffsets

log = logging.getLogger(__name__)

CYCLE_CODE = "dependency-cycle"
# A line of nothing but spaces or a comment, which ends no resource's body.
_EMPTY_LINE = re.compile(r"[ \t]*(#.*)?")


@dataclass(frozen=True, slots=True)
class Edge:
    """A dependency of `source` on `target`; `wired` when some value of `source` uses
    `target` (not only an ordering-only `dependency` requirement)."""

    source: str
    target: str
    wired: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResourceBlock:
    """The place of a resource in the text, as Python offsets. `key` is the start of
    its name, `line` the start of that name's line and `end` the end of the last line
    of its body that is not blank or a comment."""

    line: int
    key: int
    end: int


@dataclass
class Analysis:
    """The parse and the diagnostics of one revision of the text.

    `template` is None when the text does not parse, and `syntax_error` is then the
    diagnostic of that error. `blocks` maps each resource to its place in the text.
    """

    revision: int
    text: str
    template: Template | None
    diagnostics: list[Diagnostic]
    syntax_error: Diagnostic | None = None
    edges: list[Edge] = field(default_factory=list)
    cycle_edges: set[tuple[str, str]] = field(default_factory=set)
    blocks: dict[str, ResourceBlock] = field(default_factory=dict)
    offsets: QtOffsets | None = None
    # The catalog's icon file for each resource, None for a type it does not know.
    icons: dict[str, str | None] = field(default_factory=dict)

    @property
    def parsed(self) -> bool:
        return self.template is not None

    def resource_at(self, offset: int) -> str | None:
        """Return the resource whose block holds Python offset `offset`."""
        for name, block in self.blocks.items():
            if block.line <= offset <= block.end:
                return name
        return None

    def counts_by_resource(self) -> dict[str, list[Diagnostic]]:
        found: dict[str, list[Diagnostic]] = defaultdict(list)
        for diagnostic in self.diagnostics:
            if diagnostic.resource is not None:
                found[diagnostic.resource].append(diagnostic)
        return dict(found)


class Analyzer:
    """Analyses successive revisions of one text, reusing the work of the last one.

    A change inside one entry re-parses only that entry, and the validator re-checks
    only the resources that changed. Use one instance from one thread at a time.
    """

    def __init__(self) -> None:
        self.validator = Validator()
        self._previous: Template | None = None

    def analyze(
        self, text: str, revision: int, cancelled: Cancelled | None = None
    ) -> Analysis:
        """Parse and validate `text`; a syntax error leaves `template` None.

        Raise `ValidationCancelled` when `cancelled()` turns true during validation.
        """
        try:
            template = self._parse(text)
        except YamlSyntaxError as error:
            diagnostic = syntax_diagnostic(error)
            offsets = QtOffsets(text)
            return Analysis(
                revision, text, None, [diagnostic], diagnostic, offsets=offsets
            )
        self._previous = template
        return _checked(template, revision, self.validator, cancelled)

    def _parse(self, text: str) -> Template:
        previous = self._previous
        if previous is not None and previous.text != text:
            edit = text_change(previous.text, text)
            try:
                spliced = reparse(previous, edit, text)
            except Exception:  # noqa: BLE001 - the full parse below is always right
                log.exception("re-parsing only the changed entries failed")
                spliced = None
            if spliced is not None:
                return spliced
        elif previous is not None:
            return previous
        return parse_template(text)


def analyze(text: str, revision: int) -> Analysis:
    """Parse and validate `text` from scratch; a syntax error leaves `template` None."""
    return Analyzer().analyze(text, revision)


def text_change(old: str, new: str) -> TextEdit:
    """Return the one replacement that turns `old` into `new`: everything between
    their common start and their common end."""
    limit = min(len(old), len(new))
    prefix = _common_length(old, new, limit, from_end=False)
    suffix = _common_length(old, new, limit - prefix, from_end=True)
    return TextEdit(prefix, len(old) - suffix, new[prefix : len(new) - suffix])


def _common_length(old: str, new: str, limit: int, from_end: bool) -> int:
    """Return how many characters `old` and `new` share at their start (or end), at
    most `limit`, by bisection over slice comparisons done in C."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if from_end:
            same = old[len(old) - middle :] == new[len(new) - middle :]
        else:
            same = old[:middle] == new[:middle]
        if same:
            low = middle
        else:
            high = middle - 1
    return low


def _checked(
    template: Template,
    revision: int,
    validator: Validator,
    cancelled: Cancelled | None,
) -> Analysis:
    try:
        diagnostics = validator.validate(template, cancelled=cancelled)
        edges = template_edges(template)
    except ValidationCancelled:
        raise
    except Exception as error:  # noqa: BLE001 - a validator bug must not stop the views
        log.exception("validating revision %d failed", revision)
        diagnostics = [_internal_error(error)]
        edges = []
    text = template.text
    offsets = QtOffsets(text)
    return Analysis(
        revision,
        text,
        template,
        diagnostics,
        edges=edges,
        cycle_edges=cycle_edges(diagnostics),
        blocks=resource_blocks(template),
        offsets=offsets,
        icons=resource_icons(template),
    )


def _internal_error(error: Exception) -> Diagnostic:
    return Diagnostic(
        "validator-failed",
        ERROR,
        f"the validator failed on this text ({type(error).__name__}: {error}); the "
        "diagram shows the resources without their checks; please report this template",
        (),
        EMPTY_SPAN,
    )


def template_edges(template: Template) -> list[Edge]:
    """Return one edge per pair of dependent resources, in the order written."""
    graph = dependency_graph(template)
    edges = []
    for source, target, data in graph.edges(data=True):
        links = data.get("links", [])
        wired = any(link.kind != "dependency" for link in links)
        reasons = tuple(_reason(link.kind, link.name) for link in links)
        edges.append(Edge(source, target, wired, reasons))
    edges.sort(
        key=lambda edge: (
            graph.nodes[edge.source]["index"],
            graph.nodes[edge.target]["index"],
        )
    )
    return edges


def _reason(kind: str, name: str) -> str:
    if kind == "dependency":
        return "dependency (ordering only)"
    if kind == "requirement":
        return f"requirement {name}"
    return f"{name} in its properties"


def cycle_edges(diagnostics: list[Diagnostic]) -> set[tuple[str, str]]:
    """Return the (source, target) pairs on the path of every dependency cycle found."""
    pairs: set[tuple[str, str]] = set()
    for diagnostic in diagnostics:
        if diagnostic.code != CYCLE_CODE:
            continue
        cycle = [str(name) for name in diagnostic.details.get("cycle", [])]
        for index, name in enumerate(cycle):
            pairs.add((name, cycle[(index + 1) % len(cycle)]))
    return pairs


def resource_icons(template: Template) -> dict[str, str | None]:
    """Return the catalog's icon file of each resource's type."""
    catalog = default_catalog()
    # A template uses few types, and each look-up resolves the resources folder.
    by_type: dict[str | None, str | None] = {None: None}
    icons: dict[str, str | None] = {}
    for name, resource in template.resources.items():
        if resource.type not in by_type:
            path = catalog.icon_path(resource.type)
            by_type[resource.type] = str(path) if path is not None else None
        icons[name] = by_type[resource.type]
    return icons


def resource_blocks(template: Template) -> dict[str, ResourceBlock]:
    text = template.text
    blocks = {}
    for name in template.resources:
        span = template.resource_span(name)
        line = text.rfind("\n", 0, span.start) + 1
        blocks[name] = ResourceBlock(
            line, span.start, _body_end(text, span.start, span.end)
        )
    return blocks


def _body_end(text: str, start: int, end: int) -> int:
    """Move `end` back over trailing blank and comment-only lines to the end of the
    last line that contains part of the body."""
    end = min(end, len(text))
    while end > start:
        line_start = text.rfind("\n", start, end - 1) + 1
        line_start = max(line_start, start)
        line = text[line_start:end].rstrip("\n")
        if line_start > start and _EMPTY_LINE.fullmatch(line):
            end = line_start - 1 if line_start > 0 else 0
            continue
        return line_start + len(line.rstrip(" \t"))
    return end
