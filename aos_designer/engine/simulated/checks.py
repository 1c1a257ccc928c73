"""The simulated cloud's check of one resource's properties: the catalog's rules for
its type, then the simulation's own rules (`own_rules`).

The same check runs at plan time, where values known only after apply are skipped,
and on every create and update, so the plan and the cloud never disagree about a
value. Rules that look at other resources in the sandbox (existence, CIDR overlap,
free addresses) run only when the resource is created or updated. Unique names and
quotas are checked for the whole plan too, by `plan_rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ...catalog import default_catalog
from ...catalog.checks import RuleProblem
from ...template.source import json_pointer
from ..provider import SECRET_MASK
from .own_rules import own_problems
from .types import short_type


def _never_unknown(value: Any) -> bool:
    return False


def check_properties(
    resource_type: str,
    properties: dict[str, Any],
    region: str,
    is_unknown: Callable[[Any], bool] = _never_unknown,
) -> list[RuleProblem]:
    """Return every rule that a resource of `resource_type` with `properties`
    breaks in `region`: the catalog's first, then the simulation's own."""
    problems = default_catalog().property_problems(
        resource_type, properties, is_unknown
    )
    problems.extend(
        own_problems(short_type(resource_type), properties, region, is_unknown)
    )
    return problems


def describe_problems(
    resource_name: str,
    resource_type: str,
    problems: Iterable[RuleProblem],
    secret_paths: Iterable[str] = (),
) -> str:
    """Return `NAME (TYPE): ` and each problem as `RULE: PATH VALUE REQUIREMENT`,
    joined by "; ", with a value at one of `secret_paths` (JSON pointers) masked."""
    secret = set(secret_paths)
    texts = [
        problem.describe(SECRET_MASK if json_pointer(problem.path) in secret else None)
        for problem in problems
    ]
    return f"{resource_name} ({resource_type}): " + "; ".join(texts)
