"""Turning JSON Schema errors into diagnostics with stable codes and plain messages.

The catalog's schemas drive most checks of structure and of property values. This
module gives each failed keyword a code and writes a message that names the value,
its place and the fix. A schema may set the code of its keywords with
`x-aos-codes` (keyword to code, or null to leave the check to another rule) or
`x-aos-code` (one code for all of them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jsonschema.exceptions import ValidationError

from ..catalog.formats import FORMAT_DESCRIPTIONS
from ..template.functions import closest, type_name
from ..template.source import Path
from .places import describe, show

STRUCTURE_CODES = {
    "type": "invalid-structure",
    "required": "missing-key",
    "additionalProperties": "unknown-key",
    "maxProperties": "limit-exceeded",
    "maxLength": "limit-exceeded",
    "maxItems": "limit-exceeded",
}

PROPERTY_CODES = {
    "type": "property-type",
    "enum": "property-value",
    "const": "property-value",
    "pattern": "property-pattern",
    "minimum": "property-range",
    "maximum": "property-range",
    "exclusiveMinimum": "property-range",
    "exclusiveMaximum": "property-range",
    "multipleOf": "property-range",
    "minLength": "property-length",
    "maxLength": "property-length",
    "minItems": "property-items",
    "maxItems": "property-items",
    "uniqueItems": "property-items",
    "format": "property-format",
    "required": "missing-property",
}

_JSON_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


@dataclass
class Problem:
    """A diagnostic to report: its code, message, path, and whether it is about a key."""

    code: str
    message: str
    path: Path
    at_key: bool = False
    details: dict[str, Any] = field(default_factory=dict)


def _expected(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types)
    words = [_JSON_TYPES.get(name, name) for name in names]
    return " or ".join(words)


def _code_for(
    error: ValidationError, defaults: dict[str, str], fallback: str
) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    overrides = schema.get("x-aos-codes", {})
    if error.validator in overrides:
        return overrides[error.validator]
    if "x-aos-code" in schema:
        return schema["x-aos-code"]
    return defaults.get(str(error.validator), fallback)


def problems_from_errors(
    errors: Iterable[ValidationError],
    base: Path,
    defaults: dict[str, str],
    fallback: str,
    origin: Callable[[Path], str] = lambda path: "",
) -> Iterator[Problem]:
    """Yield a problem for each schema error about the value at `base`.

    `origin` returns words on where a resolved value came from, for a value that a
    function gave.
    """
    for error in errors:
        yield from _problems(error, base, defaults, fallback, origin)


def _problems(
    error: ValidationError,
    base: Path,
    defaults: dict[str, str],
    fallback: str,
    origin: Callable[[Path], str],
) -> Iterator[Problem]:
    if error.validator in ("anyOf", "oneOf"):
        yield from _alternatives(error, base, defaults, fallback, origin)
        return
    code = _code_for(error, defaults, fallback)
    if code is None:
        return
    path = base + tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in _extra_keys(error):
            hint = closest(key, allowed)
            message = f"unknown key '{key}' in {describe(path)}"
            message += (
                f"; did you mean '{hint}'?"
                if hint
                else f"; known keys: {', '.join(allowed)}"
            )
            yield Problem(code, message, path + (key,), True, {"suggestion": hint})
        return
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        for name in missing:
            yield Problem(
                code, _required_message(code, path, name), path, True, {"missing": name}
            )
        return
    yield Problem(code, _message(error, path, origin(path)), path)


def _extra_keys(error: ValidationError) -> list[str]:
    known = set(error.schema.get("properties", {}))
    patterns = error.schema.get("patternProperties", {})
    if patterns or not isinstance(error.instance, dict):
        return []
    return [str(key) for key in error.instance if key not in known]


def _required_message(code: str, path: Path, name: str) -> str:
    if code == "missing-type":
        return (
            f"{describe(path)} has no 'type'; add one such as "
            "'type: HuaweiCloud.VPC.VPC'"
        )
    if code == "missing-output-value":
        return f"{describe(path)} has no 'value'; add the value the output shows"
    if code == "missing-property":
        return f"{describe(path)} has no property '{name}', which is required; add it"
    return f"{describe(path)} has no '{name}'; add it"


def _alternatives(
    error: ValidationError,
    base: Path,
    defaults: dict[str, str],
    fallback: str,
    origin: Callable[[Path], str],
) -> Iterator[Problem]:
    """Report the errors of the alternative whose type fits the value, or else that
    the value has none of the alternatives' types."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    ]
    if fitting:
        for sub in min(fitting, key=len):
            yield from _problems(sub, base, defaults, fallback, origin)
        return
    types = []
    for errors in branches.values():
        for sub in errors:
            if sub.validator == "type" and not sub.relative_path:
                types.append(_expected(sub.validator_value))
    path = base + tuple(error.absolute_path)
    code = defaults.get("type", fallback)
    expected = " or ".join(dict.fromkeys(types)) or "another value"
    yield Problem(
        code,
        f"{describe(path)} must be {expected}, not {type_name(error.instance)}",
        path,
    )


