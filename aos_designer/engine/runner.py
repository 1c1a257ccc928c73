"""Running a deployment and ending it: success, cancel and failure.

`DeploymentRunner` is the part of `Engine` that executes a prepared plan and records
how it ended. A failed deployment with the rollback strategy is rolled back by
`rollback.RollingBack`.

Each change of the stack's phase is written in one transaction with the deployment's
phase and the event, and each end (succeeded, failed, cancelled, rolled back) with the
deployment's final status too. So a killed process leaves either a finished
deployment or a running one whose phase records how far it got.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from ..template.model import Template
from .database import Database
from .desired import DesiredState
from .executor import (
    STOP_CANCEL,
    STOP_PAUSE,
    STOP_TIMEOUT,
    Executor,
    Outcome,
    RunContext,
)
from .model import (
    ON_FAILURE_ROLLBACK,
    STATUS_ABNORMAL,
    STATUS_DELETED,
    STATUS_PROCESSING,
    STATUS_RUNNING,
    DeployOptions,
    DeployResult,
    EngineEvent,
    OutputValue,
    Plan,
    PlanItem,
    and_list,
    phase,
)
from .operations import Operation, build_operations
from .planner import compute_items
from .provider import Provider
from .results import evaluate_outputs
from .state import DeploymentRecord, ResourceRow, StackRecord, StateStore

log = logging.getLogger(__name__)

EventCallback = Callable[[EngineEvent], None]


class OperationPaused(Exception):
    """A run stopped by its pause flag. Nothing about its end was recorded, so the
    deployment stays running for a later recovery to continue."""


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

    def _roll_back(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        given: dict[str, Any],
        options: DeployOptions,
        emit: EventCallback,
        failure: str,
        failed: tuple[str, ...] = (),
    ) -> DeployResult:
        """Undo a failed deployment; `RollingBack` implements it."""
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
        pause: threading.Event | None = None,
    ) -> Outcome:
        """Execute the prepared plan; raise `OperationPaused` when `pause` stopped it."""
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
            pause=pause,
        )
        outcome = Executor(context, graph, prepared.recorded).run()
        if outcome.stopped == STOP_PAUSE:
            raise OperationPaused(record.info.name)
        return outcome

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
            return self._conclude(
                record,
                deployment,
                prepared,
                emit,
                f"{verb}Cancelled",
                STATUS_ABNORMAL,
                message,
                finish="cancelled",
                failed=failed,
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
        """Record a failure or a timeout, then roll back under the rollback strategy.

        Without a rollback the stack's message lists each failure. A rollback's
        messages name the failed resources only, because each resource's own
        event already gave the reason.
        """
        message = "; ".join(text for _, text in outcome.failed)
        summary = failure_summary(outcome.failed, prepared.desired)
        if outcome.stopped == STOP_TIMEOUT:
            limit = f"timed out after {options.timeout:g} minutes"
            message = f"{limit}; {message}" if message else limit
            timed_out = f"the deployment {limit}"
            summary = f"{timed_out} and {summary}" if summary else timed_out
        message = message or "failed"
        failed_phase = f"{verb}Failed"
        if verb == "Delete" or options.on_failure != ON_FAILURE_ROLLBACK:
            return self._conclude(
                record,
                deployment,
                prepared,
                emit,
                failed_phase,
                STATUS_ABNORMAL,
                message,
                finish="failed",
                failed=failed,
            )
        summary = summary or "the deployment failed"
        self._stack_event(
            record, deployment.id, failed_phase, STATUS_ABNORMAL, summary, emit
        )
        return self._roll_back(
            record, deployment, prepared, given, options, emit, summary, failed
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
            return self._conclude(
                record,
                deployment,
                prepared,
                emit,
                final,
                STATUS_DELETED,
                "deleted",
                succeeded=True,
                finish="succeeded",
                deleted=True,
            )
        rows = self.store.resources(stack_id)
        outputs = evaluate_outputs(
            prepared.desired, rows, self.provider, prepared.secrets
        )
        return self._conclude(
            record,
            deployment,
            prepared,
            emit,
            final,
            STATUS_RUNNING,
            "",
            succeeded=True,
            finish="succeeded",
            result_outputs=tuple(outputs),
            outputs=outputs,
            last_good_deployment=deployment.id,
        )

    def _removal(
        self,
        record: StackRecord,
        template: Template,
        region: str,
        recorded: dict[str, list[ResourceRow]],
    ) -> Prepared:
        """Plan the deletion of every recorded resource of the stack, from a desired
        state of `template` without inputs or resources."""
        desired = DesiredState(template, {}, region, {}, ())
        items = compute_items(desired, recorded, self.provider, [])
        plan = Plan(record.info.name, region, tuple(items), record.revision, "", "")
        return Prepared({}, [], desired, record, recorded, items, plan)

    def _forget(
        self,
        record: StackRecord,
        start_deployment: Callable[[], DeploymentRecord],
        rows: list[ResourceRow],
        emit: EventCallback,
    ) -> DeployResult:
        """Delete the stack but keep its resources, in one transaction together with
        the deployment that `start_deployment` records, so that no recovery ever
        finds this deletion half done and deletes what was to be kept."""
        kept = sorted({row.info.physical_id for row in rows if row.info.physical_id})
        message = f"deleted the stack and kept its {len(kept)} resources in the cloud"
        with self.db.transaction() as connection:
            deployment = start_deployment()
            self.store.remove_all_resources(record.info.id)
            self.store.set_stack(
                record.info.id,
                phase="DeleteSucceeded",
                status=STATUS_DELETED,
                message=message,
                deleted=True,
            )
            self.store.finish_deployment(
                deployment.id, "succeeded", "DeleteSucceeded", message
            )
            event = self.store.add_event(
                connection,
                record.info.id,
                record.info.name,
                deployment.id,
                None,
                None,
                "DeleteSucceeded",
                message,
            )
        log.info("stack %s: DeleteSucceeded %s", record.info.name, message)
        emit(event)
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
        *,
        finish: str | None = None,
        stack_message: str | None = None,
        **stack_fields: Any,
    ) -> None:
        """Move the stack and its deployment to `stack_phase` and record the event,
        in one transaction.

        `message` is the event's message and, unless `stack_message` is given, the
        stack's. `finish` is the deployment's final status when this ends it.
        `stack_fields` are more columns of the stack to set (outputs, deleted...).
        """
        shown = message if stack_message is None else stack_message
        with self.db.transaction() as connection:
            self.store.set_stack(
                record.info.id,
                phase=stack_phase,
                status=status,
                message=shown,
                **stack_fields,
            )
            if finish is None:
                self.store.set_deployment_phase(deployment_id, stack_phase)
            else:
                self.store.finish_deployment(deployment_id, finish, stack_phase, shown)
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

    def _conclude(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        emit: EventCallback,
        final: str,
        status: str,
        message: str,
        *,
        finish: str,
        succeeded: bool = False,
        stack_message: str | None = None,
        failed: tuple[str, ...] = (),
        remaining: tuple[str, ...] = (),
        result_outputs: tuple[OutputValue, ...] = (),
        **stack_fields: Any,
    ) -> DeployResult:
        """End the operation: record the stack event of its `final` phase, as
        `_stack_event` does, and return its result.

        The result's message is the stack's: `stack_message` when given, else
        `message`. `result_outputs` are the outputs the result reports.
        """
        self._stack_event(
            record,
            deployment.id,
            final,
            status,
            message,
            emit,
            finish=finish,
            stack_message=stack_message,
            **stack_fields,
        )
        return DeployResult(
            stack=record.info.name,
            deployment_id=deployment.id,
            phase=final,
            status=status,
            message=message if stack_message is None else stack_message,
            succeeded=succeeded,
            plan=prepared.plan,
            failed_resources=failed,
            remaining=remaining,
            outputs=result_outputs,
        )


def failure_summary(failed: list[tuple[Operation, str]], desired: DesiredState) -> str:
    """Name the resources whose operations failed, with the instances of a resource
    that has several: "app failed (instance 2 of 2)", "db and web failed"."""
    instances: dict[str, list[int]] = {}
    for op, _ in failed:
        instances.setdefault(op.resource_name, []).append(op.instance + 1)
    parts = []
    for name, numbers in instances.items():
        resource = desired.resources.get(name)
        count = resource.count if resource is not None else 1
        if count <= 1:
            parts.append(name)
            continue
        numbers = sorted(set(numbers))
        noun = "instance" if len(numbers) == 1 else "instances"
        parts.append(f"{name} ({noun} {and_list(numbers)} of {count})")
    if not parts:
        return ""
    return f"{and_list(parts)} failed"
