"""The executor: runs an operation graph on a bounded pool of worker threads.

Each operation starts as soon as every operation it waits for has succeeded. For each
provider call, the intent is written before the call and the result right after it,
each in one transaction with its event. After a failure, a cancel or the timeout, no
new operation starts; those in flight finish. A pause stops the run the same way but
records no outcome, so that a later run can continue it (crash recovery pauses when
its engine closes).
"""

from __future__ import annotations

import dataclasses
import heapq
import logging
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx

from ..template.functions import EvaluationError, Unresolved
from .desired import DesiredState, pick_attribute, strip_no_value
from .inputs import redact, secret_paths, unknown_secrets
from .model import (
    CREATE_FAILED,
    CREATE_SUCCEEDED,
    CREATING,
    DELETE_FAILED,
    DELETE_SUCCEEDED,
    DELETING,
    UPGRADE_FAILED,
    UPGRADE_SUCCEEDED,
    UPGRADING,
    DeployOptions,
    EngineEvent,
)
from .operations import CREATE_OP, DELETE_OP, UPDATE_OP, Operation
from .planner import diff
from .provider import (
    CallContext,
    Provider,
    ProviderError,
    ResourceRequest,
    mask_paths,
)
from .state import ResourceRow, StateStore

log = logging.getLogger(__name__)

# How often the scheduler looks at the cancel flag in the database, in seconds.
CANCEL_POLL_SECONDS = 0.25

STOP_FAILURE = "failure"
STOP_CANCEL = "cancel"
STOP_TIMEOUT = "timeout"
STOP_PAUSE = "pause"


@dataclass
class RunContext:
    """Everything the operations of one deployment share."""

    store: StateStore
    provider: Provider
    stack_id: str
    stack_name: str
    region: str
    deployment_id: str
    desired: DesiredState
    options: DeployOptions
    secrets: list[str]
    emit: Callable[[EngineEvent], None]
    cancel: threading.Event
    deadline: float | None
    pause: threading.Event | None = None


@dataclass
class Outcome:
    """The end of a run of operations: what succeeded, what failed with which
    message, what never started, and why the run stopped early (None when it did
    not)."""

    completed: list[Operation] = field(default_factory=list)
    failed: list[tuple[Operation, str]] = field(default_factory=list)
    not_started: list[Operation] = field(default_factory=list)
    stopped: str | None = None

    @property
    def succeeded(self) -> bool:
        return not self.failed and not self.not_started and self.stopped is None


