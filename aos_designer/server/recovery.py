"""Executions that a stopped server left running, followed to the end of the engine's
recovery of their stacks.

A server killed in the middle of an execution leaves the engine's deployment running
too. At the next start the engine recovers the stack in the background: it rolls the
deployment back, continues it, or leaves it failed, as the deployment's failure
strategy specifies. The execution follows that recovery. Its stack phase, progress and
elements come from the recovery's events, and it ends with the phase that the
engine's deployment ended with. So a client that follows the execution gets the
same end as the stack's.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone
from typing import Any, Callable

from .app import ServerContext
from .runner import Ending, ExecutionTracker, Watch, failed_phase
from .stacks_lifecycle import retried_verb
from .store import FAILED, ExecutionRecord, StackRecord

log = logging.getLogger(__name__)

# How often a follower looks at the engine's deployment, in seconds.
POLL_SECONDS = 0.2
RECOVERY_NOTE = (
    "the server stopped during this execution; following the engine's recovery of "
    "the stack"
)


def follow_interrupted(server: ServerContext) -> list[str]:
    """Start the engine's recovery, and make each execution that a stopped server
    left running follow the recovery of its stack. Return the names of those stacks.

    The engine must be opened with `recover=False`, because only the recoveries
    started here send their events to the executions.
    """
    running = _newest_running(server)
    if server.engine is None:
        for record in running:
            _end_without_engine(server, record)
        return []

    followed = _adopt(server, running)
    trackers = {stack.name: tracker for stack, tracker, _ in followed}

    def dispatch(event: Any) -> None:
        tracker = trackers.get(event.stack)
        if tracker is not None:
            tracker.on_event(event)

    server.engine.start_recovery(dispatch)
    for stack, tracker, deployment_id in followed:
        # NOTE: a deletion's `force` is not stored, so one that fails after a
        # restart keeps its stack instead of forgetting it.
        deleting = tracker.record.lifecycle == "delete"
        after = _after_delete(server, stack) if deleting else None
        watch = _watcher(server, stack, deployment_id)
        server.runner.follow(stack, tracker, watch, after)
    names = [stack.name for stack, _, _ in followed]
    if names:
        log.warning(
            "%d execution(s) were running when the server stopped; each follows the "
            "engine's recovery of its stack: %s",
            len(names),
            ", ".join(names),
        )
    return names


def _newest_running(server: ServerContext) -> list[ExecutionRecord]:
    """Return the newest running execution of each stack, and end the older ones."""
    newest: dict[str, ExecutionRecord] = {}
    for record in server.store.running_executions():
        older = newest.get(record.stack_id)
        if older is not None:
            _supersede(server, older, record)
        newest[record.stack_id] = record
    return list(newest.values())


def _adopt(
    server: ServerContext, running: list[ExecutionRecord]
) -> list[tuple[StackRecord, ExecutionTracker, str | None]]:
    """Adopt each running execution with its stack and the id of the engine
    deployment it ran, if the engine has one."""
    adopted = []
    for record in running:
        stack = server.store.stack(record.stack_id)
        if stack is None:
            continue
        deployment_id = _deployment_of(server.engine, stack.name, record)
        tracker = server.runner.adopt(stack, record, _verb(server, stack, record))
        if deployment_id is not None:
            tracker.restart_progress(RECOVERY_NOTE)
        adopted.append((stack, tracker, deployment_id))
    return adopted


def _verb(
    server: ServerContext, stack: StackRecord, record: ExecutionRecord
) -> str | None:
    """Return the AOS verb that an execution's stack phases are reported under."""
    if record.lifecycle == "rollback":
        return "Rollback"
    if record.lifecycle == "retry":
        return retried_verb(server, stack)
    return None


def _deployment_of(engine: Any, name: str, record: ExecutionRecord) -> str | None:
    """Return the id of the engine deployment that `record` ran: the newest one of
    the stack that started after the execution did, or None when there is none."""
    from ..engine.errors import StackNotFoundError

    try:
        deployments = engine.deployments(name)
    except StackNotFoundError:
        return None
    started = record.started or _seconds(record.created)
    later = [item for item in deployments if item.started >= started]
    return later[-1].id if later else None


def _seconds(stamp: str) -> float:
    """Return a time written as AOS writes it (whole seconds, UTC) as a Unix time."""
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    return moment.replace(tzinfo=timezone.utc).timestamp()


