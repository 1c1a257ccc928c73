"""Lifecycle actions of the server's stacks (create, upgrade, retry, rollback, delete)
turned into engine calls that run as executions.

Values of secret and password inputs are kept in memory only, as the engine keeps
them nowhere: after a server restart, an upgrade, retry or rollback of a stack with
such inputs needs them again in the action's `inputs`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from ..remote.rules import DEFAULT_TIMEOUT_MINUTES, check_action
from ..template.model import Template, parse_template
from . import errors
from .app import ServerContext
from .store import ExecutionRecord, StackRecord

log = logging.getLogger(__name__)


def secret_names(template: Template) -> set[str]:
    return {name for name, item in template.inputs.items() if item.is_secret}


def split_secrets(
    template: Template, values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split input values into those that may be stored and the secret ones."""
    hidden = secret_names(template)
    plain = {name: value for name, value in values.items() if name not in hidden}
    secret = {name: value for name, value in values.items() if name in hidden}
    return plain, secret


def check_action_settings(
    lifecycle: str, timeout: Any, failure_strategy: Any
) -> tuple[int, str]:
    """Return an action's timeout in minutes and the engine's failure setting, with
    AOS's defaults; raise 400 for values AOS rejects."""
    try:
        check_action(lifecycle, timeout, failure_strategy)
    except ValueError as error:
        raise errors.bad_request(str(error)) from None
    minutes = DEFAULT_TIMEOUT_MINUTES if timeout is None else int(timeout)
    if failure_strategy is None:
        failure_strategy = "Rollback" if lifecycle == "create" else "DoNothing"
    return minutes, "rollback" if failure_strategy == "Rollback" else "keep"


def _options(
    server: ServerContext, record: StackRecord, on_failure: str, timeout: int
) -> Any:
    from ..engine import DeployOptions

    defaults = server.deploy
    return DeployOptions(
        parallelism=defaults.parallelism,
        on_failure=on_failure,
        timeout=float(timeout),
        time_scale=defaults.time_scale,
        simulate_fail=tuple(defaults.simulate_fail),
        failure_rate=defaults.failure_rate,
        failure_seed=defaults.failure_seed,
        region=record.region or None,
    )


def _check_inputs(
    server: ServerContext, template: Template, values: dict[str, Any]
) -> None:
    missing = server.engine.missing_inputs(template, values)
    if missing:
        hidden = secret_names(template) & set(missing)
        hint = (
            "; the server keeps secret values in memory only, so give them again in "
            "the action's inputs"
            if hidden
            else ""
        )
        raise errors.AosHttpError(
            400,
            errors.MISSING_INPUTS,
            f"inputs without a default need a value: {', '.join(missing)}{hint}",
        )


def check_plan(
    server: ServerContext,
    template: Template,
    name: str,
    values: dict[str, Any],
    region: str,
) -> None:
    """Plan the deployment now, so that an invalid input value, a region the cloud
    does not have or a template the engine cannot evaluate gets 400 before anything
    starts."""
    from ..engine.errors import (
        InputValueError,
        RegionError,
        RulesError,
        TemplateError,
    )

    try:
        server.engine.plan(template, name, values, region=region or None)
    except RulesError as error:
        # The request deploys, so its message speaks of a deployment, not a plan.
        raise errors.bad_request(str(RulesError(error.problems))) from None
    except (InputValueError, RegionError, TemplateError) as error:
        raise errors.bad_request(str(error)) from None


def _engine_has(server: ServerContext, name: str) -> bool:
    from ..engine.errors import StackNotFoundError

    try:
        server.engine.stack(name)
    except StackNotFoundError:
        return False
    return True


def run_lifecycle(
    server: ServerContext,
    record: StackRecord,
    lifecycle: str,
    *,
    timeout: Any = None,
    failure_strategy: Any = None,
    inputs: dict[str, Any] | None = None,
    template_id: Any = None,
    force: bool = False,
) -> ExecutionRecord:
    """Check a lifecycle action's arguments and start it as an execution."""
    minutes, on_failure = check_action_settings(lifecycle, timeout, failure_strategy)
    if server.runner.busy(record.id):
        raise errors.AosHttpError(
            409,
            errors.STACK_BUSY,
            f"stack {record.name} is busy with another execution; wait for it to end",
        )
    if lifecycle == "delete":
        return _start_delete(server, record, force)
    if template_id and lifecycle not in ("create", "upgrade"):
        raise errors.bad_request("template_id may only be given with create or upgrade")
    if lifecycle in ("create", "upgrade"):
        return _start_deploy(
            server, record, lifecycle, on_failure, minutes, inputs, template_id
        )
    if not _engine_has(server, record.name):
        raise errors.bad_request(
            f"stack {record.name} has not been deployed, so there is nothing to "
            f"{lifecycle}; run the create action first"
        )
    if lifecycle == "retry":
        return _start_retry(server, record, minutes, inputs)
    return _start_rollback(server, record, minutes)


def _template_of(server: ServerContext, template_id: str) -> tuple[str, Template]:
    found = server.store.template(template_id)
    if found is None:
        raise errors.template_not_found(template_id)
    return found.id, parse_template(found.text)


