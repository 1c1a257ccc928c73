"""The window outlives odd templates and failing views."""

from __future__ import annotations

import pytest

ODD_TEMPLATES = {
    "empty": ("", []),
    "list at top": ("- a\n- b\n", []),
    "scalar at top": ("just text\n", []),
    "resources as list": ("node_templates: [1, 2]\n", []),
    "resource body scalar": ("node_templates: {a: 5}\n", ["a"]),
    "type as list": ("node_templates: {a: {type: [1]}}\n", ["a"]),
    "requirement node list": (
        "node_templates:\n  a:\n    requirements:\n      - dependency: {node: [x]}\n",
        ["a"],
    ),
    "reference with list": (
        "node_templates:\n  a:\n    properties: {x: {get_reference: [1, 2]}}\n",
        ["a"],
    ),
    "self reference": (
        "node_templates:\n  a:\n    properties: {x: {get_reference: a}}\n",
        ["a"],
    ),
    "merge key": (
        "base: &base {type: HuaweiCloud.VPC.VPC}\n"
        "node_templates:\n  a: {<<: *base}\n  b:\n    <<: *base\n    properties: {}\n",
        ["a", "b"],
    ),
    "numeric name": ("node_templates:\n  1:\n    type: HuaweiCloud.VPC.VPC\n", ["1"]),
    "tab indentation": ("node_templates:\n\ta: {}\n", []),
}


@pytest.mark.parametrize("name", sorted(ODD_TEMPLATES))
def test_odd_template_shown(window, wait_shown, name):
    text, nodes = ODD_TEMPLATES[name]
    window.buffer.set_text(text)
    wait_shown(window)
    assert window.buffer.latest.revision == window.buffer.revision
    assert sorted(window.scene.nodes) == nodes
    assert window.statusBar().currentMessage() == ""


def test_self_reference_drawn_as_cycle(window, wait_shown):
    window.buffer.set_text(ODD_TEMPLATES["self reference"][0])
    wait_shown(window)
    edge = window.scene.edges[("a", "a")]
    assert edge.in_cycle
    assert not edge.path().isEmpty()


def test_failing_view_reported_not_fatal(window, wait_shown, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("scene exploded")

    monkeypatch.setattr(window.scene, "show_analysis", broken)
    window.buffer.set_text("node_templates:\n  a:\n    type: HuaweiCloud.VPC.VPC\n")
    wait_shown(window)
    assert window.statusBar().currentMessage() == "show analysis failed: scene exploded"
    monkeypatch.undo()
    window.buffer.set_text("node_templates:\n  b:\n    type: HuaweiCloud.VPC.VPC\n")
    wait_shown(window)
    assert sorted(window.scene.nodes) == ["b"]
