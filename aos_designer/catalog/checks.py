"""The property rules of a resource type, applied to values: the type's JSON Schema,
its exclusive pairs and its ordered pairs, each broken rule as a `RuleProblem`.

The catalog is the one source of these rules. The validator reads them from the same
schemas, and the simulated cloud checks every request with this module, so a value
the catalog rejects is rejected at plan time and by the cloud alike.

A value that `is_unknown` marks, such as one known only after apply, is skipped
together with every rule about a value inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .formats import FORMAT_DESCRIPTIONS
from .types import ResourceType

PropertyPath = tuple[str | int, ...]


class _Missing:
    """The value of a property that is not given."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

# The short name of the rule each JSON Schema keyword states.
RULE_NAMES = {
    "type": "type",
    "enum": "allowed values",
    "const": "allowed values",
    "minimum": "range",
    "maximum": "range",
    "exclusiveMinimum": "range",
    "exclusiveMaximum": "range",
    "multipleOf": "range",
    "pattern": "pattern",
    "format": "format",
    "minLength": "length",
    "maxLength": "length",
    "minItems": "items",
    "maxItems": "items",
    "uniqueItems": "items",
    "required": "required",
}

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


@dataclass(frozen=True)
class RuleProblem:
    """A property value that breaks a rule.

    `path` is the place inside the properties, such as `("rootVolume", "size")`.
    `value` is the value found there, or `MISSING`. `rule` is the rule's short name,
    and `requirement` is what the value must be, in words that follow the path and
    the value: "must be from 1 to 1024".
    """

    path: PropertyPath
    value: Any
    rule: str
    requirement: str

    @property
    def dotted_path(self) -> str:
        """The path as `nics[0].subnetId`."""
        text = ""
        for part in self.path:
            if isinstance(part, int):
                text += f"[{part}]"
            else:
                text += ("." if text else "") + str(part)
        return text

    def describe(self, mask: str | None = None) -> str:
        """Return `RULE: PATH VALUE REQUIREMENT`; `mask` replaces a secret value."""
        if self.value is MISSING:
            return f"{self.rule}: {self.dotted_path} {self.requirement}"
        shown = mask if mask is not None else show(self.value)
        return f"{self.rule}: {self.dotted_path} {shown} {self.requirement}"


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
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _never_unknown(value: Any) -> bool:
    return False


def property_problems(
    kind: ResourceType,
    validator: Draft202012Validator,
    properties: dict[str, Any],
    is_unknown: Callable[[Any], bool] = _never_unknown,
) -> list[RuleProblem]:
    """Return every rule of `kind` that `properties` break, in schema order, then the
    exclusive and the ordered pairs. `validator` is the catalog's validator of the
    type's schema."""
    problems: list[RuleProblem] = []
    for error in validator.iter_errors(properties):
        if _crosses_unknown(properties, tuple(error.absolute_path), is_unknown):
            continue
        for found in _problems(error):
            problem = _with_rename(kind, properties, found)
            # JSON Schema reports a `required` keyword once per missing property,
            # each time with the whole list, so each missing one is kept once.
            if problem.value is MISSING and problem in problems:
                continue
            problems.append(problem)
    for first, second in exclusive_pairs(kind, properties):
        problems.append(
            RuleProblem(
                (second,),
                properties[second],
                "exclusive properties",
                f"must not be given together with {first}; remove one of them",
            )
        )
    for low, high in ordered_breaks(kind, properties, is_unknown):
        problems.append(
            RuleProblem(
                (low,),
                properties[low],
                "order",
                f"must not be greater than {high} {show(properties[high])}",
            )
        )
    return problems


def _with_rename(
    kind: ResourceType, properties: dict[str, Any], problem: RuleProblem
) -> RuleProblem:
    """Point a missing property that is given under another tool's name (a node
    pool's initialNodeCount for instances) at the key to rename."""
    if problem.value is not MISSING or len(problem.path) != 1:
        return problem
    for foreign, name in kind.foreign_names.items():
        if name == problem.path[0] and foreign in properties:
            requirement = f"is missing; rename {foreign} to {name}"
            return RuleProblem(problem.path, MISSING, problem.rule, requirement)
    return problem


