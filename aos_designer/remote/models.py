"""What the AOS API returns, as plain read-only records built from its JSON.

Each record keeps the JSON it came from in `raw`, so fields this module does not read
are still at hand.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

# Execution phases: AOS names the end of an execution `Succeeded` or `Failed`.
EXECUTION_RUNNING = "Running"
EXECUTION_SUCCEEDED = "Succeeded"
EXECUTION_FAILED = "Failed"

# Stack and element phase suffixes that mean an operation has ended.
SUCCESS_SUFFIX = "Succeeded"
FAILURE_SUFFIXES = ("Failed", "Cancelled")


def is_final_phase(phase: str) -> bool:
    """Tell whether a stack or element phase (`CreateSucceeded`, `RollbackFailed`) is
    the end of an operation."""
    return phase.endswith(SUCCESS_SUFFIX) or phase.endswith(FAILURE_SUFFIXES)


def is_failed_phase(phase: str) -> bool:
    return phase.endswith(FAILURE_SUFFIXES)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def decode_inputs(value: Any) -> dict[str, Any]:
    """Decode a stack's `inputs_json`, which AOS returns as a JSON-encoded string."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip():
        try:
            decoded = json.loads(value)
        except json.JSONDecodeError:
            log.warning("a stack's inputs_json is not valid JSON; ignoring it")
            return {}
        return decoded if isinstance(decoded, dict) else {}
    return {}


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    name: str
    version: str
    description: str
    created: str
    updated: str
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "TemplateInfo":
        return cls(
            id=_text(data.get("id")),
            name=_text(data.get("name")),
            version=_text(data.get("version")),
            description=_text(data.get("description")),
            created=_text(data.get("create_time") or data.get("create_at")),
            updated=_text(data.get("update_time") or data.get("update_at")),
            raw=data,
        )


@dataclass(frozen=True)
class StackInfo:
    id: str
    name: str
    status: str
    phase: str
    template_id: str
    template_name: str
    project_id: str
    description: str
    inputs: dict[str, Any]
    labels: Any
    created: str
    updated: str
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "StackInfo":
        status = _dict(_dict(data.get("object")).get("status"))
        return cls(
            id=_text(data.get("guid") or data.get("id")),
            name=_text(data.get("name")),
            status=_text(data.get("status")),
            phase=_text(status.get("phase")),
            template_id=_text(data.get("template_id")),
            template_name=_text(data.get("template_name")),
            project_id=_text(data.get("project_id")),
            description=_text(data.get("description")),
            inputs=decode_inputs(data.get("inputs_json")),
            labels=data.get("labels"),
            created=_text(data.get("create_at")),
            updated=_text(data.get("update_at")),
            raw=data,
        )


@dataclass(frozen=True)
class ElementStatus:
    """One resource's state inside an execution."""

    name: str
    type: str
    phase: str
    message: str
    updated: str

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "ElementStatus":
        return cls(
            name=_text(data.get("name")),
            type=_text(data.get("type")),
            phase=_text(data.get("phase")),
            message=_text(data.get("message")),
            updated=_text(data.get("update_at")),
        )


def _count(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


@dataclass(frozen=True)
class ExecutionEvent:
    """One change of the stack's phase (`name` empty) or of a resource's phase
    during an execution, from the event log that this program's server adds."""

    time: str
    name: str
    type: str
    phase: str
    message: str
    done: int
    total: int

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "ExecutionEvent":
        return cls(
            time=_text(data.get("time")),
            name=_text(data.get("name")),
            type=_text(data.get("type")),
            phase=_text(data.get("phase")),
            message=_text(data.get("message")),
            done=_count(data.get("done")),
            total=_count(data.get("total")),
        )


@dataclass(frozen=True)
class Execution:
    """One lifecycle action of a stack and how far it has come.

    `events` is the execution's event log, oldest first, or None when the endpoint
    sends none: Huawei's service returns only the last phase of each resource.
    """

    id: str
    stack_id: str
    lifecycle: str
    phase: str
    stack_phase: str
    progress: int
    message: str
    elements: tuple[ElementStatus, ...]
    created: str
    updated: str
    raw: dict[str, Any] = field(repr=False, compare=False)
    events: tuple[ExecutionEvent, ...] | None = None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Execution":
        status = _dict(data.get("status"))
        object_status = _dict(status.get("objectStatus"))
        elements = tuple(
            ElementStatus.from_api(item)
            for item in status.get("subObjectStatuses") or []
            if isinstance(item, dict)
        )
        try:
            progress = int(status.get("progress") or 0)
        except (TypeError, ValueError):
            progress = 0
        log_items = data.get("events")
        events = (
            tuple(
                ExecutionEvent.from_api(item)
                for item in log_items
                if isinstance(item, dict)
            )
            if isinstance(log_items, list)
            else None
        )
        return cls(
            id=_text(data.get("action_id") or data.get("id")),
            stack_id=_text(data.get("stack_id")),
            lifecycle=_text(data.get("lifecycle") or data.get("action")),
            phase=_text(status.get("phase")),
            stack_phase=_text(object_status.get("phase")),
            progress=max(0, min(progress, 100)),
            message=_text(status.get("message")),
            elements=elements,
            created=_text(data.get("create_at")),
            updated=_text(data.get("update_at")),
            raw=data,
            events=events,
        )

    @property
    def finished(self) -> bool:
        if self.phase in (EXECUTION_SUCCEEDED, EXECUTION_FAILED):
            return True
        return self.phase != EXECUTION_RUNNING and is_final_phase(self.stack_phase)

    @property
    def succeeded(self) -> bool:
        if self.phase == EXECUTION_SUCCEEDED:
            return True
        if self.phase == EXECUTION_FAILED:
            return False
        return self.stack_phase.endswith(SUCCESS_SUFFIX)

    @property
    def done_count(self) -> int:
        return sum(1 for element in self.elements if is_final_phase(element.phase))


@dataclass(frozen=True)
class Element:
    """A resource of a deployed stack."""

    name: str
    type: str
    properties: dict[str, Any]
    runtime_properties: dict[str, Any]
    relationships: Any
    phase: str
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Element":
        action_status = data.get("action_status")
        phase = (
            _text(_dict(action_status).get("phase"))
            if isinstance(action_status, dict)
            else _text(action_status)
        )
        return cls(
            name=_text(data.get("name")),
            type=_text(data.get("type")),
            properties=_dict(data.get("properties")),
            runtime_properties=_dict(data.get("runtime_properties")),
            relationships=data.get("relationships"),
            phase=phase,
            raw=data,
        )

    @property
    def physical_id(self) -> str:
        return _text(self.runtime_properties.get("refID"))


@dataclass(frozen=True)
class StackEvent:
    """A change of one resource's phase, or of the stack's, seen while following an
    execution. The fields match the embedded engine's events, so one view shows both."""

    time: str
    stack: str
    resource_name: str
    resource_type: str
    event_type: str
    message: str
    done: int
    total: int
