"""Rules about how resources and conditions depend on each other: dependency cycles,
condition cycles, and references to resources a condition removes."""

from __future__ import annotations

import networkx as nx

from ..template.evaluation import EvaluationError, Unresolved
from ..template.functions import function_call, iter_calls, referenced_resource
from ..template.graph import find_cycles, format_cycle
from .context import Context
from .places import show
from .registry import document_rule


@document_rule
def cycles(context: Context) -> None:
    graph = context.graph
    if nx.is_directed_acyclic_graph(graph):
        return
    for cycle in find_cycles(graph):
        first, second = cycle[0], cycle[1 % len(cycle)]
        links = graph.edges[first, second]["links"]
        path = links[0].path if links else ("node_templates", first)
        context.report(
            "dependency-cycle",
            f"dependency cycle: {format_cycle(cycle)}; no resource of the cycle can be "
            "created first, so remove one of these dependencies",
            path,
            at_key=True,
            cycle=cycle,
        )


@document_rule
def condition_shapes(context: Context) -> None:
    """Report conditions that are not condition functions and conditions that depend
    on each other in a circle."""
    conditions = context.template.conditions
    graph = nx.DiGraph()
    for name, value in conditions.items():
        graph.add_node(name)
        call = function_call(value)
        plain = isinstance(value, bool) or (
            isinstance(value, str) and value.strip().lower() in ("true", "false")
        )
        if call is None and not plain:
            context.report(
                "invalid-condition",
                f"condition '{name}' is {show(value)}, not a condition; write a "
                "condition function such as {cond_eq: [{get_input: NAME}, VALUE]}",
                ("conditions", name),
            )
        for found in iter_calls(value):
            items = (
                found.argument if isinstance(found.argument, list) else [found.argument]
            )
            if found.name == "cond_if":
                items = items[:1]
            elif found.name not in ("cond_and", "cond_or", "cond_not"):
                continue
            for item in items:
                if isinstance(item, str) and item in conditions:
                    graph.add_edge(name, item)
    order = list(conditions)
    for cycle in find_cycles(_indexed(graph, order)):
        context.report(
            "condition-cycle",
            f"condition cycle: {format_cycle(cycle)}; a condition cannot depend on "
            "itself, so break the circle",
            ("conditions", cycle[0]),
            at_key=True,
            cycle=cycle,
        )


def _indexed(graph: nx.DiGraph, order: list[str]) -> nx.DiGraph:
    for index, name in enumerate(order):
        graph.nodes[name]["index"] = index
    return graph


def _condition_value(context: Context, name: str) -> bool | None:
    """Return the value of a condition with the inputs' defaults, or None when it is
    not known."""
    try:
        return context.evaluator.condition(name)
    except (Unresolved, EvaluationError, RecursionError):
        return None


@document_rule
def references_to_removed(context: Context) -> None:
    """Report references to a resource whose condition is false with the inputs'
    defaults, from a resource that is certainly created or from an output."""
    template = context.template
    removed = {
        name
        for name, resource in template.resources.items()
        if resource.condition in template.conditions
        and _condition_value(context, resource.condition) is False
    }
    if not removed:
        return
    for name, facts in context.facts.items():
        source = template.resources.get(name)
        if source is None or name in removed:
            continue
        if (
            source.condition is not None
            and _condition_value(context, source.condition) is not True
        ):
            continue
        for reference in facts.usage.references:
            if reference.target in removed:
                _report_removed(context, name, reference.target, reference.path)
    for output in template.outputs.values():
        for call in iter_calls(output.value, output.path + ("value",)):
            target = referenced_resource(call)
            if target in removed:
                _report_removed(context, f"output '{output.name}'", target, call.path)


def _report_removed(context: Context, source: str, target: str, path: tuple) -> None:
    condition = context.template.resources[target].condition
    referrer = source if source.startswith("output") else f"resource '{source}'"
    context.report(
        "reference-to-removed",
        f"{referrer} refers to '{target}', which condition '{condition}' removes with the "
        f"inputs' defaults; give {referrer} the same condition, or make the reference a "
        f"cond_if on '{condition}'",
        path,
        at_key=True,
    )
