"""Following a remote execution to its end: polling, progress callbacks, resource
events, cancellation and a deadline.

Cancelling stops the following, not the execution: AOS version 2 offers no call that
stops a running action, so the endpoint carries on with it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from .client import AosClient
from .errors import Cancelled, ExecutionTimedOut, NotFound, RemoteError
from .models import Execution, StackEvent, StackInfo, is_failed_phase, is_final_phase

log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 2.0

EventCallback = Callable[[StackEvent], None]
ProgressCallback = Callable[[Execution], None]


@dataclass
class Follower:
    """Turn successive execution snapshots into events and progress reports.

    An execution with an event log (`Execution.events`) gives each change in the
    order it happened. Without one, events are rebuilt from the differences between
    two snapshots, so a change that a later one overwrote before the next poll is
    lost.
    """

    stack: StackInfo
    on_event: EventCallback | None = None
    on_progress: ProgressCallback | None = None

    def __post_init__(self) -> None:
        self._phases: dict[str, str] = {}
        self._stack_phase = ""
        self._total = 0
        # Events already reported, per execution id.
        self._reported: dict[str, int] = {}

    def observe(self, execution: Execution) -> None:
        if self.on_event is not None:
            if execution.events is not None:
                self._replay(execution)
            else:
                self._compare(execution)
        if self.on_progress is not None:
            self.on_progress(execution)

    def _replay(self, execution: Execution) -> None:
        assert self.on_event is not None and execution.events is not None
        start = self._reported.get(execution.id, 0)
        for item in execution.events[start:]:
            self.on_event(
                StackEvent(
                    time=item.time,
                    stack=self.stack.name,
                    resource_name=item.name,
                    resource_type=item.type,
                    event_type=item.phase,
                    message=item.message,
                    done=item.done,
                    total=item.total,
                )
            )
        self._reported[execution.id] = max(start, len(execution.events))

    def _compare(self, execution: Execution) -> None:
        assert self.on_event is not None
        # The element list grows as resources start, so the total only grows too.
        self._total = max(self._total, len(execution.elements))
        now = datetime.now(timezone.utc).isoformat()

        stack_changed = bool(execution.stack_phase) and (
            execution.stack_phase != self._stack_phase
        )
        stack_event = StackEvent(
            time=execution.updated or now,
            stack=self.stack.name,
            resource_name="",
            resource_type="",
            event_type=execution.stack_phase,
            message=execution.message,
            done=execution.done_count,
            total=self._total,
        )
        self._stack_phase = execution.stack_phase or self._stack_phase

        # A stack that has started is reported before its resources, and one that
        # has ended after them.
        ended = is_final_phase(execution.stack_phase)
        if stack_changed and not ended:
            self.on_event(stack_event)

        for element in execution.elements:
            if self._phases.get(element.name) == element.phase:
                continue
            self._phases[element.name] = element.phase
            self.on_event(
                StackEvent(
                    time=element.updated or now,
                    stack=self.stack.name,
                    resource_name=element.name,
                    resource_type=element.type,
                    event_type=element.phase,
                    message=element.message,
                    done=execution.done_count,
                    total=self._total,
                )
            )

        if stack_changed and ended:
            self.on_event(stack_event)


def _deadline(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


def _pause(
    stack: StackInfo,
    what: str,
    poll_seconds: float,
    cancel: threading.Event | None,
    deadline: float | None,
) -> None:
    if deadline is not None and time.monotonic() >= deadline:
        raise ExecutionTimedOut(
            f"{what} of stack {stack.name} did not finish in time; it goes on at the "
            "endpoint, so check it later with `aos-designer stacks`"
        )
    wait = poll_seconds
    if deadline is not None:
        wait = max(0.0, min(wait, deadline - time.monotonic()))
    if cancel is None:
        time.sleep(wait)
    elif cancel.wait(wait):
        raise Cancelled(
            f"stopped following the {what} of stack {stack.name}; it goes on at the "
            "endpoint"
        )


def follow_execution(
    client: AosClient,
    stack: StackInfo,
    action_id: str,
    *,
    on_event: EventCallback | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    poll_seconds: float = DEFAULT_POLL_SECONDS,
    timeout: float | None = None,
) -> Execution:
    """Poll an execution until it succeeds or fails; return its last state.

    `timeout` is in seconds; None waits as long as it takes. Raise `Cancelled` when
    `cancel` is set and `ExecutionTimedOut` at the deadline.
    """
    follower = Follower(stack, on_event, on_progress)
    deadline = _deadline(timeout)
    while True:
        execution = client.execution(stack.id, action_id, label=stack.name)
        follower.observe(execution)
        if execution.finished:
            log.info(
                "%s of stack %s ended: %s (%s)",
                execution.lifecycle or "execution",
                stack.name,
                execution.phase or execution.stack_phase,
                execution.stack_phase,
            )
            return execution
        _pause(
            stack, execution.lifecycle or "execution", poll_seconds, cancel, deadline
        )


def follow_deletion(
    client: AosClient,
    stack: StackInfo,
    *,
    on_event: EventCallback | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    poll_seconds: float = DEFAULT_POLL_SECONDS,
    timeout: float | None = None,
) -> None:
    """Poll a stack whose deletion has started until it is gone (404).

    Raise `RemoteError` when the deletion fails and the stack stays.
    """
    follower = Follower(stack, on_event, on_progress)
    deadline = _deadline(timeout)
    deletion_id = ""
    while True:
        try:
            latest = client.executions(stack.id, last=True, label=stack.name)
        except NotFound:
            _observe_end(client, stack, deletion_id, follower)
            log.info("stack %s is deleted", stack.name)
            return
        if latest:
            execution = latest[0]
            deletion_id = execution.id
            follower.observe(execution)
            if execution.finished and is_failed_phase(execution.stack_phase):
                raise RemoteError(
                    f"deleting stack {stack.name} failed ({execution.stack_phase}): "
                    f"{execution.message or 'see its events'}"
                )
        _pause(stack, "deletion", poll_seconds, cancel, deadline)


def _observe_end(
    client: AosClient, stack: StackInfo, deletion_id: str, follower: Follower
) -> None:
    """Report the last events of a deletion whose stack is gone, when the endpoint
    still returns the execution (this program's server does; Huawei's may not)."""
    if not deletion_id:
        return
    try:
        execution = client.execution(stack.id, deletion_id, label=stack.name)
    except NotFound:
        return
    follower.observe(execution)
