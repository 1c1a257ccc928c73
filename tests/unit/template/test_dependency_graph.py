"""The dependency graph: edges, creation order, cycles and layers."""

from __future__ import annotations

import pytest

from aos_designer.template import (
    CycleError,
    creation_order,
    dependency_graph,
    find_cycles,
    format_cycle,
    layers,
    parse_template,
)

HEADER = "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n"


def graph_of(body: str):
    return dependency_graph(parse_template(HEADER + body))


def test_real_template_order_and_edges(data_dir) -> None:
    graph = dependency_graph(parse_template((data_dir / "iaas-vpc-subnet-ecs.yaml").read_text()))
    assert creation_order(graph) == ["myvpc", "mysubnet", "mycloudserver"]
    assert sorted(graph.edges) == [
        ("mycloudserver", "mysubnet"),
        ("mycloudserver", "myvpc"),
        ("mysubnet", "myvpc"),
    ]
    kinds = [link.kind for link in graph.edges["mysubnet", "myvpc"]["links"]]
    assert kinds == ["requirement", "reference"]
    assert layers(graph) == {"myvpc": 0, "mysubnet": 1, "mycloudserver": 2}


def test_dependency_requirement_and_attribute_reference() -> None:
    graph = graph_of(
        "  a: {type: T, requirements: [{dependency: {node: b}}]}\n"
        "  b: {type: T, properties: {x: {get_attribute: [c, refName]}}}\n"
        "  c: {type: T}\n"
    )
    assert [link.kind for link in graph.edges["a", "b"]["links"]] == ["dependency"]
    assert graph.edges["b", "c"]["links"][0].path == (
        "node_templates", "b", "properties", "x",
    )
    assert creation_order(graph) == ["c", "b", "a"]


def test_independent_resources_keep_source_order() -> None:
    graph = graph_of("  z: {type: T}\n  y: {type: T}\n  x: {type: T, properties: {p: {get_reference: z}}}\n")
    assert creation_order(graph) == ["z", "y", "x"]


def test_unknown_targets_are_left_out() -> None:
    graph = graph_of("  a: {type: T, properties: {p: {get_reference: nothere}}}\n")
    assert list(graph.edges) == []


def test_shortest_cycle_is_named() -> None:
    graph = graph_of(
        "  a: {type: T, properties: {p: {get_reference: b}}}\n"
        "  b: {type: T, properties: {p: {get_reference: c}, q: {get_reference: a}}}\n"
        "  c: {type: T, properties: {p: {get_reference: a}}}\n"
    )
    assert find_cycles(graph) == [["a", "b"]]
    with pytest.raises(CycleError) as caught:
        creation_order(graph)
    assert str(caught.value) == "dependency cycle: a -> b -> a"


def test_self_reference_is_a_cycle() -> None:
    graph = graph_of("  a: {type: T, properties: {p: {get_reference: a}}}\n")
    assert find_cycles(graph) == [["a"]]
    assert format_cycle(["a"]) == "a -> a"


def test_layers_share_a_cycle() -> None:
    graph = graph_of(
        "  a: {type: T, properties: {p: {get_reference: b}}}\n"
        "  b: {type: T, properties: {p: {get_reference: a}, q: {get_reference: c}}}\n"
        "  c: {type: T}\n"
    )
    assert layers(graph) == {"a": 1, "b": 1, "c": 0}
