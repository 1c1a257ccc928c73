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
from .models import Execution, StackEvent, StackInfo, is_failed_phase

log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 2.0

EventCallback = Callable[[StackEvent], None]
ProgressCallback = Callable[[Execution], None]


@dataclass
class Follower:
    """Turn successive execution snapshots into events and progress reports."""

    stack: StackInfo
    on_event: EventCallback | None = None
    on_progress: ProgressCallback | None = None

    def __post_init__(self) -> None:
        self._phases: dict[str, str] = {}
        self._stack_phase = ""

    def observe(self, execution: Execution) -> None:
        total = len(execution.elements)
        done = execution.done_count
        now = datetime.now(timezone.utc).isoformat()
        if self.on_event is not None:
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
                        done=done,
                        total=total,
                    )
                )
            if execution.stack_phase and execution.stack_phase != self._stack_phase:
                self._stack_phase = execution.stack_phase
                self.on_event(
                    StackEvent(
                        time=execution.updated or now,
                        stack=self.stack.name,
                        resource_name="",
                        resource_type="",
                        event_type=execution.stack_phase,
                        message=execution.message,
                        done=done,
                        total=total,
                    )
                )
        if self.on_progress is not None:
            self.on_progress(execution)


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
    while True:
        try:
            latest = client.executions(stack.id, last=True, label=stack.name)
        except NotFound:
            log.info("stack %s is deleted", stack.name)
            return
        if latest:
            execution = latest[0]
            follower.observe(execution)
            if execution.finished and is_failed_phase(execution.stack_phase):
                raise RemoteError(
                    f"deleting stack {stack.name} failed ({execution.stack_phase}): "
                    f"{execution.message or 'see its events'}"
                )
        _pause(stack, "deletion", poll_seconds, cancel, deadline)
