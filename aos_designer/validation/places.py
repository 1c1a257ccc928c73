"""Words for places in a template, as messages name them."""

from __future__ import annotations

from typing import Any

from ..template.functions import function_call, type_name
from ..template.source import Path
from ..template.source import dotted_path as dotted

_SECTION_ENTRY = {
    "inputs": "input",
    "node_templates": "resource",
    "outputs": "output",
    "mappings": "mapping",
    "conditions": "condition",
    "policies": "policy",
}


def describe(path: Path) -> str:
    """Return the place of `path` in words: "property 'cidr' of resource 'subnet'"."""
    if not path:
        return "the template"
    section = path[0]
    entry = _SECTION_ENTRY.get(str(section))
    if entry is None or len(path) == 1:
        return f"'{dotted(path)}'" if len(path) > 1 else f"section '{section}'"
    owner = f"{entry} '{path[1]}'"
    rest = path[2:]
    if not rest:
        return owner
    if entry in ("resource", "policy") and rest[0] == "properties" and len(rest) > 1:
        return f"property '{dotted(rest[1:])}' of {owner}"
    return f"'{dotted(rest)}' of {owner}"


def show(value: Any) -> str:
    """Return a short form of a value for a message."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f"'{text}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    call = function_call(value)
    if call is not None:
        return f"a {call[0]} call"
    return type_name(value)


def describe_origin(original: Any) -> str:
    """Return where a resolved value came from, for a value given by a function."""
    call = function_call(original)
    if call is None:
        return ""
    name, argument = call
    if name == "get_input" and isinstance(argument, str):
        return f" (the default of input '{argument}')"
    if name == "get_in_map" and isinstance(argument, list) and argument:
        first = argument[0]
        if isinstance(first, str):
            return f" (from mapping '{first}')"
    return f" (the value of its {name} call with the inputs' defaults)"
