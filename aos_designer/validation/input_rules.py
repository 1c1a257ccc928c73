"""Rules about inputs: types, flags, defaults against their type and constraints."""

from __future__ import annotations

import re
from typing import Any

from ..catalog.formats import parse_ipv4
from ..template.evaluation import text_of
from ..template.functions import closest, function_call, type_name
from ..template.model import INPUT_SCALAR_TYPES, Constraint, Input
from .context import Context
from .places import show
from .registry import document_rule

# A resource id or name type, such as HuaweiCloud.VPC.VPC.Id or
# HuaweiCloud.ECS.AvailabilityZone.Name.
RESOURCE_ID_TYPE = re.compile(r"^(HuaweiCloud|Cloud)\.[A-Za-z0-9]+(\.[A-Za-z0-9]+)+$")

# The documented input name rule; real templates break it, so it is a warning.
INPUT_NAME = re.compile(r"^[a-z0-9-]{1,20}$")


@document_rule
def input_definitions(context: Context) -> None:
    for item in context.template.inputs.values():
        _check_type(context, item)
        _check_flags(context, item)
        for constraint in item.constraints:
            _check_constraint(context, item, constraint)
        if (
            item.has_default
            and item.default is not None
            and function_call(item.default) is None
        ):
            _check_default(context, item)
        if not INPUT_NAME.match(item.name):
            context.report(
                "naming-rule",
                f"input name '{item.name}' breaks the documented rule: 1 to 20 "
                "lowercase letters, digits and '-'; AOS may accept it, but renaming "
                "it keeps the template portable",
                item.path,
                at_key=True,
            )
        if item.needs_value:
            context.report(
                "input-needs-value",
                f"input '{item.name}' has no default, so a deployment must give it a "
                "value",
                item.path,
                at_key=True,
            )


def _check_type(context: Context, item: Input) -> None:
    declared = item.data.get("type")
    if declared is None or not isinstance(declared, str):
        return
    if declared in INPUT_SCALAR_TYPES or RESOURCE_ID_TYPE.match(declared):
        return
    hint = closest(declared, INPUT_SCALAR_TYPES) or closest(
        declared.lower(), INPUT_SCALAR_TYPES
    )
    message = f"input '{item.name}' has the unknown type '{declared}'"
    if hint:
        message += f"; did you mean '{hint}'?"
    else:
        message += (
            "; use string, integer, boolean, float, enum, secret, password, ip or a "
            "resource id type such as HuaweiCloud.VPC.VPC.Id"
        )
    context.report(
        "unknown-input-type", message, item.path + ("type",), suggestion=hint
    )


def _check_flags(context: Context, item: Input) -> None:
    if item.type == "enum" and not any(
        c.rule == "valid_values" for c in item.constraints
    ):
        context.report(
            "enum-without-values",
            f"input '{item.name}' has the type enum but no valid_values constraint; add "
            "'constraints: {valid_values: [...]}' with the allowed values",
            item.path + ("type",),
        )
    if item.advanced and not item.has_default:
        context.report(
            "advanced-without-default",
            f"input '{item.name}' is advanced but has no default; an advanced input "
            "needs a default, so add one or remove 'advanced'",
            item.path + ("advanced",),
        )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _check_constraint(context: Context, item: Input, constraint: Constraint) -> None:
    """Report a constraint that can never be met or that cannot be checked here."""
    rule, value = constraint.rule, constraint.value
    if rule == "in_range" and isinstance(value, list) and len(value) == 2:
        low, high = _number(value[0]), _number(value[1])
        if low is not None and high is not None and low > high:
            context.report(
                "invalid-constraint",
                f"in_range of input '{item.name}' has the lower bound {show(value[0])} "
                f"above the upper bound {show(value[1])}; swap them",
                constraint.path,
            )
    if rule in ("regex", "pattern") and isinstance(value, str):
        try:
            re.compile(value)
        except re.error as error:
            context.report(
                "unchecked-regex",
                f"the {rule} of input '{item.name}' is not a regular expression Python "
                f"reads ({error}), so defaults and values are not checked against it",
                constraint.path,
            )
    if rule in ("min_length", "max_length"):
        bounds = {c.rule: c.value for c in item.constraints}
        low, high = bounds.get("min_length"), bounds.get("max_length")
        if (
            rule == "max_length"
            and isinstance(low, int)
            and isinstance(high, int)
            and low > high
        ):
            context.report(
                "invalid-constraint",
                f"input '{item.name}' has min_length {low} above max_length {high}; no "
                "value can meet both",
                constraint.path,
            )