def _message(error: ValidationError, path: Path, origin: str) -> str:
    keyword = error.validator
    value = error.instance
    place = describe(path)
    value_text = show(value) + origin
    rule = error.validator_value
    if keyword == "type":
        message = f"{place} must be {_expected(rule)}, not {type_name(value)}"
        if not isinstance(value, (list, dict)) and value is not None or origin:
            message += f" ({value_text})"
        if isinstance(value, str) and _looks_like(value, rule):
            message += "; write it without quotes"
        return message
    if keyword == "enum":
        allowed = ", ".join(show(item) for item in rule)
        hint = _enum_hint(value, rule)
        message = f"{place} is {value_text}, not one of {allowed}"
        return message + (f"; did you mean '{hint}'?" if hint else "")
    if keyword == "const":
        description = error.schema.get("description")
        return f"{place} is {value_text}, but it must be {show(rule)}" + (
            f": {description}" if description else ""
        )
    if keyword == "pattern":
        description = error.schema.get("description")
        reason = f"; {description}" if description else ""
        return (
            f"{place} is {value_text}, which does not match the pattern {rule}{reason}"
        )
    if keyword in ("minimum", "exclusiveMinimum"):
        return f"{place} is {value_text}, below the minimum {rule}"
    if keyword in ("maximum", "exclusiveMaximum"):
        return f"{place} is {value_text}, above the maximum {rule}"
    if keyword in ("minLength", "maxLength"):
        size = len(value) if isinstance(value, str) else 0
        bound = "at least" if keyword == "minLength" else "at most"
        return f"{place} is {size} characters long; it must have {bound} {rule}"
    if keyword in ("minItems", "maxItems", "minProperties", "maxProperties"):
        size = len(value) if isinstance(value, (list, dict)) else 0
        bound = "at least" if keyword.startswith("min") else "at most"
        noun = "items" if keyword.endswith("Items") else "entries"
        return f"{place} has {size} {noun}; it may have {bound} {rule}"
    if keyword == "format":
        expected = FORMAT_DESCRIPTIONS.get(str(rule), f"in the format {rule}")
        return f"{place} is {value_text}, not {expected}"
    if keyword == "uniqueItems":
        return f"{place} has repeated items; remove the repeats"
    return f"{place} is not valid: {error.message}"


def _enum_hint(value: Any, allowed: list[Any]) -> str | None:
    """Return the allowed value a string most likely meant: the same text in another
    case, else the nearest spelling."""
    if not isinstance(value, str):
        return None
    texts = [str(item) for item in allowed]
    for text in texts:
        if text.lower() == value.lower():
            return text
    return closest(value, texts)


def _looks_like(text: str, types: Any) -> bool:
    """Tell whether a quoted string would have the expected type without quotes."""
    names = [types] if isinstance(types, str) else list(types)
    stripped = text.strip()
    if "integer" in names and stripped.lstrip("-").isdigit():
        return True
    if "number" in names:
        try:
            float(stripped)
            return True
        except ValueError:
            pass
    return "boolean" in names and stripped.lower() in ("true", "false")