def _watcher(
    server: ServerContext, stack: StackRecord, deployment_id: str | None
) -> Watch:
    """Return the function that waits for the end of an adopted execution."""

    def watch(tracker: ExecutionTracker, stopping: threading.Event) -> Ending | None:
        if deployment_id is None:
            return _without_deployment(server, stack, tracker.record)
        engine = server.engine
        while not engine.wait_for_recovery(stack.name, timeout=POLL_SECONDS):
            if stopping.is_set():
                return None
        deployment = engine.deployment(deployment_id)
        if deployment.status == "running":
            # The recovery stopped before the end, or another process runs it. The
            # engine's next start, or the next action on the stack, continues it.
            tracker.restart_progress(
                f"the engine has not finished recovering stack {stack.name}; this "
                "execution ends when the next action on the stack or the next start "
                "of the server finishes it"
            )
            server.runner.release(stack.id)
            log.warning(
                "the recovery of stack %s did not finish its deployment %s; "
                "execution %s stays running",
                stack.name,
                deployment_id,
                tracker.record.id,
            )
        while deployment.status == "running":
            if stopping.wait(POLL_SECONDS):
                return None
            deployment = engine.deployment(deployment_id)
        return reported_ending(server, stack, tracker.record, deployment)

    return watch


def reported_ending(
    server: ServerContext, stack: StackRecord, record: ExecutionRecord, deployment: Any
) -> Ending:
    """Return how an execution ended, from the engine deployment it ran, in the
    phase names that AOS uses for the execution's lifecycle."""
    succeeded = deployment.status == "succeeded"
    phase = deployment.phase
    if record.lifecycle == "rollback":
        # The server runs a rollback as a deployment of the last good template, or
        # as a deletion when there is none.
        if not phase.startswith("Rollback"):
            phase = "RollbackSucceeded" if succeeded else "RollbackFailed"
        succeeded = phase == "RollbackSucceeded"
    elif record.lifecycle == "retry":
        # AOS names a retry's phase after the action it repeats.
        verb = retried_verb(server, stack)
        for done in ("Succeeded", "Failed", "Cancelled"):
            if phase in (f"Create{done}", f"Upgrade{done}"):
                phase = f"{verb}{done}"
    return succeeded, phase, deployment.message


def _without_deployment(
    server: ServerContext, stack: StackRecord, record: ExecutionRecord
) -> Ending:
    """Return how an execution ended that has no engine deployment: its stack was
    deleted, or the server stopped before the engine began."""
    from ..engine.errors import StackNotFoundError

    try:
        info = server.engine.stack(stack.name)
    except StackNotFoundError:
        info = None
    if info is None and _deletes(record):
        rollback = record.lifecycle == "rollback"
        return True, "RollbackSucceeded" if rollback else "DeleteSucceeded", "deleted"
    phase = info.phase if info is not None else failed_phase(record.stack_phase)
    return (
        False,
        phase,
        "the server stopped before the engine started this execution, so nothing "
        "changed; run the action again",
    )


def _deletes(record: ExecutionRecord) -> bool:
    """Tell whether the execution may delete its stack: a deletion does, and so does
    a rollback of a stack that never had a successful deployment."""
    return record.lifecycle in ("delete", "rollback")


def _after_delete(
    server: ServerContext, stack: StackRecord
) -> Callable[[bool, str], None]:
    """Return what a deletion does once it succeeded: forget the stack."""

    def forget(succeeded: bool, execution_id: str) -> None:
        if not succeeded or server.engine is None:
            return
        from ..engine.errors import StackNotFoundError

        try:
            server.engine.stack(stack.name)
        except StackNotFoundError:
            server.store.delete_stack(stack.id, keep_execution=execution_id)
            server.secrets.drop(stack.id)
            log.info("stack %s (%s) deleted", stack.name, stack.id)

    return forget


def _supersede(
    server: ServerContext, older: ExecutionRecord, newer: ExecutionRecord
) -> None:
    """End an older running execution that a newer one of the same stack replaced.
    Only one runs per stack at a time, so an earlier crash left it behind."""
    older.phase = FAILED
    older.stack_phase = failed_phase(older.stack_phase)
    older.message = f"superseded by execution {newer.id}"
    server.store.save_execution(older)
    log.warning("execution %s was left running; superseded by %s", older.id, newer.id)


def _end_without_engine(server: ServerContext, record: ExecutionRecord) -> None:
    record.phase = FAILED
    record.stack_phase = failed_phase(record.stack_phase)
    record.message = "the server stopped during this execution"
    server.store.save_execution(record)
