"""The layout sidecar and the automatic layered layout."""

from __future__ import annotations

import json

import pytest

from aos_designer.layout import (
    NODE_HEIGHT,
    ROW_GAP,
    Layout,
    auto_layout,
    load_layout,
    save_layout,
    sidecar_path,
)
from aos_designer.template import parse_template


def test_sidecar_sits_beside_the_template(tmp_path) -> None:
    assert sidecar_path(tmp_path / "web.yaml") == tmp_path / "web.layout.json"


def test_layers_go_down_by_dependency_depth(data_dir) -> None:
    template = parse_template((data_dir / "iaas-vpc-subnet-ecs.yaml").read_text())
    positions = auto_layout(template).positions
    step = NODE_HEIGHT + ROW_GAP
    assert positions["myvpc"][1] == 0
    assert positions["mysubnet"][1] == step
    assert positions["mycloudserver"][1] == 2 * step


def test_layout_is_deterministic(data_dir) -> None:
    text = (data_dir / "iaas-vpc-subnet-ecs.yaml").read_text()
    assert auto_layout(parse_template(text)) == auto_layout(parse_template(text))


def test_kept_positions_stay_and_new_nodes_avoid_them(data_dir) -> None:
    template = parse_template((data_dir / "iaas-vpc-subnet-ecs.yaml").read_text())
    first = auto_layout(template).positions
    kept = Layout({"myvpc": first["mysubnet"]})
    positions = auto_layout(template, kept).positions
    assert positions["myvpc"] == first["mysubnet"]
    assert positions["mysubnet"] != first["mysubnet"]


def test_save_and_load_round_trip(tmp_path) -> None:
    template = tmp_path / "t.yaml"
    layout = Layout({"b": (10.0, 20.5), "a": (0.0, 0.0)})
    path = save_layout(template, layout)
    assert json.loads(path.read_text()) == {
        "version": 1,
        "nodes": {"a": {"x": 0.0, "y": 0.0}, "b": {"x": 10.0, "y": 20.5}},
    }
    assert load_layout(template) == layout


@pytest.mark.parametrize("content", ["{not json", "[]", '{"nodes": 3}'])
def test_broken_sidecar_is_ignored(tmp_path, content) -> None:
    template = tmp_path / "t.yaml"
    sidecar_path(template).write_text(content)
    assert load_layout(template) is None


def test_points_that_are_not_numbers_are_skipped() -> None:
    layout = Layout.from_json('{"nodes": {"a": {"x": 1, "y": 2}, "b": {"x": "1", "y": 2}, "c": {"x": true, "y": 1}}}')
    assert layout.positions == {"a": (1.0, 2.0)}
