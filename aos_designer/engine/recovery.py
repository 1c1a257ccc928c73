"""Crash recovery: finish the operations of processes that died, as their failure
strategy specifies.

An operation is interrupted when its deployment is still `running` and no live
process holds the stack's lock. Recovery takes the lock, then:

1. It settles each resource row whose intent is still set, because a provider call
   was in flight. A create is looked up by its client token: when the provider made
   the resource, the stack adopts it, else the row is marked `CreateFailed`. An
   update records the properties the provider holds now. A delete removes the row
   when the resource is gone.
2. It finishes the deployment. A deletion continues deleting, and a rollback
   continues rolling back. A create or upgrade whose cancel was requested ends
   `CreateCancelled` or `UpgradeCancelled`. Any other create or upgrade rolls back,
   as a failure would have, under the `rollback` strategy. Under `keep` it ends
   `CreateFailed` or `UpgradeFailed`, and a later `deploy` or `retry` resumes it.

`start_recovery` runs each stack's recovery in a thread of its own, holding that
stack's lock, so an engine opens at once and a recovery holds up only the operations
on its own stack. A recovery that is killed or paused leaves its deployment running
with the phase it reached, so the next start continues it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Callable

from ..template.model import parse_template
from .desired import DesiredState
from .errors import StackBusyError
from .locks import StackLocks
from .model import (
    CREATE_FAILED,
    CREATE_SUCCEEDED,
    DELETE_FAILED,
    DELETING,
    ON_FAILURE_ROLLBACK,
    ROLLBACKING,
    STATUS_ABNORMAL,
    STATUS_PROCESSING,
    UPGRADE_FAILED,
    DeployResult,
    EngineEvent,
    Plan,
)
from .planner import recorded_by_name
from .provider import Provider, ProviderError
from .rollback import RollingBack
from .runner import OperationPaused, Prepared
from .state import DeploymentRecord, ResourceRow, StackRecord, StateStore

log = logging.getLogger(__name__)

EventCallback = Callable[[EngineEvent], None]

# The final status of a create or upgrade that a crash stopped, whatever its
# recovery did next. The deployment's phase records how the stack ended.
INTERRUPTED = "interrupted"
FORWARD_VERBS = {"create": "Create", "upgrade": "Upgrade"}


class StackRecovery(RollingBack):
    """The part of `Engine` that finds interrupted operations and finishes them."""

    locks: StackLocks

    def _init_recovery(self) -> None:
        self._recovery_threads: dict[str, threading.Thread] = {}
        self._recovery_guard = threading.Lock()
        self._recovery_pause = threading.Event()

    def start_recovery(self, on_event: EventCallback | None = None) -> list[str]:
        """Start recovering the stacks whose operation was interrupted, each in a
        thread of its own; return their names.

        `on_event` gets the events of these recoveries, from their threads. A stack
        whose lock another live process holds is left to that process. This ends a
        pause that `pause_recovery` began.
        """
        emit = safe_callback(on_event)
        self._recovery_pause.clear()
        started: list[str] = []
        for name in self._interrupted_stacks():
            with self._recovery_guard:
                running = self._recovery_threads.get(name)
                if running is not None and running.is_alive():
                    continue
                thread = threading.Thread(
                    target=self._recover_in_thread,
                    args=(name, emit),
                    name=f"engine-recovery-{name}",
                    daemon=True,
                )
                # Started under the guard, so that no waiter joins it unstarted.
                self._recovery_threads[name] = thread
                thread.start()
            started.append(name)
        if started:
            log.info("recovering interrupted stacks: %s", ", ".join(started))
        return started

    def recover(self, on_event: EventCallback | None = None) -> list[str]:
        """Recover the stacks whose operation was interrupted and wait until done;
        return their names."""
        started = self.start_recovery(on_event)
        for name in started:
            self.wait_for_recovery(name)
        return started

    def wait_for_recovery(
        self, stack: str | None = None, timeout: float | None = None
    ) -> bool:
        """Wait for this engine's recovery of `stack`, or of every stack when it is
        None; return False when `timeout` (in seconds) passed first."""
        with self._recovery_guard:
            if stack is None:
                threads = list(self._recovery_threads.values())
            else:
                threads = [self._recovery_threads.get(stack)]
        end = None if timeout is None else time.monotonic() + timeout
        for thread in threads:
            if thread is None:
                continue
            left = None if end is None else max(0.0, end - time.monotonic())
            thread.join(left)
            if thread.is_alive():
                return False
        return True

    def recovering(self) -> list[str]:
        """Return the stacks this engine is recovering now."""
        with self._recovery_guard:
            return sorted(
                name
                for name, thread in self._recovery_threads.items()
                if thread.is_alive()
            )

    def pause_recovery(self) -> None:
        """Let the recoveries in progress finish their provider calls in flight and
        start nothing new, until `start_recovery` runs again. Their deployments stay
        running for the next start."""
        self._recovery_pause.set()

    def _interrupted_stacks(self) -> list[str]:
        names: list[str] = []
        for deployment in self.store.running_deployments():
            record = self.store.stack_by_id(deployment.stack_id)
            name = record.info.name
            live = self.store.find_stack(name)
            if name in names or live is None or live.info.id != record.info.id:
                continue
            if self.locks.owner(name) is None:
                names.append(name)
        return names

    def _recover_in_thread(self, name: str, emit: EventCallback) -> None:
        try:
            with self.locks.hold(name, "recover"):
                self._recover_locked(name, emit, self._recovery_pause)
        except StackBusyError as error:
            log.info("stack %s is not recovered by this process: %s", name, error)
        except OperationPaused:
            log.info("paused the recovery of stack %s; the next start continues", name)
        except Exception:  # noqa: BLE001 - a recovery thread must log, not vanish
            log.exception(
                "the recovery of stack %s failed; the next start tries again", name
            )

    def _recover_locked(
        self,
        stack: str,
        emit: EventCallback,
        pause: threading.Event | None = None,
    ) -> DeployResult | None:
        """Settle and finish the stack's interrupted operation, if it has one, and
        return how it ended. The caller holds the stack's lock."""
        record = self.store.find_stack(stack)
        if record is None:
            return None
        running = [
            deployment
            for deployment in self.store.deployments(record.info.id)
            if deployment.status == "running"
        ]
        rows = self.store.resources(record.info.id)
        if not running and not any(row.intent for row in rows):
            return None

        log.warning("recovering stack %s after an interrupted operation", stack)
        current = running[-1].id if running else None
        if not settle_resources(self.store, self.provider, record, current, emit):
            # The provider could not tell what became of a call, and a create may
            # have made a resource that removing its row would lose.
            log.warning(
                "stack %s is not recovered: a resource could not be settled, so the "
                "next start tries again",
                stack,
            )
            return None
        if not running:
            return None

        # Only one operation runs per stack, so more than one running deployment
        # means an older one was left behind by a crash that nothing recovered.
        for older in running[:-1]:
            self.store.finish_deployment(
                older.id, INTERRUPTED, older.phase, "interrupted; superseded"
            )
        record = self.store.stack_by_id(record.info.id)
        return self._resume(record, running[-1], emit, pause)

    def _resume(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        emit: EventCallback,
        pause: threading.Event | None,
    ) -> DeployResult:
        owner = deployment.owner_pid
        self.store.set_deployment_phase(deployment.id, deployment.phase, os.getpid())
        if deployment.kind == "delete":
            return self._continue_delete(record, deployment, emit, owner, pause)
        failed = _interrupted(record, deployment)
        if deployment.phase == ROLLBACKING:
            failure = record.info.message or f"interrupted: process {owner} stopped"
            note = f"continuing the rollback that process {owner} left"
            return self._roll_back(
                record,
                deployment,
                failed,
                {},
                deployment.options,
                emit,
                failure,
                finish=INTERRUPTED,
                note=note,
                pause=pause,
            )
        return self._end_forward(record, deployment, failed, emit, owner, pause)

    def _end_forward(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        failed: Prepared,
        emit: EventCallback,
        owner: int | None,
        pause: threading.Event | None,
    ) -> DeployResult:
        """End an interrupted create or upgrade: cancelled when a cancel was
        requested, else failed under `keep` or rolled back under `rollback`."""
        verb = FORWARD_VERBS.get(deployment.kind, "Upgrade")
        if deployment.cancel_requested:
            message = (
                f"cancelled: process {owner} stopped after the cancel was requested; "
                "nothing new started"
            )
            return self._conclude(
                record,
                deployment,
                failed,
                emit,
                f"{verb}Cancelled",
                STATUS_ABNORMAL,
                message,
                finish=INTERRUPTED,
            )

        failed_phase = f"{verb}Failed"
        if deployment.options.on_failure != ON_FAILURE_ROLLBACK:
            message = (
                f"interrupted: process {owner} stopped during the deployment; run "
                "deploy or retry to resume, or delete the stack"
            )
            return self._conclude(
                record,
                deployment,
                failed,
                emit,
                failed_phase,
                STATUS_ABNORMAL,
                message,
                finish=INTERRUPTED,
            )

        if deployment.phase == failed_phase:
            # The failure was recorded before the crash, with its message.
            failure = record.info.message
        else:
            failure = f"interrupted: process {owner} stopped during the deployment"
            self._stack_event(
                record, deployment.id, failed_phase, STATUS_ABNORMAL, failure, emit
            )
        return self._roll_back(
            record,
            deployment,
            failed,
            {},
            deployment.options,
            emit,
            failure,
            finish=INTERRUPTED,
            pause=pause,
        )

    def _continue_delete(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        emit: EventCallback,
        owner: int | None,
        pause: threading.Event | None,
    ) -> DeployResult:
        note = f"continuing the deletion that process {owner} left"
        self._stack_event(
            record, deployment.id, DELETING, STATUS_PROCESSING, note, emit
        )
        prepared = self._deletion(record)
        options = deployment.options
        deadline = time.monotonic() + options.timeout * 60 if options.timeout else None
        cancel = threading.Event()
        outcome = self._run(
            record, deployment.id, prepared, options, emit, cancel, deadline, pause
        )
        return self._finish(
            record, deployment, prepared, {}, options, "Delete", outcome, emit
        )

    def _deletion(self, record: StackRecord) -> Prepared:
        """Work out the deletion of every resource the stack holds."""
        rows = self.store.resources(record.info.id)
        deployments = [
            d for d in self.store.deployments(record.info.id) if d.kind != "delete"
        ]
        text = deployments[-1].template if deployments else "{}"
        template = parse_template(text)
        return self._removal(
            record, template, record.info.region, recorded_by_name(rows)
        )


