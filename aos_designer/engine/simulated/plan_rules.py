"""The simulated cloud's rules that compare a whole plan with what the sandbox holds:
unique names and quotas.

They run at plan time through `SimulatedCloud.check_planned`, so a plan that would
fail at its first create is refused before anything is created. The same rules run
again when each resource is created or updated, because the sandbox may change
between the plan and the deployment.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ...catalog.checks import MISSING, RuleProblem
from ..provider import UNKNOWN, PlanContext, PlannedProblem, PlannedResource
from .types import TypeSpec, type_spec

# The actions whose resources the deployment creates or changes.
CHANGING = ("ADD", "UPDATE", "DELETE_THEN_ADD")


def given_name(spec: TypeSpec, properties: dict[str, Any]) -> Any:
    """Return the value at the type's name property, or None when it is not set."""
    current: Any = properties
    for part in spec.name_key.split("."):
        if not isinstance(current, dict):
            return None
        current = current.get(part)
    return current


def instance_name(base: str, instance: int, instances: int) -> str:
    """Return the name of one instance: `base`, or `base-0001`... with instances."""
    if instances > 1:
        return f"{base}-{instance + 1:04d}"
    return base


def type_quota(connection: sqlite3.Connection, spec: TypeSpec) -> int | None:
    """Return the number of resources of a type a region may have, or None."""
    row = connection.execute(
        "SELECT quota FROM sandbox_quotas WHERE type = ?", (spec.short,)
    ).fetchone()
    return row[0] if row else spec.quota


def count_in_region(connection: sqlite3.Connection, spec: TypeSpec, region: str) -> int:
    return connection.execute(
        "SELECT COUNT(*) FROM sandbox_resources WHERE type = ? AND region = ?",
        (spec.short, region),
    ).fetchone()[0]


def planned_problems(
    connection: sqlite3.Connection,
    resources: Sequence[PlannedResource],
    context: PlanContext,
) -> list[PlannedProblem]:
    """Return the names and quotas that deploying `resources` would break, in plan
    order, each resource's name problems before its quota problem."""
    problems: list[PlannedProblem] = []
    claimed: dict[tuple[str, str, Any], str] = {}
    added: dict[str, int] = {}
    for resource in resources:
        spec = type_spec(resource.type)
        found = _duplicate_names(spec, resource, context, claimed)
        if resource.action in CHANGING:
            found += _taken_names(connection, spec, resource, context)
            quota = _quota_problem(connection, spec, resource, context, added)
            if quota is not None:
                found.append(quota)
        problems.extend(PlannedProblem(resource.name, problem) for problem in found)
    return problems


def _names(spec: TypeSpec, resource: PlannedResource) -> list[str]:
    """Return the names the resource's instances get, or none when the cloud
    chooses them or they are not known at plan time."""
    base = given_name(spec, resource.properties)
    if not isinstance(base, str) or not base:
        return []
    return [
        instance_name(base, instance, resource.instances)
        for instance in range(resource.instances)
    ]


def _scope_words(spec: TypeSpec, region: str) -> str:
    if spec.unique_name == "global":
        return "in every region"
    if spec.unique_name == "region":
        return f"in region {region}"
    return f"with the same {spec.unique_name}"


def _name_problem(
    spec: TypeSpec, resource: PlannedResource, name: str, clash: str
) -> RuleProblem:
    base = given_name(spec, resource.properties)
    path = tuple(spec.name_key.split("."))
    if name == base:
        requirement = f"is already taken {clash}; choose another name"
    else:
        requirement = (
            f"gives an instance the name {name!r}, which is already taken {clash}; "
            "choose another name"
        )
    return RuleProblem(path, base, "name unique", requirement)


def _duplicate_names(
    spec: TypeSpec,
    resource: PlannedResource,
    context: PlanContext,
    claimed: dict[tuple[str, str, Any], str],
) -> list[RuleProblem]:
    """Return a problem for each name of `resource` that an earlier resource of the
    template has in the same scope, and claim the others."""
    if spec.unique_name is None:
        return []
    if spec.unique_name == "global":
        scope: Any = "global"
    elif spec.unique_name == "region":
        scope = context.region
    else:
        scope = json.dumps(resource.sources.get(spec.unique_name), default=repr)
    problems = []
    for name in _names(spec, resource):
        key = (spec.short, name, scope)
        holder = claimed.get(key)
        if holder is None:
            claimed[key] = resource.name
            continue
        clash = (
            f"{_scope_words(spec, context.region)} by resource {holder} of the template"
        )
        problems.append(_name_problem(spec, resource, name, clash))
    return problems


def _taken_names(
    connection: sqlite3.Connection,
    spec: TypeSpec,
    resource: PlannedResource,
    context: PlanContext,
) -> list[RuleProblem]:
    """Return a problem for each name of `resource` that a resource the stack does
    not hold already has in the cloud."""
    scope = spec.unique_name
    if scope is None:
        return []
    scope_value = None
    if scope not in ("global", "region"):
        scope_value = resource.properties.get(scope)
        if scope_value is UNKNOWN:
            # The scope is a resource that the deployment creates, so no name is taken in it.
            return []
    problems = []
    for name in _names(spec, resource):
        sql = "SELECT id, type, region, properties FROM sandbox_resources "
        sql += "WHERE type = ? AND name = ?"
        parameters: tuple[Any, ...] = (spec.short, name)
        if scope != "global":
            sql += " AND region = ?"
            parameters += (context.region,)
        for row in connection.execute(sql + " ORDER BY created, id", parameters):
            if row[0] in context.own_ids:
                continue
            if scope not in ("global", "region"):
                if json.loads(row[3]).get(scope) != scope_value:
                    continue
            holder = context.holders.get(row[0], "in no stack")
            where = (
                f"in region {row[2]}"
                if scope in ("global", "region")
                else f"with the same {scope}"
            )
            noun = spec.short.rsplit(".", 1)[-1]
            clash = f"{where} by {noun} {row[0]} ({holder})"
            problems.append(_name_problem(spec, resource, name, clash))
            break
    return problems


def _quota_problem(
    connection: sqlite3.Connection,
    spec: TypeSpec,
    resource: PlannedResource,
    context: PlanContext,
    added: dict[str, int],
) -> RuleProblem | None:
    """Return a problem when the instances the resource adds take its type beyond
    the region's quota, counting those that earlier resources of the plan add.

    NOTE: resources the plan deletes are still counted, because a delete may run
    after an unrelated create. A replacement's create waits for its delete, so it
    adds only the instances beyond the old count.
    """
    quota = type_quota(connection, spec)
    if quota is None:
        return None
    if resource.action == "ADD":
        adding = resource.instances
    else:
        adding = max(0, resource.instances - resource.old_instances)
    if adding == 0:
        return None
    before = added.get(spec.short, 0)
    added[spec.short] = before + adding
    existing = count_in_region(connection, spec, context.region)
    total = existing + before + adding
    if total <= quota:
        return None
    return RuleProblem(
        (),
        MISSING,
        "quota",
        f"region {context.region} has {existing} of the {quota} {spec.short} "
        f"resources the quota allows, and the plan adds {total - existing} in all; "
        f"delete some or raise the quota with `aos-designer sandbox set --quota "
        f"{spec.short}=N`",
    )
