"""The places where a template names one of its resources, inputs, mappings or
conditions, found so that a rename can follow them and a removal can cut them out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .functions import function_call, iter_calls
from .model import Template
from .source import Path


@dataclass(frozen=True, slots=True)
class Reference:
    """One place that names a resource, input, mapping or condition.

    `name_path` is the scalar that contains the name (a rename edits it). `cut` is the
    value removed when the named thing goes away: the list item of a requirement or
    a policy target, the outermost function call that contains the reference, a
    whole output or condition, or a resource's `condition` key. `call` is the path
    of the function call itself, or None for a reference that is not a call.
    """

    kind: str
    name_path: Path
    cut: Path
    call: Path | None = None


def _outermost_call(data: Any, base: Path, call_path: Path) -> Path:
    """Return the shortest prefix of `call_path` below `base` that is a function call."""
    value = data
    for depth in range(len(base), len(call_path) + 1):
        if depth > len(base):
            part = call_path[depth - 1]
            value = value[part]
        if function_call(value) is not None:
            return call_path[:depth]
    return call_path


def _argument_path(
    call_path: Path, name: str, argument: Any, index: int
) -> Path | None:
    """Return the path of the argument at `index` when it is a literal name."""
    if isinstance(argument, list):
        if len(argument) > index and isinstance(argument[index], str):
            return call_path + (name, index)
        return None
    if index == 0 and isinstance(argument, str):
        return call_path + (name,)
    return None


_NAMING_CALLS = {
    "resource": {"get_reference": 0, "get_attribute": 0},
    "input": {"get_input": 0},
    "mapping": {"get_in_map": 0},
    "condition": {"cond_if": 0},
}


def _calls_in(
    template: Template, kind: str, name: str, value: Any, base: Path, whole: Path | None
) -> Iterator[Reference]:
    """Yield the calls inside `value` (standing at `base`) that name `name`.

    `whole` is the path cut for every reference found, when a reference anywhere in
    the value takes the whole value with it (an output, a condition).
    """
    wanted = _NAMING_CALLS[kind]
    for call in iter_calls(value, base):
        names: list[Path] = []
        if call.name in wanted:
            found = _argument_path(
                call.path, call.name, call.argument, wanted[call.name]
            )
            if found is not None:
                names.append(found)
        if kind == "condition" and call.name in ("cond_and", "cond_or", "cond_not"):
            arguments = (
                call.argument if isinstance(call.argument, list) else [call.argument]
            )
            for index, argument in enumerate(arguments):
                if argument == name:
                    suffix = (index,) if isinstance(call.argument, list) else ()
                    names.append(call.path + (call.name,) + suffix)
        for name_path in names:
            if _value(template.data, name_path) != name:
                continue
            cut = (
                whole if whole is not None else _outermost_call(value, base, call.path)
            )
            yield Reference(kind, name_path, cut, call.path)


def _value(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def find_references(template: Template, kind: str, name: str) -> list[Reference]:
    """Return every place that names the `kind` ("resource", "input", "mapping" or
    "condition") called `name`, in document order of the sections."""
    found: list[Reference] = []
    for resource in template.resources.values():
        if kind == "resource":
            found.extend(_requirement_references(template, resource.requirements, name))
        if kind == "condition" and resource.condition == name:
            path = resource.path + ("condition",)
            found.append(Reference(kind, path, path))
        for key in ("properties", "metadata"):
            if key in resource.data:
                base = resource.path + (key,)
                found.extend(
                    _calls_in(template, kind, name, resource.data[key], base, None)
                )
    for output in template.outputs.values():
        found.extend(
            _calls_in(template, kind, name, output.data, output.path, output.path)
        )
    for condition, expression in template.conditions.items():
        path = ("conditions", condition)
        found.extend(_calls_in(template, kind, name, expression, path, path))
    if kind == "resource":
        for policy in template.policies.values():
            targets = policy.data.get("targets")
            if isinstance(targets, list):
                for index, target in enumerate(targets):
                    if target == name:
                        path = policy.path + ("targets", index)
                        found.append(Reference(kind, path, path))
    return found


def _requirement_references(
    template: Template, requirements: Any, name: str
) -> Iterator[Reference]:
    for requirement in requirements:
        if requirement.node != name:
            continue
        body = _value(template.data, requirement.path)
        # `- vpcId: myvpc` names the node directly, `- vpcId: {node: myvpc}` under `node`.
        name_path = (
            requirement.path + ("node",) if isinstance(body, dict) else requirement.path
        )
        yield Reference("resource", name_path, requirement.path[:-1])


def refers_to(value: Any, resource: str) -> bool:
    """Return whether `value` names `resource` through get_reference or get_attribute."""
    for call in iter_calls(value):
        argument = call.argument
        if call.name == "get_reference":
            target = (
                argument[0] if isinstance(argument, list) and argument else argument
            )
            if target == resource:
                return True
        is_attribute = call.name == "get_attribute" and isinstance(argument, list)
        if is_attribute and argument and argument[0] == resource:
            return True
    return False
