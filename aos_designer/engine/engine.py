"""The `Engine`: plans, deploys, retries, cancels and deletes stacks, and answers
questions about them. See the package docstring for how callers use it."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from ..template.model import Template, parse_template
from .database import Database
from .desired import DesiredState, build_desired, digest, pseudo_inputs
from .errors import (
    EngineError,
    InvalidStackNameError,
    MissingInputsError,
    PlanOutdatedError,
    RegionError,
    StackNotFoundError,
)
from .executor import STOP_CANCEL, STOP_TIMEOUT, Executor, Outcome, RunContext
from .inputs import choose_region, missing_inputs, resolve_inputs, secret_names, secret_values
from .locks import StackLocks
from .model import (
    ON_FAILURE_ROLLBACK,
    STATUS_ABNORMAL,
    STATUS_DELETED,
    STATUS_PROCESSING,
    STATUS_RUNNING,
    STATUS_STOPPED,
    DeployOptions,
    DeployResult,
    DriftItem,
    EngineEvent,
    OutputValue,
    Plan,
    PlanItem,
    ResourceInfo,
    StackInfo,
    phase,
)
from .operations import build_operations
from .planner import compute_items, recorded_by_name
from .provider import Provider, ProviderError
from .recovery import recover_stack
from .results import evaluate_outputs, find_drift
from .state import DeploymentRecord, ResourceRow, StackRecord, StateStore

log = logging.getLogger(__name__)

STACK_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
EventCallback = Callable[[EngineEvent], None]


@dataclass
class _Prepared:
    """A template worked out against a stack: everything a plan or a deployment needs."""

    values: dict[str, Any]
    secrets: list[str]
    desired: DesiredState
    record: StackRecord | None
    recorded: dict[str, list[ResourceRow]]
    items: list[PlanItem]
    plan: Plan


class Engine:
    """The embedded orchestration engine over one state folder; thread safe."""

    def __init__(
        self, state_dir: str | Path, provider: Provider | None = None, recover: bool = True
    ) -> None:
        self.db = Database(state_dir)
        self.store = StateStore(self.db)
        if provider is None:
            from .simulated import SimulatedCloud

            provider = SimulatedCloud(self.db)
        self.provider = provider
        self.locks = StackLocks(self.db)
        self._cancels: dict[str, threading.Event] = {}
        self._cancels_guard = threading.Lock()
        self._ids = {
            kind: self.store.meta(f"{kind}_id", lambda: uuid.uuid4().hex)
            for kind in ("project", "domain", "user")
        }
        if recover:
            self.recover()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Planning

    def missing_inputs(self, template: Template, given: Mapping[str, Any]) -> list[str]:
        """Return the inputs that need a value, in template order."""
        return missing_inputs(template, given)

    def plan(
        self,
        template: Template,
        stack: str,
        inputs: Mapping[str, Any],
        region: str | None = None,
    ) -> Plan:
        """Return what deploying `template` to `stack` would change."""
        return self._prepare(template, stack, inputs, region).plan

    def _prepare(
        self,
        template: Template,
        stack: str,
        given: Mapping[str, Any],
        region: str | None,
    ) -> _Prepared:
        check_stack_name(stack)
        values = resolve_inputs(template, given)
        record = self.store.find_stack(stack)
        recorded = recorded_by_name(self.store.resources(record.info.id)) if record else {}
        if region is None and record is not None and recorded:
            region = record.info.region
        chosen = choose_region(template, values, region)
        try:
            self.provider.check_region(chosen)
        except ProviderError as error:
            raise RegionError(f"{error.message}; pass --region") from None
        if record is not None and recorded and record.info.region != chosen:
            raise RegionError(
                f"stack {stack} is in region {record.info.region}, not {chosen}; "
                "delete it first or deploy to another stack"
            )
        secrets = secret_values(template, values)
        all_values = {**values, **pseudo_inputs(chosen, stack, self._ids)}
        desired = build_desired(template, all_values, chosen)
        items = compute_items(desired, recorded, self.provider, secrets)
        plan = Plan(
            stack=stack,
            region=chosen,
            items=tuple(items),
            base_revision=record.revision if record else 0,
            template_digest=digest(template.text),
            inputs_digest=digest(values),
        )
        return _Prepared(values, secrets, desired, record, recorded, items, plan)

    # Lifecycle

    def deploy(
        self,
        template: Template,
        stack: str,
        inputs: Mapping[str, Any],
        options: DeployOptions | None = None,
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        plan: Plan | None = None,
    ) -> DeployResult:
        """Deploy `template` to `stack`, creating the stack when it is new.

        Raise `MissingInputsError` before anything starts when an input has no value.
        When `plan` is given, refuse to run unless the stack, template and inputs are
        still those the plan was made from.
        """
        options = options or DeployOptions()
        missing = missing_inputs(template, inputs)
        if missing:
            raise MissingInputsError(missing)
        emit = _safe(on_event)
        with self.locks.hold(stack, "deploy"):
            self._recover_locked(stack, emit)
            prepared = self._prepare(template, stack, inputs, options.region)
            if plan is not None:
                _check_plan(plan, prepared.plan)
            record = prepared.record
            creating = not any(
                row.info.physical_id for rows in prepared.recorded.values() for row in rows
            )
            verb = "Create" if creating else "Upgrade"
            if record is None:
                record = self.store.create_stack(
                    stack, prepared.plan.region, phase("Create"), STATUS_PROCESSING
                )
            given = {k: v for k, v in inputs.items() if k not in secret_names(template)}
            deployment = self.store.create_deployment(
                record.info.id,
                verb.lower(),
                template.text,
                given,
                [k for k in inputs if k in secret_names(template)],
                options,
                prepared.plan.as_json(),
                phase(verb),
                os.getpid(),
            )
            return self._execute(record, deployment, prepared, dict(inputs), options, verb, emit, cancel)

    def retry(
        self,
        stack: str,
        inputs: Mapping[str, Any] | None = None,
        options: DeployOptions | None = None,
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> DeployResult:
        """Deploy the stack's last template and inputs again, after a failure, a
        rollback, a cancel or an interruption. Secret inputs are not stored, so they
        must be given again in `inputs`."""
        record = self._stack(stack)
        last = self._last_deployment(record)
        template = parse_template(last.template)
        given = {**last.inputs, **(inputs or {})}
        return self.deploy(template, stack, given, options or last.options, on_event, cancel)

    def cancel(self, stack: str) -> bool:
        """Ask the stack's running operation, in this process or another, to start
        nothing new; return whether one was running."""
        record = self._stack(stack)
        running = [d for d in self.store.deployments(record.info.id) if d.status == "running"]
        for deployment in running:
            self.store.request_cancel(deployment.id)
            with self._cancels_guard:
                event = self._cancels.get(deployment.id)
            if event is not None:
                event.set()
        return bool(running)

    def delete(
        self,
        stack: str,
        keep_resources: bool = False,
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        options: DeployOptions | None = None,
    ) -> DeployResult:
        """Delete the stack's resources in reverse dependency order, then the stack.
        With `keep_resources`, forget the stack and leave its resources in the cloud."""
        options = options or DeployOptions(on_failure="keep")
        emit = _safe(on_event)
        with self.locks.hold(stack, "delete"):
            self._recover_locked(stack, emit)
            record = self._stack(stack)
            rows = self.store.resources(record.info.id)
            last = self._last_deployment(record, required=False)
            template = parse_template(last.template) if last else parse_template("{}")
            desired = DesiredState(template, {}, record.info.region, {}, ())
            recorded = recorded_by_name(rows)
            items = compute_items(desired, recorded, self.provider, [])
            plan = Plan(stack, record.info.region, tuple(items), record.revision, "", "")
            deployment = self.store.create_deployment(
                record.info.id, "delete", template.text, {}, [], options,
                plan.as_json(), phase("Delete"), os.getpid(),
            )
            prepared = _Prepared({}, [], desired, record, recorded, items, plan)
            if keep_resources:
                return self._forget(record, deployment, rows, emit)
            return self._execute(record, deployment, prepared, {}, options, "Delete", emit, cancel)

    def recover(self) -> list[str]:
        """Settle the operations of processes that died; return the stacks settled."""
        settled = []
        for deployment in self.store.running_deployments():
            name = self.store.stack_by_id(deployment.stack_id).info.name
            if self.locks.owner(name) is not None:
                continue
            try:
                with self.locks.hold(name, "recover"):
                    if self._recover_locked(name, _safe(None)):
                        settled.append(name)
            except EngineError as error:
                log.info("stack %s not recovered now: %s", name, error)
        return settled

    def _recover_locked(self, stack: str, emit: EventCallback) -> bool:
        record = self.store.find_stack(stack)
        if record is None:
            return False
        return recover_stack(self.store, self.provider, record, emit)

    # Running a deployment

    def _execute(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: _Prepared,
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
            self._stack_event(record, deployment.id, phase(verb), STATUS_PROCESSING, "", emit)
            outcome = self._run(record, deployment.id, prepared, options, emit, cancel, deadline)
            return self._finish(record, deployment, prepared, given, options, verb, outcome, emit, cancel)
        finally:
            with self._cancels_guard:
                self._cancels.pop(deployment.id, None)

    def _run(
        self,
        record: StackRecord,
        deployment_id: str,
        prepared: _Prepared,
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
        prepared: _Prepared,
        given: dict[str, Any],
        options: DeployOptions,
        verb: str,
        outcome: Outcome,
        emit: EventCallback,
        cancel: threading.Event,
    ) -> DeployResult:
        stack_id = record.info.id
        failed = tuple(sorted({op.resource_name for op, _ in outcome.failed}))
        if outcome.succeeded:
            return self._succeed(record, deployment, prepared, verb, emit)
        if outcome.stopped == STOP_CANCEL:
            message = "cancelled: operations in flight finished, nothing new started"
            final = f"{verb}Cancelled"
            self._stack_event(record, deployment.id, final, STATUS_ABNORMAL, message, emit)
            self.store.finish_deployment(deployment.id, "cancelled", final, message)
            return self._result(record, deployment, final, STATUS_ABNORMAL, message, False, prepared, failed)
        message = "; ".join(text for _, text in outcome.failed)
        if outcome.stopped == STOP_TIMEOUT:
            limit = f"timed out after {options.timeout:g} minutes"
            message = f"{limit}; {message}" if message else limit
        message = message or "failed"
        failed_phase = f"{verb}Failed"
        self._stack_event(record, deployment.id, failed_phase, STATUS_ABNORMAL, message, emit)
        if verb == "Delete" or options.on_failure != ON_FAILURE_ROLLBACK:
            self.store.finish_deployment(deployment.id, "failed", failed_phase, message)
            return self._result(record, deployment, failed_phase, STATUS_ABNORMAL, message, False, prepared, failed)
        rollback_phase, status, remaining, detail = self._rollback(
            record, deployment, prepared, given, options, emit
        )
        full = f"{message}; {detail}"
        self.store.finish_deployment(deployment.id, "failed", rollback_phase, full)
        self.store.set_stack(stack_id, message=full)
        return self._result(
            record, deployment, rollback_phase, status, full, False, prepared, failed, remaining
        )

    def _succeed(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: _Prepared,
        verb: str,
        emit: EventCallback,
    ) -> DeployResult:
        stack_id = record.info.id
        final = f"{verb}Succeeded"
        if verb == "Delete":
            self._stack_event(record, deployment.id, final, STATUS_DELETED, "deleted", emit)
            self.store.set_stack(stack_id, deleted=True)
            self.store.finish_deployment(deployment.id, "succeeded", final, "")
            return self._result(record, deployment, final, STATUS_DELETED, "deleted", True, prepared)
        rows = self.store.resources(stack_id)
        outputs = evaluate_outputs(prepared.desired, rows, self.provider, prepared.secrets)
        self.store.set_stack(stack_id, outputs=outputs, last_good_deployment=deployment.id)
        self._stack_event(record, deployment.id, final, STATUS_RUNNING, "", emit)
        self.store.finish_deployment(deployment.id, "succeeded", final, "")
        return self._result(record, deployment, final, STATUS_RUNNING, "", True, prepared, outputs=tuple(outputs))

    def _rollback(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: _Prepared,
        given: dict[str, Any],
        options: DeployOptions,
        emit: EventCallback,
    ) -> tuple[str, str, tuple[str, ...], str]:
        """Undo the failed deployment: go back to the last deployment that succeeded,
        or to no resources at all. Return the phase, status, what is left and a note."""
        self._stack_event(record, deployment.id, phase("Rollback"), STATUS_PROCESSING, "", emit)
        try:
            target = self._rollback_target(record, prepared, given)
        except EngineError as error:
            note = f"rollback failed: {error}"
            self._stack_event(record, deployment.id, "RollbackFailed", STATUS_ABNORMAL, note, emit)
            return "RollbackFailed", STATUS_ABNORMAL, self._left(record), note
        deadline = time.monotonic() + options.timeout * 60 if options.timeout else None
        outcome = self._run(record, deployment.id, target, options, emit, threading.Event(), deadline)
        if outcome.succeeded:
            left = self._left(record)
            status = STATUS_RUNNING if left else STATUS_STOPPED
            if left:
                rows = self.store.resources(record.info.id)
                outputs = evaluate_outputs(target.desired, rows, self.provider, target.secrets)
                self.store.set_stack(record.info.id, outputs=outputs)
            else:
                self.store.set_stack(record.info.id, outputs=[])
            self._stack_event(record, deployment.id, "RollbackSucceeded", status, "", emit)
            return "RollbackSucceeded", status, (), "rolled back"
        left = self._left(record)
        note = "rollback failed; left: " + (", ".join(left) or "nothing")
        self._stack_event(record, deployment.id, "RollbackFailed", STATUS_ABNORMAL, note, emit)
        return "RollbackFailed", STATUS_ABNORMAL, left, note

    def _rollback_target(
        self, record: StackRecord, failed: _Prepared, given: dict[str, Any]
    ) -> _Prepared:
        options_region = failed.desired.region
        current = self.store.stack_by_id(record.info.id)
        last_good = current.last_good_deployment
        recorded = recorded_by_name(self.store.resources(record.info.id))
        if last_good is None:
            desired = DesiredState(failed.desired.template, {}, options_region, {}, ())
            items = compute_items(desired, recorded, self.provider, [])
            plan = Plan(record.info.name, options_region, tuple(items), current.revision, "", "")
            return _Prepared({}, [], desired, current, recorded, items, plan)
        previous = self.store.deployment(last_good)
        template = parse_template(previous.template)
        secrets_given = {k: v for k, v in given.items() if k in previous.secret_inputs}
        prepared = self._prepare(
            template, record.info.name, {**previous.inputs, **secrets_given}, options_region
        )
        return prepared

    def _left(self, record: StackRecord) -> tuple[str, ...]:
        rows = self.store.resources(record.info.id)
        return tuple(sorted({row.info.resource_name for row in rows if row.info.physical_id}))

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
        self._stack_event(record, deployment.id, "DeleteSucceeded", STATUS_DELETED, message, emit)
        self.store.set_stack(record.info.id, deleted=True)
        self.store.finish_deployment(deployment.id, "succeeded", "DeleteSucceeded", message)
        return DeployResult(
            record.info.name, deployment.id, "DeleteSucceeded", STATUS_DELETED, message, True
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
        self.store.set_stack(record.info.id, phase=stack_phase, status=status, message=message)
        with self.db.transaction() as connection:
            event = self.store.add_event(
                connection, record.info.id, record.info.name, deployment_id, None, None,
                stack_phase, message,
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
        prepared: _Prepared,
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

    # Queries

    def stacks(self) -> list[StackInfo]:
        return self.store.list_stacks()

    def stack(self, name: str) -> StackInfo:
        return self._stack(name).info

    def outputs(self, name: str) -> list[OutputValue]:
        return list(self._stack(name).outputs)

    def events(self, name: str) -> list[EngineEvent]:
        record = self._stack(name)
        return self.store.events(record.info.id, name)

    def resources(self, name: str) -> list[ResourceInfo]:
        return [row.info for row in self.store.resources(self._stack(name).info.id)]

    def drift(self, name: str) -> list[DriftItem]:
        return find_drift(self.store.resources(self._stack(name).info.id), self.provider)

    def template_text(self, name: str) -> str:
        """Return the template text of the stack's last deployment."""
        return self._last_deployment(self._stack(name)).template

    def deployments(self, name: str) -> list[DeploymentRecord]:
        return self.store.deployments(self._stack(name).info.id)

    # Sandbox of the simulated cloud

    def sandbox_list(self) -> list[dict[str, Any]]:
        """Return every resource of the simulated cloud with its stack, if any."""
        inventory = getattr(self.provider, "inventory", None)
        if inventory is None:
            raise EngineError(f"the {self.provider.name} provider has no sandbox")
        owners = self.store.stack_of_physical_ids()
        resources = inventory()
        by_id = {resource.id: resource for resource in resources}
        listed = []
        for resource in resources:
            root = resource
            while root.owner is not None and root.owner in by_id:
                root = by_id[root.owner]
            stack, resource_name = owners.get(root.id, (None, None))
            listed.append(
                {
                    "id": resource.id,
                    "type": resource.type,
                    "name": resource.name,
                    "region": resource.region,
                    "stack": stack,
                    "resource_name": resource_name,
                    "owner": resource.owner,
                }
            )
        return listed

    def sandbox_set(self, physical_id: str, assignments: dict[str, Any]) -> None:
        self._sandbox_call("set_properties", physical_id, assignments)

    def sandbox_delete(self, physical_id: str) -> None:
        self._sandbox_call("remove", physical_id)

    def set_quota(self, resource_type: str, quota: int) -> None:
        self._sandbox_call("set_quota", resource_type, quota)

    def _sandbox_call(self, method: str, *arguments: Any) -> Any:
        function = getattr(self.provider, method, None)
        if function is None:
            raise EngineError(f"the {self.provider.name} provider has no sandbox")
        try:
            return function(*arguments)
        except ProviderError as error:
            raise EngineError(error.message) from None

    # Helpers

    def _stack(self, name: str) -> StackRecord:
        record = self.store.find_stack(name)
        if record is None:
            raise StackNotFoundError(name)
        return record

    def _last_deployment(
        self, record: StackRecord, required: bool = True
    ) -> DeploymentRecord | None:
        deployments = [d for d in self.store.deployments(record.info.id) if d.kind != "delete"]
        if not deployments:
            if required:
                raise EngineError(f"stack {record.info.name} has no deployment to retry")
            return None
        return deployments[-1]


def check_stack_name(name: str) -> None:
    if not isinstance(name, str) or STACK_NAME.fullmatch(name) is None:
        raise InvalidStackNameError(str(name))


def _check_plan(given: Plan, current: Plan) -> None:
    if given.stack != current.stack:
        raise PlanOutdatedError(f"the plan is for stack {given.stack}, not {current.stack}")
    if given.base_revision != current.base_revision:
        raise PlanOutdatedError(
            f"stack {given.stack} changed after the plan was made; make a new plan"
        )
    if given.template_digest != current.template_digest:
        raise PlanOutdatedError("the template changed after the plan was made; make a new plan")
    if given.inputs_digest != current.inputs_digest:
        raise PlanOutdatedError("the inputs changed after the plan was made; make a new plan")


def _safe(callback: EventCallback | None) -> EventCallback:
    """Wrap a caller's event callback so that its errors never stop the engine."""

    def emit(event: EngineEvent) -> None:
        if callback is None:
            return
        try:
            callback(event)
        except Exception:  # noqa: BLE001 - a caller's bug must not break a deployment
            log.exception("the event callback raised an error; the deployment goes on")

    return emit
