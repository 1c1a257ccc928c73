"""The check of a plan against the provider's rules, before anything is created.

Each resource that the plan adds, replaces or updates is checked with the values
known at plan time: literals, inputs, mappings and the attributes of resources that
stay as they are. A value known only after apply, or one left unknown for another
reason, reaches the provider as `UNKNOWN`, so the rules that need it wait for the
provider call. Resources the plan leaves alone or deletes are not checked, and
neither is a rollback's plan, which must be able to restore what was there.

Then the whole plan is checked against what the cloud contains (`check_planned`):
unique names, among the template's resources and in the cloud, and quotas. A
problem whose value comes from an input names the input and the option that
changes it.
"""

from __future__ import annotations

from typing import Any

from ..catalog.checks import MISSING, PropertyPath, RuleProblem, show
from ..template.functions import function_call, iter_calls
from ..template.source import json_pointer
from .inputs import secret_paths
from .model import (
    ADD,
    DELETE_THEN_ADD,
    NO_OPERATION,
    SECRET_MASK,
    UPDATE,
    KnownAfterApply,
    PlanItem,
    PlanProblem,
)
from .provider import UNKNOWN, CheckContext, PlanContext, PlannedResource, Provider

CHECKED_ACTIONS = (ADD, UPDATE, DELETE_THEN_ADD)


def check_plan(
    items: list[PlanItem],
    evaluated: dict[str, dict[str, Any]],
    provider: Provider,
    context: PlanContext,
    secrets: list[str],
    written: dict[str, dict[str, Any]] | None = None,
) -> list[PlanProblem]:
    """Return every rule that the resources the plan sends to the provider break,
    resource by resource in plan order. `evaluated` contains each resource's
    properties as far as they are known, secrets unmasked, and `written` the
    properties as the template writes them."""
    found: dict[str, list[RuleProblem]] = {}
    for item in items:
        if item.action not in CHECKED_ACTIONS or item.new_instances == 0:
            continue
        properties = evaluated.get(item.resource_name, {})
        check_context = CheckContext(context.region, item.resource_name)
        found[item.resource_name] = provider.check(
            item.resource_type, with_unknowns(properties), check_context
        )
    planned = [
        PlannedResource(
            name=item.resource_name,
            type=item.resource_type,
            action=item.action,
            properties=with_unknowns(evaluated.get(item.resource_name, {})),
            sources=evaluated.get(item.resource_name, {}),
            instances=item.new_instances,
            old_instances=item.old_instances,
        )
        for item in items
        if item.action in (*CHECKED_ACTIONS, NO_OPERATION)
        and item.resource_name in evaluated
    ]
    for entry in provider.check_planned(planned, context):
        problem = entry.problem
        hint = input_hint((written or {}).get(entry.resource_name, {}), problem.path)
        if hint:
            problem = RuleProblem(
                problem.path,
                problem.value,
                problem.rule,
                f"{problem.requirement}; {hint}",
            )
        found.setdefault(entry.resource_name, []).append(problem)
    problems: list[PlanProblem] = []
    for item in items:
        properties = evaluated.get(item.resource_name, {})
        hidden = set(secret_paths(properties, secrets))
        for problem in found.get(item.resource_name, []):
            problems.append(_plan_problem(item, problem, hidden))
    return problems


def _plan_problem(
    item: PlanItem, problem: RuleProblem, hidden: set[str]
) -> PlanProblem:
    if problem.value is MISSING:
        value = None
    elif json_pointer(problem.path) in hidden:
        value = SECRET_MASK
    else:
        value = show(problem.value)
    return PlanProblem(
        item.resource_name,
        item.resource_type,
        problem.dotted_path,
        value,
        problem.rule,
        problem.requirement,
    )


def input_hint(written: dict[str, Any], path: PropertyPath) -> str:
    """Return which inputs the value at `path` comes from and the options that
    change them, or "" when it comes from none."""
    if not path:
        return ""
    current: Any = written
    for part in path:
        if function_call(current) is not None:
            break
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int):
            current = current[part] if part < len(current) else None
        else:
            return ""
    names: list[str] = []
    for call in iter_calls(current):
        if call.name == "get_input" and isinstance(call.argument, str):
            if call.argument not in names:
                names.append(call.argument)
    if not names:
        return ""
    noun = "input" if len(names) == 1 else "inputs"
    options = " or ".join(f"--input {name}=..." for name in names)
    return f"the value comes from {noun} {', '.join(names)}, so give another with {options}"


def with_unknowns(value: Any) -> Any:
    """Return `value` with each value not known at plan time replaced by `UNKNOWN`:
    a `KnownAfterApply`, and a function call that could not be evaluated."""
    if isinstance(value, KnownAfterApply) or function_call(value) is not None:
        return UNKNOWN
    if isinstance(value, dict):
        return {key: with_unknowns(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_unknowns(item) for item in value]
    return value
