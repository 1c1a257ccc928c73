"""The estimate of the time a deployment has left."""

from __future__ import annotations

import networkx as nx
import pytest

from aos_designer.engine.model import PlanItem
from aos_designer.gui.deploy.estimate import Step, TimeLeft, delete_steps, plan_steps


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


SECONDS = {
    ("VPC", "create"): 3.0,
    ("Subnet", "create"): 5.0,
    ("Server", "create"): 60.0,
    ("Server", "delete"): 20.0,
    ("Subnet", "delete"): 2.0,
    ("VPC", "delete"): 1.0,
    ("Server", "update"): 10.0,
}


def seconds(resource_type: str, action: str) -> float:
    return SECONDS.get((resource_type, action), 0.0)


def chain_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_edge("subnet", "vpc")
    graph.add_edge("server", "subnet")
    graph.add_edge("server", "vpc")
    return graph


def test_chain_sums_and_parallel_takes_longest():
    chain = TimeLeft(
        [
            Step("vpc", 3.0),
            Step("subnet", 5.0, frozenset({"vpc"})),
            Step("server", 60.0, frozenset({"subnet"})),
        ],
        scale=1.0,
        clock=Clock(),
    )
    wide = TimeLeft(
        [Step("a", 3.0), Step("b", 5.0), Step("c", 60.0)], scale=1.0, clock=Clock()
    )
    assert chain.seconds_left() == 68.0
    assert wide.seconds_left() == 60.0


def test_running_step_counts_what_is_left():
    clock = Clock()
    left = TimeLeft(
        [Step("vpc", 3.0), Step("subnet", 5.0, frozenset({"vpc"}))], 1.0, clock
    )
    left.step_started("vpc")
    clock.now += 2.0
    assert left.seconds_left() == pytest.approx(6.0)
    clock.now += 5.0
    # Late: the running step counts as nothing left, never less.
    assert left.seconds_left() == pytest.approx(5.0)
    left.step_finished("vpc")
    assert left.seconds_left() == pytest.approx(5.0)
    left.step_started("subnet")
    left.step_finished("subnet")
    assert left.seconds_left() == 0.0


def test_known_scale_multiplies():
    left = TimeLeft([Step("server", 60.0)], scale=0.01, clock=Clock())
    assert left.seconds_left() == pytest.approx(0.6)


def test_unknown_scale_learned_from_finished_steps():
    clock = Clock()
    left = TimeLeft(
        [Step("vpc", 3.0), Step("server", 60.0, frozenset({"vpc"}))], None, clock
    )
    assert left.scale == 1.0
    left.step_started("vpc")
    clock.now += 0.3
    left.step_finished("vpc")
    assert left.scale == pytest.approx(0.1)
    assert left.seconds_left() == pytest.approx(6.0)


def test_unknown_step_names_are_ignored():
    left = TimeLeft([Step("vpc", 3.0)], 1.0, Clock())
    left.step_started("other")
    left.step_finished("other")
    assert left.seconds_left() == 3.0


def test_cycle_falls_back_to_sum():
    left = TimeLeft(
        [Step("a", 1.0, frozenset({"b"})), Step("b", 2.0, frozenset({"a"}))],
        1.0,
        Clock(),
    )
    assert left.seconds_left() == 3.0


def test_plan_steps_follow_dependencies():
    items = [
        PlanItem("vpc", "VPC", "NO_OPERATION"),
        PlanItem("subnet", "Subnet", "ADD"),
        PlanItem("server", "Server", "DELETE_THEN_ADD"),
        PlanItem("old", "Server", "DELETE"),
        PlanItem("web", "Server", "UPDATE"),
    ]
    steps = {step.name: step for step in plan_steps(items, chain_graph(), seconds)}
    assert sorted(steps) == ["old", "server", "subnet", "web"]
    assert steps["subnet"] == Step("subnet", 5.0, frozenset())
    assert steps["server"] == Step("server", 80.0, frozenset({"subnet"}))
    assert steps["old"] == Step("old", 20.0, frozenset())
    assert steps["web"] == Step("web", 10.0, frozenset())


def test_delete_steps_reverse_dependencies():
    types = {"vpc": "VPC", "subnet": "Subnet", "server": "Server"}
    steps = {s.name: s for s in delete_steps(types, chain_graph(), seconds)}
    assert steps["vpc"].after == frozenset({"subnet", "server"})
    assert steps["subnet"].after == frozenset({"server"})
    assert steps["server"].after == frozenset()
    assert TimeLeft(steps.values(), 1.0, Clock()).seconds_left() == 23.0