def _check_default(context: Context, item: Input) -> None:
    problem = _default_type_problem(item.type, item.default)
    if problem is not None:
        context.report(
            "input-default-type",
            f"the default {show(item.default)} of input '{item.name}' {problem}; change "
            "the default or the type",
            item.path + ("default",),
        )
        return
    for constraint in item.constraints:
        broken = constraint_violation(constraint, item.default)
        if broken is not None:
            context.report(
                "input-default-constraint",
                f"the default {show(item.default)} of input '{item.name}' breaks its own "
                f"constraint: {broken}",
                item.path + ("default",),
                constraint=constraint.rule,
            )


def _default_type_problem(kind: str, value: Any) -> str | None:
    """Return how `value` fails to be of input type `kind`, or None."""
    if kind == "integer":
        if isinstance(value, bool) or not (
            isinstance(value, int)
            or (isinstance(value, float) and value.is_integer())
            or (isinstance(value, str) and value.strip().lstrip("-").isdigit())
        ):
            return f"is {type_name(value)}, not an integer"
    elif kind == "float":
        if _number(value) is None:
            return f"is {type_name(value)}, not a number"
    elif kind == "boolean":
        if not isinstance(value, bool) and not (
            isinstance(value, str) and value.strip().lower() in ("true", "false")
        ):
            return f"is {type_name(value)}, not a boolean"
    elif kind == "ip":
        if parse_ipv4(text_of(value)) is None:
            return "is not an IP address"
    elif kind == "list":
        if not isinstance(value, list):
            return f"is {type_name(value)}, not a list"
    elif kind in ("map", "dict"):
        if not isinstance(value, dict):
            return f"is {type_name(value)}, not a mapping"
    elif isinstance(value, (list, dict)):
        return f"is {type_name(value)}, not a single value"
    return None


def _length(value: Any) -> int | None:
    if isinstance(value, (list, dict)):
        return len(value)
    if value is None:
        return None
    return len(text_of(value))


def _same(first: Any, second: Any) -> bool:
    if first == second:
        return True
    if isinstance(first, (list, dict)) or isinstance(second, (list, dict)):
        return False
    return text_of(first) == text_of(second)


def constraint_violation(constraint: Constraint, value: Any) -> str | None:
    """Return how `value` breaks `constraint`, or None when it meets it or when the
    constraint cannot be checked."""
    rule, bound = constraint.rule, constraint.value
    if rule == "valid_values" and isinstance(bound, list):
        if not any(_same(value, allowed) for allowed in bound):
            return "valid_values is " + ", ".join(show(allowed) for allowed in bound)
        return None
    if rule == "equal":
        return None if _same(value, bound) else f"it must equal {show(bound)}"
    if rule in ("regex", "pattern") and isinstance(bound, str):
        try:
            # NOTE: AOS's matching mode is not documented; a match anywhere in the
            # value passes, so an unanchored expression is never reported wrongly.
            found = re.search(bound, text_of(value))
        except re.error:
            return None
        return None if found else f"it does not match the {rule} {bound}"
    if rule in ("length", "min_length", "max_length") and isinstance(bound, int):
        size = _length(value)
        if size is None:
            return None
        unit = "items" if isinstance(value, (list, dict)) else "characters"
        if rule == "length" and size != bound:
            return f"it is {size} {unit} long, not {bound}"
        if rule == "min_length" and size < bound:
            return f"it is {size} {unit} long, less than min_length {bound}"
        if rule == "max_length" and size > bound:
            return f"it is {size} {unit} long, more than max_length {bound}"
        return None
    return _numeric_violation(rule, bound, value)


def _numeric_violation(rule: str, bound: Any, value: Any) -> str | None:
    number = _number(value)
    if number is None:
        return None
    if rule == "in_range" and isinstance(bound, list) and len(bound) == 2:
        low, high = _number(bound[0]), _number(bound[1])
        if low is not None and high is not None and not low <= number <= high:
            return f"in_range is [{show(bound[0])}, {show(bound[1])}]"
        return None
    limit = _number(bound)
    if limit is None:
        return None
    checks = {
        "greater_or_equal": (number >= limit, "at least"),
        "greater_than": (number > limit, "greater than"),
        "less_or_equal": (number <= limit, "at most"),
        "less_than": (number < limit, "less than"),
    }
    if rule in checks and not checks[rule][0]:
        return f"{rule} {show(bound)} needs a value {checks[rule][1]} {show(bound)}"
    return None
