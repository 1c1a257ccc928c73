"""Comparison of two template texts: what changed, item by item, plus a text diff.

Each section of a template (inputs, resources, outputs, mappings, conditions, policies)
is compared by item name. An item is added, removed, or changed. A changed item lists
every value that differs, with its path from the template's root, its old and new value
and its position in each text. Other top-level keys (`tosca_definitions_version`,
`description`, unknown keys) are compared as items of the section "template". The
dependency links between resources are compared too, so a diagram can colour its edges.

The comparison is structural: reordering keys, changing quotes or comments changes no
item, and only the text diff shows it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from .graph import dependency_graph
from .model import Template, parse_template
from .source import Path, Span, dotted_path, json_pointer
from .yamlsource import YamlSyntaxError

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"

# Section name used by the comparison -> its top-level key in the template.
SECTION_KEYS = {
    "inputs": "inputs",
    "resources": "node_templates",
    "outputs": "outputs",
    "mappings": "mappings",
    "conditions": "conditions",
    "policies": "policies",
}
TEMPLATE_SECTION = "template"
SECTIONS = (TEMPLATE_SECTION, *SECTION_KEYS)
# The heading of each section where a person reads the comparison, in section order.
SECTION_TITLES = {
    "template": "Template",
    "inputs": "Inputs",
    "resources": "Resources",
    "outputs": "Outputs",
    "mappings": "Mappings",
    "conditions": "Conditions",
    "policies": "Policies",
}


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One value that differs between the two texts.

    `path` starts at the template's root and is the path in the new text, except for
    a removed value, whose path is in the old text. `old` is meaningless for an added
    value and `new` for a removed one. The spans locate the value in each text (or its
    nearest written ancestor) and are None on the side that lacks the value.
    """

    kind: str
    path: Path
    old: Any
    new: Any
    old_span: Span | None
    new_span: Span | None

    @property
    def pointer(self) -> str:
        return json_pointer(self.path)

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"path": self.pointer, "change": self.kind}
        if self.kind != ADDED:
            document["old"] = self.old
            document["old_line"] = self.old_span.line if self.old_span else None
        if self.kind != REMOVED:
            document["new"] = self.new
            document["new_line"] = self.new_span.line if self.new_span else None
        return document


@dataclass(frozen=True, slots=True)
class ItemChange:
    """An added, removed or changed item of one section, such as a resource.

    `old` and `new` are the item's whole value on each side (None on the side that lacks
    it). `changes` lists the differing values of a changed item in the order of the new
    text. Within each mapping, the keys that only the old text has come last.
    """

    section: str
    name: str
    kind: str
    path: Path
    old: Any
    new: Any
    changes: tuple[ValueChange, ...] = ()
    old_span: Span | None = None
    new_span: Span | None = None

    @property
    def pointer(self) -> str:
        return json_pointer(self.path)

    @property
    def resource_type(self) -> str | None:
        """The type of a resource item: the new type, else the old one."""
        for value in (self.new, self.old):
            if isinstance(value, dict) and isinstance(value.get("type"), str):
                return value["type"]
        return None

    def relative_paths(self) -> list[Path]:
        """Return the paths of the changed values relative to the item: `properties`,
        `cidr` for `/node_templates/vpc/properties/cidr`."""
        return [change.path[len(self.path) :] for change in self.changes]

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "section": self.section,
            "name": self.name,
            "path": self.pointer,
        }
        if self.section == "resources":
            document["type"] = self.resource_type
        if self.kind == ADDED:
            document["value"] = self.new
            document["line"] = self.new_span.line if self.new_span else None
        elif self.kind == REMOVED:
            document["value"] = self.old
            document["line"] = self.old_span.line if self.old_span else None
        else:
            document["changes"] = [change.as_json() for change in self.changes]
        return document


def relative_path(item: ItemChange, change: ValueChange) -> str:
    """Return a change's path inside its item, dotted: `properties.cidr`, and
    `properties.ports[1]` for a list element. A change of the whole item is "(value)"."""
    return dotted_path(change.path[len(item.path) :]) or "(value)"


def value_text(value: Any) -> str:
    """Write a value as JSON, so `10` and `"10"` read differently."""
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass(frozen=True, slots=True)
class LinkChange:
    """A dependency edge from `source` to `target` that exists on one side only."""

    kind: str
    source: str
    target: str


