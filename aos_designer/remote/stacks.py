"""Stack operations on a remote endpoint, with the embedded engine's method names,
arguments and result records, so a command or the window calls either one the same
way: `deploy`, `retry`, `delete`, `stacks`, `stack`, `outputs`, `events`,
`resources`, `template_text`.

A deployment uploads the template (once per content: the template's name carries a
digest of it), creates the stack or starts an upgrade, and follows the execution,
reporting each resource's phase changes as `EngineEvent`s.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Any, Callable, Mapping

from ..engine.errors import InvalidOptionError
from ..engine.model import (
    DeployOptions,
    DeployResult,
    EngineEvent,
    OutputValue,
    ResourceInfo,
    StackInfo,
    and_list,
)
from ..template.model import Template
from .auth import parse_time
from .client import AosClient
from .errors import NotFound, RemoteError
from .follow import DEFAULT_POLL_SECONDS, follow_deletion, follow_execution
from .models import Execution, StackEvent, is_failed_phase
from .models import StackInfo as RemoteStack
from .package import TemplatePackage

log = logging.getLogger(__name__)

EventCallback = Callable[[EngineEvent], None]

# Template names: at most 64 characters, starting with a letter.
_TEMPLATE_NAME_LIMIT = 64
_DIGEST_LENGTH = 10


def _seconds(text: str) -> float:
    moment = parse_time(text)
    return moment.timestamp() if moment else 0.0


def _engine_event(event: StackEvent) -> EngineEvent:
    return EngineEvent(
        time=_seconds(event.time),
        stack=event.stack,
        resource_name=event.resource_name or None,
        resource_type=event.resource_type or None,
        event_type=event.event_type,
        message=event.message,
        done=event.done,
        total=event.total,
    )


def _stack_info(stack: RemoteStack) -> StackInfo:
    return StackInfo(
        name=stack.name,
        id=stack.id,
        region=str(stack.raw.get("region") or ""),
        status=stack.status,
        phase=stack.phase,
        message="",
        created=_seconds(stack.created),
        updated=_seconds(stack.updated),
    )


def template_name_for(stack: str, package: TemplatePackage) -> str:
    """Name a stack's template after the stack and a digest of its content, so the
    same content is uploaded once and a changed one gets a new template."""
    digest = hashlib.sha256(package.text.encode("utf-8"))
    for name in sorted(package.files):
        digest.update(name.encode("utf-8") + b"\0" + package.files[name])
    suffix = digest.hexdigest()[:_DIGEST_LENGTH]
    head = stack if stack[:1].isalpha() else f"s-{stack}"
    head = head[: _TEMPLATE_NAME_LIMIT - _DIGEST_LENGTH - 1].rstrip("-")
    return f"{head}-{suffix}"


class RemoteStacks:
    """The stacks of one AOS endpoint, driven like the embedded engine."""

    def __init__(
        self, client: AosClient, poll_seconds: float = DEFAULT_POLL_SECONDS
    ) -> None:
        self.client = client
        self.poll_seconds = poll_seconds

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "RemoteStacks":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Queries --------------------------------------------------------------------

    def missing_inputs(self, template: Template, given: Mapping[str, Any]) -> list[str]:
        return [
            name
            for name, item in template.inputs.items()
            if not item.has_default and name not in given
        ]

    def stacks(self) -> list[StackInfo]:
        return sorted(
            (_stack_info(stack) for stack in self.client.list_stacks()),
            key=lambda info: info.name,
        )

    def stack(self, name: str) -> StackInfo:
        return _stack_info(self.client.stack(name))

    def outputs(self, name: str) -> list[OutputValue]:
        stack = self.client.stack(name)
        return [
            OutputValue(output, item.get("value"), item.get("description") or None)
            for output, item in self.client.stack_outputs(stack.id, label=name).items()
        ]

    def events(self, name: str) -> list[EngineEvent]:
        """Return the stack's events, oldest first, from its executions' event logs.

        An endpoint without event logs (AOS version 2 keeps each execution's last
        phase per resource, not every change) gives one event per resource and one
        for the stack per execution instead.
        """
        stack = self.client.stack(name)
        found: list[EngineEvent] = []
        for execution in reversed(self.client.executions(stack.id, label=name)):
            if execution.events is not None:
                found.extend(_logged_events(name, execution))
            else:
                found.extend(_last_phases(name, execution))
        return sorted(found, key=lambda event: event.time)

    def resources(self, name: str) -> list[ResourceInfo]:
        stack = self.client.stack(name)
        found = []
        for element in self.client.elements(stack.id, label=name):
            runtime = dict(element.runtime_properties)
            ids = runtime.get("refID")
            instances = ids if isinstance(ids, list) else [ids]
            for index, physical_id in enumerate(instances):
                attributes = {
                    key: _instance_value(value, index, len(instances))
                    for key, value in runtime.items()
                }
                found.append(
                    ResourceInfo(
                        resource_name=element.name,
                        instance=index,
                        resource_type=element.type,
                        physical_id=physical_id,
                        phase=element.phase,
                        attributes=attributes,
                        properties=element.properties,
                    )
                )
        return found

    def template_text(self, name: str) -> str:
        return self.client.stack_template(self.client.stack(name)).text

    # Lifecycle ------------------------------------------------------------------

    def deploy(
        self,
        template: Template | TemplatePackage,
        stack: str,
        inputs: Mapping[str, Any],
        options: DeployOptions | None = None,
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> DeployResult:
        """Upload the template, create the stack or upgrade it, and follow the
        execution to its end.

        An upgrade cannot carry AOS's Rollback strategy, so with `on_failure`
        "rollback" a failed upgrade is followed by a rollback action, as the
        embedded engine rolls back on its own.
        """
        options = options or DeployOptions()
        package = (
            template
            if isinstance(template, TemplatePackage)
            else TemplatePackage(text=template.text)
        )
        template_id = self._upload(stack, package)
        existing = self.client.find_stack(stack)
        settings: dict[str, Any] = {
            "inputs": dict(inputs),
            "timeout_minutes": int(round(options.timeout)),
        }
        strategy = "Rollback" if options.on_failure == "rollback" else "DoNothing"
        if existing is None:
            created = self.client.create_stack(
                stack,
                template_id,
                settings["inputs"],
                timeout_minutes=settings["timeout_minutes"],
                failure_strategy=strategy,
            )
            latest = self.client.executions(created.id, last=True, label=stack)
            if not latest:
                raise RemoteError(
                    f"create stack {stack}: the endpoint started no execution"
                )
            return self._follow(created, latest[0].id, on_event, cancel)
        changed = template_id if template_id != existing.template_id else None
        if existing.status == "Running":
            return self._upgrade(existing, changed, settings, options, on_event, cancel)
        # A stack whose creation failed or was rolled back is created again.
        started = self.client.run_action(
            existing.id,
            "create",
            failure_strategy=strategy,
            template_id=changed,
            label=stack,
            **settings,
        )
        return self._follow(existing, started.action_id, on_event, cancel)

    def _upgrade(
        self,
        stack: RemoteStack,
        template_id: str | None,
        settings: dict[str, Any],
        options: DeployOptions,
        on_event: EventCallback | None,
        cancel: threading.Event | None,
    ) -> DeployResult:
        """Upgrade a running stack, and roll it back after a failure when the
        options ask for that."""
        started = self.client.run_action(
            stack.id,
            "upgrade",
            failure_strategy="DoNothing",
            template_id=template_id,
            label=stack.name,
            **settings,
        )
        result = self._follow(stack, started.action_id, on_event, cancel)
        if result.succeeded or options.on_failure != "rollback":
            return result
        log.info("upgrade of stack %s failed; rolling it back", stack.name)
        undo = self.client.run_action(stack.id, "rollback", label=stack.name)
        rolled = self._follow(stack, undo.action_id, on_event, cancel)
        # The built-in engine words the message of an upgrade it rolled back so.
        failure = (
            f"{and_list(list(result.failed_resources))} failed"
            if result.failed_resources
            else result.message
        )
        if rolled.phase == "RollbackSucceeded":
            message = f"rolled back after {failure}"
        else:
            message = f"{failure}; {rolled.message}".strip("; ")
        return DeployResult(
            stack=stack.name,
            deployment_id=rolled.deployment_id,
            phase=rolled.phase,
            status=rolled.status,
            message=message,
            succeeded=False,
            failed_resources=result.failed_resources,
            remaining=rolled.failed_resources,
        )

    def retry(
        self,
        stack: str,
        inputs: Mapping[str, Any] | None = None,
        options: DeployOptions | None = None,
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> DeployResult:
        existing = self.client.stack(stack)
        minutes = int(round(options.timeout)) if options else None
        started = self.client.run_action(
            existing.id,
            "retry",
            inputs=dict(inputs) if inputs else None,
            timeout_minutes=minutes,
            label=stack,
        )
        return self._follow(existing, started.action_id, on_event, cancel)

    def delete(
        self,
        stack: str,
        keep_resources: bool = False,
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        options: DeployOptions | None = None,
    ) -> DeployResult:
        """Delete the stack and its resources and wait until it is gone."""
        if keep_resources:
            raise InvalidOptionError(
                "keeping the resources of a deleted stack is not offered by the AOS "
                "API version 2; delete the stack with its resources instead"
            )
        existing = self.client.stack(stack)
        self.client.delete_stack(existing.id, label=stack)
        follow_deletion(
            self.client,
            existing,
            on_event=_converted(on_event),
            cancel=cancel,
            poll_seconds=self.poll_seconds,
            timeout=options.timeout * 60 if options and options.timeout else None,
        )
        return DeployResult(
            stack=stack,
            deployment_id="",
            phase="DeleteSucceeded",
            status="Deleted",
            message="deleted",
            succeeded=True,
        )

    def cancel(self, stack: str) -> bool:
        raise RemoteError(
            f"cannot cancel the execution of stack {stack}: the AOS API has no call that "
            "stops a running action"
        )

    # Helpers --------------------------------------------------------------------

    def _upload(self, stack: str, package: TemplatePackage) -> str:
        name = template_name_for(stack, package)
        found = self.client.find_template(name)
        if found is not None:
            log.info("template %s is on the endpoint already", name)
            return found.id
        return self.client.create_template(
            name, package, description=f"template of stack {stack}"
        ).id

    def _follow(
        self,
        stack: RemoteStack,
        action_id: str,
        on_event: EventCallback | None,
        cancel: threading.Event | None,
    ) -> DeployResult:
        execution = follow_execution(
            self.client,
            stack,
            action_id,
            on_event=_converted(on_event),
            cancel=cancel,
            poll_seconds=self.poll_seconds,
        )
        return self._result(stack, execution)

    def _result(self, stack: RemoteStack, execution: Execution) -> DeployResult:
        failed = tuple(
            sorted(
                element.name
                for element in execution.elements
                if is_failed_phase(element.phase)
            )
        )
        status = ""
        outputs: tuple[OutputValue, ...] = ()
        try:
            current = self.client.get_stack(stack.id, label=stack.name)
            status = current.status
        except NotFound:
            status = "Deleted"
        if execution.succeeded and status != "Deleted":
            outputs = tuple(self.outputs(stack.name))
        return DeployResult(
            stack=stack.name,
            deployment_id=execution.id,
            phase=execution.stack_phase,
            status=status,
            message=execution.message,
            succeeded=execution.succeeded,
            failed_resources=failed,
            outputs=outputs,
        )


def _logged_events(stack: str, execution: Execution) -> list[EngineEvent]:
    return [
        EngineEvent(
            time=_seconds(item.time),
            stack=stack,
            resource_name=item.name or None,
            resource_type=item.type or None,
            event_type=item.phase,
            message=item.message,
            done=item.done,
            total=item.total,
        )
        for item in execution.events or ()
    ]


def _last_phases(stack: str, execution: Execution) -> list[EngineEvent]:
    total = len(execution.elements)
    done = execution.done_count
    found = [
        EngineEvent(
            time=_seconds(element.updated or execution.updated),
            stack=stack,
            resource_name=element.name,
            resource_type=element.type or None,
            event_type=element.phase,
            message=element.message,
            done=done,
            total=total,
        )
        for element in execution.elements
    ]
    if execution.stack_phase:
        found.append(
            EngineEvent(
                time=_seconds(execution.updated),
                stack=stack,
                resource_name=None,
                resource_type=None,
                event_type=execution.stack_phase,
                message=execution.message,
                done=done,
                total=total,
            )
        )
    return found


def _converted(on_event: EventCallback | None) -> Callable[[StackEvent], None] | None:
    if on_event is None:
        return None

    def forward(event: StackEvent) -> None:
        on_event(_engine_event(event))

    return forward


def _instance_value(value: Any, index: int, count: int) -> Any:
    """Return instance `index`'s share of an attribute of an element with `count`
    instances: its item when the value has one item per instance, else the whole
    value."""
    if count > 1 and isinstance(value, list) and len(value) == count:
        return value[index]
    return value
