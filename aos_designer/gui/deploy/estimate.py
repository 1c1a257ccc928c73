"""An estimate of the time a deployment has left, from the provider's per-type times.

Each resource the deployment changes is a step with an expected duration (the
provider's estimate for the type and action, at time scale 1) and the steps it waits
for. The time left is the longest chain of unfinished steps, because the engine runs
every step whose dependencies are done at once. A running step counts with what is
left of its expected time.

The expected times are multiplied by a scale: the deployment's time scale when it is
known (the built-in engine), else one learned from the steps that have finished (a
remote endpoint, whose speed is unknown until something finishes).
"""

from __future__ import annotations

import graphlib
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import networkx as nx

from ...engine.model import ADD, DELETE, DELETE_THEN_ADD, UPDATE, PlanItem

SecondsFunction = Callable[[str, str], float]


@dataclass(frozen=True)
class Step:
    """One resource's work: its name, expected seconds at scale 1, and the names of
    the steps that must finish before it starts."""

    name: str
    seconds: float
    after: frozenset[str] = field(default_factory=frozenset)


class TimeLeft:
    """Tracks steps as they start and finish and estimates the seconds left."""

    def __init__(
        self,
        steps: Iterable[Step],
        scale: float | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.steps = {step.name: step for step in steps}
        self.known_scale = scale
        self._clock = clock
        self._started: dict[str, float] = {}
        self._finished: dict[str, float] = {}

    def step_started(self, name: str) -> None:
        if name in self.steps and name not in self._started:
            self._started[name] = self._clock()

    def step_finished(self, name: str) -> None:
        if name in self.steps and name not in self._finished:
            self._started.setdefault(name, self._clock())
            self._finished[name] = self._clock()

    @property
    def scale(self) -> float:
        """The factor from expected to real seconds."""
        if self.known_scale is not None:
            return self.known_scale
        expected = sum(self.steps[name].seconds for name in self._finished)
        actual = sum(
            self._finished[name] - self._started[name] for name in self._finished
        )
        if expected <= 0:
            # Nothing has finished yet, so assume the provider's times are real.
            return 1.0
        return actual / expected

    def seconds_left(self) -> float:
        """Return the expected seconds until every step has finished."""
        now = self._clock()
        scale = self.scale
        ends: dict[str, float] = {}
        order = graphlib.TopologicalSorter(
            {
                name: [other for other in step.after if other in self.steps]
                for name, step in self.steps.items()
            }
        )
        try:
            for name in order.static_order():
                ends[name] = self._end(name, now, scale, ends)
        except graphlib.CycleError:
            # A template with a cycle never deploys, so sum the steps and go on.
            return sum(self._end(name, now, scale, {}) for name in self.steps)
        return max(ends.values(), default=0.0)

    def _end(
        self, name: str, now: float, scale: float, ends: Mapping[str, float]
    ) -> float:
        """Return the seconds from now until the step `name` finishes."""
        if name in self._finished:
            return 0.0
        expected = self.steps[name].seconds * scale
        if name in self._started:
            return max(0.0, expected - (now - self._started[name]))
        waits = [ends[other] for other in self.steps[name].after if other in ends]
        return max(waits, default=0.0) + expected


def plan_steps(
    items: Iterable[PlanItem], graph: nx.DiGraph, seconds: SecondsFunction
) -> list[Step]:
    """Return a step per plan item that changes something.

    `graph` is the template's dependency graph (an edge A->B when A depends on B).
    A create or update waits for the steps of what it depends on. A delete waits for
    the deletes of what depended on it. A replacement takes a delete and a create.
    """
    chosen = [item for item in items if item.action in _ACTION_CALLS]
    deleting = {item.resource_name for item in chosen if item.action == DELETE}
    names = {item.resource_name for item in chosen}
    steps = []
    for item in chosen:
        total = sum(
            seconds(item.resource_type, call) for call in _ACTION_CALLS[item.action]
        )
        steps.append(
            Step(
                item.resource_name,
                total,
                _waits(
                    item.resource_name, item.resource_name in deleting, graph, names
                ),
            )
        )
    return steps


def delete_steps(
    resources: Mapping[str, str], graph: nx.DiGraph, seconds: SecondsFunction
) -> list[Step]:
    """Return the steps of deleting `resources` (name to type), each waiting for the
    deletes of the resources that depend on it."""
    names = set(resources)
    return [
        Step(name, seconds(resource_type, "delete"), _waits(name, True, graph, names))
        for name, resource_type in resources.items()
    ]


_ACTION_CALLS = {
    ADD: ("create",),
    UPDATE: ("update",),
    DELETE: ("delete",),
    DELETE_THEN_ADD: ("delete", "create"),
}


def _waits(
    name: str, deleting: bool, graph: nx.DiGraph, names: set[str]
) -> frozenset[str]:
    if name not in graph:
        return frozenset()
    # Creations follow the arrows, and deletions go against them.
    linked = graph.predecessors(name) if deleting else graph.successors(name)
    return frozenset(other for other in linked if other in names and other != name)