@dataclass(frozen=True)
class TemplateComparison:
    """The differences from an old template text to a new one.

    When a side does not parse, its error is set, `items` and `links` are empty and only
    `text_diff` is meaningful.
    """

    old_label: str
    new_label: str
    items: tuple[ItemChange, ...]
    links: tuple[LinkChange, ...]
    text_diff: str
    old_error: YamlSyntaxError | None = None
    new_error: YamlSyntaxError | None = None
    _by_key: dict[tuple[str, str], ItemChange] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_key.update({(item.section, item.name): item for item in self.items})

    @property
    def comparable(self) -> bool:
        """Whether both texts parsed, so the item comparison is complete."""
        return self.old_error is None and self.new_error is None

    @property
    def identical(self) -> bool:
        """Whether the two texts are the same, byte for byte."""
        return not self.text_diff

    @property
    def added(self) -> tuple[ItemChange, ...]:
        return tuple(item for item in self.items if item.kind == ADDED)

    @property
    def removed(self) -> tuple[ItemChange, ...]:
        return tuple(item for item in self.items if item.kind == REMOVED)

    @property
    def changed(self) -> tuple[ItemChange, ...]:
        return tuple(item for item in self.items if item.kind == CHANGED)

    def section(self, name: str) -> tuple[ItemChange, ...]:
        """Return the changes of one section, such as "resources"."""
        if name not in SECTIONS:
            raise ValueError(
                f"unknown section {name!r}: use one of {', '.join(SECTIONS)}"
            )
        return tuple(item for item in self.items if item.section == name)

    def item(self, section: str, name: str) -> ItemChange | None:
        return self._by_key.get((section, name))

    def state(self, section: str, name: str) -> str:
        """Return "added", "removed", "changed" or "unchanged" for one item."""
        found = self._by_key.get((section, name))
        return found.kind if found else UNCHANGED

    def resource_states(self) -> dict[str, str]:
        """Return the state of every changed resource by name. A resource missing from
        the result is unchanged."""
        return {item.name: item.kind for item in self.section("resources")}

    def as_json(self) -> dict[str, Any]:
        """Return the comparison as one JSON-ready document."""
        return {
            "old": self.old_label,
            "new": self.new_label,
            "identical": self.identical,
            "comparable": self.comparable,
            "errors": [
                {
                    "file": label,
                    "line": error.line,
                    "column": error.column,
                    "message": error.message,
                }
                for label, error in (
                    (self.old_label, self.old_error),
                    (self.new_label, self.new_error),
                )
                if error is not None
            ],
            "added": [item.as_json() for item in self.added],
            "removed": [item.as_json() for item in self.removed],
            "changed": [item.as_json() for item in self.changed],
            "links": {
                kind: [
                    {"source": link.source, "target": link.target}
                    for link in self.links
                    if link.kind == kind
                ]
                for kind in (ADDED, REMOVED)
            },
            "diff": self.text_diff,
        }


def compare_texts(
    old_text: str,
    new_text: str,
    old_label: str = "old",
    new_label: str = "new",
    context_lines: int = 3,
) -> TemplateComparison:
    """Compare two template texts. When a text does not parse, only the text diff is
    computed."""
    text_diff = unified_text_diff(
        old_text, new_text, old_label, new_label, context_lines
    )
    old_template, old_error = _parse(old_text)
    new_template, new_error = _parse(new_text)
    if old_template is None or new_template is None:
        return TemplateComparison(
            old_label, new_label, (), (), text_diff, old_error, new_error
        )
    return TemplateComparison(
        old_label,
        new_label,
        tuple(_compare_items(old_template, new_template)),
        tuple(_compare_links(old_template, new_template)),
        text_diff,
    )


def compare_templates(
    old: Template, new: Template, old_label: str = "old", new_label: str = "new"
) -> TemplateComparison:
    """Compare two parsed templates."""
    return TemplateComparison(
        old_label,
        new_label,
        tuple(_compare_items(old, new)),
        tuple(_compare_links(old, new)),
        unified_text_diff(old.text, new.text, old_label, new_label),
    )


def _parse(text: str) -> tuple[Template | None, YamlSyntaxError | None]:
    try:
        return parse_template(text), None
    except YamlSyntaxError as error:
        return None, error


