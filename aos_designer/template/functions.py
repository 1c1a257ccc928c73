"""The AOS intrinsic functions: recognising calls and checking their arguments.

A function call is a one-key mapping whose key is a function name, in flow or block
form: `{get_input: az}`. Evaluating calls is the job of `evaluation`, whose names are
importable from here too.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .source import Path


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """The argument shape of one function.

    `list_args` is the allowed range of list lengths, or None when the argument is
    not a list of arguments; `single` says whether one non-list argument is accepted;
    `list_value` says whether the single argument may itself be a list of values.
    """

    name: str
    list_args: tuple[int, int | None] | None
    single: bool
    usage: str
    list_value: bool = False


FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in (
        FunctionSpec("get_input", None, True, "get_input: INPUT_NAME"),
        FunctionSpec(
            "get_attribute",
            (2, None),
            False,
            "get_attribute: [RESOURCE, ATTRIBUTE] or [RESOURCE, ATTRIBUTE, KEY, ...]",
        ),
        FunctionSpec(
            "get_reference", (1, 1), True, "get_reference: RESOURCE or [RESOURCE]"
        ),
        FunctionSpec(
            "get_in_map", (3, 3), False, "get_in_map: [MAPPING, TOP_KEY, SECOND_KEY]"
        ),
        FunctionSpec("concat", (1, None), False, "concat: [VALUE, VALUE, ...]"),
        FunctionSpec("split", (2, 2), False, "split: [DELIMITER, STRING]"),
        FunctionSpec("select", (2, 2), False, "select: [INDEX, LIST]"),
        FunctionSpec("get_list_length", None, True, "get_list_length: LIST", list_value=True),
        FunctionSpec("base64_encode", None, True, "base64_encode: STRING"),
        FunctionSpec("cond_eq", (2, 2), False, "cond_eq: [VALUE, VALUE]"),
        FunctionSpec("cond_not", (1, 1), True, "cond_not: CONDITION"),
        FunctionSpec(
            "cond_and", (2, None), False, "cond_and: [CONDITION, CONDITION, ...]"
        ),
        FunctionSpec(
            "cond_or", (2, None), False, "cond_or: [CONDITION, CONDITION, ...]"
        ),
        FunctionSpec("cond_if", (3, 3), False, "cond_if: [CONDITION, THEN, ELSE]"),
    )
}

CONDITION_FUNCTIONS = frozenset({"cond_eq", "cond_not", "cond_and", "cond_or"})

# Functions of other template languages that people write by habit; AOS has none of them.
FOREIGN_FUNCTIONS = {
    "join": "concat",
    "get_file": None,
    "get_property": "get_attribute",
    "get_param": "get_input",
    "get_resource": "get_reference",
    "get_attr": "get_attribute",
    "ref": "get_reference",
    "fn::join": "concat",
    "fn::getatt": "get_attribute",
    "fn::sub": "concat",
    "fn::select": "select",
    "fn::split": "split",
    "fn::if": "cond_if",
}

PSEUDO_INPUTS = (
    "HuaweiCloud.Region",
    "HuaweiCloud.ProjectId",
    "HuaweiCloud.DomainId",
    "HuaweiCloud.UserId",
    "HuaweiCloud.StackName",
    "HuaweiCloud.NoValue",
    "HuaweiCloud.PeriodNum",
    "HuaweiCloud.PeriodType",
)


def closest(name: str, candidates: Any, cutoff: float = 0.6) -> str | None:
    """Return the candidate nearest to `name`, for "did you mean" hints."""
    matches = difflib.get_close_matches(
        str(name), [str(c) for c in candidates], 1, cutoff
    )
    return matches[0] if matches else None


def function_call(value: Any) -> tuple[str, Any] | None:
    """Return (name, argument) when `value` is a call of a known function."""
    if type(value) is dict and len(value) == 1:
        name, argument = next(iter(value.items()))
        if name in FUNCTIONS:
            return name, argument
    return None


def foreign_function(value: Any) -> tuple[str, str | None] | None:
    """Return (key, suggestion) when `value` is a one-key map that looks like a function
    but is not an AOS one, such as a misspelling (`get_inptu`) or `Fn::Join`.
    """
    if type(value) is not dict or len(value) != 1:
        return None
    key = next(iter(value))
    if not isinstance(key, str) or key in FUNCTIONS:
        return None
    suggestion = _function_like(key)
    if suggestion is None:
        return None
    return key, suggestion or None


@functools.lru_cache(maxsize=4096)
def _function_like(key: str) -> str | None:
    """Return the function `key` was meant to be, "" when it looks like a function
    with no AOS equivalent, or None when it does not look like a function.

    Cached, because templates repeat the same keys many times.
    """
    lowered = key.lower()
    if lowered in FOREIGN_FUNCTIONS:
        return FOREIGN_FUNCTIONS[lowered] or ""
    if lowered.startswith(("get_", "cond_", "fn::")):
        return closest(key, FUNCTIONS, 0.5) or ""
    return closest(lowered, FUNCTIONS, 0.8)


def arguments(name: str, argument: Any) -> list[Any]:
    """Return the arguments of a call as a list, whatever form it was written in."""
    spec = FUNCTIONS[name]
    if isinstance(argument, list) and spec.list_args is not None:
        return list(argument)
    return [argument]


def argument_problem(name: str, argument: Any) -> str | None:
    """Return what is wrong with the shape of a call's argument, or None."""
    problems = argument_problems(name, argument)
    return problems[0][1] if problems else None


