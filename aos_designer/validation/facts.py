"""Facts that the check of a value or a resource collects for the rules about the whole
template: the references, inputs, mappings and conditions it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..template.evaluation import EvaluationError
from ..template.functions import Call, iter_calls, referenced_resource
from ..template.graph import Link
from ..template.model import Resource, Template
from ..template.source import Path


@dataclass(frozen=True, slots=True)
class Reference:
    """One way a resource names another.

    `kind` is "requirement", "dependency" (an ordering-only requirement) or
    "reference" (a `get_reference` or `get_attribute` call). `path` is where the
    requirement or the call is written. For a call, `property_path` is the path of the
    value inside `properties` and `attribute` the attribute it reads (None for
    `get_reference`).
    """

    target: str
    path: Path
    kind: str
    name: str
    property_path: Path = ()
    attribute: str | None = None


@dataclass
class Usage:
    """The names a value uses. `dynamic_*` is true when a name is given by a
    function, so the value may use any of them."""

    inputs: set[str] = field(default_factory=set)
    mappings: set[str] = field(default_factory=set)
    conditions: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)
    dynamic_inputs: bool = False
    dynamic_mappings: bool = False

    def merge(self, other: Usage) -> None:
        self.inputs |= other.inputs
        self.mappings |= other.mappings
        self.conditions |= other.conditions
        self.references.extend(other.references)
        self.dynamic_inputs = self.dynamic_inputs or other.dynamic_inputs
        self.dynamic_mappings = self.dynamic_mappings or other.dynamic_mappings


@dataclass
class ResourceFacts:
    """The facts of one resource: its usage, its properties with every call that could
    be evaluated replaced by its value, and the calls that failed."""

    usage: Usage
    resolved: dict[str, Any]
    calls: list[Call]
    evaluation_errors: list[EvaluationError] = field(default_factory=list)


def _first_argument(call: Call) -> Any:
    argument = call.argument
    if isinstance(argument, list):
        return argument[0] if argument else None
    return argument


def usage_of(calls: list[Call], properties_base: Path | None = None) -> Usage:
    """Return the names `calls` use.

    `properties_base` is the path of the `properties` mapping the calls were found in;
    references then record their path inside it.
    """
    usage = Usage()
    for call in calls:
        first = _first_argument(call)
        if call.name == "get_input":
            if isinstance(first, str):
                usage.inputs.add(first)
            else:
                usage.dynamic_inputs = True
        elif call.name == "get_in_map":
            if isinstance(first, str):
                usage.mappings.add(first)
            else:
                usage.dynamic_mappings = True
        elif call.name == "cond_if":
            if isinstance(first, str):
                usage.conditions.add(first)
        elif call.name in ("cond_and", "cond_or", "cond_not"):
            items = (
                call.argument if isinstance(call.argument, list) else [call.argument]
            )
            usage.conditions.update(item for item in items if isinstance(item, str))
        target = referenced_resource(call)
        if target is None:
            continue
        property_path: Path = ()
        if properties_base is not None:
            property_path = call.path[len(properties_base) :]
        attribute = None
        if call.name == "get_attribute" and len(call.argument) > 1:
            attribute = call.argument[1] if isinstance(call.argument[1], str) else None
        usage.references.append(
            Reference(
                target, call.path, "reference", call.name, property_path, attribute
            )
        )
    return usage


def resource_calls(resource: Resource) -> list[Call]:
    """Return every function call in a resource's properties."""
    if "properties" not in resource.data:
        return []
    return list(iter_calls(resource.properties, resource.path + ("properties",)))


def resource_usage(resource: Resource, calls: list[Call]) -> Usage:
    """Return what a resource uses: its calls, its requirements and its condition."""
    usage = Usage()
    for requirement in resource.requirements:
        if requirement.node is None:
            continue
        kind = "dependency" if requirement.is_dependency else "requirement"
        usage.references.append(
            Reference(requirement.node, requirement.path, kind, requirement.name)
        )
    usage.merge(usage_of(calls, resource.path + ("properties",)))
    if resource.condition is not None:
        usage.conditions.add(resource.condition)
    return usage


def graph_from_facts(template: Template, facts: dict[str, ResourceFacts]) -> nx.DiGraph:
    """Build the dependency graph from the resources' facts.

    It is the graph `template.graph.dependency_graph` builds, from references already
    found, so the whole template is not walked again.
    """
    graph = nx.DiGraph()
    for name, resource in template.resources.items():
        graph.add_node(name, type=resource.type, index=resource.index)
    for name, found in facts.items():
        for reference in found.usage.references:
            if reference.target not in template.resources:
                continue
            kind = reference.kind
            link = Link(kind, reference.name, reference.path)
            if graph.has_edge(name, reference.target):
                graph.edges[name, reference.target]["links"].append(link)
            else:
                graph.add_edge(name, reference.target, links=[link])
    return graph
