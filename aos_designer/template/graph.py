"""The dependency graph of a template's resources.

There is an edge from A to B when A depends on B: A lists B under `requirements`, or a
value of A names B through `get_reference` or `get_attribute`. B is created first.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

from .functions import iter_calls, referenced_resource
from .model import Template
from .source import Path


@dataclass(frozen=True, slots=True)
class Link:
    """Why one resource depends on another.

    `kind` is "requirement" (a requirement that wires a property), "dependency" (an
    ordering-only requirement) or "reference" (a function call in a value). `path` is
    where the requirement or the call stands.
    """

    kind: str
    name: str
    path: Path


class CycleError(ValueError):
    """The resources depend on each other in a circle, so none can be created first."""

    def __init__(self, cycles: list[list[str]]) -> None:
        self.cycles = cycles
        super().__init__(
            "dependency cycle: " + "; ".join(format_cycle(cycle) for cycle in cycles)
        )


def format_cycle(cycle: list[str]) -> str:
    """Return a cycle as `a -> b -> a`."""
    return " -> ".join(cycle + cycle[:1])


def dependency_graph(template: Template) -> nx.DiGraph:
    """Build the graph of resources; each edge carries the list of its `links`.

    Requirements and references to resources that do not exist are left out; the
    validator reports them.
    """
    graph = nx.DiGraph()
    for name, resource in template.resources.items():
        graph.add_node(name, type=resource.type, index=resource.index)

    def link(source: str, target: str, found: Link) -> None:
        if target not in template.resources:
            return
        if graph.has_edge(source, target):
            graph.edges[source, target]["links"].append(found)
        else:
            graph.add_edge(source, target, links=[found])

    for name, resource in template.resources.items():
        for requirement in resource.requirements:
            if requirement.node is None:
                continue
            kind = "dependency" if requirement.is_dependency else "requirement"
            link(name, requirement.node, Link(kind, requirement.name, requirement.path))
        if "properties" not in resource.data:
            continue
        base = resource.path + ("properties",)
        for call in iter_calls(resource.properties, base):
            target = referenced_resource(call)
            if target is not None:
                link(name, target, Link("reference", call.name, call.path))
    return graph


def _source_order(graph: nx.DiGraph, name: str) -> int:
    return graph.nodes[name].get("index", 0)


def creation_order(graph: nx.DiGraph) -> list[str]:
    """Return the resources with every dependency before its dependents; among
    resources that could go in any order, the one written first comes first."""
    try:
        return list(
            nx.lexicographical_topological_sort(
                graph.reverse(copy=False), key=lambda name: _source_order(graph, name)
            )
        )
    except nx.NetworkXUnfeasible:
        raise CycleError(find_cycles(graph)) from None


def find_cycles(graph: nx.DiGraph) -> list[list[str]]:
    """Return one shortest cycle for each group of resources that depend on each
    other in a circle, starting at the resource written first."""
    cycles: list[list[str]] = []
    for component in nx.strongly_connected_components(graph):
        members = sorted(component, key=lambda name: _source_order(graph, name))
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            continue
        best: list[str] | None = None
        for start in members:
            cycle = _shortest_cycle_through(graph, start, component)
            if cycle is not None and (best is None or len(cycle) < len(best)):
                best = cycle
        if best is not None:
            cycles.append(best)
    cycles.sort(key=lambda cycle: _source_order(graph, cycle[0]))
    return cycles


def _shortest_cycle_through(
    graph: nx.DiGraph, start: str, component: set[str]
) -> list[str] | None:
    if graph.has_edge(start, start):
        return [start]
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        successors = sorted(graph.successors(current), key=lambda n: _source_order(graph, n))
        for successor in successors:
            if successor not in component:
                continue
            if successor == start:
                path = [current]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return list(reversed(path))
            if successor not in previous:
                previous[successor] = current
                queue.append(successor)
    return None


def layers(graph: nx.DiGraph) -> dict[str, int]:
    """Return each resource's layer: 0 for a resource that depends on nothing, else
    one more than the deepest resource it depends on. Resources in a cycle share a layer."""
    condensed = nx.condensation(graph)
    depth: dict[int, int] = {}
    for group in reversed(list(nx.topological_sort(condensed))):
        depth[group] = 1 + max(
            (depth[successor] for successor in condensed.successors(group)), default=-1
        )
    mapping = condensed.graph["mapping"]
    return {name: depth[mapping[name]] for name in graph.nodes}
