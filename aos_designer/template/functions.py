"""The AOS intrinsic functions: recognising calls, checking their arguments, evaluating them.

A function call is a one-key mapping whose key is a function name, in flow or block
form: `{get_input: az}`. The same evaluator serves the validator (with input defaults
and mappings known, runtime attributes unknown) and the engine (with everything known
at the moment a resource is created).
"""

from __future__ import annotations

import base64
import difflib
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

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
        FunctionSpec("get_attribute", (2, None), False, "get_attribute: [RESOURCE, ATTRIBUTE]"),
        FunctionSpec("get_reference", (1, 1), True, "get_reference: RESOURCE"),
        FunctionSpec("get_in_map", (3, 3), False, "get_in_map: [MAPPING, TOP_KEY, SECOND_KEY]"),
        FunctionSpec("concat", (1, None), False, "concat: [VALUE, VALUE, ...]"),
        FunctionSpec("split", (2, 2), False, "split: [DELIMITER, STRING]"),
        FunctionSpec("select", (2, 2), False, "select: [INDEX, LIST]"),
        FunctionSpec("get_list_length", None, True, "get_list_length: LIST", list_value=True),
        FunctionSpec("base64_encode", None, True, "base64_encode: STRING"),
        FunctionSpec("cond_eq", (2, 2), False, "cond_eq: [VALUE, VALUE]"),
        FunctionSpec("cond_not", (1, 1), True, "cond_not: CONDITION"),
        FunctionSpec("cond_and", (2, None), False, "cond_and: [CONDITION, CONDITION, ...]"),
        FunctionSpec("cond_or", (2, None), False, "cond_or: [CONDITION, CONDITION, ...]"),
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
    matches = difflib.get_close_matches(str(name), [str(c) for c in candidates], 1, cutoff)
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
    lowered = key.lower()
    if lowered in FOREIGN_FUNCTIONS:
        return key, FOREIGN_FUNCTIONS[lowered]
    if lowered.startswith(("get_", "cond_", "fn::")):
        return key, closest(key, FUNCTIONS, 0.5)
    suggestion = closest(lowered, FUNCTIONS, 0.8)
    if suggestion is not None:
        return key, suggestion
    return None


def arguments(name: str, argument: Any) -> list[Any]:
    """Return the arguments of a call as a list, whatever form it was written in."""
    spec = FUNCTIONS[name]
    if isinstance(argument, list) and spec.list_args is not None:
        return list(argument)
    return [argument]


def argument_problem(name: str, argument: Any) -> str | None:
    """Return what is wrong with the shape of a call's argument, or None."""
    spec = FUNCTIONS[name]
    if isinstance(argument, list) and not spec.list_value:
        if spec.list_args is None:
            return f"{name} takes a single value, not a list; write {spec.usage}"
        low, high = spec.list_args
        count = len(argument)
        if count < low or (high is not None and count > high):
            expected = f"{low}" if low == high else (
                f"at least {low}" if high is None else f"{low} to {high}"
            )
            return f"{name} takes {expected} arguments, not {count}; write {spec.usage}"
        return None
    if not spec.single and function_call(argument) is None:
        return f"{name} takes a list of arguments; write {spec.usage}"
    if name in ("get_input", "get_reference") and not isinstance(argument, str):
        if function_call(argument) is None:
            return f"{name} takes a name, not {type_name(argument)}; write {spec.usage}"
    return None


def type_name(value: Any) -> str:
    """Return the word a message uses for the kind of `value`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


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
        target = call.argument[0] if isinstance(call.argument, list) and call.argument else call.argument
        return target if isinstance(target, str) else None
    if call.name == "get_attribute" and isinstance(call.argument, list) and call.argument:
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


class Unresolved(Exception):
    """A value that is not known yet: an input with no value, or a runtime attribute."""


class EvaluationError(ValueError):
    """A call that cannot work whatever the inputs are: an unknown map key, a bad index."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


AttributeGetter = Callable[[str, str, list[Any], Path], Any]


def _unknown_attribute(resource: str, attribute: str, keys: list[Any], path: Path) -> Any:
    raise Unresolved(f"{resource}.{attribute}")


