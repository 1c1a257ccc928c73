"""Running stack operations from the window: deploy, retry, delete and cancel.

One operation runs at a time, on a worker thread. Its events reach the GUI thread in
order, and each one updates the events table, the node of its resource, the progress
bar and the estimate of the time left. When the operation ends, the panel shows the
outcome: the outputs after a success, the failed resource and its message after a
failure.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Callable

import networkx as nx
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ...engine.errors import EngineError
from ...engine.model import ADD, NO_OPERATION, UPDATE, DeployResult, PlanItem
from ...template.graph import dependency_graph
from ...template.model import Template, parse_template
from ..canvas.items import NodeMark
from .dialog import DeployRequest
from .estimate import TimeLeft, delete_steps, plan_steps
from .jobs import Job
from .marks import state_mark, waiting_marks
from .targets import LocalTarget, Target
from .texts import duration_text
from .tracker import DeploymentTracker

if TYPE_CHECKING:
    from .controller import DeployController

log = logging.getLogger(__name__)

# Milliseconds between updates of the time left while nothing else happens.
TICK_MS = 1000
# The shortest time between two estimates of the time left, in milliseconds. An
# estimate walks every resource, so it is not redone for each of many fast events.
ESTIMATE_MS = 200
VERBS = {"deploy": "Deploying", "retry": "Retrying", "delete": "Deleting"}
NOUNS = {"deploy": "deployment", "retry": "retry", "delete": "deletion"}


@dataclass
class Operation:
    """The operation in progress: what it is, where, and what it has shown so far."""

    kind: str
    target: Target
    stack: str
    tracker: DeploymentTracker
    base_marks: dict[str, NodeMark] = field(default_factory=dict)
    # The dependency graph of the template deployed, for the rollback's estimate.
    graph: nx.DiGraph = field(default_factory=nx.DiGraph)
    started: float = field(default_factory=time.monotonic)
    job: Job | None = None


class StackOperations(QObject):
    """Starts deploy, retry and delete jobs and shows their progress."""

    finished = Signal(str, str, bool)
    """An operation ended: its kind, its stack, and whether it reached its target."""

    def __init__(self, controller: DeployController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.panel = controller.panel
        self.scene = controller.scene
        self.current: Operation | None = None
        self.last_result: DeployResult | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_progress)
        self._estimated = 0.0
        self._seconds_left: float | None = None

    @property
    def running(self) -> bool:
        return self.current is not None

    # Starting

    def deploy(self, request: DeployRequest, package: Any = None) -> None:
        """Deploy a confirmed request. For an endpoint, `package` replaces the
        template when the template travels with its layout."""
        target = self.controller.target(request.target_key)
        graph = dependency_graph(request.template)
        items = (
            list(request.plan.items)
            if request.plan is not None
            else _remote_items(request.template, request.existing)
        )
        changing = [i.resource_name for i in items if i.action != NO_OPERATION]
        operation = self._operation("deploy", target, request.stack)
        operation.graph = graph
        operation.base_marks = waiting_marks(changing, "deployed")
        scale = request.options.time_scale if target.is_local else None
        seconds = self.controller.local.estimated_seconds

        def work(job: Job) -> DeployResult:
            job.post(("estimate", TimeLeft(plan_steps(items, graph, seconds), scale)))
            return target.deploy(
                package if package is not None else request.template,
                request.stack,
                request.inputs,
                request.options,
                on_event=_poster(job),
                cancel=job.cancel,
                plan=request.plan,
            )

        self._begin(operation, work, len(changing))

    def retry(self, key: str, stack: str, secrets: dict[str, str]) -> None:
        """Deploy the stack's last template and inputs again. The person is asked
        for each secret input that this window does not keep."""
        target = self.controller.target(key)
        operation = self._operation("retry", target, stack)
        ask = self.controller.prompter.ask
        seconds = self.controller.local.estimated_seconds

        def work(job: Job) -> DeployResult:
            inputs = dict(secrets)
            if isinstance(target, LocalTarget):
                for name in target.secret_inputs(stack):
                    if name not in inputs:
                        inputs[name] = _ask_secret(ask, stack, name)
                plan, text, options = target.retry_plan(stack, inputs)
                graph = dependency_graph(parse_template(text))
                steps = plan_steps(plan.items, graph, seconds)
                job.post(("graph", graph))
                job.post(("estimate", TimeLeft(steps, options.time_scale)))
            return target.retry(stack, inputs, on_event=_poster(job), cancel=job.cancel)

        self._begin(operation, work, 0)

    def delete(self, key: str, stack: str, keep_resources: bool) -> None:
        target = self.controller.target(key)
        operation = self._operation("delete", target, stack)
        seconds = self.controller.local.estimated_seconds

        def work(job: Job) -> DeployResult:
            if isinstance(target, LocalTarget) and not keep_resources:
                types = {
                    r.resource_name: r.resource_type for r in target.resources(stack)
                }
                graph = dependency_graph(parse_template(target.template_text(stack)))
                scale = target.last_options(stack).time_scale
                steps = delete_steps(types, graph, seconds)
                job.post(("estimate", TimeLeft(steps, scale)))
            return target.delete(
                stack, keep_resources, on_event=_poster(job), cancel=job.cancel
            )

        self._begin(operation, work, 0)

    def cancel(self) -> None:
        """Ask the operation to start nothing new. Resources in progress finish."""
        operation = self.current
        if operation is None or operation.job is None:
            return
        operation.job.cancel.set()
        if operation.target.is_local:
            text = (
                f"Cancelling the {NOUNS[operation.kind]} of stack {operation.stack}: the "
                "resources in progress finish first."
            )
        else:
            text = (
                f"Stopping to follow the {NOUNS[operation.kind]} of stack {operation.stack}; "
                "the AOS API cannot stop it, so it goes on at the endpoint."
            )
        self.panel.set_status(text, "running")
        self.panel.set_actions(cancel=False)

    def _operation(self, kind: str, target: Target, stack: str) -> Operation:
        tracker = DeploymentTracker(stack)
        operation = Operation(kind, target, stack, tracker)
        tracker.rollback_estimate = self._rollback_estimate(operation)
        return operation

    def _rollback_estimate(
        self, operation: Operation
    ) -> Callable[[list[str]], TimeLeft]:
        """Return the estimate a rollback starts: the deletes of what was made."""
        seconds = self.controller.local.estimated_seconds

        def estimate(names: list[str]) -> TimeLeft:
            types = {
                event.resource_name: event.resource_type or ""
                for event in operation.tracker.events
                if event.resource_name in names
            }
            before = operation.tracker.time_left
            scale = before.known_scale if before is not None else None
            return TimeLeft(delete_steps(types, operation.graph, seconds), scale)

        return estimate

    def _begin(
        self, operation: Operation, work: Callable[[Job], Any], total: int
    ) -> None:
        self.current = operation
        self.last_result = None
        self.panel.set_events([])
        self.panel.set_outputs([])
        self.panel.tabs.setCurrentIndex(0)
        self.panel.set_status(
            f"{VERBS[operation.kind]} stack {operation.stack} on "
            f"{operation.target.label}…",
            "running",
        )
        self._seconds_left = None
        self.panel.show_progress(0, total, None)
        self.scene.set_marks(operation.base_marks)
        operation.job = self.controller.jobs.start(
            operation.kind,
            work,
            on_done=self._on_done,
            on_error=self._on_error,
            on_report=self._on_report,
        )
        self._tick.start()
        log.info(
            "%s of stack %s on %s started",
            operation.kind,
            operation.stack,
            operation.target.label,
        )
        self.controller.busy_changed.emit(True)

    # Progress

    def _on_report(self, report: tuple[str, Any]) -> None:
        operation = self.current
        if operation is None:
            return
        kind, payload = report
        if kind == "estimate":
            operation.tracker.time_left = payload
        elif kind == "graph":
            operation.graph = payload
        elif kind == "event":
            self._show_event(operation, payload)
        self._show_progress(estimate=False)

    def _show_event(self, operation: Operation, event: Any) -> None:
        self.panel.append_event(event)
        if operation.tracker.observe(event):
            # One node at a time: a large stack sends thousands of events.
            name = event.resource_name
            state = operation.tracker.states[name]
            self.scene.set_mark(name, state_mark(state))

    @Slot()
    def _show_progress(self, estimate: bool = True) -> None:
        """Show the resources done. With `estimate`, or when the last estimate is
        older than `ESTIMATE_MS`, work out the time left again."""
        operation = self.current
        if operation is None:
            return
        now = time.monotonic()
        if estimate or (now - self._estimated) * 1000 >= ESTIMATE_MS:
            self._estimated = now
            progress = operation.tracker.progress()
            self._seconds_left = progress.seconds_left
        tracker = operation.tracker
        self.panel.show_progress(tracker.done, tracker.total, self._seconds_left)

    # Ending

    def _end(self) -> Operation:
        operation = self.current
        assert operation is not None
        self.current = None
        self._tick.stop()
        self.panel.hide_progress()
        self.controller.busy_changed.emit(False)
        return operation

    def _on_done(self, result: DeployResult) -> None:
        operation = self._end()
        self.last_result = result
        elapsed = duration_text(time.monotonic() - operation.started)
        if result.succeeded:
            self.panel.set_status(_success_text(operation, result, elapsed), "success")
            self.panel.set_outputs(list(result.outputs))
            if result.outputs:
                self.panel.tabs.setCurrentIndex(1)
        elif result.phase.endswith("Cancelled"):
            self.panel.set_status(
                f"The {NOUNS[operation.kind]} of stack {operation.stack} was cancelled: "
                "the "
                "resources in progress finished and nothing new started. The stack is "
                f"{result.phase} ({result.status}); retry or deploy again to go on.",
                "warning",
            )
        else:
            self.panel.set_status(_failure_text(operation, result), "failure")
        log.info(
            "%s of stack %s ended: %s (%s)",
            operation.kind,
            operation.stack,
            result.phase,
            result.status,
        )
        self.controller.stacks.stack_changed(operation.target.key, operation.stack)
        self.finished.emit(operation.kind, operation.stack, result.succeeded)

    def _on_error(self, error: BaseException) -> None:
        from ...remote.errors import Cancelled

        operation = self._end()
        if isinstance(error, Cancelled):
            self.panel.set_status(str(error)[:1].upper() + str(error)[1:] + ".", "info")
        else:
            verb = NOUNS[operation.kind].capitalize()
            self.panel.set_status(
                f"{verb} of stack {operation.stack} failed: {error}", "failure"
            )
            self.controller.show_failure(
                f"{verb} of stack {operation.stack} failed", error
            )
        self.controller.stacks.stack_changed(operation.target.key, operation.stack)
        self.finished.emit(operation.kind, operation.stack, False)


def _poster(job: Job) -> Callable[[Any], None]:
    def post(event: Any) -> None:
        job.post(("event", event))

    return post


def _ask_secret(ask: Callable[[str], str], stack: str, name: str) -> str:
    value = ask(
        f"The retry of stack {stack} needs the secret input {name} again, because "
        f"secret values are never stored.\n\nValue of {name}:"
    )
    if not value:
        raise EngineError(
            f"the retry of stack {stack} needs a value for the secret input {name}; "
            "none was entered"
        )
    return value


def _remote_items(template: Template, existing: bool) -> list[PlanItem]:
    """Guess the work of a remote deployment, which has no plan: every resource is
    created for a new stack and updated for an existing one."""
    action = UPDATE if existing else ADD
    return [
        PlanItem(name, resource.type or "", action)
        for name, resource in template.resources.items()
    ]


def _success_text(operation: Operation, result: DeployResult, elapsed: str) -> str:
    if operation.kind == "delete":
        if result.status == "Deleted" or result.phase == "DeleteSucceeded":
            return f"Stack {operation.stack} is deleted ({elapsed})."
        return f"Stack {operation.stack}: {result.message or result.phase}."
    count = len(result.outputs)
    outputs = f" {count} output{'s' if count != 1 else ''}." if count else ""
    return (
        f"Stack {operation.stack}: {result.phase} ({result.status}) after "
        f"{elapsed}.{outputs}"
    )


def _failure_text(operation: Operation, result: DeployResult) -> str:
    """Return what failed and why: the failed resources with their messages, and
    the stack's phase and status now."""
    failed = list(result.failed_resources) or operation.tracker.failed_resources()
    reasons = []
    for name in failed:
        event = operation.tracker.last_event(name)
        if event is None:
            continue
        # A failure of one of several instances reads "instance 2 of 2: NAME: ...";
        # the instance stays, the repeated name goes.
        message = re.sub(
            rf"^(instance \d+ of \d+: )?{re.escape(name)}: ", r"\1", event.message
        )
        reasons.append(f"{name} ({event.event_type}): {message}")
    reason = "; ".join(reasons) or result.message or "see the events"
    text = (
        f"The {NOUNS[operation.kind]} of stack {operation.stack} failed. {reason}. "
        f"The stack is {result.phase} ({result.status})"
    )
    if result.remaining:
        text += "; left behind: " + ", ".join(result.remaining)
    return text + ". Retry, deploy again, or delete the stack."


def sidecar_member(main_file_name: str) -> str:
    """Return the name of the layout sidecar inside a template package."""
    return str(PurePosixPath(main_file_name).with_suffix(".layout.json"))
