"""Rules about function calls in every section: unknown and misspelled functions, the
shape of arguments, and the names calls use (inputs, resources, attributes, mappings,
conditions). The same checks serve resource properties, which the resource rules run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..template.evaluation import EvaluationError
from ..template.functions import (
    Call,
    argument_problems,
    closest,
    foreign_function,
    function_call,
    iter_calls,
    mixed_function_key,
    referenced_resource,
)
from ..template.source import Path
from .context import Context
from .facts import usage_of
from .registry import document_rule

# Evaluation errors that another check already reports at the same place.
_REPORTED_ELSEWHERE = frozenset({"invalid-function-arguments", "condition-cycle"})


def check_function_shapes(context: Context, value: Any, path: Path) -> None:
    """Report misspelled and foreign functions, function names beside other keys, and
    calls with arguments of the wrong shape, anywhere inside `value`."""
    for node, node_path in _mappings(value, path):
        call = function_call(node)
        if call is not None:
            name, argument = call
            for relative, message in argument_problems(name, argument):
                context.report(
                    "invalid-function-arguments",
                    message,
                    node_path + (name,) + relative,
                )
            continue
        foreign = foreign_function(node)
        if foreign is not None:
            key, suggestion = foreign
            if suggestion:
                message = f"unknown function '{key}'; did you mean '{suggestion}'?"
            else:
                message = f"'{key}' is not an AOS function, and AOS has no equivalent"
            context.report(
                "unknown-function",
                message,
                node_path + (key,),
                at_key=True,
                suggestion=suggestion,
            )
            continue
        mixed = mixed_function_key(node)
        if mixed is not None:
            others = ", ".join(f"'{key}'" for key in node if key != mixed)
            context.report(
                "function-with-extra-keys",
                f"'{mixed}' stands beside {others} in one mapping, so it is not a function "
                f"call; a call is a mapping with the function name as its only key",
                node_path + (mixed,),
                at_key=True,
            )


def _mappings(value: Any, path: Path) -> Iterator[tuple[dict, Path]]:
    """Yield every mapping inside `value` with its path, outer ones first."""
    pending: list[tuple[Any, Path]] = [(value, path)]
    while pending:
        current, current_path = pending.pop()
        if isinstance(current, dict):
            yield current, current_path
            children = list(current.items())
        elif isinstance(current, list):
            children = list(enumerate(current))
        else:
            continue
        for key, item in reversed(children):
            pending.append((item, current_path + (key,)))


def argument_path(call: Call) -> Path:
    """Return the path of a call's first argument: the name it refers to."""
    base = call.path + (call.name,)
    return base + (0,) if isinstance(call.argument, list) else base


def check_calls(
    context: Context, calls: list[Call], *, in_condition: bool = False
) -> None:
    """Report names that calls use but the template does not define."""
    template = context.template
    for call in calls:
        if call.name == "get_input":
            _check_input(context, call)
        elif call.name == "get_in_map":
            _check_mapping(context, call)
        elif call.name in ("cond_if", "cond_and", "cond_or", "cond_not"):
            _check_condition_names(context, call)
        target = referenced_resource(call)
        if target is None:
            continue
        if in_condition:
            context.report(
                "runtime-value-in-condition",
                f"{call.name} reads '{target}' at deployment, but conditions are decided "
                "before any resource exists; compare inputs instead",
                call.path + (call.name,),
                at_key=True,
            )
        if target not in template.resources:
            report_unknown_resource(context, target, argument_path(call))
        elif call.name == "get_attribute":
            _check_attribute(context, call, target)


def _check_input(context: Context, call: Call) -> None:
    argument = call.argument
    if not isinstance(argument, str) or argument in context.input_names:
        return
    hint = closest(argument, context.input_names)
    message = f"unknown input '{argument}'"
    message += f"; did you mean '{hint}'?" if hint else "; define it under inputs"
    context.report("unknown-input", message, argument_path(call), suggestion=hint)


def _check_mapping(context: Context, call: Call) -> None:
    argument = call.argument
    if (
        not isinstance(argument, list)
        or not argument
        or not isinstance(argument[0], str)
    ):
        return
    name = argument[0]
    mappings = context.template.mappings
    if name in mappings:
        return
    hint = closest(name, mappings)
    message = f"unknown mapping '{name}'"
    message += f"; did you mean '{hint}'?" if hint else "; define it under mappings"
    context.report("unknown-mapping", message, argument_path(call), suggestion=hint)