class Evaluator:
    """Evaluates function calls against what is known.

    `inputs` holds the values of inputs that have one (pseudo inputs included);
    `attribute` returns a runtime attribute or raises `Unresolved`.
    """

    def __init__(
        self,
        inputs: Mapping[str, Any],
        mappings: Mapping[str, Any] | None = None,
        conditions: Mapping[str, Any] | None = None,
        attribute: AttributeGetter | None = None,
    ) -> None:
        self.inputs = inputs
        self.mappings = mappings or {}
        self.conditions = conditions or {}
        self.attribute = attribute or _unknown_attribute
        self._condition_values: dict[str, bool] = {}
        self._evaluating: set[str] = set()

    def evaluate(self, value: Any, path: Path = ()) -> Any:
        """Return `value` with every call replaced by its result; raise `Unresolved`
        when a call needs something not known yet."""
        call = function_call(value)
        if call is not None:
            return self._call(call[0], call[1], path + (call[0],))
        if isinstance(value, dict):
            return {key: self.evaluate(item, path + (key,)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.evaluate(item, path + (index,)) for index, item in enumerate(value)]
        return value

    def partial(self, value: Any, path: Path = ()) -> Any:
        """Return `value` with the calls that can be evaluated replaced by their
        results; calls that cannot are left as written."""
        call = function_call(value)
        if call is not None:
            try:
                return self._call(call[0], call[1], path + (call[0],))
            except Unresolved:
                return value
        if isinstance(value, dict):
            return {key: self.partial(item, path + (key,)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.partial(item, path + (index,)) for index, item in enumerate(value)]
        return value

    def condition(self, name: str, path: Path = ()) -> bool:
        """Return the value of the condition `name` from the `conditions` section."""
        if name in self._condition_values:
            return self._condition_values[name]
        if name not in self.conditions:
            raise EvaluationError(f"unknown condition '{name}'", path)
        if name in self._evaluating:
            raise EvaluationError(f"condition '{name}' depends on itself", path)
        self._evaluating.add(name)
        try:
            result = truth(self.evaluate(self.conditions[name], ("conditions", name)))
        finally:
            self._evaluating.discard(name)
        self._condition_values[name] = result
        return result

    def _condition_argument(self, value: Any, path: Path) -> bool:
        if isinstance(value, str) and value in self.conditions:
            return self.condition(value, path)
        return truth(self.evaluate(value, path))

    def _call(self, name: str, argument: Any, path: Path) -> Any:
        problem = argument_problem(name, argument)
        if problem is not None:
            raise EvaluationError(problem, path)
        args = arguments(name, argument)
        if name == "get_input":
            input_name = self.evaluate(args[0], path)
            if input_name not in self.inputs:
                raise Unresolved(f"input {input_name}")
            return self.inputs[input_name]
        if name == "get_reference":
            target = self.evaluate(args[0], path)
            return self.attribute(target, reference_attribute(path), [], path)
        if name == "get_attribute":
            values = [self.evaluate(item, path + (i,)) for i, item in enumerate(args)]
            return self.attribute(values[0], values[1], values[2:], path)
        if name == "cond_if":
            chosen = args[1] if self._condition_argument(args[0], path + (0,)) else args[2]
            return self.evaluate(chosen, path)
        if name in ("cond_and", "cond_or", "cond_not"):
            results = [self._condition_argument(item, path + (i,)) for i, item in enumerate(args)]
            if name == "cond_and":
                return all(results)
            if name == "cond_or":
                return any(results)
            return not results[0]
        values = [self.evaluate(item, path + (i,)) for i, item in enumerate(args)]
        return _PURE[name](values, path, self)


def truth(value: Any) -> bool:
    """Return the boolean a condition value stands for (`"true"` counts as true)."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


def text_of(value: Any) -> str:
    """Return the text a scalar becomes in `concat` and comparisons."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _get_in_map(values: list[Any], path: Path, evaluator: Evaluator) -> Any:
    map_name, top, second = (text_of(v) if not isinstance(v, (list, dict)) else v for v in values)
    mapping = evaluator.mappings.get(map_name)
    if not isinstance(mapping, dict):
        raise EvaluationError(f"unknown mapping '{map_name}'", path + (0,))
    level = mapping.get(top)
    if not isinstance(level, dict):
        hint = closest(top, mapping)
        raise EvaluationError(
            f"mapping '{map_name}' has no key '{top}'"
            + (f"; did you mean '{hint}'?" if hint else ""),
            path + (1,),
        )
    if second not in level:
        hint = closest(second, level)
        raise EvaluationError(
            f"mapping '{map_name}' has no key '{second}' under '{top}'"
            + (f"; did you mean '{hint}'?" if hint else ""),
            path + (2,),
        )
    return level[second]


def _concat(values: list[Any], path: Path, evaluator: Evaluator) -> str:
    for index, value in enumerate(values):
        if isinstance(value, (list, dict)):
            raise EvaluationError(
                f"concat joins scalars; argument {index + 1} is {type_name(value)}",
                path + (index,),
            )
    return "".join(text_of(value) for value in values)


def _split(values: list[Any], path: Path, evaluator: Evaluator) -> list[str]:
    delimiter, text = values
    if not isinstance(text, str) or not isinstance(delimiter, str):
        raise EvaluationError("split takes a delimiter and a string", path)
    if delimiter == "":
        raise EvaluationError("split needs a delimiter that is not empty", path + (0,))
    return text.split(delimiter)


def _select(values: list[Any], path: Path, evaluator: Evaluator) -> Any:
    index, items = values
    if not isinstance(items, list):
        raise EvaluationError(f"select takes a list, not {type_name(items)}", path + (1,))
    try:
        position = int(index)
    except (TypeError, ValueError):
        raise EvaluationError(f"select takes an integer index, not {index!r}", path + (0,)) from None
    if not 0 <= position < len(items):
        raise EvaluationError(
            f"select index {position} is out of range for a list of {len(items)}", path + (0,)
        )
    return items[position]


def _length(values: list[Any], path: Path, evaluator: Evaluator) -> int:
    (items,) = values
    if not isinstance(items, list):
        raise EvaluationError(f"get_list_length takes a list, not {type_name(items)}", path)
    return len(items)


def _base64(values: list[Any], path: Path, evaluator: Evaluator) -> str:
    (text,) = values
    if isinstance(text, (list, dict)):
        raise EvaluationError(f"base64_encode takes a string, not {type_name(text)}", path)
    return base64.b64encode(text_of(text).encode("utf-8")).decode("ascii")


def _cond_eq(values: list[Any], path: Path, evaluator: Evaluator) -> bool:
    first, second = values
    if isinstance(first, (list, dict)) or isinstance(second, (list, dict)):
        return first == second
    return text_of(first) == text_of(second)


_PURE: dict[str, Callable[[list[Any], Path, Evaluator], Any]] = {
    "get_in_map": _get_in_map,
    "concat": _concat,
    "split": _split,
    "select": _select,
    "get_list_length": _length,
    "base64_encode": _base64,
    "cond_eq": _cond_eq,
}
