"""The `Engine`: plans, deploys, retries, cancels and deletes stacks, and answers
questions about them. See the package docstring for how callers use it."""

from __future__ import annotations

import logging
import os
import re
import threading
import uuid
from pathlib import Path
from typing import Any, Callable, Mapping

from ..template.model import Template, parse_template
from .database import Database
from .desired import build_desired, digest, pseudo_inputs
from .errors import (
    EngineError,
    InvalidOptionError,
    InvalidStackNameError,
    MissingInputsError,
    NothingToRetryError,
    PlanOutdatedError,
    RegionError,
    RulesError,
    StackNotFoundError,
)
from .inputs import (
    choose_region,
    missing_inputs,
    region_source,
    resolve_inputs,
    secret_names,
    secret_values,
)
from .locks import StackLocks
from .model import (
    STATUS_PROCESSING,
    DeployOptions,
    DeployResult,
    DriftItem,
    EngineEvent,
    OutputValue,
    Plan,
    RemovedByCondition,
    ResourceInfo,
    StackInfo,
    phase,
)
from .plan_checks import check_plan
from .planner import compute_items, recorded_by_name
from .provider import PlanContext, Provider, ProviderError
from .recovery import StackRecovery, safe_callback
from .drift import find_drift, reconcile
from .runner import Prepared
from .state import DeploymentRecord, ResourceRow, StackRecord, StateStore

log = logging.getLogger(__name__)

STACK_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
EventCallback = Callable[[EngineEvent], None]


