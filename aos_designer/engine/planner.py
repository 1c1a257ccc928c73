"""The planner: compare the desired state with a stack's recorded state.

Each resource gets one action: ADD, UPDATE (with the changed values), DELETE,
DELETE_THEN_ADD (a change the provider cannot make in place) or NO_OPERATION.
Resources are compared in creation order, so a value that depends on a resource being
added or replaced is unknown, shown as the function call that will give it, and
counts as a change.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..template.functions import EvaluationError, Unresolved, reference_attribute
from .desired import DesiredState, pick_attribute, strip_no_value
from .errors import TemplateError
from .inputs import redact, secret_paths
from .model import (
    ADD,
    DELETE,
    DELETE_THEN_ADD,
    NO_OPERATION,
    UPDATE,
    PlanItem,
    PropertyChange,
)
from .provider import Provider, mask_paths
from .state import ResourceRow

__all__ = ["compute_items", "diff", "recorded_by_name", "reference_attribute"]


def recorded_by_name(rows: list[ResourceRow]) -> dict[str, list[ResourceRow]]:
    grouped: dict[str, list[ResourceRow]] = {}
    for row in rows:
        grouped.setdefault(row.info.resource_name, []).append(row)
    for instances in grouped.values():
        instances.sort(key=lambda row: row.info.instance)
    return grouped


def _existing(rows: list[ResourceRow]) -> list[ResourceRow]:
    return [row for row in rows if row.info.physical_id]


def compute_items(
    desired: DesiredState,
    recorded: dict[str, list[ResourceRow]],
    provider: Provider,
    secrets: list[str],
) -> list[PlanItem]:
    """Return the plan items: the template's resources in creation order, then the
    recorded resources the template no longer has, dependents first."""
    actions: dict[str, str] = {}
    items: list[PlanItem] = []

    def attribute(resource: str, name: str, keys: list[Any], path: Any) -> Any:
        if resource not in desired.resources:
            raise EvaluationError(f"unknown resource {resource}", path)
        if actions.get(resource) not in (NO_OPERATION, UPDATE):
            raise Unresolved(f"{resource}.{name}")
        rows = _existing(recorded.get(resource, []))
        count = desired.resources[resource].count
        if len(rows) < count:
            raise Unresolved(f"{resource}.{name}")
        values = [row.info.attributes for row in rows[:count]]
        known = provider.attribute_names(desired.resources[resource].type)
        return pick_attribute(resource, name, keys, values, count, known)

    evaluator = desired.evaluator(attribute)
    for name in desired.order:
        resource = desired.resources[name]
        rows = _existing(recorded.get(name, []))
        try:
            new = strip_no_value(
                evaluator.partial(
                    resource.properties, ("node_templates", name, "properties")
                )
            )
        except EvaluationError as error:
            raise TemplateError(f"resource {name}: {error.message}") from None
        new = mask_paths(new, secret_paths(new, secrets))
        item = _item_for(
            name, resource.type, resource.count, new, rows, provider, secrets
        )
        actions[name] = item.action
        items.append(item)
    items.extend(_deletions(desired, recorded))
    return items


def _item_for(
    name: str,
    resource_type: str,
    count: int,
    new: dict[str, Any],
    rows: list[ResourceRow],
    provider: Provider,
    secrets: list[str],
) -> PlanItem:
    if not rows:
        return PlanItem(name, resource_type, ADD, old_instances=0, new_instances=count)
    old_count = len(rows)
    if rows[0].info.resource_type != resource_type:
        return PlanItem(
            name,
            resource_type,
            DELETE_THEN_ADD,
            (PropertyChange("/type", rows[0].info.resource_type, resource_type),),
            old_count,
            count,
            "the type changed",
        )
    changes = diff(rows[0].info.properties, new)
    changes = [
        PropertyChange(c.path, redact(c.old, secrets), redact(c.new, secrets))
        for c in changes
    ]
    immutable = provider.immutable_properties(resource_type)
    fixed = sorted(
        {
            change.path.split("/")[1]
            for change in changes
            if immutable is None or change.path.split("/")[1] in immutable
        }
    )
    if old_count != count:
        changes.append(PropertyChange("/instances", old_count, count))
    if fixed:
        reason = (
            "every change of this type replaces it"
            if immutable is None
            else ("cannot change in place: " + ", ".join(fixed))
        )
        return PlanItem(
            name,
            resource_type,
            DELETE_THEN_ADD,
            tuple(changes),
            old_count,
            count,
            reason,
        )
    if changes:
        return PlanItem(name, resource_type, UPDATE, tuple(changes), old_count, count)
    return PlanItem(name, resource_type, NO_OPERATION, (), old_count, count)


def _deletions(
    desired: DesiredState, recorded: dict[str, list[ResourceRow]]
) -> list[PlanItem]:
    gone = [name for name in recorded if name not in desired.resources]
    if not gone:
        return []
    graph = nx.DiGraph()
    graph.add_nodes_from(gone)
    for name in gone:
        for target in recorded[name][0].depends_on:
            if target in recorded and target in gone:
                graph.add_edge(name, target)
    position = {name: index for index, name in enumerate(recorded)}
    try:
        ordered = list(nx.lexicographical_topological_sort(graph, key=position.get))
    except nx.NetworkXUnfeasible:
        ordered = sorted(gone, key=position.get, reverse=True)
    items = []
    for name in ordered:
        rows = recorded[name]
        items.append(
            PlanItem(
                name,
                rows[0].info.resource_type,
                DELETE,
                old_instances=len(_existing(rows)),
                new_instances=0,
            )
        )
    return items


def diff(old: Any, new: Any, path: str = "") -> list[PropertyChange]:
    """Return the changed values between two property trees, mappings compared key by
    key and anything else as a whole."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[PropertyChange] = []
        for key in list(old) + [k for k in new if k not in old]:
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            if key not in new:
                changes.append(PropertyChange(f"{path}/{escaped}", old[key], None))
            elif key not in old:
                changes.append(PropertyChange(f"{path}/{escaped}", None, new[key]))
            else:
                changes.extend(diff(old[key], new[key], f"{path}/{escaped}"))
        return changes
    if old == new and type(old) is type(new):
        return []
    return [PropertyChange(path or "/", old, new)]
