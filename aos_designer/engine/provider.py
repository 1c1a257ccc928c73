"""The provider plug-in interface: the calls the engine makes to a cloud, per resource.

A provider creates, reads, updates and deletes one resource instance at a time. Every
call gets a `CallContext` with a deadline and a cancel flag, and must raise
`ProviderTimeout` when the deadline passes. `create` takes a client token: a provider
must let `find` return the resource made with that token, so that the engine can adopt
a resource whose creation was interrupted before its id was recorded.

`check` tells the rules a resource's properties break without calling the cloud, so
the engine can refuse a plan that would fail halfway, before anything is created.
`check_planned` does the same for the rules that compare a whole plan with what the
cloud already holds, such as unique names and quotas.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ..catalog.checks import MISSING, RuleProblem

__all__ = [
    "MISSING",
    "SECRET_MASK",
    "UNKNOWN",
    "CallContext",
    "CheckContext",
    "PlanContext",
    "PlannedProblem",
    "PlannedResource",
    "Provider",
    "ProviderError",
    "ProviderResource",
    "ProviderTimeout",
    "ResourceRequest",
    "RuleProblem",
    "mask_paths",
]


class _Unknown:
    """A property value that is known only after apply, as `check` receives it."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class ProviderError(Exception):
    """A provider call failed. `rule` names the cloud rule that rejected the request,
    when there is one."""

    def __init__(self, message: str, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule


class ProviderTimeout(ProviderError):
    """The call did not finish before its deadline."""


@dataclass(frozen=True)
class CallContext:
    """The context of one provider call: its deadline (a `time.monotonic()` value or
    None), a cancel flag, the stack's region and the deployment's options."""

    region: str
    stack: str
    resource_name: str
    deadline: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    time_scale: float = 0.0
    simulate_fail: bool = False
    failure_rate: float = 0.0
    failure_seed: int | None = None

    def remaining(self) -> float | None:
        if self.deadline is None:
            return None
        return self.deadline - time.monotonic()


@dataclass(frozen=True)
class CheckContext:
    """The facts a property check uses besides the properties: the stack's region
    and the resource's name in the template."""

    region: str
    resource_name: str = ""


@dataclass(frozen=True)
class PlannedResource:
    """A resource of the template as a plan leaves it, for `check_planned`.

    `action` is the plan's action: "ADD", "UPDATE", "DELETE_THEN_ADD" or
    "NO_OPERATION". `properties` hold `UNKNOWN` for each value not known at plan
    time. `sources` are the same properties with each unknown value described
    instead, so two unknown values that read the same attribute compare equal.
    `instances` counts its instances after the deployment, `old_instances` before.
    """

    name: str
    type: str
    action: str
    properties: dict[str, Any]
    sources: dict[str, Any]
    instances: int
    old_instances: int


@dataclass(frozen=True)
class PlanContext:
    """The facts `check_planned` uses besides the plan: the stack's region, the
    physical ids the stack owns now, and a description of the owner of every other
    physical id that a stack owns ("resource vpc of stack shop")."""

    region: str
    own_ids: frozenset[str] = frozenset()
    holders: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedProblem:
    """A rule of the cloud that the resource `resource_name` of a plan breaks."""

    resource_name: str
    problem: RuleProblem


@dataclass(frozen=True)
class ResourceRequest:
    """The desired state of one resource instance.

    `name` is the resource's name in the template; `instance` counts from 0 among the
    `instances` of the resource.
    `properties` are resolved: no function call is left in them. `secret_paths` are the
    JSON pointers of values that hold a secret input, which a provider must not store
    or show as they are. `client_token` is unique per creation attempt.
    """

    type: str
    name: str
    properties: dict[str, Any]
    client_token: str
    instance: int = 0
    instances: int = 1
    secret_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProviderResource:
    """One resource as the provider stores it."""

    id: str
    type: str
    name: str
    properties: dict[str, Any]
    attributes: dict[str, Any]
    region: str = ""
    owner: str | None = None


class Provider(ABC):
    """A cloud the engine deploys to."""

    name = "provider"

    @abstractmethod
    def create(
        self, request: ResourceRequest, context: CallContext
    ) -> ProviderResource:
        """Create one resource instance and return it with its attributes."""

    @abstractmethod
    def read(self, resource_type: str, physical_id: str) -> ProviderResource | None:
        """Return the resource as the cloud stores it now, or None when it is gone."""

    @abstractmethod
    def update(
        self, physical_id: str, request: ResourceRequest, context: CallContext
    ) -> ProviderResource:
        """Change a resource in place to match `request`."""

    @abstractmethod
    def delete(
        self, resource_type: str, physical_id: str, context: CallContext
    ) -> None:
        """Delete a resource; deleting one that is already gone is not an error."""

    @abstractmethod
    def find(self, client_token: str) -> ProviderResource | None:
        """Return the resource a `create` with this token made, if any."""

    def part_drift(self, resource: ProviderResource) -> tuple[str, ...]:
        """Describe each side-effect resource of `resource`, such as a server's EIP
        or disks, that was deleted or changed outside the engine. The engine
        replaces a resource with such drift. This default returns none."""
        return ()

    def immutable_properties(self, resource_type: str) -> frozenset[str] | None:
        """Return the top-level properties whose change needs a replacement, or None
        when any change does."""
        return frozenset()

    def attribute_names(self, resource_type: str) -> tuple[str, ...]:
        return ("refID", "refName")

    def attributes_changed_by_update(
        self, resource_type: str, properties: Iterable[str]
    ) -> frozenset[str]:
        """Return the attributes whose values an in-place update of the given
        top-level properties may change.

        The planner treats these as known only after the update. This default does
        not know the cloud, so it assumes that any update may change every attribute
        except `refID`, which an update keeps by definition.
        """
        if not any(True for _ in properties):
            return frozenset()
        return frozenset(self.attribute_names(resource_type)) - {"refID"}

    def estimated_seconds(self, resource_type: str, action: str) -> float:
        """Return the expected duration of an action, at the provider's time scale 1."""
        return 0.0

    def check_region(self, region: str) -> None:
        """Raise `ProviderError` when the cloud has no such region."""

    def check(
        self, resource_type: str, properties: dict[str, Any], context: CheckContext
    ) -> list[RuleProblem]:
        """Return every rule of the cloud that a resource with these properties
        breaks, without calling the cloud.

        A value known only after apply is `UNKNOWN`, and a rule that needs it is
        skipped. The engine calls this for each resource a plan creates or changes,
        and refuses the plan when any rule is broken. This default knows no rules.
        """
        return []

    def check_planned(
        self, resources: Sequence[PlannedResource], context: PlanContext
    ) -> list[PlannedProblem]:
        """Return every rule of the cloud that deploying `resources`, the template's
        resources in plan order, would break given what the cloud contains now: a
        unique name already taken, or a quota exceeded. A name that one of the
        stack's own resources (`context.own_ids`) has is not taken, because the
        plan keeps, replaces or deletes that resource. This default has no such
        rules.
        """
        return []

    def instances_is_property(self, resource_type: str) -> bool:
        """Tell whether the type takes `instances` as a property of one resource,
        such as the node count of a node pool. When it does not (the default), the
        engine deploys `instances` copies of the resource."""
        return False


SECRET_MASK = "******"


def mask_paths(
    properties: dict[str, Any], paths: tuple[str, ...] | list[str]
) -> dict[str, Any]:
    """Return a copy of `properties` with the value at each JSON pointer masked."""
    if not paths:
        return properties
    masked: Any = _copy(properties)
    for pointer in paths:
        parts = [
            part.replace("~1", "/").replace("~0", "~")
            for part in pointer.split("/")[1:]
        ]
        if not parts:
            continue
        container = masked
        for part in parts[:-1]:
            container = (
                container[int(part)]
                if isinstance(container, list)
                else container.get(part)
            )
            if container is None:
                break
        else:
            last = parts[-1]
            if isinstance(container, list):
                container[int(last)] = SECRET_MASK
            elif isinstance(container, dict) and last in container:
                container[last] = SECRET_MASK
    return masked


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