def _interrupted(record: StackRecord, deployment: DeploymentRecord) -> Prepared:
    """Return the failed side of an interrupted deployment, as a rollback needs it:
    its template and region, without a plan."""
    template = parse_template(deployment.template or "{}")
    desired = DesiredState(template, {}, record.info.region, {}, ())
    plan = Plan(record.info.name, record.info.region, (), record.revision, "", "")
    return Prepared({}, [], desired, record, {}, [], plan)


def safe_callback(callback: EventCallback | None) -> EventCallback:
    """Wrap a caller's event callback so that its errors never stop the engine."""

    def emit(event: EngineEvent) -> None:
        if callback is None:
            return
        try:
            callback(event)
        except Exception:  # noqa: BLE001 - a caller's bug must not break a deployment
            log.exception("the event callback raised an error; the deployment goes on")

    return emit


def settle_resources(
    store: StateStore,
    provider: Provider,
    stack: StackRecord,
    deployment_id: str | None,
    emit: EventCallback,
) -> bool:
    """Settle every resource row of the stack whose provider call was in flight;
    return False when the provider could not tell the fate of one."""
    settled = True
    for row in store.resources(stack.info.id):
        if row.intent:
            settled = (
                _settle(store, provider, stack, deployment_id, row, emit) and settled
            )
    return settled


