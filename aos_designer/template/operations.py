"""The editing operations of `TemplateDocument`: resources, connections, inputs,
outputs, mappings and conditions.

Each operation computes its text edits with an `EditBuilder` against the current
revision, applies them, checks the new model against what it promised, and returns
the edits. An operation that fails changes nothing. What removals do to the values
that name the removed thing is stated on each operation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .editing import EditBuilder
from .emit import EditError
from .functions import function_call
from .model import Template
from .references import find_references, refers_to
from .source import Path
from .textedit import TextEdit
from .values import is_missing, value_at

SECTION_ORDER = (
    "tosca_definitions_version",
    "description",
    "metadata",
    "inputs",
    "mappings",
    "conditions",
    "node_templates",
    "outputs",
    "policies",
)
RESOURCE_KEY_ORDER = ("type", "condition", "properties", "requirements", "metadata")
INPUT_KEY_ORDER = (
    "type",
    "default",
    "description",
    "label",
    "invisible",
    "constraints",
)
OUTPUT_KEY_ORDER = ("description", "value")

# A check run on the model after an operation: None when the model is as promised.
Check = Callable[[Template], "str | None"]
PropertyPath = str | Sequence[str | int]


def parse_path(path: PropertyPath) -> tuple[str, ...]:
    """Split a dotted path (`nics.0.subnetId`) into its parts; tuples pass through."""
    if isinstance(path, str):
        parts = tuple(path.split(".")) if path else ()
    else:
        parts = tuple(str(part) for part in path)
    if not parts or any(part == "" for part in parts):
        raise EditError(
            f"invalid property path {path!r}: write names and list indexes joined by "
            "dots, such as nics.0.subnetId"
        )
    return parts


def resolve_path(data: Any, parts: Sequence[str]) -> Path:
    """Turn path parts into keys and list indexes by looking at the data they name.

    A part of digits is a list index where the data at that place is a list, or
    where nothing exists yet; it stays a key inside an existing mapping.
    """
    resolved: list[str | int] = []
    current: Any = data
    for part in parts:
        if part.isdigit() and not isinstance(current, dict):
            resolved.append(int(part))
        else:
            resolved.append(part)
        current = (
            value_at(current, (resolved[-1],)) if not is_missing(current) else current
        )
    return tuple(resolved)


def check_name(kind: str, name: Any) -> str:
    if not isinstance(name, str) or not name.strip() or any(c in name for c in "\r\n"):
        raise EditError(
            f"invalid {kind} name {name!r}: use a non-empty name on one line"
        )
    return name


def expect(path: Path, expected: Any) -> Check:
    def check(template: Template) -> str | None:
        found = value_at(template.data, path)
        if is_missing(found) and expected is not ABSENT:
            return f"{list(path)} is missing"
        if expected is ABSENT:
            return None if is_missing(found) else f"{list(path)} is still there"
        return (
            None
            if found == expected
            else f"{list(path)} is {found!r}, not {expected!r}"
        )

    return check


ABSENT = object()


def no_references(kind: str, name: str) -> Check:
    def check(template: Template) -> str | None:
        left = find_references(template, kind, name)
        return f"{len(left)} references to {name} remain" if left else None

    return check


class DocumentOperations:
    """The editing API; mixed into `TemplateDocument`, which supplies `_builder` and
    `_commit`."""

    def _builder(self) -> EditBuilder:  # pragma: no cover - provided by the document
        raise NotImplementedError

    def _commit(self, builder: EditBuilder, checks: Sequence[Check]) -> list[TextEdit]:
        raise NotImplementedError  # pragma: no cover - provided by the document

    # Generic values

    def set_value(self, path: Sequence[str | int], value: Any) -> list[TextEdit]:
        """Write `value` at an absolute path of the template, such as
        `("description",)`, creating missing mappings (new sections go in the usual
        section order)."""
        builder = self._builder()
        absolute = tuple(path)
        orders: dict[Path, Sequence[str]] = {(): SECTION_ORDER}
        if len(absolute) >= 3 and absolute[0] == "node_templates":
            # A new key of a resource (`condition`, `metadata`) goes in the usual
            # order of a resource's keys, as `set_property` places `properties`.
            orders[absolute[:2]] = RESOURCE_KEY_ORDER
        builder.set(absolute, value, orders)
        return self._commit(builder, [expect(absolute, value)])

    def remove_value(self, path: Sequence[str | int]) -> list[TextEdit]:
        """Remove the key or list item at an absolute path; nothing else changes."""
        builder = self._builder()
        absolute = tuple(path)
        builder.remove([absolute])
        return self._commit(builder, [])

    # Resources

    def _resource_data(self, builder: EditBuilder, name: str) -> Any:
        data = builder.value(("node_templates", name))
        if is_missing(data):
            known = ", ".join(sorted(builder.template.resources)) or "none"
            raise EditError(f"resource '{name}' not found; the template has: {known}")
        return data

    def add_resource(
        self, name: str, type: str, properties: Mapping[str, Any] | None = None
    ) -> list[TextEdit]:
        """Add a resource after the last one (creating `node_templates` if needed)."""
        builder = self._builder()
        check_name("resource", name)
        if name in builder.template.resources:
            raise EditError(f"resource '{name}' already exists; choose another name")
        body: dict[str, Any] = {"type": type}
        if properties:
            body["properties"] = dict(properties)
        path = ("node_templates", name)
        builder.set(path, body, {(): SECTION_ORDER})
        return self._commit(builder, [expect(path, body)])

    def remove_resource(self, name: str) -> list[TextEdit]:
        """Remove a resource and every reference to it.

        Requirements naming it and policy targets naming it are removed. A property
        value that refers to it through `get_reference` or `get_attribute` is removed
        whole: for a reference nested in other functions, the outermost call goes.
        A mapping or list left empty by that is removed too, up to the resource's
        `properties` and `requirements` keys. Outputs and conditions that refer to it
        are removed entirely.
        """
        builder = self._builder()
        self._resource_data(builder, name)
        own = ("node_templates", name)
        cuts = [own] + [
            ref.cut
            for ref in find_references(builder.template, "resource", name)
            if ref.cut[:2] != own
        ]
        builder.remove(cuts, prune_below_entries)
        return self._commit(
            builder, [expect(own, ABSENT), no_references("resource", name)]
        )

    def rename_resource(self, old: str, new: str) -> list[TextEdit]:
        """Rename a resource; requirements, references, outputs and policy targets
        that name it follow."""
        builder = self._builder()
        self._resource_data(builder, old)
        check_name("resource", new)
        if new in builder.template.resources:
            raise EditError(f"cannot rename '{old}' to '{new}': '{new}' already exists")
        references = find_references(builder.template, "resource", old)
        builder.rename_key(("node_templates", old), new)
        for reference in references:
            builder.replace_scalar(reference.name_path, new)
        checks = [
            expect(("node_templates", old), ABSENT),
            no_references("resource", old),
        ]
        return self._commit(builder, checks)

    def set_property(
        self, resource: str, path: PropertyPath, value: Any
    ) -> list[TextEdit]:
        """Set a property (`nics.0.subnetId`), creating missing mappings on the way.

        A value that comes from an alias or a merge key is written as an explicit key
        in this resource; the anchor stays as it is.
        """
        builder = self._builder()
        data = self._resource_data(builder, resource)
        parts = parse_path(path)
        base = ("node_templates", resource, "properties")
        properties = data.get("properties") if isinstance(data, dict) else None
        absolute = base + resolve_path(properties, parts)
        builder.set(absolute, value, {base[:2]: RESOURCE_KEY_ORDER})
        return self._commit(builder, [expect(absolute, value)])

    def remove_property(self, resource: str, path: PropertyPath) -> list[TextEdit]:
        """Remove a property or a list item of one; a mapping or list left empty stays
        as `{}` or `[]`."""
        builder = self._builder()
        data = self._resource_data(builder, resource)
        properties = data.get("properties") if isinstance(data, dict) else None
        absolute = ("node_templates", resource, "properties") + resolve_path(
            properties, parse_path(path)
        )
        return self._remove_paths(builder, [absolute], None)

    def fill_required(
        self, resource: str, required: Sequence[str], defaults: Mapping[str, Any]
    ) -> list[TextEdit]:
        """Add each property in `required` that the resource lacks, with its value
        from `defaults`. A required property without a default is left out, so the
        validator still reports it."""
        builder = self._builder()
        data = self._resource_data(builder, resource)
        properties = data.get("properties") if isinstance(data, dict) else None
        present = properties if isinstance(properties, dict) else {}
        missing = {
            name: defaults[name]
            for name in required
            if name not in present and name in defaults
        }
        if not missing:
            return []
        base = ("node_templates", resource, "properties")
        checks = [expect(base + (name,), value) for name, value in missing.items()]
        if not isinstance(properties, dict) or not properties:
            builder.set(base, {**present, **missing}, {base[:2]: RESOURCE_KEY_ORDER})
        else:
            for name, value in missing.items():
                builder.set(base + (name,), value)
        return self._commit(builder, checks)

    # Connections

    def connect(
        self,
        source: str,
        target: str,
        requirement: str,
        relationship: str | None = None,
    ) -> list[TextEdit]:
        """Make `source` depend on `target` through `requirement`.

        `requirement` is the dotted property path the reference goes to (`vpcId`,
        `nics.subnetId`) or `dependency` for an ordering-only edge. The requirement
        entry is written (or re-pointed, for a property that takes one value) and,
        unless it is `dependency`, the property gets `{get_reference: target}`. A path
        through a list fills the first item without a resource reference there, or
        appends an item.
        """
        builder = self._builder()
        source_data = self._resource_data(builder, source)
        self._resource_data(builder, target)
        if source == target:
            raise EditError(f"cannot connect '{source}' to itself")
        parts = parse_path(requirement)
        reference = {"get_reference": target}
        checks: list[Check] = [_has_requirement(source, requirement, target)]
        if requirement != "dependency":
            properties = (
                source_data.get("properties") if isinstance(source_data, dict) else None
            )
            property_path = _connection_path(properties, parts, target)
            if property_path is not None:
                absolute = ("node_templates", source, "properties") + property_path
                builder.set(
                    absolute,
                    reference,
                    {("node_templates", source): RESOURCE_KEY_ORDER},
                )
                checks.append(expect(absolute, reference))
        self._write_requirement(builder, source, requirement, target, relationship)
        return self._commit(builder, checks)

    def _write_requirement(
        self,
        builder: EditBuilder,
        source: str,
        requirement: str,
        target: str,
        relationship: str | None,
    ) -> None:
        resource = builder.template.resources[source]
        same = [r for r in resource.requirements if r.name == requirement]
        if any(r.node == target for r in same):
            return
        single = requirement != "dependency" and "." not in requirement
        if same and single:
            path = same[0].path
            body = builder.value(path)
            builder.replace_scalar(
                path + ("node",) if isinstance(body, dict) else path, target
            )
            return
        entry: dict[str, Any] = {"node": target}
        if relationship:
            entry["relationship"] = relationship
        requirements_path = ("node_templates", source, "requirements")
        existing = builder.value(requirements_path)
        count = len(existing) if isinstance(existing, list) else 0
        if isinstance(existing, list):
            builder.set(requirements_path + (count,), {requirement: entry})
        else:
            builder.set(
                requirements_path,
                [{requirement: entry}],
                {requirements_path[:2]: RESOURCE_KEY_ORDER},
            )

    def disconnect(self, source: str, target: str) -> list[TextEdit]:
        """Remove what makes `source` depend on `target`: its requirements naming
        `target` and its values referring to `target` (cut as in `remove_resource`)."""
        builder = self._builder()
        self._resource_data(builder, source)
        self._resource_data(builder, target)
        own = ("node_templates", source)
        cuts = [
            ref.cut
            for ref in find_references(builder.template, "resource", target)
            if ref.cut[:2] == own
        ]
        if not cuts:
            raise EditError(
                f"'{source}' does not depend on '{target}'; nothing to disconnect"
            )
        builder.remove(cuts, prune_below_entries)
        return self._commit(builder, [_not_connected(source, target)])

    def _remove_paths(
        self,
        builder: EditBuilder,
        paths: list[Path],
        prune: Callable[[Path], bool] | None,
    ) -> list[TextEdit]:
        before = {path: builder.value(path) for path in paths}
        builder.remove(paths, prune)
        checks = [_removed(path, value) for path, value in before.items()]
        return self._commit(builder, checks)


def prune_below_entries(path: Path) -> bool:
    """Return whether an emptied container at `path` may be removed: anything below
    a named entry (a resource's `properties`, an output's fields) and the optional
    sections, but never a resource itself or `node_templates`."""
    if path[:1] == ("node_templates",):
        return len(path) > 2
    return len(path) >= 1


def _connection_path(properties: Any, parts: Sequence[str], target: str) -> Path | None:
    """Return where `connect` writes the reference, or None when one is there."""
    resolved: list[str | int] = []
    current: Any = properties if isinstance(properties, dict) else {}
    for index, part in enumerate(parts):
        if isinstance(current, list):
            rest = parts[index:]
            items = [item for item in current]
            if any(refers_to(item, target) for item in items):
                return None
            free = [
                position
                for position, item in enumerate(items)
                if isinstance(item, dict)
                and not _refers_to_any(value_at(item, tuple(rest)))
            ]
            position = free[0] if free else len(items)
            resolved.append(position)
            current = items[position] if position < len(items) else {}
        resolved.append(part)
        current = current.get(part) if isinstance(current, dict) else None
    if refers_to(current, target):
        return None
    if isinstance(current, list):
        resolved.append(len(current))
    return tuple(resolved)


def _refers_to_any(value: Any) -> bool:
    if is_missing(value):
        return False
    call = function_call(value)
    return call is not None and call[0] in ("get_reference", "get_attribute")


def _has_requirement(source: str, name: str, target: str) -> Check:
    def check(template: Template) -> str | None:
        resource = template.resources.get(source)
        if resource and any(
            r.name == name and r.node == target for r in resource.requirements
        ):
            return None
        return f"'{source}' has no requirement {name} on '{target}'"

    return check


def _not_connected(source: str, target: str) -> Check:
    def check(template: Template) -> str | None:
        left = [
            ref
            for ref in find_references(template, "resource", target)
            if ref.cut[:2] == ("node_templates", source)
        ]
        return (
            f"{len(left)} references from '{source}' to '{target}' remain"
            if left
            else None
        )

    return check


def _removed(path: Path, old: Any) -> Check:
    def check(template: Template) -> str | None:
        found = value_at(template.data, path)
        if is_missing(found) or (isinstance(path[-1], int) and found != old):
            return None
        if found == old:
            return f"{list(path)} is still there"
        return None

    return check
