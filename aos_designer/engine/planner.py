"""The planner: compare the desired state with a stack's recorded state.

Each resource gets one action: ADD, UPDATE (with the changed values), DELETE,
DELETE_THEN_ADD (a change the provider cannot make in place) or NO_OPERATION.
Resources are compared in creation order. A value that reads an attribute the
deployment changes first is known only after apply: an attribute of a resource being
added or replaced, or one that the provider reports an update of the resource alters.
The plan shows such a value as `KnownAfterApply`, and it counts as a change, so the
resource that reads it is updated or replaced after the attribute has its new value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..template.functions import (
    EvaluationError,
    Evaluator,
    Unresolved,
    function_call,
    iter_calls,
    reference_attribute,
)
from ..template.source import Path
from .desired import DesiredState, pick_attribute, strip_no_value
from .errors import TemplateError
from .inputs import redact, secret_paths
from .model import (
    ADD,
    DELETE,
    DELETE_THEN_ADD,
    NO_OPERATION,
    UPDATE,
    KnownAfterApply,
    PlanItem,
    PropertyChange,
)
from .provider import Provider, mask_paths
from .state import ResourceRow

if TYPE_CHECKING:
    from .drift import DriftNote

__all__ = [
    "changed_properties",
    "compute_items",
    "diff",
    "recorded_by_name",
    "reference_attribute",
]

ATTRIBUTE_CALLS = ("get_attribute", "get_reference")


class UnknownAttribute(Unresolved):
    """A runtime attribute whose value the deployment changes before it can be read."""


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
    drift: dict[str, DriftNote] | None = None,
    evaluated: dict[str, dict[str, Any]] | None = None,
) -> list[PlanItem]:
    """Return the plan items: the template's resources in creation order, then the
    recorded resources the template no longer has, dependents first.

    `recorded` holds the resources as the cloud holds them (see `drift.reconcile`),
    and `drift` notes why a drifted resource's item repairs it. `evaluated`, when
    given, receives each resource's properties as far as they are known at plan
    time, secrets unmasked, for the check of the provider's rules.
    """
    actions: dict[str, str] = {}
    # For each resource planned UPDATE, the attributes its update may change.
    altered: dict[str, frozenset[str]] = {}
    items: list[PlanItem] = []

    def attribute(resource: str, name: str, keys: list[Any], path: Any) -> Any:
        if resource not in desired.resources:
            raise EvaluationError(f"unknown resource {resource}", path)
        unknown = UnknownAttribute(f"{resource}.{name}")
        if actions.get(resource) not in (NO_OPERATION, UPDATE):
            raise unknown
        if name in altered.get(resource, frozenset()):
            raise unknown
        rows = _existing(recorded.get(resource, []))
        count = desired.resources[resource].count
        if len(rows) < count:
            raise unknown
        values = [row.info.attributes for row in rows[:count]]
        known = provider.attribute_names(desired.resources[resource].type)
        return pick_attribute(resource, name, keys, values, count, known)

    evaluator = desired.evaluator(attribute)
    for name in desired.order:
        resource = desired.resources[name]
        rows = _existing(recorded.get(name, []))
        path = ("node_templates", name, "properties")
        try:
            partial = evaluator.partial(resource.properties, path)
        except EvaluationError as error:
            raise TemplateError(f"resource {name}: {error.message}") from None
        new = strip_no_value(mark_unknown(partial, evaluator, path))
        if evaluated is not None:
            evaluated[name] = new
        new = mask_paths(new, secret_paths(new, secrets))
        item = _item_for(
            name, resource.type, resource.count, new, rows, provider, secrets
        )
        if drift and name in drift:
            item = _repair_drift(item, drift[name])
        actions[name] = item.action
        if item.action == UPDATE:
            altered[name] = provider.attributes_changed_by_update(
                resource.type, changed_properties(item)
            )
        items.append(item)
    items.extend(_deletions(desired, recorded))
    return items


def mark_unknown(value: Any, evaluator: Evaluator, path: Path) -> Any:
    """Return a partially evaluated value with each call left in it that reads an
    attribute known only after apply replaced by a `KnownAfterApply`.

    A call left for another reason, such as an input without a value, stays as
    written.
    """
    if function_call(value) is not None:
        sources = _unknown_sources(value, evaluator, path)
        return KnownAfterApply(sources) if sources else value
    if isinstance(value, dict):
        return {
            key: mark_unknown(item, evaluator, path + (key,))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            mark_unknown(item, evaluator, path + (index,))
            for index, item in enumerate(value)
        ]
    return value


def _unknown_sources(value: Any, evaluator: Evaluator, path: Path) -> tuple[str, ...]:
    """Return the attributes known only after apply that the call `value` reads,
    as `RESOURCE.ATTRIBUTE`, in the order the call names them."""
    sources: list[str] = []
    for call in iter_calls(value):
        if call.name not in ATTRIBUTE_CALLS:
            continue
        try:
            evaluator.evaluate({call.name: call.argument}, path + call.path)
        except UnknownAttribute as unknown:
            if str(unknown) not in sources:
                sources.append(str(unknown))
        except (Unresolved, EvaluationError):
            continue
    return tuple(sources)


def changed_properties(item: PlanItem) -> list[str]:
    """Return the top-level properties that a plan item changes, in change order."""
    names: list[str] = []
    for change in item.changes:
        if change.path == "/instances":
            continue
        top = change.path.split("/")[1].replace("~1", "/").replace("~0", "~")
        if top not in names:
            names.append(top)
    return names


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


def _repair_drift(item: PlanItem, note: DriftNote) -> PlanItem:
    """Return the item with the drift's reason, replacing the resource when only a
    replacement repairs it."""
    if item.action == NO_OPERATION:
        # A drifted instance that the template's values match again needs nothing.
        if not note.replace:
            return item
        return replace(item, action=DELETE_THEN_ADD, reason=note.reason)
    if note.replace and item.action == UPDATE:
        return replace(item, action=DELETE_THEN_ADD, reason=note.reason)
    reason = f"{note.reason}; {item.reason}" if item.reason else note.reason
    return replace(item, reason=reason)


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
        condition = desired.removed.get(name)
        items.append(
            PlanItem(
                name,
                rows[0].info.resource_type,
                DELETE,
                old_instances=len(_existing(rows)),
                new_instances=0,
                reason=f"removed by condition {condition}, which is false"
                if condition
                else "",
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
