"""Values as the inspector shows and reads them: kinds of schemas, one-line YAML,
and the plain value a property gets when it stops being a function."""

from __future__ import annotations

import math
from typing import Any

import yaml

from ....template.functions import function_call, json_type

# The functions a value can be switched to from the inspector.
SWITCHABLE_FUNCTIONS = ("get_input", "get_reference", "get_attribute", "get_in_map")


class ValueTextError(ValueError):
    """Text typed for a value that is not valid YAML."""


def schema_kind(schema: dict[str, Any] | None) -> str:
    """Return how a property is edited: `enum`, `boolean`, `integer`, `number`,
    `string`, `object` (with known properties), `array`, or `any`."""
    if not schema:
        return "any"
    if "enum" in schema:
        return "enum"
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind == "object":
        return "object" if schema.get("properties") else "any"
    if kind in ("boolean", "integer", "number", "string", "array"):
        return kind
    return "any"


def value_kind(value: Any) -> str:
    """Return the kind of a written value, with function calls by their name."""
    call = function_call(value)
    if call is not None:
        return f"function:{call[0]}"
    kind = json_type(value)
    if kind is None or kind == "null":
        return "any"
    return kind


def flow_text(value: Any) -> str:
    """Return a value as one line of YAML, such as `{get_input: az}` or `[a, b]`."""
    text = yaml.safe_dump(
        value,
        default_flow_style=True,
        allow_unicode=True,
        sort_keys=False,
        width=math.inf,
    )
    text = text.strip()
    text = text.removesuffix("\n...")
    if text.endswith("..."):
        text = text[: -len("...")].rstrip()
    return text


def parse_value(text: str) -> Any:
    """Read a value typed as YAML; raise ValueTextError naming the problem."""
    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ValueTextError(
            f"'{text}' is not valid YAML{where}: {problem}; write a value such as "
            "10, true, text, [a, b] or {get_input: name}"
        ) from None


def plain_value(schema: dict[str, Any] | None, current: Any = None) -> Any:
    """Return the value a property gets when it stops being a function: the schema's
    default, else the first allowed value, else an empty value of its type."""
    schema = schema or {}
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema_kind(schema)
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        minimum = schema.get("minimum")
        return minimum if isinstance(minimum, (int, float)) else 0
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return ""


def function_value(name: str, choices: dict[str, list[str]]) -> Any:
    """Return a first call of the function `name`, with arguments from `choices`
    (lists of input, resource and mapping names) or empty ones."""
    inputs = choices.get("inputs", [])
    resources = choices.get("resources", [])
    mappings = choices.get("mappings", [])
    if name == "get_input":
        return {name: inputs[0] if inputs else ""}
    if name == "get_reference":
        return {name: resources[0] if resources else ""}
    if name == "get_attribute":
        return {name: [resources[0] if resources else "", "refID"]}
    if name == "get_in_map":
        return {name: [mappings[0] if mappings else "", "", ""]}
    raise ValueError(
        f"unknown function {name}; use one of {', '.join(SWITCHABLE_FUNCTIONS)}"
    )


def numeric_range(schema: dict[str, Any] | None) -> tuple[float | None, float | None]:
    """Return the smallest and largest number a schema allows (None when open)."""
    schema = schema or {}
    low = schema.get("minimum")
    high = schema.get("maximum")
    exclusive_low = schema.get("exclusiveMinimum")
    exclusive_high = schema.get("exclusiveMaximum")
    integer = schema_kind(schema) == "integer"
    step = 1 if integer else 0
    if isinstance(exclusive_low, (int, float)):
        low = exclusive_low + step
    if isinstance(exclusive_high, (int, float)):
        high = exclusive_high - step
    return (
        low if isinstance(low, (int, float)) else None,
        high if isinstance(high, (int, float)) else None,
    )
