"""Node marks for deployment states: the plan before it runs, each resource's phase
while it runs, and drift found afterwards."""

from __future__ import annotations

from typing import Iterable

from ...engine.model import DELETE, DriftItem, Plan
from ..canvas.items import NodeMark
from .texts import (
    ACTION_COLORS,
    DRIFT_COLORS,
    KIND_COLORS,
    change_line,
    plan_tooltip,
)
from .tracker import NodeState

WAITING_COLOR = "#9e9e9e"
WAITING_LABEL = "Waiting"


def plan_marks(plan: Plan) -> dict[str, NodeMark]:
    """Mark each resource of the template with its plan action. A resource the plan
    deletes is not in the template, so it has no node to mark."""
    return {
        item.resource_name: NodeMark(
            ACTION_COLORS[item.action], item.action, plan_tooltip(item)
        )
        for item in plan.items
        if item.action != DELETE
    }


def waiting_marks(names: Iterable[str], participle: str) -> dict[str, NodeMark]:
    """Mark resources that an operation will change but has not started yet, such
    as those `participle` "deployed" names."""
    return {
        name: NodeMark(WAITING_COLOR, WAITING_LABEL, f"Waiting to be {participle}")
        for name in names
    }


def state_mark(state: NodeState) -> NodeMark:
    return NodeMark(KIND_COLORS[state.kind], state.label, state.tooltip)


def drift_marks(
    items: list[DriftItem], resources: Iterable[str]
) -> dict[str, NodeMark]:
    """Mark every resource of a stack: drifted ones with what changed, and the others
    as in sync."""
    marks = {
        name: NodeMark(
            DRIFT_COLORS["in sync"],
            "In sync",
            "No drift: the cloud holds what the engine applied",
        )
        for name in resources
    }
    by_name: dict[str, list[DriftItem]] = {}
    for item in items:
        by_name.setdefault(item.resource_name, []).append(item)
    for name, found in by_name.items():
        kinds = {item.kind for item in found}
        kind = "deleted" if "deleted" in kinds else "modified"
        lines = []
        for item in found:
            if item.kind == "deleted":
                lines.append(
                    f"instance {item.instance}: deleted behind the engine's back"
                )
            lines += [
                f"instance {item.instance}: "
                + change_line(change.path, change.old, change.new)
                for change in item.changes
            ]
        marks[name] = NodeMark(
            DRIFT_COLORS[kind],
            f"Drift: {kind}",
            "Drift (expected → actual)\n" + "\n".join(lines),
        )
    return marks