def _settle(
    store: StateStore,
    provider: Provider,
    stack: StackRecord,
    deployment_id: str | None,
    row: ResourceRow,
    emit: EventCallback,
) -> bool:
    info = row.info
    try:
        if row.intent == "create":
            found = provider.find(row.client_token) if row.client_token else None
            if found is not None:
                fields = dict(
                    physical_id=found.id,
                    attributes=found.attributes,
                    phase=CREATE_SUCCEEDED,
                    message="",
                )
                text = f"adopted {found.id}, created before the interruption"
            else:
                fields = dict(
                    phase=CREATE_FAILED, message="interrupted before creation"
                )
                text = "interrupted before creation; nothing was created"
        elif row.intent == "update":
            current = provider.read(info.resource_type, info.physical_id or "")
            if current is None:
                text = "gone after an interrupted update"
                _remove(store, stack, deployment_id, row, text, emit)
                return True
            fields = dict(
                properties=current.properties,
                attributes=current.attributes,
                phase=UPGRADE_FAILED,
                message="interrupted during update",
            )
            text = "interrupted during update; recorded what the cloud holds"
        else:
            current = provider.read(info.resource_type, info.physical_id or "")
            if current is None:
                text = "deleted before the interruption"
                _remove(store, stack, deployment_id, row, text, emit)
                return True
            fields = dict(phase=DELETE_FAILED, message="interrupted during delete")
            text = "interrupted during delete; the resource still exists"
    except ProviderError as error:
        log.warning(
            "could not settle %s of stack %s: %s",
            info.resource_name,
            stack.info.name,
            error,
        )
        return False
    with store.db.transaction() as connection:
        store.write_resource(
            connection,
            stack.info.id,
            info.resource_name,
            info.instance,
            intent=None,
            **fields,
        )
        event = store.add_event(
            connection,
            stack.info.id,
            stack.info.name,
            deployment_id,
            info.resource_name,
            info.resource_type,
            str(fields["phase"]),
            text,
        )
    emit(event)
    return True


def _remove(
    store: StateStore,
    stack: StackRecord,
    deployment_id: str | None,
    row: ResourceRow,
    text: str,
    emit: EventCallback,
) -> None:
    info = row.info
    with store.db.transaction() as connection:
        store.remove_resource(
            connection, stack.info.id, info.resource_name, info.instance
        )
        event = store.add_event(
            connection,
            stack.info.id,
            stack.info.name,
            deployment_id,
            info.resource_name,
            info.resource_type,
            "DeleteSucceeded",
            text,
        )
    emit(event)