def _check_condition_names(context: Context, call: Call) -> None:
    items = call.argument if isinstance(call.argument, list) else [call.argument]
    if call.name == "cond_if":
        items = items[:1]
    conditions = context.template.conditions
    for index, item in enumerate(items):
        if not isinstance(item, str) or item in conditions:
            continue
        if item.strip().lower() in ("true", "false"):
            continue
        hint = closest(item, conditions)
        message = f"unknown condition '{item}'"
        message += (
            f"; did you mean '{hint}'?" if hint else "; define it under conditions"
        )
        path = call.path + (call.name,)
        if isinstance(call.argument, list):
            path += (index,)
        context.report("unknown-condition", message, path, suggestion=hint)


def _check_attribute(context: Context, call: Call, target: str) -> None:
    argument = call.argument
    attribute = argument[1] if len(argument) > 1 else None
    if not isinstance(attribute, str):
        return
    kind = context.template.resources[target].type
    resource_type = context.catalog.get(kind) if kind else None
    if resource_type is None or attribute in resource_type.attributes:
        return
    known = list(resource_type.attributes)
    hint = closest(attribute, known)
    listed = ", ".join(known)
    path = call.path + (call.name, 1)
    if resource_type.attributes_complete:
        message = f"'{target}' ({resource_type.name}) has no attribute '{attribute}'"
        message += (
            f"; did you mean '{hint}'?" if hint else f"; its attributes are {listed}"
        )
        context.report("unknown-attribute", message, path, suggestion=hint)
        return
    message = (
        f"attribute '{attribute}' of '{target}' ({resource_type.name}) is not in the "
        f"catalog, which knows {listed} but not the whole list"
    )
    message += f"; did you mean '{hint}'?" if hint else ""
    context.report("unlisted-attribute", message, path, suggestion=hint)


def report_unknown_resource(context: Context, target: str, path: Path) -> None:
    hint = closest(target, context.template.resources)
    message = f"unknown resource '{target}'"
    if hint:
        message += f"; did you mean '{hint}'?"
    else:
        message += "; it is not defined under node_templates"
    context.report("unknown-resource", message, path, suggestion=hint)


def report_evaluation_errors(context: Context, errors: list[EvaluationError]) -> None:
    """Report calls that fail with the values known: a missing map key, a bad index."""
    for error in errors:
        if error.code in _REPORTED_ELSEWHERE:
            continue
        context.report(error.code, error.message, error.path)


@document_rule
def functions_outside_resources(context: Context) -> None:
    """Check functions in inputs, outputs, mappings, conditions and policies."""
    template = context.template
    if not template.is_mapping:
        return
    for section in ("inputs", "outputs", "mappings", "conditions", "policies"):
        value = template.data.get(section)
        if isinstance(value, dict):
            check_function_shapes(context, value, (section,))
    errors: list[EvaluationError] = []
    for name, output in template.outputs.items():
        base = output.path + ("value",)
        check_calls(context, list(iter_calls(output.value, base)))
        context.evaluator.partial(output.value, base, on_error=errors.append)
    for name, condition in template.conditions.items():
        base = ("conditions", name)
        check_calls(context, list(iter_calls(condition, base)), in_condition=True)
        context.evaluator.partial(condition, base, on_error=errors.append)
    for name, policy in template.policies.items():
        if "properties" in policy.data:
            base = policy.path + ("properties",)
            check_calls(context, list(iter_calls(policy.properties, base)))
        for index, target in enumerate(policy.targets):
            if target not in template.resources:
                report_unknown_resource(
                    context, target, policy.path + ("targets", index)
                )
    report_evaluation_errors(context, errors)


def section_usage(context: Context):
    """Return what outputs, conditions and policies use."""
    template = context.template
    calls: list[Call] = []
    for output in template.outputs.values():
        calls.extend(iter_calls(output.value, output.path + ("value",)))
    for name, condition in template.conditions.items():
        calls.extend(iter_calls(condition, ("conditions", name)))
    for policy in template.policies.values():
        calls.extend(iter_calls(policy.properties, policy.path + ("properties",)))
    return usage_of(calls)
