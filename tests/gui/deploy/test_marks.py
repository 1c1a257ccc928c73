"""Marks for plans, phases and drift, and marking one node at a time."""

from __future__ import annotations

from aos_designer.engine.model import DriftItem, Plan, PlanItem, PropertyChange
from aos_designer.gui.canvas.items import NodeMark
from aos_designer.gui.deploy.marks import (
    drift_marks,
    plan_marks,
    state_mark,
    waiting_marks,
)
from aos_designer.gui.deploy.tracker import NodeState

from .conftest import IAAS


def test_plan_marks_skip_deleted_resources():
    plan = Plan(
        "demo",
        "cn-north-1",
        (
            PlanItem("myvpc", "HuaweiCloud.VPC.VPC", "NO_OPERATION"),
            PlanItem("old", "HuaweiCloud.VPC.VPC", "DELETE"),
            PlanItem("mysubnet", "HuaweiCloud.VPC.Subnet", "ADD", (), 0, 1),
        ),
        3,
        "",
        "",
    )
    assert plan_marks(plan) == {
        "myvpc": NodeMark(
            "#90a4ae", "NO_OPERATION", "Plan: NO_OPERATION, stays as it is"
        ),
        "mysubnet": NodeMark("#2e7d32", "ADD", "Plan: ADD, will be created"),
    }


def test_waiting_and_state_marks():
    assert waiting_marks(["a"], "deleted") == {
        "a": NodeMark("#9e9e9e", "Waiting", "Waiting to be deleted")
    }
    assert state_mark(NodeState("failed", "CreateFailed", "CreateFailed: boom")) == (
        NodeMark("#c62828", "CreateFailed", "CreateFailed: boom")
    )


def test_drift_marks_every_resource():
    items = [
        DriftItem("vpc", 0, "HuaweiCloud.VPC.VPC", "v-1", "deleted"),
        DriftItem(
            "server",
            1,
            "HuaweiCloud.ECS.CloudServer",
            "s-2",
            "modified",
            (PropertyChange("/name", "a", "b"),),
        ),
    ]
    marks = drift_marks(items, ["vpc", "subnet", "server"])
    assert {name: mark.label for name, mark in marks.items()} == {
        "vpc": "Drift: deleted",
        "subnet": "In sync",
        "server": "Drift: modified",
    }
    assert marks["server"].tooltip == (
        "Drift (expected → actual)\ninstance 1: /name: a → b"
    )
    assert marks["vpc"].tooltip == (
        "Drift (expected → actual)\ninstance 0: deleted behind the engine's back"
    )
    assert marks["vpc"].color == "#c62828"


def test_set_mark_changes_one_node(window, opened):
    opened(IAAS)
    scene = window.scene
    scene.set_marks({"myvpc": NodeMark("#2e7d32", "ADD")})
    scene.set_mark("mysubnet", NodeMark("#1565c0", "Creating"))
    assert scene.marks() == {
        "myvpc": NodeMark("#2e7d32", "ADD"),
        "mysubnet": NodeMark("#1565c0", "Creating"),
    }
    scene.set_mark("myvpc", None)
    scene.set_mark("absent", NodeMark("#000000", "X"))
    assert scene.marks() == {"mysubnet": NodeMark("#1565c0", "Creating")}
    assert "Creating" in scene.nodes["mysubnet"].toolTip()
