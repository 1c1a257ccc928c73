"""Following one stack operation through its events: each resource's latest phase
for the diagram, the count of resources done, and the time left.

The tracker reads `EngineEvent`s, which the built-in engine and a remote endpoint's
client both produce, so local and remote deployments show the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...engine.model import EngineEvent
from .estimate import TimeLeft
from .texts import FAILED, IN_PROGRESS, SUCCEEDED, phase_kind, phase_label

ROLLBACK_PHASE = "Rollbacking"


@dataclass(frozen=True)
class NodeState:
    """The look of a resource's node: the kind of its phase, a label, and a tooltip
    with the phase and the event's message."""

    kind: str
    label: str
    tooltip: str


@dataclass(frozen=True)
class Progress:
    """Resources done out of total, and the estimated seconds left (None while
    nothing is known)."""

    done: int
    total: int
    seconds_left: float | None


# Builds the estimate of a rollback from the names of the resources it undoes.
RollbackEstimate = Callable[[list[str]], TimeLeft]


class DeploymentTracker:
    """The state of one stack operation, built from its events in order."""

    def __init__(
        self,
        stack: str,
        time_left: TimeLeft | None = None,
        rollback_estimate: RollbackEstimate | None = None,
    ) -> None:
        self.stack = stack
        self.time_left = time_left
        self.rollback_estimate = rollback_estimate
        self.states: dict[str, NodeState] = {}
        self.stack_phase = ""
        self.stack_message = ""
        self.rolling_back = False
        self.done = 0
        self.total = 0
        self.events: list[EngineEvent] = []

    def observe(self, event: EngineEvent) -> bool:
        """Take in one event and return True when a resource's state changed."""
        self.events.append(event)
        if event.total > 0:
            self.done, self.total = event.done, event.total
        if event.resource_name is None:
            self._observe_stack(event)
            return False
        kind = phase_kind(event.event_type, self.rolling_back)
        if kind is None:
            return False
        tooltip = event.event_type
        if event.message:
            tooltip += f": {event.message}"
        self.states[event.resource_name] = NodeState(
            kind, phase_label(event.event_type, kind), tooltip
        )
        if self.time_left is not None:
            if kind == IN_PROGRESS:
                self.time_left.step_started(event.resource_name)
            else:
                self.time_left.step_finished(event.resource_name)
        return True

    def _observe_stack(self, event: EngineEvent) -> None:
        self.stack_phase = event.event_type
        if event.message:
            self.stack_message = event.message
        if event.event_type == ROLLBACK_PHASE and not self.rolling_back:
            self.rolling_back = True
            self.done = self.total = 0
            undone = [
                name for name, state in self.states.items() if state.kind == SUCCEEDED
            ]
            if self.rollback_estimate is not None:
                self.time_left = self.rollback_estimate(undone)

    def progress(self) -> Progress:
        seconds = self.time_left.seconds_left() if self.time_left else None
        return Progress(self.done, self.total, seconds)

    def last_event(self, name: str) -> EngineEvent | None:
        """Return the latest event of the resource `name`."""
        for event in reversed(self.events):
            if event.resource_name == name:
                return event
        return None

    def failed_resources(self) -> list[str]:
        """Return the resources whose latest phase is a failure, in event order."""
        names = dict.fromkeys(e.resource_name for e in self.events if e.resource_name)
        return [
            name
            for name in names
            if name in self.states and self.states[name].kind == FAILED
        ]