def _start_deploy(
    server: ServerContext,
    record: StackRecord,
    lifecycle: str,
    on_failure: str,
    minutes: int,
    inputs: dict[str, Any] | None,
    template_id: Any,
) -> ExecutionRecord:
    deployed = _engine_has(server, record.name)
    if lifecycle == "create" and deployed:
        phase = server.engine.stack(record.name).phase
        if not phase.endswith(("Failed", "Cancelled")) and phase != "RollbackSucceeded":
            raise errors.bad_request(
                f"stack {record.name} is already created ({phase}); use upgrade to "
                "change it"
            )
    if lifecycle == "upgrade" and not deployed:
        raise errors.bad_request(
            f"stack {record.name} has not been deployed; run the create action first"
        )
    chosen_id, template = _template_of(server, str(template_id or record.template_id))
    values = {**record.inputs, **server.secrets.get(record.id), **(inputs or {})}
    _check_inputs(server, template, values)
    check_plan(server, template, record.name, values, record.region)
    plain, secret = split_secrets(template, values)
    server.store.update_stack(
        record.id,
        inputs=plain,
        secret_inputs=sorted(set(record.secret_inputs) | set(secret)),
        template_id=chosen_id,
    )
    server.secrets.put(record.id, secret)
    options = _options(server, record, on_failure, minutes)

    def work(on_event: Callable[[Any], None], cancel: threading.Event) -> Any:
        return server.engine.deploy(
            template,
            record.name,
            values,
            options=options,
            on_event=on_event,
            cancel=cancel,
        )

    return server.runner.start(record, lifecycle, work, total=len(template.resources))


def _start_retry(
    server: ServerContext,
    record: StackRecord,
    minutes: int,
    inputs: dict[str, Any] | None,
) -> ExecutionRecord:
    _, template = _template_of(server, record.template_id)
    values = {**record.inputs, **server.secrets.get(record.id), **(inputs or {})}
    _check_inputs(server, template, values)
    server.secrets.put(record.id, split_secrets(template, values)[1])
    options = _options(server, record, "keep", minutes)

    verb = retried_verb(server, record)

    def work(on_event: Callable[[Any], None], cancel: threading.Event) -> Any:
        result = server.engine.retry(
            record.name,
            inputs=values,
            options=options,
            on_event=on_event,
            cancel=cancel,
        )
        # The engine names the phase after what it did (an upgrade when some
        # resources exist); AOS names it after the action being retried.
        outcome = "Succeeded" if result.succeeded else "Failed"
        return _Reported(result, f"{verb}{outcome}")

    return server.runner.start(
        record, "retry", work, total=len(template.resources), verb=verb
    )


def retried_verb(server: ServerContext, record: StackRecord) -> str:
    """Return `Create` or `Upgrade`: the verb of the deployment a retry repeats."""
    for execution in server.store.executions(record.id):
        if execution.lifecycle in ("create", "upgrade"):
            return execution.lifecycle.capitalize()
    return "Create"


def _last_good(server: ServerContext, name: str) -> Any:
    """Return the stack's newest deployment that succeeded, or None."""
    good = [
        item
        for item in server.engine.deployments(name)
        if item.status == "succeeded" and item.kind in ("create", "upgrade")
    ]
    return max(good, key=lambda item: item.started) if good else None


def _start_rollback(
    server: ServerContext, record: StackRecord, minutes: int
) -> ExecutionRecord:
    """Go back to the stack's last successful deployment, or remove what a failed
    creation left when there was none."""
    target = _last_good(server, record.name)
    total = len(server.engine.resources(record.name))
    if target is None:

        def undo(on_event: Callable[[Any], None], cancel: threading.Event) -> Any:
            result = server.engine.delete(record.name, on_event=on_event, cancel=cancel)
            return _as_rollback(result)

        return server.runner.start(
            record, "rollback", undo, total=total, verb="Rollback"
        )

    template = parse_template(target.template)
    values = {**target.inputs, **server.secrets.get(record.id)}
    _check_inputs(server, template, values)
    options = _options(server, record, "keep", minutes)

    def work(on_event: Callable[[Any], None], cancel: threading.Event) -> Any:
        result = server.engine.deploy(
            template,
            record.name,
            values,
            options=options,
            on_event=on_event,
            cancel=cancel,
        )
        return _as_rollback(result)

    return server.runner.start(
        record, "rollback", work, total=len(template.resources), verb="Rollback"
    )


class _Reported:
    """An engine result reported under the phase name AOS uses for the action."""

    def __init__(self, result: Any, phase: str) -> None:
        self.succeeded = result.succeeded
        self.phase = phase
        self.message = result.message


def _as_rollback(result: Any) -> _Reported:
    return _Reported(
        result, "RollbackSucceeded" if result.succeeded else "RollbackFailed"
    )


def _start_delete(
    server: ServerContext, record: StackRecord, force: bool
) -> ExecutionRecord:
    total = len(server.engine.resources(record.name))

    def work(on_event: Callable[[Any], None], cancel: threading.Event) -> Any:
        result = server.engine.delete(record.name, on_event=on_event, cancel=cancel)
        if not result.succeeded and force:
            log.warning(
                "deleting stack %s failed (%s); forgetting it as force=true asks, its "
                "remaining resources stay in the simulated cloud",
                record.name,
                result.message,
            )
            result = server.engine.delete(record.name, keep_resources=True)
        return result

    def after(succeeded: bool, execution_id: str) -> None:
        if succeeded:
            server.store.delete_stack(record.id, keep_execution=execution_id)
            server.secrets.drop(record.id)
            log.info("stack %s (%s) deleted", record.name, record.id)

    return server.runner.start(record, "delete", work, total=total, after=after)