def _compare_items(old: Template, new: Template) -> Iterator[ItemChange]:
    old_root = old.data if isinstance(old.data, dict) else None
    new_root = new.data if isinstance(new.data, dict) else None
    if old_root is None or new_root is None:
        # A document that is not a mapping has no sections, so compare it as one value.
        whole = _Sides(old, new).item(TEMPLATE_SECTION, "", (), old.data, new.data)
        if whole is not None:
            yield whole
        return
    sides = _Sides(old, new)
    yield from _compare_top_level(sides, old_root, new_root)
    for section, key in SECTION_KEYS.items():
        old_section = old_root.get(key)
        new_section = new_root.get(key)
        if _is_section(old_section) and _is_section(new_section):
            yield from _compare_section(sides, section, key, old_section, new_section)


def _is_section(value: Any) -> bool:
    """Tell whether a section can be compared item by item: a mapping, or absent."""
    return value is None or isinstance(value, dict)


def _compare_top_level(
    sides: "_Sides", old_root: dict[str, Any], new_root: dict[str, Any]
) -> Iterator[ItemChange]:
    """Compare the top-level keys that are not sections, and any section whose value
    is not a mapping on one side, as whole values."""
    sections = {
        key
        for key in SECTION_KEYS.values()
        if _is_section(old_root.get(key)) and _is_section(new_root.get(key))
    }
    for key in _ordered_keys(old_root, new_root):
        if key in sections:
            continue
        item = sides.item(
            TEMPLATE_SECTION,
            key,
            (key,),
            old_root.get(key, _MISSING),
            new_root.get(key, _MISSING),
        )
        if item is not None:
            yield item


def _compare_section(
    sides: "_Sides",
    section: str,
    key: str,
    old_section: dict[str, Any] | None,
    new_section: dict[str, Any] | None,
) -> Iterator[ItemChange]:
    old_items = old_section or {}
    new_items = new_section or {}
    for name in _ordered_keys(old_items, new_items):
        item = sides.item(
            section,
            str(name),
            (key, name),
            old_items.get(name, _MISSING),
            new_items.get(name, _MISSING),
        )
        if item is not None:
            yield item


def _ordered_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Return the keys of `new` in its order, then the keys only `old` has."""
    return list(new) + [key for key in old if key not in new]


class _Missing:
    """Marks a value that one side does not have (None is a real YAML value)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


class _Sides:
    """The two parsed templates, used to find the span of a path on each side."""

    def __init__(self, old: Template, new: Template) -> None:
        self.old = old
        self.new = new

    def old_span(self, path: Path) -> Span:
        return _item_span(self.old, path)

    def new_span(self, path: Path) -> Span:
        return _item_span(self.new, path)

    def item(
        self, section: str, name: str, path: Path, old: Any, new: Any
    ) -> ItemChange | None:
        """Compare one item, returning None when it is the same on both sides."""
        if old is _MISSING and new is _MISSING:
            return None
        if old is _MISSING:
            return ItemChange(
                section, name, ADDED, path, None, new, new_span=self.new_span(path)
            )
        if new is _MISSING:
            return ItemChange(
                section, name, REMOVED, path, old, None, old_span=self.old_span(path)
            )
        changes = tuple(self.values(old, new, path))
        if not changes:
            return None
        return ItemChange(
            section,
            name,
            CHANGED,
            path,
            old,
            new,
            changes,
            self.old_span(path),
            self.new_span(path),
        )

    def values(
        self, old: Any, new: Any, path: Path, old_path: Path | None = None
    ) -> Iterator[ValueChange]:
        """Yield every difference between two values, as deep as both sides agree on
        the shape. `old_path` is the old value's path when a list insertion shifted it
        to another index."""
        old_path = path if old_path is None else old_path
        if same_value(old, new):
            return
        if type(old) is dict and type(new) is dict:
            yield from self._mapping_values(old, new, path, old_path)
        elif type(old) is list and type(new) is list:
            yield from self._list_values(old, new, path, old_path)
        else:
            yield self.change(CHANGED, path, old, new, old_path)

    def _mapping_values(
        self, old: dict[str, Any], new: dict[str, Any], path: Path, old_path: Path
    ) -> Iterator[ValueChange]:
        for key, value in new.items():
            if key in old:
                yield from self.values(
                    old[key], value, path + (key,), old_path + (key,)
                )
            else:
                yield self.change(ADDED, path + (key,), None, value)
        for key, value in old.items():
            if key not in new:
                yield self.change(REMOVED, old_path + (key,), value, None)

    def _list_values(
        self, old: list[Any], new: list[Any], path: Path, old_path: Path
    ) -> Iterator[ValueChange]:
        if len(old) == len(new):
            for index, (before, after) in enumerate(zip(old, new)):
                yield from self.values(
                    before, after, path + (index,), old_path + (index,)
                )
            return
        # Lengths differ: match equal elements first so an insertion reports one added
        # element instead of a change at every later index.
        matcher = difflib.SequenceMatcher(
            None,
            [_canonical(value) for value in old],
            [_canonical(value) for value in new],
            autojunk=False,
        )
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and old_end - old_start == new_end - new_start:
                for offset in range(old_end - old_start):
                    yield from self.values(
                        old[old_start + offset],
                        new[new_start + offset],
                        path + (new_start + offset,),
                        old_path + (old_start + offset,),
                    )
                continue
            for index in range(new_start, new_end):
                yield self.change(ADDED, path + (index,), None, new[index])
            for index in range(old_start, old_end):
                yield self.change(REMOVED, old_path + (index,), old[index], None)

    def change(
        self, kind: str, path: Path, old: Any, new: Any, old_path: Path | None = None
    ) -> ValueChange:
        """Build a change record; `old_path` is the value's path in the old text."""
        old_span = None if kind == ADDED else self.old.span(old_path or path)
        new_span = None if kind == REMOVED else self.new.span(path)
        return ValueChange(kind, path, old, new, old_span, new_span)