def argument_problems(name: str, argument: Any) -> list[tuple[Path, str]]:
    """Return every problem with the shape of a call's argument.

    Each problem is a path relative to the argument (`(1,)` for the second item of a
    list argument, `()` for the argument itself) and a message that names the function
    and shows its usage. A function call in place of an argument is always accepted,
    because it is evaluated first. So is a broken call (see `is_call_like`), because
    its own problem is reported where it is written.
    """
    spec = FUNCTIONS[name]
    if is_call_like(argument):
        return []
    if isinstance(argument, list) and not spec.list_value:
        if spec.list_args is None:
            return [
                ((), f"{name} takes a single value, not a list; write {spec.usage}")
            ]
        low, high = spec.list_args
        count = len(argument)
        if count < low or (high is not None and count > high):
            if low == high:
                expected = f"{low} argument" + ("s" if low != 1 else "")
            elif high is None:
                expected = f"at least {low} arguments"
            else:
                expected = f"{low} to {high} arguments"
            return [((), f"{name} takes {expected}, not {count}; write {spec.usage}")]
    elif not spec.single:
        actual = type_name(argument)
        message = f"{name} takes a list of arguments, not {actual}; write {spec.usage}"
        return [((), message)]
    check = _ARGUMENT_CHECKS.get(name)
    if check is None:
        return []
    listed = isinstance(argument, list) and spec.list_args is not None
    problems = []
    for index, item in enumerate(arguments(name, argument)):
        if is_call_like(item):
            continue
        message = check(index, item)
        if message is not None:
            problems.append(
                ((index,) if listed else (), f"{message}; write {spec.usage}")
            )
    return problems


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (list, dict))


def _name_argument(function: str) -> Callable[[int, Any], str | None]:
    def check(index: int, value: Any) -> str | None:
        if isinstance(value, str) and value:
            return None
        return f"{function} takes a name, not {type_name(value)}"

    return check


def _check_get_attribute(index: int, value: Any) -> str | None:
    if index < 2:
        if isinstance(value, str) and value:
            return None
        what = "resource name" if index == 0 else "attribute name"
        return f"get_attribute takes a {what} as argument {index + 1}, not {type_name(value)}"
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return None
    return f"get_attribute takes a key or an index as argument {index + 1}, not {type_name(value)}"


def _check_get_in_map(index: int, value: Any) -> str | None:
    if isinstance(value, str) or (
        _is_scalar(value) and value is not None and index > 0
    ):
        return None
    what = ("mapping name", "top-level key", "second-level key")[index]
    return f"get_in_map takes a {what} as argument {index + 1}, not {type_name(value)}"


def _check_scalar(function: str) -> Callable[[int, Any], str | None]:
    def check(index: int, value: Any) -> str | None:
        if _is_scalar(value):
            return None
        return f"{function} takes scalar values; argument {index + 1} is {type_name(value)}"

    return check


def _check_split(index: int, value: Any) -> str | None:
    if index == 0 and not (isinstance(value, str) and value):
        return f"split takes a delimiter that is a string and not empty, not {value!r}"
    if index == 1 and not isinstance(value, str):
        return f"split takes a string to split, not {type_name(value)}"
    return None


def _check_select(index: int, value: Any) -> str | None:
    if index == 0:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            return f"select takes an integer index, not {type_name(value)}"
        if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
            return f"select takes an integer index, not '{value}'"
        return None
    if not isinstance(value, list):
        return f"select takes a list to select from, not {type_name(value)}"
    return None


