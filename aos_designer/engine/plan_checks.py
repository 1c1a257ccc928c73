"""The check of a plan against the provider's rules, before anything is created.

Each resource that the plan adds, replaces or updates is checked with the values
known at plan time: literals, inputs, mappings and the attributes of resources that
stay as they are. A value known only after apply, or one left unknown for another
reason, reaches the provider as `UNKNOWN`, so the rules that need it wait for the
provider call. Resources the plan leaves alone or deletes are not checked, and
neither is a rollback's plan, which must be able to restore what was there.
"""

from __future__ import annotations

from typing import Any

from ..catalog.checks import MISSING, show
from ..template.functions import function_call
from ..template.source import json_pointer
from .inputs import secret_paths
from .model import (
    ADD,
    DELETE_THEN_ADD,
    SECRET_MASK,
    UPDATE,
    KnownAfterApply,
    PlanItem,
    PlanProblem,
)
from .provider import UNKNOWN, CheckContext, Provider

CHECKED_ACTIONS = (ADD, UPDATE, DELETE_THEN_ADD)


def check_plan(
    items: list[PlanItem],
    evaluated: dict[str, dict[str, Any]],
    provider: Provider,
    region: str,
    secrets: list[str],
) -> list[PlanProblem]:
    """Return every rule that the resources the plan sends to the provider break,
    resource by resource in plan order. `evaluated` contains each resource's
    properties as far as they are known, secrets unmasked."""
    problems: list[PlanProblem] = []
    for item in items:
        if item.action not in CHECKED_ACTIONS or item.new_instances == 0:
            continue
        properties = evaluated.get(item.resource_name, {})
        context = CheckContext(region=region, resource_name=item.resource_name)
        hidden = set(secret_paths(properties, secrets))
        for problem in provider.check(
            item.resource_type, with_unknowns(properties), context
        ):
            if problem.value is MISSING:
                value = None
            elif json_pointer(problem.path) in hidden:
                value = SECRET_MASK
            else:
                value = show(problem.value)
            problems.append(
                PlanProblem(
                    item.resource_name,
                    item.resource_type,
                    problem.dotted_path,
                    value,
                    problem.rule,
                    problem.requirement,
                )
            )
    return problems


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
