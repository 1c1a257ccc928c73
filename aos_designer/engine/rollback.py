"""Rolling back a failed deployment to the last deployment that succeeded, or to no
resources at all, and recording how the rollback ended.

The rollback runs without the failures that were injected into the deployment, so
an injected failure never stops its own rollback. A rollback that fails names each
resource it could not restore, with the reason, and the commands that go on from
there.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from ..template.model import parse_template
from .errors import EngineError
from .executor import STOP_CANCEL, STOP_TIMEOUT, Outcome
from .inputs import UnknownSecret
from .model import (
    ROLLBACK_FAILED,
    ROLLBACK_SUCCEEDED,
    ROLLBACKING,
    STATUS_ABNORMAL,
    STATUS_PROCESSING,
    STATUS_RUNNING,
    STATUS_STOPPED,
    DeployOptions,
    DeployResult,
    OutputValue,
)
from .operations import DELETE_OP
from .planner import recorded_by_name
from .results import evaluate_outputs
from .runner import DeploymentRunner, EventCallback, Prepared
from .state import DeploymentRecord, StackRecord


class RollingBack(DeploymentRunner):
    """The part of `Engine` that rolls back failed deployments."""

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
        finish: str = "failed",
        note: str = "",
        pause: threading.Event | None = None,
    ) -> DeployResult:
        """Undo a failed deployment: go back to the last deployment that succeeded,
        or to no resources at all. No failure is injected into the rollback.

        `failure` describes what failed, and the stack's message after a clean
        rollback is `rolled_back_message(failure)`. `note` is
        the message of the `Rollbacking` event, and `finish` the deployment's final
        status. Raise `OperationPaused` when `pause` stopped the rollback.
        """
        self._stack_event(
            record,
            deployment.id,
            ROLLBACKING,
            STATUS_PROCESSING,
            note,
            emit,
            stack_message=failure,
        )
        try:
            target = self._rollback_target(record, prepared, given)
        except EngineError as error:
            reason = (
                f"rollback failed: {error}; "
                f"{next_steps(record.info.name, deployment.secret_inputs)}"
            )
            return self._end_rollback(
                record, deployment, prepared, emit, failure, failed, finish, reason
            )
        deadline = time.monotonic() + options.timeout * 60 if options.timeout else None
        outcome = self._run(
            record,
            deployment.id,
            target,
            options.without_injected_failures(),
            emit,
            threading.Event(),
            deadline,
            pause,
        )
        if not outcome.succeeded:
            reason = (
                f"rollback failed: {unrestored(outcome)}; "
                f"{next_steps(record.info.name, deployment.secret_inputs)}"
            )
            return self._end_rollback(
                record, deployment, prepared, emit, failure, failed, finish, reason
            )
        return self._rolled_back(
            record, deployment, prepared, target, emit, failure, failed, finish
        )

    def _rolled_back(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        target: Prepared,
        emit: EventCallback,
        failure: str,
        failed: tuple[str, ...],
        finish: str,
    ) -> DeployResult:
        """Record a rollback that succeeded, with the outputs of what is left."""
        left = self._left(record)
        status = STATUS_RUNNING if left else STATUS_STOPPED
        outputs: list[OutputValue] = []
        if left:
            rows = self.store.resources(record.info.id)
            outputs = evaluate_outputs(
                target.desired, rows, self.provider, target.secrets
            )
        return self._conclude(
            record,
            deployment,
            prepared,
            emit,
            ROLLBACK_SUCCEEDED,
            status,
            "",
            finish=finish,
            stack_message=rolled_back_message(failure),
            failed=failed,
            outputs=outputs,
        )

    def _end_rollback(
        self,
        record: StackRecord,
        deployment: DeploymentRecord,
        prepared: Prepared,
        emit: EventCallback,
        failure: str,
        failed: tuple[str, ...],
        finish: str,
        reason: str,
    ) -> DeployResult:
        """Record a rollback that failed, with the resources it left."""
        return self._conclude(
            record,
            deployment,
            prepared,
            emit,
            ROLLBACK_FAILED,
            STATUS_ABNORMAL,
            reason,
            finish=finish,
            stack_message=f"{failure}; {reason}",
            failed=failed,
            remaining=self._left(record),
        )

    def _rollback_target(
        self, record: StackRecord, failed: Prepared, given: dict[str, Any]
    ) -> Prepared:
        """Work out the state to roll back to: the last deployment that succeeded,
        with its stored inputs and the secret inputs `given`, or no resources.

        A secret input of that deployment that `given` lacks gets an
        `UnknownSecret`, so only the operations that need its value fail.
        """
        region = failed.desired.region
        current = self.store.stack_by_id(record.info.id)
        last_good = current.last_good_deployment
        recorded = recorded_by_name(self.store.resources(record.info.id))
        if last_good is None:
            return self._removal(current, failed.desired.template, region, recorded)
        previous = self.store.deployment(last_good)
        template = parse_template(previous.template)
        secrets: dict[str, Any] = {
            name: given.get(name, UnknownSecret(name))
            for name in previous.secret_inputs
        }
        return self._prepare(
            template, record.info.name, {**previous.inputs, **secrets}, region
        )

    def _left(self, record: StackRecord) -> tuple[str, ...]:
        rows = self.store.resources(record.info.id)
        return tuple(
            sorted({row.info.resource_name for row in rows if row.info.physical_id})
        )


def unrestored(outcome: Outcome) -> str:
    """Return which resources a failed rollback could not restore or remove, and
    why, then those it never reached."""
    messages: dict[str, dict[str, list[str]]] = {"restore": {}, "remove": {}}
    for op, message in outcome.failed:
        verb = "remove" if op.kind == DELETE_OP else "restore"
        messages[verb].setdefault(op.resource_name, []).append(message)
    parts = [
        f"could not {verb} {', '.join(found)} "
        f"({'; '.join(dict.fromkeys(m for texts in found.values() for m in texts))})"
        for verb, found in messages.items()
        if found
    ]
    if not parts and outcome.stopped == STOP_TIMEOUT:
        parts.append("it timed out")
    elif not parts and outcome.stopped == STOP_CANCEL:
        parts.append("it was cancelled")
    failed = {op.resource_name for op, _ in outcome.failed}
    waiting = [
        name
        for name in dict.fromkeys(op.resource_name for op in outcome.not_started)
        if name not in failed
    ]
    if waiting:
        parts.append(f"not restored because the rollback stopped: {', '.join(waiting)}")
    return "; ".join(parts) or "it did not finish"


def next_steps(stack: str, secret_inputs: tuple[str, ...] | list[str]) -> str:
    """Return the commands that go on from a failed rollback of `stack`; a retry
    needs the secret inputs again, because they are never stored."""
    secrets = "".join(f" --input {name}=VALUE" for name in secret_inputs)
    return (
        f"run `aos-designer retry --stack {stack}{secrets}` to finish the deployment, "
        f"`aos-designer deploy FILE --stack {stack}` to deploy another template, or "
        f"`aos-designer delete --stack {stack}` to delete the stack"
    )


def rolled_back_message(failure: str) -> str:
    """Return the stack's message after a clean rollback: "rolled back after app
    failed", or "interrupted: ...; rolled back" after an interruption."""
    if failure.startswith("interrupted:"):
        return f"{failure}; rolled back"
    return f"rolled back after {failure}"
