"""Lifecycle executions of the server: each runs the engine in a background thread
and records its progress, its stack phase and each resource's phase as AOS reports
them in an execution.

One execution per stack runs at a time. A failed or crashed execution is recorded as
`Failed` with its message; it never stops the server.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Callable

from . import errors
from .store import (
    FAILED,
    SUCCEEDED,
    ExecutionRecord,
    ServerStore,
    StackRecord,
    new_id,
)

log = logging.getLogger(__name__)

# The stack phase each lifecycle shows before the engine's first event.
STARTING_PHASES = {
    "create": "Creating",
    "upgrade": "Upgrading",
    "retry": "Creating",
    "rollback": "Rollbacking",
    "delete": "Deleting",
}


@dataclass(frozen=True)
class DeployDefaults:
    """Settings the server passes to every deployment of the simulated cloud."""

    parallelism: int = 10
    time_scale: float = 0.01
    simulate_fail: tuple[str, ...] = ()
    failure_rate: float = 0.0


def iso_time(seconds: float | None) -> str:
    moment = (
        datetime.fromtimestamp(seconds, timezone.utc)
        if seconds
        else datetime.now(timezone.utc)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# How often a running execution is written to the store, in seconds. Requests read
# running executions from memory, so the store only needs them to survive a crash.
SAVE_INTERVAL = 1.0


@dataclass
class ExecutionTracker:
    """Fold engine events into an execution record, kept in memory while it runs and
    written to the store at most every `SAVE_INTERVAL` seconds and at its end."""

    record: ExecutionRecord
    store: ServerStore
    total: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _positions: dict[str, int] = field(default_factory=dict)
    _saved: float = 0.0

    def on_event(self, event: Any) -> None:
        with self._lock:
            record = self.record
            if event.resource_name:
                self._element(event)
            else:
                record.stack_phase = event.event_type
                if event.message:
                    record.message = event.message
            total = event.total or self.total
            if total:
                record.progress = min(99, round(100 * event.done / total))
            if time.monotonic() - self._saved >= SAVE_INTERVAL:
                self._save()

    def _save(self) -> None:
        self.store.save_execution(self.record)
        self._saved = time.monotonic()

    def _element(self, event: Any) -> None:
        entry = {
            "name": event.resource_name,
            "type": event.resource_type or "",
            "phase": event.event_type,
            "message": event.message or "",
            "update_at": iso_time(event.time),
        }
        position = self._positions.get(event.resource_name)
        if position is None:
            self._positions[event.resource_name] = len(self.record.elements)
            self.record.elements.append(entry)
        else:
            self.record.elements[position] = entry

    def snapshot(self) -> ExecutionRecord:
        """Return a copy of the record as it is now."""
        with self._lock:
            return replace(
                self.record, elements=[dict(item) for item in self.record.elements]
            )

    def finish(self, succeeded: bool, stack_phase: str, message: str) -> None:
        with self._lock:
            record = self.record
            record.phase = SUCCEEDED if succeeded else FAILED
            if stack_phase:
                record.stack_phase = stack_phase
            record.message = message
            if succeeded:
                record.progress = 100
            self._save()


class SecretInputs:
    """Secret input values of each stack, by stack id, in memory only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, dict[str, Any]] = {}

    def get(self, stack_id: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._values.get(stack_id, {}))

    def put(self, stack_id: str, values: dict[str, Any]) -> None:
        with self._lock:
            self._values.setdefault(stack_id, {}).update(values)

    def drop(self, stack_id: str) -> None:
        with self._lock:
            self._values.pop(stack_id, None)


Work = Callable[[Callable[[Any], None], threading.Event], Any]


class ExecutionRunner:
    """Start executions in background threads and keep track of the running ones."""

    def __init__(self, store: ServerStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._running: dict[str, tuple[threading.Thread, threading.Event]] = {}
        self._live: dict[str, ExecutionTracker] = {}

    def busy(self, stack_id: str) -> bool:
        with self._lock:
            return stack_id in self._running

    def start(
        self,
        stack: StackRecord,
        lifecycle: str,
        work: Work,
        *,
        total: int = 0,
        after: Callable[[bool], None] | None = None,
    ) -> ExecutionRecord:
        """Record a new execution and run `work(on_event, cancel)` for it.

        `work` returns the engine's result (with `succeeded`, `phase` and `message`).
        `after(succeeded)` runs when it has ended. Raise 409 when the stack already
        has an execution running.
        """
        record = ExecutionRecord(
            id=new_id(),
            stack_id=stack.id,
            lifecycle=lifecycle,
            stack_phase=STARTING_PHASES.get(lifecycle, "Pending"),
        )
        cancel = threading.Event()
        tracker = ExecutionTracker(record, self.store, total)
        with self._lock:
            if stack.id in self._running:
                raise errors.AosHttpError(
                    409,
                    errors.STACK_BUSY,
                    f"stack {stack.name} is busy with another execution; wait for it "
                    "to end",
                )
            self.store.add_execution(record)
            thread = threading.Thread(
                target=self._run,
                args=(stack, tracker, work, cancel, after),
                name=f"{lifecycle}-{stack.name}",
                daemon=True,
            )
            self._running[stack.id] = (thread, cancel)
            self._live[record.id] = tracker
        log.info(
            "%s of stack %s started (execution %s)", lifecycle, stack.name, record.id
        )
        thread.start()
        return record

    def _run(
        self,
        stack: StackRecord,
        tracker: ExecutionTracker,
        work: Work,
        cancel: threading.Event,
        after: Callable[[bool], None] | None,
    ) -> None:
        lifecycle = tracker.record.lifecycle
        succeeded = False
        try:
            result = work(tracker.on_event, cancel)
            succeeded = bool(result.succeeded)
            tracker.finish(succeeded, result.phase, result.message or "")
            log.info(
                "%s of stack %s ended: %s",
                lifecycle,
                stack.name,
                result.phase,
            )
        except Exception as error:  # noqa: BLE001 - a failed deployment must not stop the server
            from ..engine.errors import EngineError

            if isinstance(error, EngineError):
                log.warning("%s of stack %s failed: %s", lifecycle, stack.name, error)
                message = str(error)
            else:
                log.exception(
                    "%s of stack %s failed unexpectedly", lifecycle, stack.name
                )
                message = (
                    f"internal error: {type(error).__name__}; see the server's log"
                )
            tracker.finish(False, _failed_phase(tracker.record.stack_phase), message)
        finally:
            with self._lock:
                self._running.pop(stack.id, None)
                self._live.pop(tracker.record.id, None)
        if after is not None:
            try:
                after(succeeded)
            except Exception:  # noqa: BLE001
                log.exception("finishing %s of stack %s failed", lifecycle, stack.name)

    def current(self, record: ExecutionRecord) -> ExecutionRecord:
        """Return the live state of a running execution, else `record` as stored."""
        with self._lock:
            tracker = self._live.get(record.id)
        return tracker.snapshot() if tracker is not None else record

    def stop_all(self, timeout: float = 30.0) -> None:
        """Ask every running execution to stop and wait for them up to `timeout`."""
        with self._lock:
            running = list(self._running.values())
        for _, cancel in running:
            cancel.set()
        for thread, _ in running:
            thread.join(timeout)


def _failed_phase(phase: str) -> str:
    """Return the failed form of an in-progress phase: `Creating` -> `CreateFailed`."""
    verbs = {
        "Creating": "Create",
        "Upgrading": "Upgrade",
        "Deleting": "Delete",
        "Rollbacking": "Rollback",
    }
    verb = verbs.get(phase)
    return f"{verb}Failed" if verb else phase