def exclusive_pairs(
    kind: ResourceType, properties: dict[str, Any]
) -> list[tuple[str, str]]:
    """Return the pairs of properties that `kind` takes at most one of and that are
    both given."""
    return [
        (first, second)
        for first, second in kind.exclusive
        if first in properties and second in properties
    ]


def ordered_breaks(
    kind: ResourceType,
    properties: dict[str, Any],
    is_unknown: Callable[[Any], bool] = _never_unknown,
) -> list[tuple[str, str]]:
    """Return the (low, high) pairs of `kind` whose integer values decrease.

    A pair is exempt while a property that its `unless` names has the value given
    there, or a value not known yet.
    """
    broken: list[tuple[str, str]] = []
    for rule in kind.ordered:
        low, high = properties.get(rule["low"]), properties.get(rule["high"])
        if not isinstance(low, int) or not isinstance(high, int) or low <= high:
            continue
        exempt = False
        for name, value in rule.get("unless", {}).items():
            current = properties.get(name)
            if is_unknown(current) or current == value:
                exempt = True
        if not exempt:
            broken.append((rule["low"], rule["high"]))
    return broken


def _crosses_unknown(
    properties: Any, path: PropertyPath, is_unknown: Callable[[Any], bool]
) -> bool:
    current = properties
    for part in path:
        if is_unknown(current):
            return True
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif (
            isinstance(current, list)
            and isinstance(part, int)
            and 0 <= part < len(current)
        ):
            current = current[part]
        else:
            return False
    return is_unknown(current)


def _problems(error: ValidationError) -> Iterator[RuleProblem]:
    path = tuple(error.absolute_path)
    keyword = str(error.validator)
    if keyword in ("anyOf", "oneOf"):
        yield RuleProblem(
            path,
            error.instance,
            "allowed values",
            f"must fit one of the allowed forms: {error.message}",
        )
        return
    if keyword == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                yield RuleProblem(
                    path + (name,),
                    MISSING,
                    "required",
                    "is missing; add it, as the type requires it",
                )
        return
    yield RuleProblem(
        path,
        error.instance,
        RULE_NAMES.get(keyword, keyword),
        requirement(keyword, error.validator_value, error.schema),
    )


# The requirement of each keyword whose rule is a single number or pattern.
_LIMIT_WORDS = {
    "minimum": "must be at least",
    "maximum": "must be at most",
    "exclusiveMinimum": "must be greater than",
    "exclusiveMaximum": "must be less than",
    "multipleOf": "must be a multiple of",
    "pattern": "must match the pattern",
}


def requirement(keyword: str, rule: Any, schema: Any) -> str:
    """Return what a value must be to pass one keyword of a JSON Schema."""
    schema = schema if isinstance(schema, dict) else {}
    if keyword == "type":
        names = [rule] if isinstance(rule, str) else list(rule)
        return "must be " + " or ".join(_TYPE_WORDS.get(n, n) for n in names)
    if keyword == "enum":
        return "must be one of " + ", ".join(show(item) for item in rule)
    if keyword == "const":
        return f"must be {show(rule)}"
    if (
        keyword in ("minimum", "maximum")
        and "minimum" in schema
        and "maximum" in schema
    ):
        return f"must be from {schema['minimum']} to {schema['maximum']}"
    if keyword in _LIMIT_WORDS:
        return f"{_LIMIT_WORDS[keyword]} {rule}"
    if keyword == "format":
        return "must be " + FORMAT_DESCRIPTIONS.get(str(rule), f"in the format {rule}")
    if keyword in ("minLength", "maxLength"):
        return _bounds("characters", keyword, schema, "minLength", "maxLength")
    if keyword in ("minItems", "maxItems"):
        return _bounds("items", keyword, schema, "minItems", "maxItems")
    if keyword == "uniqueItems":
        return "must not repeat an item"
    return f"must pass the {keyword} rule {show(rule)}"


def _bounds(noun: str, keyword: str, schema: dict, low: str, high: str) -> str:
    if low in schema and high in schema:
        return f"must have {schema[low]} to {schema[high]} {noun}"
    if keyword == low:
        return f"must have at least {schema[low]} {noun}"
    return f"must have at most {schema[high]} {noun}"