def _check_list(function: str) -> Callable[[int, Any], str | None]:
    def check(index: int, value: Any) -> str | None:
        if isinstance(value, list):
            return None
        return f"{function} takes a list, not {type_name(value)}"

    return check


def _check_condition(function: str, positions: tuple[int, ...] | None = None):
    def check(index: int, value: Any) -> str | None:
        if positions is not None and index not in positions:
            return None
        if isinstance(value, (str, bool)):
            return None
        return (
            f"{function} takes a condition name or a condition function as argument "
            f"{index + 1}, not {type_name(value)}"
        )

    return check


_ARGUMENT_CHECKS: dict[str, Callable[[int, Any], str | None]] = {
    "get_input": _name_argument("get_input"),
    "get_reference": _name_argument("get_reference"),
    "get_attribute": _check_get_attribute,
    "get_in_map": _check_get_in_map,
    "concat": _check_scalar("concat"),
    "split": _check_split,
    "select": _check_select,
    "get_list_length": _check_list("get_list_length"),
    "base64_encode": _check_scalar("base64_encode"),
    "cond_not": _check_condition("cond_not"),
    "cond_and": _check_condition("cond_and"),
    "cond_or": _check_condition("cond_or"),
    "cond_if": _check_condition("cond_if", (0,)),
}


def mixed_function_key(value: Any) -> str | None:
    """Return the function name in a mapping that has it beside other keys.

    `{get_input: a, default: b}` is not a call, because a call is a mapping with one
    key, so the value would reach the cloud as a mapping.
    """
    if type(value) is not dict or len(value) < 2:
        return None
    for key in value:
        if key in FUNCTIONS:
            return key
    return None


def is_call_like(value: Any) -> bool:
    """Tell whether a value is a call or a broken call, so its value is not known.

    A broken call is a misspelled function or a function name beside other keys,
    which other rules report.
    """
    return (
        function_call(value) is not None
        or foreign_function(value) is not None
        or mixed_function_key(value) is not None
    )


def json_type(value: Any) -> str | None:
    """Return the JSON Schema type of a plain value: `null`, `boolean`, `integer`,
    `number`, `string`, `array` or `object`, or None for any other Python type.

    A boolean is not an integer here, although Python's bool is a subclass of int.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return None


# The words messages use for the JSON Schema types.
_TYPE_WORDS = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "a list",
    "object": "a mapping",
}


def type_name(value: Any) -> str:
    """Return the word a message uses for the kind of `value`."""
    kind = json_type(value)
    if kind is None:
        return type(value).__name__
    return _TYPE_WORDS[kind]


@dataclass(frozen=True, slots=True)
class Call:
    """One function call found in a value: where it stands, its name and argument."""

    path: Path
    name: str
    argument: Any


def iter_calls(value: Any, path: Path = ()) -> Iterator[Call]:
    """Yield every function call inside `value`, outer calls before inner ones."""
    call = function_call(value)
    if call is not None:
        name, argument = call
        yield Call(path, name, argument)
        yield from iter_calls(argument, path + (name,))
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from iter_calls(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_calls(item, path + (index,))


def referenced_resource(call: Call) -> str | None:
    """Return the resource a `get_reference` or `get_attribute` call names, if literal."""
    if call.name == "get_reference":
        target = (
            call.argument[0]
            if isinstance(call.argument, list) and call.argument
            else call.argument
        )
        return target if isinstance(target, str) else None
    if (
        call.name == "get_attribute"
        and isinstance(call.argument, list)
        and call.argument
    ):
        target = call.argument[0]
        return target if isinstance(target, str) else None
    return None


def reference_attribute(property_path: Path) -> str:
    """Return the attribute `get_reference` stands for in the property at `property_path`.

    A reference stands for the target's id, except in a property that holds a name
    (`sshKeyName`, `keyName`), where it stands for the target's name.
    """
    names = [
        part for part in property_path if isinstance(part, str) and part not in FUNCTIONS
    ]
    last = names[-1] if names else ""
    if last.lower().endswith("name") and last.lower() != "name":
        return "refName"
    return "refID"


# The evaluator lives in its own module; these names stay importable from here.
_EVALUATION_NAMES = frozenset(
    {
        "AttributeGetter",
        "EvaluationError",
        "Evaluator",
        "Unresolved",
        "text_of",
        "truth",
    }
)


def __getattr__(name: str) -> Any:
    if name in _EVALUATION_NAMES:
        from . import evaluation

        return getattr(evaluation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
