"""The operation graph of a deployment: one create, update or delete per resource
instance, with an edge from each operation to the operations it must wait for.

A create or update waits for the creates and updates of the resources it depends on.
A replacement's create waits for the deletes of the old instances. A delete waits for
the deletes of the old resources that depended on it, and a resource that leaves the
stack is deleted only after the updates of its old dependents, which may still point
at it until then.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .desired import DesiredState
from .model import ADD, DELETE, DELETE_THEN_ADD, UPDATE, PlanItem
from .state import ResourceRow

CREATE_OP = "create"
UPDATE_OP = "update"
DELETE_OP = "delete"


@dataclass(frozen=True, slots=True, order=True)
class Operation:
    """One provider call to make. `rank` orders operations that are ready together."""

    rank: int
    kind: str
    resource_name: str
    instance: int
    resource_type: str


def build_operations(
    items: list[PlanItem] | tuple[PlanItem, ...],
    desired: DesiredState,
    recorded: dict[str, list[ResourceRow]],
) -> nx.DiGraph:
    """Return the graph of operations for a plan; an edge A -> B means A waits for B."""
    graph = nx.DiGraph()
    by_resource: dict[str, dict[str, list[Operation]]] = {}
    for rank, item in enumerate(items):
        ops = _operations_for(rank, item, recorded.get(item.resource_name, []))
        by_resource[item.resource_name] = ops
        for kind_ops in ops.values():
            graph.add_nodes_from(kind_ops)
    soft: list[tuple[Operation, Operation]] = []
    for item in items:
        name = item.resource_name
        ops = by_resource[name]
        building = ops[CREATE_OP] + ops[UPDATE_OP]
        if name in desired.resources:
            for target in desired.resources[name].depends_on:
                target_ops = by_resource.get(target, {})
                for waiter in building:
                    for needed in target_ops.get(CREATE_OP, []) + target_ops.get(
                        UPDATE_OP, []
                    ):
                        graph.add_edge(waiter, needed)
        for waiter in ops[CREATE_OP]:
            for needed in ops[DELETE_OP]:
                graph.add_edge(waiter, needed)
        _delete_edges(item, ops, by_resource, recorded, graph, soft)
    graph.add_edges_from(soft)
    if not nx.is_directed_acyclic_graph(graph):
        graph.remove_edges_from(soft)
    return graph


def _operations_for(
    rank: int, item: PlanItem, rows: list[ResourceRow]
) -> dict[str, list[Operation]]:
    ops: dict[str, list[Operation]] = {CREATE_OP: [], UPDATE_OP: [], DELETE_OP: []}
    name, kind = item.resource_name, item.resource_type
    existing = [row for row in rows if row.info.physical_id]
    old_type = rows[0].info.resource_type if rows else kind

    def add(op_kind: str, instance: int, resource_type: str = kind) -> None:
        ops[op_kind].append(Operation(rank, op_kind, name, instance, resource_type))

    if item.action == ADD:
        for instance in range(item.new_instances):
            add(CREATE_OP, instance)
    elif item.action == DELETE_THEN_ADD:
        for row in rows:
            add(DELETE_OP, row.info.instance, old_type)
        for instance in range(item.new_instances):
            add(CREATE_OP, instance)
    elif item.action == DELETE:
        for row in rows:
            add(DELETE_OP, row.info.instance, old_type)
    elif item.action == UPDATE:
        kept = {row.info.instance for row in existing}
        property_changes = [c for c in item.changes if c.path != "/instances"]
        for instance in range(item.new_instances):
            if instance not in kept:
                add(CREATE_OP, instance)
            elif property_changes:
                add(UPDATE_OP, instance)
        for row in rows:
            if row.info.instance >= item.new_instances:
                add(DELETE_OP, row.info.instance, old_type)
    if item.action == ADD:
        # Rows of earlier failed creates beyond the new count only need removing.
        for row in rows:
            if row.info.instance >= item.new_instances:
                add(DELETE_OP, row.info.instance, old_type)
    return ops


def _delete_edges(
    item: PlanItem,
    ops: dict[str, list[Operation]],
    by_resource: dict[str, dict[str, list[Operation]]],
    recorded: dict[str, list[ResourceRow]],
    graph: nx.DiGraph,
    soft: list[tuple[Operation, Operation]],
) -> None:
    if not ops[DELETE_OP]:
        return
    name = item.resource_name
    for other, rows in recorded.items():
        if not rows or name not in rows[0].depends_on:
            continue
        other_ops = by_resource.get(other, {})
        for waiter in ops[DELETE_OP]:
            for needed in other_ops.get(DELETE_OP, []):
                graph.add_edge(waiter, needed)
            if item.action != DELETE_THEN_ADD:
                for needed in other_ops.get(UPDATE_OP, []):
                    soft.append((waiter, needed))
