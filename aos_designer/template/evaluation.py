"""Evaluation of AOS function calls against what is known.

The same evaluator serves the validator (input defaults and mappings known, runtime
attributes unknown) and the engine (everything known at the moment a resource is
created). `aos_designer.template.functions` re-exports these names.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any

from .functions import (
    argument_problem,
    arguments,
    closest,
    function_call,
    is_call_like,
    reference_attribute,
    type_name,
)
from .source import Path


class Unresolved(Exception):
    """A value that is not known yet: an input with no value, a runtime attribute, or
    a broken call such as a misspelled function, which the validator reports."""


class EvaluationError(ValueError):
    """A call that cannot work whatever the inputs are: an unknown map key, a bad index.

    `code` names the kind of failure with the validator's diagnostic code, and `path`
    is where the offending argument stands.
    """

    def __init__(self, message: str, path: Path, code: str = "function-error") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code


AttributeGetter = Callable[[str, str, list[Any], Path], Any]


def _unknown_attribute(
    resource: str, attribute: str, keys: list[Any], path: Path
) -> Any:
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
        if is_call_like(value):
            # Checking what a broken call gives would only repeat its own error.
            raise Unresolved(f"the broken call {_format_keys(value)}")
        if isinstance(value, dict):
            return {
                key: self.evaluate(item, path + (key,)) for key, item in value.items()
            }
        if isinstance(value, list):
            return [
                self.evaluate(item, path + (index,)) for index, item in enumerate(value)
            ]
        return value

    def partial(
        self,
        value: Any,
        path: Path = (),
        on_error: Callable[[EvaluationError], None] | None = None,
    ) -> Any:
        """Return `value` with the calls that can be evaluated replaced by their
        results; calls that cannot are left as written.

        A call that fails whatever the inputs are raises `EvaluationError`, unless
        `on_error` is given: then the error goes to `on_error` and the call stays as
        written.
        """
        call = function_call(value)
        if call is not None:
            try:
                return self._call(call[0], call[1], path + (call[0],))
            except Unresolved:
                return value
            except EvaluationError as error:
                if on_error is None:
                    raise
                on_error(error)
                return value
        if isinstance(value, dict):
            return {
                key: self.partial(item, path + (key,), on_error)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [
                self.partial(item, path + (index,), on_error)
                for index, item in enumerate(value)
            ]
        return value

    def condition(self, name: str, path: Path = ()) -> bool:
        """Return the value of the condition `name` from the `conditions` section."""
        if name in self._condition_values:
            return self._condition_values[name]
        if name not in self.conditions:
            hint = closest(name, self.conditions)
            raise EvaluationError(
                f"unknown condition '{name}'"
                + (
                    f"; did you mean '{hint}'?"
                    if hint
                    else "; define it under conditions"
                ),
                path,
                "unknown-condition",
            )
        if name in self._evaluating:
            raise EvaluationError(
                f"condition '{name}' depends on itself", path, "condition-cycle"
            )
        self._evaluating.add(name)
        try:
            result = truth(self.evaluate(self.conditions[name], ("conditions", name)))
        finally:
            self._evaluating.discard(name)
        self._condition_values[name] = result
        return result

    def _condition_argument(self, value: Any, path: Path) -> bool:
        if isinstance(value, str):
            if (
                value.strip().lower() in ("true", "false")
                and value not in self.conditions
            ):
                return truth(value)
            return self.condition(value, path)
        return truth(self.evaluate(value, path))

    def _call(self, name: str, argument: Any, path: Path) -> Any:
        problem = argument_problem(name, argument)
        if problem is not None:
            raise EvaluationError(problem, path, "invalid-function-arguments")
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
            chosen = (
                args[1] if self._condition_argument(args[0], path + (0,)) else args[2]
            )
            return self.evaluate(chosen, path)
        if name in ("cond_and", "cond_or", "cond_not"):
            results = [
                self._condition_argument(item, path + (i,))
                for i, item in enumerate(args)
            ]
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
    map_name, top, second = (
        text_of(v) if not isinstance(v, (list, dict)) else v for v in values
    )
    mapping = evaluator.mappings.get(map_name)
    if not isinstance(mapping, dict):
        hint = closest(map_name, evaluator.mappings)
        raise EvaluationError(
            f"unknown mapping '{map_name}'"
            + (f"; did you mean '{hint}'?" if hint else "; define it under mappings"),
            path + (0,),
            "unknown-mapping",
        )
    level = mapping.get(top)
    if not isinstance(level, dict):
        hint = closest(top, mapping)
        raise EvaluationError(
            f"mapping '{map_name}' has no key '{top}'"
            + (f"; did you mean '{hint}'?" if hint else ""),
            path + (1,),
            "unknown-map-key",
        )
    if second not in level:
        hint = closest(second, level)
        raise EvaluationError(
            f"mapping '{map_name}' has no key '{second}' under '{top}'"
            + (f"; did you mean '{hint}'?" if hint else ""),
            path + (2,),
            "unknown-map-key",
        )
    return level[second]


def _format_keys(value: dict) -> str:
    return "{" + ", ".join(str(key) for key in value) + ": ...}"


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
        raise EvaluationError(
            f"select takes a list, not {type_name(items)}", path + (1,)
        )
    try:
        position = int(index)
    except (TypeError, ValueError):
        raise EvaluationError(
            f"select takes an integer index, not {index!r}", path + (0,)
        ) from None
    if not 0 <= position < len(items):
        raise EvaluationError(
            f"select index {position} is out of range for a list of {len(items)}",
            path + (0,),
        )
    return items[position]


def _length(values: list[Any], path: Path, evaluator: Evaluator) -> int:
    (items,) = values
    if not isinstance(items, list):
        raise EvaluationError(
            f"get_list_length takes a list, not {type_name(items)}", path
        )
    return len(items)


def _base64(values: list[Any], path: Path, evaluator: Evaluator) -> str:
    (text,) = values
    if isinstance(text, (list, dict)):
        raise EvaluationError(
            f"base64_encode takes a string, not {type_name(text)}", path
        )
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