class Engine(StackRecovery):
    """The embedded orchestration engine over one state folder; thread safe.

    With `recover`, opening it starts the recovery of every stack whose operation
    was interrupted (see `recovery`), in the background. `on_event` gets the events
    of those recoveries.
    """

    def __init__(
        self,
        state_dir: str | Path,
        provider: Provider | None = None,
        recover: bool = True,
        on_event: EventCallback | None = None,
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
        self._init_recovery()
        if recover:
            self.start_recovery(on_event)

    def close(self, wait: bool = True) -> None:
        """Close the database after the recoveries this engine started have ended.

        With `wait`, they run to their end. Without it, or on Ctrl-C while waiting,
        they are paused, so their provider calls in flight finish and the next start
        continues them.
        """
        if not wait:
            self.pause_recovery()
        try:
            self.wait_for_recovery()
        except KeyboardInterrupt:
            self.pause_recovery()
            self.wait_for_recovery()
            self.db.close()
            raise
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
        """Return what deploying `template` to `stack` would change, after this
        engine's recovery of the stack, if one runs, has ended.

        Raise `RulesError` listing every rule of the provider that the resources to
        create or change break with the values known now.
        """
        self.wait_for_recovery(stack)
        try:
            return self._prepare(template, stack, inputs, region, check_rules=True).plan
        except RulesError as error:
            raise RulesError(error.problems, deploying=False) from None

    def _prepare(
        self,
        template: Template,
        stack: str,
        given: Mapping[str, Any],
        region: str | None,
        check_rules: bool = False,
    ) -> Prepared:
        """Plan a deployment; with `check_rules`, raise `RulesError` when a resource
        to create or change breaks a rule of the provider."""
        check_stack_name(stack)
        values = resolve_inputs(template, given)
        record = self.store.find_stack(stack)
        recorded = (
            recorded_by_name(self.store.resources(record.info.id)) if record else {}
        )
        chosen = self._stack_region(template, stack, values, region, record, recorded)
        recorded, drift = reconcile(recorded, self.provider)

        secrets = secret_values(template, values)
        all_values = {**values, **pseudo_inputs(chosen, stack, self._ids)}
        desired = build_desired(
            template, all_values, chosen, self.provider.instances_is_property
        )
        evaluated: dict[str, dict[str, Any]] = {}
        items = compute_items(
            desired, recorded, self.provider, secrets, drift, evaluated=evaluated
        )
        if check_rules:
            written = {
                name: resource.properties
                for name, resource in desired.resources.items()
            }
            context = self._plan_context(stack, chosen)
            problems = check_plan(
                items, evaluated, self.provider, context, secrets, written
            )
            if problems:
                raise RulesError(problems)

        plan = Plan(
            stack=stack,
            region=chosen,
            items=tuple(items),
            base_revision=record.revision if record else 0,
            template_digest=digest(template.text),
            inputs_digest=digest(values),
            removed_by_condition=tuple(
                RemovedByCondition(name, template.resources[name].type or "", condition)
                for name, condition in desired.removed.items()
            ),
        )
        return Prepared(values, secrets, desired, record, recorded, items, plan)

    def _plan_context(self, stack: str, region: str) -> PlanContext:
        """Return the physical ids of `stack`'s resources and the stack and resource
        of every other recorded id, for the provider's check of the plan."""
        own: set[str] = set()
        holders: dict[str, str] = {}
        recorded = self.store.stack_of_physical_ids()
        for physical_id, (holder, resource) in recorded.items():
            if holder == stack:
                own.add(physical_id)
            else:
                holders[physical_id] = f"resource {resource} of stack {holder}"
        return PlanContext(region, frozenset(own), holders)

    def _stack_region(
        self,
        template: Template,
        stack: str,
        values: dict[str, Any],
        region: str | None,
        record: StackRecord | None,
        recorded: dict[str, list[ResourceRow]],
    ) -> str:
        """Return the region to deploy to; a stack with resources keeps its own."""
        if region is None and record is not None and recorded:
            region = record.info.region
        chosen = choose_region(template, values, region)
        try:
            self.provider.check_region(chosen)
        except ProviderError as error:
            source = region_source(template, values) if region is None else None
            if source is None:
                raise RegionError(
                    f"{error.message}; choose another with --region"
                ) from None
            raise RegionError(
                f"{error.message}; the region comes from {source[1]}, so give a zone "
                "of a known region, such as cn-north-4a, or choose the region with "
                "--region"
            ) from None
        if record is not None and recorded and record.info.region != chosen:
            raise RegionError(
                f"stack {stack} is in region {record.info.region}, not {chosen}; "
                "delete it first or deploy to another stack"
            )
        return chosen

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

        Raise `MissingInputsError` before anything starts when an input has no value,
        and `RulesError` when a resource to create or change breaks a rule of the
        provider. When `plan` is given, refuse to run unless the stack, template and
        inputs are still those the plan was made from. A recovery of the stack
        finishes first.
        """
        options = options or DeployOptions()
        missing = missing_inputs(template, inputs)
        if missing:
            raise MissingInputsError(missing)
        check_options(template, options)
        emit = safe_callback(on_event)
        self.wait_for_recovery(stack)
        with self.locks.hold(stack, "deploy"):
            self._recover_locked(stack, emit)
            prepared = self._prepare(
                template, stack, inputs, options.region, check_rules=True
            )
            if plan is not None:
                _check_plan(plan, prepared.plan)
            record = prepared.record
            verb = "Create" if self._creating(prepared) else "Upgrade"
            given = {k: v for k, v in inputs.items() if k not in secret_names(template)}
            # A new stack and its first deployment appear together, so a crash never
            # leaves a stack that no deployment explains.
            with self.db.transaction():
                if record is None:
                    record = self.store.create_stack(
                        stack, prepared.plan.region, phase("Create"), STATUS_PROCESSING
                    )
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
            return self._execute(
                record, deployment, prepared, dict(inputs), options, verb, emit, cancel
            )

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
        must be given again in `inputs`. Without `options`, the last deployment's
        options apply, less its injected failures.

        Raise `NothingToRetryError` when the last deployment succeeded. A retry of
        a failed creation is a creation again, and one of an upgrade an upgrade.
        """
        self.wait_for_recovery(stack)
        record = self._stack(stack)
        last = self._last_deployment(record)
        assert last is not None
        if last.status == "succeeded":
            raise NothingToRetryError(stack, last.phase)
        template = parse_template(last.template)
        given = {**last.inputs, **(inputs or {})}
        if options is None:
            options = retry_options(last.options)
        return self.deploy(template, stack, given, options, on_event, cancel)

    def cancel(self, stack: str) -> bool:
        """Ask the stack's running operation, in this process or another, to start
        nothing new; return whether one was running."""
        record = self._stack(stack)
        running = [
            d for d in self.store.deployments(record.info.id) if d.status == "running"
        ]
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
        With `keep_resources`, forget the stack and leave its resources in the cloud.
        A recovery of the stack finishes first."""
        options = options or DeployOptions(on_failure="keep")
        emit = safe_callback(on_event)
        self.wait_for_recovery(stack)
        with self.locks.hold(stack, "delete"):
            self._recover_locked(stack, emit)
            record = self._stack(stack)
            prepared = self._deletion(record)

            def start_deployment() -> DeploymentRecord:
                return self.store.create_deployment(
                    record.info.id,
                    "delete",
                    prepared.desired.template.text,
                    {},
                    [],
                    options,
                    prepared.plan.as_json(),
                    phase("Delete"),
                    os.getpid(),
                )

            if keep_resources:
                rows = self.store.resources(record.info.id)
                return self._forget(record, start_deployment, rows, emit)
            deployment = start_deployment()
            return self._execute(
                record, deployment, prepared, {}, options, "Delete", emit, cancel
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
        return find_drift(
            self.store.resources(self._stack(name).info.id), self.provider
        )

    def template_text(self, name: str) -> str:
        """Return the template text of the stack's last deployment."""
        return self._last_deployment(self._stack(name)).template

    def deployments(self, name: str) -> list[DeploymentRecord]:
        return self.store.deployments(self._stack(name).info.id)

    def deployment(self, deployment_id: str) -> DeploymentRecord:
        """Return one deployment by its id, also one of a deleted stack."""
        try:
            return self.store.deployment(deployment_id)
        except IndexError:
            raise EngineError(f"deployment {deployment_id} not found") from None

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
            if error.rule == "invalid request":
                raise InvalidOptionError(error.message) from None
            raise EngineError(error.message) from None

    # Helpers

    def _creating(self, prepared: Prepared) -> bool:
        """Return whether a deployment creates the stack: it has no resource yet,
        or its creation has not succeeded, so a retry or a new deploy continues it."""
        if not any(
            row.info.physical_id for rows in prepared.recorded.values() for row in rows
        ):
            return True
        if prepared.record is None:
            return True
        last = self._last_deployment(prepared.record, required=False)
        return last is not None and last.kind == "create" and last.status != "succeeded"

    def _stack(self, name: str) -> StackRecord:
        record = self.store.find_stack(name)
        if record is None:
            raise StackNotFoundError(name)
        return record

    def _last_deployment(
        self, record: StackRecord, required: bool = True
    ) -> DeploymentRecord | None:
        deployments = [
            d for d in self.store.deployments(record.info.id) if d.kind != "delete"
        ]
        if not deployments:
            if required:
                raise EngineError(
                    f"stack {record.info.name} has no deployment to retry"
                )
            return None
        return deployments[-1]


def retry_options(last: DeployOptions) -> DeployOptions:
    """Return the options of a retry: those of the last deployment without the
    failures it injected, which were meant for that run."""
    return last.without_injected_failures()


def check_options(template: Template, options: DeployOptions) -> None:
    """Raise `InvalidOptionError` for options that cannot apply to `template`."""
    unknown = [name for name in options.simulate_fail if name not in template.resources]
    if unknown:
        known = ", ".join(template.resources) or "none"
        raise InvalidOptionError(
            f"--simulate-fail {unknown[0]}: the template has no such resource; "
            f"its resources are: {known}"
        )
    if not 0 <= options.failure_rate <= 1:
        raise InvalidOptionError(
            f"failure rate {options.failure_rate} is not a number from 0 to 1"
        )
    if options.parallelism < 1:
        raise InvalidOptionError(f"parallelism {options.parallelism} must be 1 or more")


def check_stack_name(name: str) -> None:
    if not isinstance(name, str) or STACK_NAME.fullmatch(name) is None:
        raise InvalidStackNameError(str(name))


def _check_plan(given: Plan, current: Plan) -> None:
    if given.stack != current.stack:
        raise PlanOutdatedError(
            f"the plan is for stack {given.stack}, not {current.stack}"
        )
    if given.base_revision != current.base_revision:
        raise PlanOutdatedError(
            f"stack {given.stack} changed after the plan was made; make a new plan"
        )
    if given.template_digest != current.template_digest:
        raise PlanOutdatedError(
            "the template changed after the plan was made; make a new plan"
        )
    if given.inputs_digest != current.inputs_digest:
        raise PlanOutdatedError(
            "the inputs changed after the plan was made; make a new plan"
        )
