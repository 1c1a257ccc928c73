"""The editing operations for the named entries of `inputs`, `outputs`, `mappings`
and `conditions`: add, remove, rename and change a field, with the references that
name an entry following a rename and cut out or replaced on a removal."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .editing import EditBuilder
from .emit import EditError
from .operations import (
    ABSENT,
    INPUT_KEY_ORDER,
    OUTPUT_KEY_ORDER,
    SECTION_ORDER,
    Check,
    DocumentOperations,
    PropertyPath,
    check_name,
    expect,
    no_references,
    parse_path,
    prune_below_entries,
    resolve_path,
)
from .references import Reference, find_references
from .textedit import TextEdit
from .values import is_missing


class SectionOperations(DocumentOperations):
    """Inputs, outputs, mappings and conditions, on top of the resource operations."""

    def _add_entry(self, section: str, name: str, body: Any) -> list[TextEdit]:
        builder = self._builder()
        check_name(section.rstrip("s"), name)
        path = (section, name)
        if not is_missing(builder.value(path)):
            raise EditError(f"{section} already has '{name}'; choose another name")
        builder.set(path, body, {(): SECTION_ORDER})
        return self._commit(builder, [expect(path, body)])

    def _entry_data(self, builder: EditBuilder, section: str, name: str) -> Any:
        data = builder.value((section, name))
        if is_missing(data):
            section_data = builder.value((section,))
            names = sorted(section_data) if isinstance(section_data, dict) else []
            raise EditError(
                f"'{name}' not found in {section}; it has: {', '.join(names) or 'nothing'}"
            )
        return data

    def _rename_entry(
        self, section: str, kind: str | None, old: str, new: str
    ) -> list[TextEdit]:
        builder = self._builder()
        self._entry_data(builder, section, old)
        check_name(section.rstrip("s"), new)
        if not is_missing(builder.value((section, new))):
            raise EditError(f"cannot rename '{old}' to '{new}': '{new}' already exists")
        references = find_references(builder.template, kind, old) if kind else []
        builder.rename_key((section, old), new)
        for reference in references:
            builder.replace_scalar(reference.name_path, new)
        checks: list[Check] = [expect((section, old), ABSENT)]
        if kind:
            checks.append(no_references(kind, old))
        return self._commit(builder, checks)

    def _remove_entry(
        self,
        section: str,
        kind: str | None,
        name: str,
        replacement: Callable[[Reference], Any] | None = None,
    ) -> list[TextEdit]:
        builder = self._builder()
        self._entry_data(builder, section, name)
        own = (section, name)
        references = find_references(builder.template, kind, name) if kind else []
        cuts = [own]
        for reference in references:
            if reference.cut[: len(own)] == own:
                continue
            value = replacement(reference) if replacement is not None else ABSENT
            if value is ABSENT or reference.call is None:
                cuts.append(reference.cut)
            else:
                builder.replace(reference.call, value)
        builder.remove(cuts, prune_below_entries)
        checks: list[Check] = [expect(own, ABSENT)]
        if kind:
            checks.append(no_references(kind, name))
        return self._commit(builder, checks)

    def _set_field(
        self,
        section: str,
        name: str,
        path: PropertyPath,
        value: Any,
        order: Sequence[str],
    ) -> list[TextEdit]:
        builder = self._builder()
        data = self._entry_data(builder, section, name)
        absolute = (section, name) + resolve_path(data, parse_path(path))
        builder.set(absolute, value, {(section, name): order})
        return self._commit(builder, [expect(absolute, value)])

    def _remove_field(
        self, section: str, name: str, path: PropertyPath
    ) -> list[TextEdit]:
        builder = self._builder()
        data = self._entry_data(builder, section, name)
        absolute = (section, name) + resolve_path(data, parse_path(path))
        return self._remove_paths(builder, [absolute], None)

    def add_input(
        self, name: str, fields: Mapping[str, Any] | None = None
    ) -> list[TextEdit]:
        """Add an input; `fields` is its definition (default `{type: string}`)."""
        return self._add_entry(
            "inputs", name, dict(fields) if fields else {"type": "string"}
        )

    def remove_input(self, name: str) -> list[TextEdit]:
        """Remove an input. Each `get_input` of it is replaced by the input's default
        when it has one, and is cut out like a removed resource's reference when not."""
        builder_data = self._builder().value(("inputs", name))
        has_default = isinstance(builder_data, dict) and "default" in builder_data

        def default(reference: Reference) -> Any:
            return builder_data["default"] if has_default else ABSENT

        return self._remove_entry("inputs", "input", name, default)

    def rename_input(self, old: str, new: str) -> list[TextEdit]:
        """Rename an input; every `get_input` of it follows."""
        return self._rename_entry("inputs", "input", old, new)

    def set_input_field(
        self, name: str, field: PropertyPath, value: Any
    ) -> list[TextEdit]:
        """Set a field of an input's definition (`default`, `constraints.regex`...)."""
        return self._set_field("inputs", name, field, value, INPUT_KEY_ORDER)

    def remove_input_field(self, name: str, field: PropertyPath) -> list[TextEdit]:
        return self._remove_field("inputs", name, field)

    def add_output(
        self, name: str, value: Any, description: str | None = None
    ) -> list[TextEdit]:
        """Add an output with its value and, when given, its description."""
        body: dict[str, Any] = {"description": description} if description else {}
        body["value"] = value
        return self._add_entry("outputs", name, body)

    def remove_output(self, name: str) -> list[TextEdit]:
        return self._remove_entry("outputs", None, name)

    def rename_output(self, old: str, new: str) -> list[TextEdit]:
        return self._rename_entry("outputs", None, old, new)

    def set_output_field(
        self, name: str, field: PropertyPath, value: Any
    ) -> list[TextEdit]:
        return self._set_field("outputs", name, field, value, OUTPUT_KEY_ORDER)

    def remove_output_field(self, name: str, field: PropertyPath) -> list[TextEdit]:
        return self._remove_field("outputs", name, field)

    def add_mapping(self, name: str, entries: Mapping[str, Any]) -> list[TextEdit]:
        """Add a mapping (`{top_key: {second_key: value}}`) for `get_in_map`."""
        return self._add_entry("mappings", name, dict(entries))

    def remove_mapping(self, name: str) -> list[TextEdit]:
        """Remove a mapping; each `get_in_map` of it is cut out like a removed
        resource's reference."""
        return self._remove_entry("mappings", "mapping", name)

    def rename_mapping(self, old: str, new: str) -> list[TextEdit]:
        """Rename a mapping; every `get_in_map` of it follows."""
        return self._rename_entry("mappings", "mapping", old, new)

    def set_mapping_value(
        self, name: str, path: PropertyPath, value: Any
    ) -> list[TextEdit]:
        return self._set_field("mappings", name, path, value, ())

    def remove_mapping_value(self, name: str, path: PropertyPath) -> list[TextEdit]:
        return self._remove_field("mappings", name, path)

    def add_condition(self, name: str, expression: Any) -> list[TextEdit]:
        """Add a condition such as `{cond_eq: [{get_input: env}, prod]}`."""
        return self._add_entry("conditions", name, expression)

    def remove_condition(self, name: str) -> list[TextEdit]:
        """Remove a condition. A resource's `condition` key naming it is removed (the
        resource becomes unconditional); a `cond_if` naming it is cut out like a
        removed resource's reference; other conditions using it are removed."""
        return self._remove_entry("conditions", "condition", name)

    def rename_condition(self, old: str, new: str) -> list[TextEdit]:
        """Rename a condition; resources' `condition` keys and the condition
        functions that name it follow."""
        return self._rename_entry("conditions", "condition", old, new)

    def set_condition(self, name: str, expression: Any) -> list[TextEdit]:
        """Replace a condition's expression."""
        builder = self._builder()
        self._entry_data(builder, "conditions", name)
        path = ("conditions", name)
        builder.set(path, expression)
        return self._commit(builder, [expect(path, expression)])