class Executor:
    def __init__(
        self,
        context: RunContext,
        graph: nx.DiGraph,
        recorded: dict[str, list[ResourceRow]],
    ) -> None:
        self.context = context
        self.graph = graph
        self._lock = threading.Lock()
        self._live: dict[str, dict[int, dict[str, Any]]] = {}
        self._physical: dict[tuple[str, int], str] = {}
        # The properties each existing instance had when the run started.
        self._applied: dict[tuple[str, int], dict[str, Any]] = {}
        for name, rows in recorded.items():
            for row in rows:
                if row.info.physical_id:
                    self._live.setdefault(name, {})[row.info.instance] = (
                        row.info.attributes
                    )
                    self._physical[(name, row.info.instance)] = row.info.physical_id
                    self._applied[(name, row.info.instance)] = row.info.properties
        self.total = graph.number_of_nodes()
        self.done = 0

    def run(self) -> Outcome:
        """Run every operation of the graph; return how the run ended."""
        outcome = Outcome()
        waits = {op: set(self.graph.successors(op)) for op in self.graph}
        ready = [op for op, needed in waits.items() if not needed]
        heapq.heapify(ready)
        parallelism = max(1, int(self.context.options.parallelism))
        next_poll = 0.0

        with ThreadPoolExecutor(
            max_workers=parallelism,
            thread_name_prefix=f"engine-{self.context.stack_name}",
        ) as pool:
            inflight: dict[Future[tuple[bool, str]], Operation] = {}
            while ready or inflight:
                if outcome.stopped is None:
                    outcome.stopped, next_poll = self._stop_reason(next_poll)
                while ready and outcome.stopped is None and len(inflight) < parallelism:
                    op = heapq.heappop(ready)
                    inflight[pool.submit(self._run, op)] = op
                if not inflight:
                    break
                finished, _ = wait(inflight, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._settle(inflight.pop(future), future, waits, ready, outcome)

        finished_ops = set(outcome.completed) | {op for op, _ in outcome.failed}
        outcome.not_started = sorted(op for op in self.graph if op not in finished_ops)
        if outcome.not_started and outcome.stopped is None:
            outcome.stopped = STOP_FAILURE
        return outcome

    def _settle(
        self,
        op: Operation,
        future: Future[tuple[bool, str]],
        waits: dict[Operation, set[Operation]],
        ready: list[Operation],
        outcome: Outcome,
    ) -> None:
        """Record a finished operation and make ready what waited only for it."""
        ok, message = future.result()
        if not ok:
            outcome.failed.append((op, message))
            outcome.stopped = outcome.stopped or self._failure_reason()
            return
        outcome.completed.append(op)
        for waiter in self.graph.predecessors(op):
            waits[waiter].discard(op)
            if not waits[waiter]:
                heapq.heappush(ready, waiter)

    def _failure_reason(self) -> str:
        deadline = self.context.deadline
        if deadline is not None and time.monotonic() >= deadline:
            return STOP_TIMEOUT
        return STOP_FAILURE

    def _stop_reason(self, next_poll: float) -> tuple[str | None, float]:
        if self.context.pause is not None and self.context.pause.is_set():
            return STOP_PAUSE, next_poll
        now = time.monotonic()
        if self.context.deadline is not None and now >= self.context.deadline:
            return STOP_TIMEOUT, next_poll
        if self.context.cancel.is_set():
            return STOP_CANCEL, next_poll
        if now >= next_poll:
            next_poll = now + CANCEL_POLL_SECONDS
            if self.context.store.cancel_requested(self.context.deployment_id):
                self.context.cancel.set()
                return STOP_CANCEL, next_poll
        return None, next_poll

    def _run(self, op: Operation) -> tuple[bool, str]:
        try:
            if op.kind == CREATE_OP:
                return self._create(op)
            if op.kind == UPDATE_OP:
                return self._update(op)
            return self._delete(op)
        except Exception as error:  # noqa: BLE001 - a worker must report, not die
            log.exception(
                "operation %s of %s failed unexpectedly", op.kind, op.resource_name
            )
            message = redact(
                f"{op.resource_name}: internal error: {error}", self.context.secrets
            )
            self._record_failure(op, message)
            return False, message

    # Operations

    def _create(self, op: Operation) -> tuple[bool, str]:
        resolved = self._resolve(op)
        if isinstance(resolved, str):
            self._record_failure(op, resolved)
            return False, resolved
        properties, paths = resolved
        token = str(uuid.uuid4())
        resource = self.context.desired.resources[op.resource_name]
        self._write(
            op,
            CREATING,
            self._message(op, "creating"),
            type=op.resource_type,
            phase=CREATING,
            physical_id=None,
            properties=mask_paths(properties, paths),
            attributes={},
            depends_on=list(resource.depends_on),
            intent="create",
            client_token=token,
            message="",
        )
        request = self._request(op, properties, paths, token)
        try:
            created = self.context.provider.create(request, self._call_context(op))
        except ProviderError as error:
            message = self._message(op, redact(error.message, self.context.secrets))
            leftover = self._find_quietly(token)
            self._write(
                op,
                CREATE_FAILED,
                message,
                phase=CREATE_FAILED,
                intent=None,
                message=message,
                physical_id=leftover.id if leftover else None,
                attributes=leftover.attributes if leftover else {},
            )
            return False, message
        self._write(
            op,
            CREATE_SUCCEEDED,
            self._message(op, f"created {created.id}"),
            phase=CREATE_SUCCEEDED,
            physical_id=created.id,
            attributes=created.attributes,
            intent=None,
        )
        self._remember(op, created.id, created.attributes)
        return True, ""

    def _update(self, op: Operation) -> tuple[bool, str]:
        resolved = self._resolve(op)
        if isinstance(resolved, str):
            self._record_failure(op, resolved)
            return False, resolved
        properties, paths = resolved
        physical_id = self._physical[(op.resource_name, op.instance)]
        resource = self.context.desired.resources[op.resource_name]

        applied = self._applied.get((op.resource_name, op.instance))
        # With a secret in the properties, the masked values on record cannot tell
        # whether the secret changed, so such an update always calls the provider.
        if not paths and applied is not None and not diff(applied, properties):
            return self._unchanged(op, physical_id)

        self._write(
            op,
            UPGRADING,
            self._message(op, f"updating {physical_id}"),
            phase=UPGRADING,
            intent="update",
            depends_on=list(resource.depends_on),
        )
        request = self._request(op, properties, paths, str(uuid.uuid4()))
        try:
            updated = self.context.provider.update(
                physical_id, request, self._call_context(op)
            )
        except ProviderError as error:
            message = self._message(op, redact(error.message, self.context.secrets))
            self._write(
                op,
                UPGRADE_FAILED,
                message,
                phase=UPGRADE_FAILED,
                intent=None,
                message=message,
            )
            return False, message

        self._write(
            op,
            UPGRADE_SUCCEEDED,
            self._message(op, f"updated {physical_id}"),
            phase=UPGRADE_SUCCEEDED,
            properties=mask_paths(properties, paths),
            attributes=updated.attributes,
            intent=None,
            message="",
        )
        self._remember(op, physical_id, updated.attributes)
        return True, ""

    def _unchanged(self, op: Operation, physical_id: str) -> tuple[bool, str]:
        """Finish an update whose properties resolved to those the resource has.

        The plan marked a value it reads as known after apply, and the attribute
        kept its old value, so there is nothing to send to the provider.
        """
        resource = self.context.desired.resources[op.resource_name]
        text = (
            f"unchanged: the attributes it reads kept their values, so {physical_id} "
            "needs no update"
        )
        self._write(
            op,
            UPGRADE_SUCCEEDED,
            self._message(op, text),
            phase=UPGRADE_SUCCEEDED,
            depends_on=list(resource.depends_on),
            intent=None,
            message="",
        )
        return True, ""

    def _delete(self, op: Operation) -> tuple[bool, str]:
        store = self.context.store
        physical_id = self._physical_id_of(op)
        if physical_id is None:
            with store.db.transaction() as connection:
                store.remove_resource(
                    connection, self.context.stack_id, op.resource_name, op.instance
                )
            self._count()
            return True, ""
        self._write(
            op,
            DELETING,
            self._message(op, f"deleting {physical_id}"),
            phase=DELETING,
            intent="delete",
        )
        try:
            self.context.provider.delete(
                op.resource_type, physical_id, self._call_context(op)
            )
        except ProviderError as error:
            message = redact(error.message, self.context.secrets)
            self._write(
                op,
                DELETE_FAILED,
                message,
                phase=DELETE_FAILED,
                intent=None,
                message=message,
            )
            return False, message
        with store.db.transaction() as connection:
            store.remove_resource(
                connection, self.context.stack_id, op.resource_name, op.instance
            )
            event = self._event(
                connection,
                op,
                DELETE_SUCCEEDED,
                self._message(op, f"deleted {physical_id}"),
            )
        with self._lock:
            self._live.get(op.resource_name, {}).pop(op.instance, None)
            self._physical.pop((op.resource_name, op.instance), None)
        self._publish(event, finished=True)
        return True, ""

    # Helpers

    def _physical_id_of(self, op: Operation) -> str | None:
        rows = self.context.store.db.query(
            "SELECT physical_id FROM resources WHERE stack_id = ? AND name = ? AND instance = ?",
            (self.context.stack_id, op.resource_name, op.instance),
        )
        return rows[0][0] if rows else None

    def _resolve(self, op: Operation) -> tuple[dict[str, Any], list[str]] | str:
        """Return the resource's properties with every function evaluated and the
        pointers of the values holding secrets, or the message of what failed."""
        resource = self.context.desired.resources[op.resource_name]
        evaluator = self.context.desired.evaluator(self._attribute)
        path = ("node_templates", op.resource_name, "properties")
        try:
            properties = strip_no_value(evaluator.evaluate(resource.properties, path))
        except Unresolved as missing:
            return f"{op.resource_name}: the value of {missing} is not known"
        except EvaluationError as error:
            return redact(f"{op.resource_name}: {error.message}", self.context.secrets)
        needed = self._unknown_secrets_in(properties)
        if needed:
            names = ", ".join(needed)
            options = " ".join(f"--input {name}=VALUE" for name in needed)
            return (
                f"{op.resource_name}: restoring it needs the secret input {names}, "
                "whose value is not stored; run deploy or retry on stack "
                f"{self.context.stack_name} with {options}"
            )
        return properties, secret_paths(properties, self.context.secrets)

    def _unknown_secrets_in(self, properties: dict[str, Any]) -> list[str]:
        """Return the secret inputs without a value that `properties` use."""
        unknown = unknown_secrets(self.context.desired.inputs)
        return sorted(
            {name for text, name in unknown.items() if secret_paths(properties, [text])}
        )

    def _attribute(self, resource: str, name: str, keys: list[Any], path: Any) -> Any:
        desired = self.context.desired.resources.get(resource)
        if desired is None:
            raise EvaluationError(f"unknown resource {resource}", path)
        with self._lock:
            instances = self._live.get(resource, {})
            values = [instances.get(index) for index in range(desired.count)]
        if any(value is None for value in values):
            raise Unresolved(f"{resource}.{name}")
        known = self.context.provider.attribute_names(desired.type)
        return pick_attribute(resource, name, keys, values, desired.count, known)  # type: ignore[arg-type]

    def _request(
        self, op: Operation, properties: dict[str, Any], paths: list[str], token: str
    ) -> ResourceRequest:
        count = self.context.desired.resources[op.resource_name].count
        return ResourceRequest(
            type=op.resource_type,
            name=op.resource_name,
            properties=properties,
            client_token=token,
            instance=op.instance,
            instances=count,
            secret_paths=tuple(paths),
        )

    def _call_context(self, op: Operation) -> CallContext:
        options = self.context.options
        return CallContext(
            region=self.context.region,
            stack=self.context.stack_name,
            resource_name=op.resource_name,
            deadline=self.context.deadline,
            cancel=self.context.cancel,
            time_scale=options.time_scale,
            simulate_fail=op.resource_name in options.simulate_fail
            and op.kind != DELETE_OP,
            failure_rate=options.failure_rate if op.kind != DELETE_OP else 0.0,
            failure_seed=options.failure_seed,
        )

    def _find_quietly(self, token: str) -> Any:
        try:
            return self.context.provider.find(token)
        except ProviderError:
            log.warning("lookup of client token %s failed after a failed create", token)
            return None

    def _remember(
        self, op: Operation, physical_id: str, attributes: dict[str, Any]
    ) -> None:
        with self._lock:
            self._live.setdefault(op.resource_name, {})[op.instance] = attributes
            self._physical[(op.resource_name, op.instance)] = physical_id

    def _message(self, op: Operation, text: str) -> str:
        count = self.context.desired.resources.get(op.resource_name)
        if count is not None and count.count > 1:
            return f"instance {op.instance + 1} of {count.count}: {text}"
        return text

    def _write(self, op: Operation, event_type: str, text: str, **fields: Any) -> None:
        """Change the resource row and record the event, in one transaction."""
        store = self.context.store
        with store.db.transaction() as connection:
            store.write_resource(
                connection,
                self.context.stack_id,
                op.resource_name,
                op.instance,
                **fields,
            )
            event = self._event(connection, op, event_type, text)
        finished = not event_type.endswith("ing")
        self._publish(event, finished)

    def _record_failure(self, op: Operation, message: str) -> None:
        phase = {
            CREATE_OP: CREATE_FAILED,
            UPDATE_OP: UPGRADE_FAILED,
            DELETE_OP: DELETE_FAILED,
        }[op.kind]
        fields: dict[str, Any] = {"phase": phase, "intent": None, "message": message}
        if op.kind == CREATE_OP and self._physical_id_of(op) is None:
            resource = self.context.desired.resources[op.resource_name]
            fields.update(type=op.resource_type, depends_on=list(resource.depends_on))
        self._write(op, phase, message, **fields)

    def _event(
        self, connection: Any, op: Operation, event_type: str, message: str
    ) -> EngineEvent:
        return self.context.store.add_event(
            connection,
            self.context.stack_id,
            self.context.stack_name,
            self.context.deployment_id,
            op.resource_name,
            op.resource_type,
            event_type,
            message,
        )

    def _count(self) -> None:
        with self._lock:
            self.done += 1

    def _publish(self, event: EngineEvent, finished: bool) -> None:
        if finished:
            self._count()
        with self._lock:
            done = self.done
        log.info(
            "%s %s: %s %s",
            event.stack,
            event.resource_name,
            event.event_type,
            event.message,
        )
        self.context.emit(dataclasses.replace(event, done=done, total=self.total))