def _item_span(template: Template, path: Path) -> Span:
    """Return the span from an item's key to the end of its value."""
    entry = template.source_map.get(path)
    if entry is None:
        return template.span(path)
    if entry.key_span is None:
        return entry.span
    return Span(
        entry.key_span.start,
        entry.span.end,
        entry.key_span.line,
        entry.key_span.column,
        entry.span.end_line,
        entry.span.end_column,
    )


def same_value(old: Any, new: Any) -> bool:
    """Tell whether two YAML values are equal, type included: 1, 1.0, True and "1"
    all differ."""
    if type(old) is not type(new):
        return False
    if type(old) is dict:
        return old.keys() == new.keys() and all(
            same_value(value, new[key]) for key, value in old.items()
        )
    if type(old) is list:
        return len(old) == len(new) and all(
            same_value(before, after) for before, after in zip(old, new)
        )
    return bool(old == new)


def _canonical(value: Any) -> str:
    """Return a text that is equal for two values exactly when `same_value` holds."""
    return json.dumps(_tagged(value), sort_keys=True, ensure_ascii=False)


def _tagged(value: Any) -> Any:
    if type(value) is dict:
        return {str(key): _tagged(item) for key, item in value.items()}
    if type(value) is list:
        return [_tagged(item) for item in value]
    return [type(value).__name__, repr(value)]


def _compare_links(old: Template, new: Template) -> Iterator[LinkChange]:
    old_edges = list(dependency_graph(old).edges)
    new_edges = list(dependency_graph(new).edges)
    old_set = set(old_edges)
    new_set = set(new_edges)
    for source, target in new_edges:
        if (source, target) not in old_set:
            yield LinkChange(ADDED, source, target)
    for source, target in old_edges:
        if (source, target) not in new_set:
            yield LinkChange(REMOVED, source, target)


def _lines(text: str) -> list[str]:
    """Split on line feeds only, keeping them, because YAML text may contain other
    characters that `str.splitlines` treats as line breaks, such as U+2028."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def unified_text_diff(
    old_text: str,
    new_text: str,
    old_label: str = "old",
    new_label: str = "new",
    context_lines: int = 3,
) -> str:
    """Return the unified diff of two texts, empty when they are equal.

    A last line without a line feed is followed by `\\ No newline at end of file`, as
    in Git's diffs.
    """
    output: list[str] = []
    for line in difflib.unified_diff(
        _lines(old_text), _lines(new_text), old_label, new_label, n=context_lines
    ):
        if line.endswith("\n"):
            output.append(line)
        else:
            output.append(line + "\n\\ No newline at end of file\n")
    return "".join(output)
