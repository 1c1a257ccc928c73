"""Running a deployment and ending it: success, cancel, failure and rollback.

`DeploymentRunner` is the part of `Engine` that executes a prepared plan and records
how it ended. A failed deployment with the rollback strategy plans from the current
state back to the last deployment that succeeded, or to no resources at all.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from ..template.model import parse_template
from .database import Database
from .desired import DesiredState
from .errors import EngineError
from .executor import STOP_CANCEL, STOP_TIMEOUT, Executor, Outcome, RunContext
from .model import (
    ON_FAILURE_ROLLBACK,
    STATUS_ABNORMAL,
    STATUS_DELETED,
    STATUS_PROCESSING,
    STATUS_RUNNING,
    STATUS_STOPPED,
    DeployOptions,
    DeployResult,
    EngineEvent,
    OutputValue,
    Plan,
    PlanItem,
    phase,
)
from .operations import build_operations
from .planner import compute_items, recorded_by_name
from .provider import Provider
from .results import evaluate_outputs
from .state import DeploymentRecord, ResourceRow, StackRecord, StateStore

log = logging.getLogger(__name__)

EventCallback = Callable[[EngineEvent], None]


@dataclass
class Prepared:
    """A template worked out against a stack: everything a plan or a deployment needs."""

    values: dict[str, Any]
    secrets: list[str]
    desired: DesiredState
    record: StackRecord | None
    recorded: dict[str, list[ResourceRow]]
    items: list[PlanItem]
    plan: Plan


class DeploymentRunner:
    """Executes prepared plans for `Engine` and records their outcome."""

    db: Database
    store: StateStore
    provider: Provider
    _cancels: dict[str, threading.Event]
    _cancels_guard: threading.Lock

    def _prepare(
        self, template: Any, stack: str, given: Any, region: str | None
    ) -> Prepared:
        """Work a template out against a stack; `Engine` implements it."""
        raise NotImplementedError

    def _execute(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        given: dict[str, Any],
        options: DeployOptions,
        verb: str,
        emit: EventCallback,
        cancel: threading.Event | None,
    ) -> DeployResult:
        cancel = cancel or threading.Event()
        with self._cancels_guard:
            self._cancels[deployment.id] = cancel
        deadline = time.monotonic() + options.timeout * 60 if options.timeout else None
        try:
            self._stack_event(
                record, deployment.id, phase(verb), STATUS_PROCESSING, "", emit
            )
            outcome = self._run(
                record, deployment.id, prepared, options, emit, cancel, deadline
            )
            return self._finish(
                record,
                deployment,
                prepared,
                given,
                options,
                verb,
                outcome,
                emit,
            )
        finally:
            with self._cancels_guard:
                self._cancels.pop(deployment.id, None)

    def _run(
        self,
        record: StackRecord,
        deployment_id: str,
        prepared: Prepared,
        options: DeployOptions,
        emit: EventCallback,
        cancel: threading.Event,
        deadline: float | None,
    ) -> Outcome:
        graph = build_operations(prepared.items, prepared.desired, prepared.recorded)
        context = RunContext(
            store=self.store,
            provider=self.provider,
            stack_id=record.info.id,
            stack_name=record.info.name,
            region=prepared.desired.region,
            deployment_id=deployment_id,
            desired=prepared.desired,
            options=options,
            secrets=prepared.secrets,
            emit=emit,
            cancel=cancel,
            deadline=deadline,
        )
        return Executor(context, graph, prepared.recorded).run()

    def _finish(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        given: dict[str, Any],
        options: DeployOptions,
        verb: str,
        outcome: Outcome,
        emit: EventCallback,
    ) -> DeployResult:
        if outcome.succeeded:
            return self._succeed(record, deployment, prepared, verb, emit)
        failed = tuple(sorted({op.resource_name for op, _ in outcome.failed}))
        if outcome.stopped == STOP_CANCEL:
            message = "cancelled: operations in flight finished, nothing new started"
            final = f"{verb}Cancelled"
            self._stack_event(
                record, deployment.id, final, STATUS_ABNORMAL, message, emit
            )
            self.store.finish_deployment(deployment.id, "cancelled", final, message)
            return self._result(
                record,
                deployment,
                final,
                STATUS_ABNORMAL,
                message,
                False,
                prepared,
                failed,
            )
        return self._fail(
            record, deployment, prepared, given, options, verb, outcome, emit, failed
        )

    def _fail(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        given: dict[str, Any],
        options: DeployOptions,
        verb: str,
        outcome: Outcome,
        emit: EventCallback,
        failed: tuple[str, ...],
    ) -> DeployResult:
        """Record a failure or a timeout, then roll back when the strategy says so."""
        message = "; ".join(text for _, text in outcome.failed)
        if outcome.stopped == STOP_TIMEOUT:
            limit = f"timed out after {options.timeout:g} minutes"
            message = f"{limit}; {message}" if message else limit
        message = message or "failed"
        failed_phase = f"{verb}Failed"
        self._stack_event(
            record, deployment.id, failed_phase, STATUS_ABNORMAL, message, emit
        )
        if verb == "Delete" or options.on_failure != ON_FAILURE_ROLLBACK:
            self.store.finish_deployment(deployment.id, "failed", failed_phase, message)
            return self._result(
                record,
                deployment,
                failed_phase,
                STATUS_ABNORMAL,
                message,
                False,
                prepared,
                failed,
            )

        rollback_phase, status, remaining, detail = self._rollback(
            record, deployment, prepared, given, options, emit
        )
        full = f"{message}; {detail}"
        self.store.finish_deployment(deployment.id, "failed", rollback_phase, full)
        self.store.set_stack(record.info.id, message=full)
        return self._result(
            record,
            deployment,
            rollback_phase,
            status,
            full,
            False,
            prepared,
            failed,
            remaining,
        )

    def _succeed(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        verb: str,
        emit: EventCallback,
    ) -> DeployResult:
        stack_id = record.info.id
        final = f"{verb}Succeeded"
        if verb == "Delete":
            self._stack_event(
                record, deployment.id, final, STATUS_DELETED, "deleted", emit
            )
            self.store.set_stack(stack_id, deleted=True)
            self.store.finish_deployment(deployment.id, "succeeded", final, "")
            return self._result(
                record, deployment, final, STATUS_DELETED, "deleted", True, prepared
            )
        rows = self.store.resources(stack_id)
        outputs = evaluate_outputs(
            prepared.desired, rows, self.provider, prepared.secrets
        )
        self.store.set_stack(
            stack_id, outputs=outputs, last_good_deployment=deployment.id
        )
        self._stack_event(record, deployment.id, final, STATUS_RUNNING, "", emit)
        self.store.finish_deployment(deployment.id, "succeeded", final, "")
        return self._result(
            record,
            deployment,
            final,
            STATUS_RUNNING,
            "",
            True,
            prepared,
            outputs=tuple(outputs),
        )

    def _rollback(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        given: dict[str, Any],
        options: DeployOptions,
        emit: EventCallback,
    ) -> tuple[str, str, tuple[str, ...], str]:
        """Undo the failed deployment: go back to the last deployment that succeeded,
        or to no resources at all. Return the phase, status, what is left and a note."""
        self._stack_event(
            record, deployment.id, phase("Rollback"), STATUS_PROCESSING, "", emit
        )
        try:
            target = self._rollback_target(record, prepared, given)
        except EngineError as error:
            note = f"rollback failed: {error}"
            self._stack_event(
                record, deployment.id, "RollbackFailed", STATUS_ABNORMAL, note, emit
            )
            return "RollbackFailed", STATUS_ABNORMAL, self._left(record), note
        deadline = time.monotonic() + options.timeout * 60 if options.timeout else None
        outcome = self._run(
            record, deployment.id, target, options, emit, threading.Event(), deadline
        )
        if outcome.succeeded:
            left = self._left(record)
            status = STATUS_RUNNING if left else STATUS_STOPPED
            if left:
                rows = self.store.resources(record.info.id)
                outputs = evaluate_outputs(
                    target.desired, rows, self.provider, target.secrets
                )
                self.store.set_stack(record.info.id, outputs=outputs)
            else:
                self.store.set_stack(record.info.id, outputs=[])
            self._stack_event(
                record, deployment.id, "RollbackSucceeded", status, "", emit
            )
            return "RollbackSucceeded", status, (), "rolled back"
        left = self._left(record)
        note = "rollback failed; left: " + (", ".join(left) or "nothing")
        self._stack_event(
            record, deployment.id, "RollbackFailed", STATUS_ABNORMAL, note, emit
        )
        return "RollbackFailed", STATUS_ABNORMAL, left, note

    def _rollback_target(
        self, record: StackRecord, failed: Prepared, given: dict[str, Any]
    ) -> Prepared:
        options_region = failed.desired.region
        current = self.store.stack_by_id(record.info.id)
        last_good = current.last_good_deployment
        recorded = recorded_by_name(self.store.resources(record.info.id))
        if last_good is None:
            desired = DesiredState(failed.desired.template, {}, options_region, {}, ())
            items = compute_items(desired, recorded, self.provider, [])
            plan = Plan(
                record.info.name, options_region, tuple(items), current.revision, "", ""
            )
            return Prepared({}, [], desired, current, recorded, items, plan)
        previous = self.store.deployment(last_good)
        template = parse_template(previous.template)
        secrets_given = {k: v for k, v in given.items() if k in previous.secret_inputs}
        prepared = self._prepare(
            template,
            record.info.name,
            {**previous.inputs, **secrets_given},
            options_region,
        )
        return prepared

    def _left(self, record: StackRecord) -> tuple[str, ...]:
        rows = self.store.resources(record.info.id)
        return tuple(
            sorted({row.info.resource_name for row in rows if row.info.physical_id})
        )

    def _forget(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        rows: list[ResourceRow],
        emit: EventCallback,
    ) -> DeployResult:
        kept = sorted({row.info.physical_id for row in rows if row.info.physical_id})
        message = f"deleted the stack and kept its {len(kept)} resources in the cloud"
        self.store.remove_all_resources(record.info.id)
        self._stack_event(
            record, deployment.id, "DeleteSucceeded", STATUS_DELETED, message, emit
        )
        self.store.set_stack(record.info.id, deleted=True)
        self.store.finish_deployment(
            deployment.id, "succeeded", "DeleteSucceeded", message
        )
        return DeployResult(
            record.info.name,
            deployment.id,
            "DeleteSucceeded",
            STATUS_DELETED,
            message,
            True,
        )

    def _stack_event(
        self,
        record: StackRecord,
        deployment_id: str,
        stack_phase: str,
        status: str,
        message: str,
        emit: EventCallback,
    ) -> None:
        self.store.set_stack(
            record.info.id, phase=stack_phase, status=status, message=message
        )
        with self.db.transaction() as connection:
            event = self.store.add_event(
                connection,
                record.info.id,
                record.info.name,
                deployment_id,
                None,
                None,
                stack_phase,
                message,
            )
        log.info("stack %s: %s %s", record.info.name, stack_phase, message)
        emit(event)

    def _result(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        final: str,
        status: str,
        message: str,
        succeeded: bool,
        prepared: Prepared,
        failed: tuple[str, ...] = (),
        remaining: tuple[str, ...] = (),
        outputs: tuple[OutputValue, ...] = (),
    ) -> DeployResult:
        return DeployResult(
            stack=record.info.name,
            deployment_id=deployment.id,
            phase=final,
            status=status,
            message=message,
            succeeded=succeeded,
            plan=prepared.plan,
            failed_resources=failed,
            remaining=remaining,
            outputs=outputs,
        )
