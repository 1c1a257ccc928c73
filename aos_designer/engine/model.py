"""The engine's vocabulary: AOS phase names, plan actions and the records it returns.

Phase names are those of the AOS version 2 API (`Creating`, `CreateSucceeded`,
`Rollbacking`...). Plan actions are those of AOS execution plans (`ADD`, `UPDATE`...).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

# Plan actions.
ADD = "ADD"
UPDATE = "UPDATE"
DELETE = "DELETE"
DELETE_THEN_ADD = "DELETE_THEN_ADD"
NO_OPERATION = "NO_OPERATION"
ACTIONS = (ADD, UPDATE, DELETE, DELETE_THEN_ADD, NO_OPERATION)

# Stack status values of the AOS API.
STATUS_PROCESSING = "Processing"
STATUS_RUNNING = "Running"
STATUS_ABNORMAL = "Abnormal"
STATUS_STOPPED = "Stopped"
STATUS_DELETED = "Deleted"

ON_FAILURE_ROLLBACK = "rollback"
ON_FAILURE_KEEP = "keep"
# The AOS API's names for the two failure strategies.
FAILURE_STRATEGIES = {ON_FAILURE_ROLLBACK: "Rollback", ON_FAILURE_KEEP: "DoNothing"}


def phase(verb: str, outcome: str = "") -> str:
    """Return the AOS phase for a verb (`Create`, `Upgrade`, `Delete`, `Rollback`) and an
    outcome (`""` for in progress, `Succeeded`, `Failed`, `Cancelled`)."""
    if outcome:
        return f"{verb}{outcome}"
    return {
        "Create": "Creating",
        "Upgrade": "Upgrading",
        "Delete": "Deleting",
        "Rollback": "Rollbacking",
    }[verb]


CREATING, CREATE_SUCCEEDED, CREATE_FAILED = (
    "Creating",
    "CreateSucceeded",
    "CreateFailed",
)
UPGRADING, UPGRADE_SUCCEEDED, UPGRADE_FAILED = (
    "Upgrading",
    "UpgradeSucceeded",
    "UpgradeFailed",
)
DELETING, DELETE_SUCCEEDED, DELETE_FAILED = (
    "Deleting",
    "DeleteSucceeded",
    "DeleteFailed",
)
ROLLBACKING, ROLLBACK_SUCCEEDED, ROLLBACK_FAILED = (
    "Rollbacking",
    "RollbackSucceeded",
    "RollbackFailed",
)

SECRET_MASK = "******"


@dataclass(frozen=True, slots=True)
class EngineEvent:
    """One change of a stack or of one of its resources.

    `resource_name` is None for an event of the stack itself. `event_type` is an AOS
    phase name. `done` and `total` count the operations of the running deployment.
    """

    time: float
    stack: str
    resource_name: str | None
    resource_type: str | None
    event_type: str
    message: str
    done: int = 0
    total: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "time": iso_time(self.time),
            "resource_name": self.resource_name,
            "resource_type": self.resource_type,
            "event_type": self.event_type,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class DeployOptions:
    """How a deployment runs.

    `timeout` is in minutes (AOS's unit, default 60). `time_scale` multiplies the
    simulated provider's per-type times: 1 is real time, 0 is instant. `simulate_fail`
    names resources whose creation or update the simulated provider fails.
    `failure_rate` is the chance, from 0 to 1, that a creation or update fails. The
    draws come from a generator seeded with `failure_seed`, or from an unseeded one
    when it is None.
    """

    parallelism: int = 10
    on_failure: str = ON_FAILURE_ROLLBACK
    timeout: float = 60.0
    time_scale: float = 0.01
    simulate_fail: tuple[str, ...] = ()
    failure_rate: float = 0.0
    failure_seed: int | None = None
    region: str | None = None

    def as_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["simulate_fail"] = list(self.simulate_fail)
        return document

    def without_injected_failures(self) -> DeployOptions:
        """Return these options with no failure to inject: failures are injected
        into the operations of the deployment they were given for, never into its
        rollback or a later retry."""
        return replace(self, simulate_fail=(), failure_rate=0.0)

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> DeployOptions:
        known = {
            key: document[key] for key in cls.__dataclass_fields__ if key in document
        }
        if "simulate_fail" in known:
            known["simulate_fail"] = tuple(known["simulate_fail"])
        return cls(**known)


@dataclass(frozen=True, slots=True)
class KnownAfterApply:
    """A planned value that is known only after the deployment has created, replaced
    or updated the resources it reads.

    `sources` names each runtime attribute it reads whose new value is not known yet,
    as `RESOURCE.ATTRIBUTE`. The plan shows it as the new value of the property.
    """

    sources: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {KNOWN_AFTER_APPLY: list(self.sources)}

    def __str__(self) -> str:
        return f"(known after apply: {', '.join(self.sources)})"


# The key of the JSON object that stands for a `KnownAfterApply` value in a plan.
KNOWN_AFTER_APPLY = "known_after_apply"


def plain_value(value: Any) -> Any:
    """Return `value` with each `KnownAfterApply` inside it in its JSON form."""
    if isinstance(value, KnownAfterApply):
        return value.as_json()
    if isinstance(value, dict):
        return {key: plain_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class PropertyChange:
    """One changed value of a resource: its JSON pointer under `properties`.

    In a plan, `new` contains a `KnownAfterApply` wherever the value depends on an
    attribute that the deployment changes before it can be read.
    """

    path: str
    old: Any
    new: Any

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": plain_value(self.new)}


@dataclass(frozen=True, slots=True)
class PlanItem:
    """What a deployment does to one resource of the template or of the stack.

    `old_instances` and `new_instances` count the resource's instances before and
    after; `reason` explains why an item replaces its resource.
    """

    resource_name: str
    resource_type: str
    action: str
    changes: tuple[PropertyChange, ...] = ()
    old_instances: int = 0
    new_instances: int = 0
    reason: str = ""

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "resource_name": self.resource_name,
            "resource_type": self.resource_type,
            "action": self.action,
            "changes": [change.as_json() for change in self.changes],
        }
        if self.old_instances != self.new_instances:
            document["instances"] = {
                "old": self.old_instances,
                "new": self.new_instances,
            }
        if self.reason:
            document["reason"] = self.reason
        return document


@dataclass(frozen=True)
class PlanProblem:
    """A rule of the provider that a planned resource breaks.

    `path` is the property's dotted path (`rootVolume.size`). `value` is the value
    as a message shows it, `******` for a secret, or None when the property is
    missing. `requirement` is what the value must be ("must be from 1 to 1024").
    """

    resource_name: str
    resource_type: str
    path: str
    value: str | None
    rule: str
    requirement: str

    def as_text(self) -> str:
        """Return `NAME (TYPE): RULE: PATH VALUE REQUIREMENT`, or `NAME (TYPE):
        RULE: REQUIREMENT` for a rule about no single property, such as a quota."""
        if not self.path:
            return (
                f"{self.resource_name} ({self.resource_type}): {self.rule}: "
                f"{self.requirement}"
            )
        value = "" if self.value is None else f" {self.value}"
        return (
            f"{self.resource_name} ({self.resource_type}): {self.rule}: "
            f"{self.path}{value} {self.requirement}"
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RemovedByCondition:
    """A resource of the template that a false condition leaves out of a plan."""

    resource_name: str
    resource_type: str
    condition: str

    def as_json(self) -> dict[str, Any]:
        return {
            "resource_name": self.resource_name,
            "resource_type": self.resource_type,
            "condition": self.condition,
        }


@dataclass(frozen=True)
class Plan:
    """The execution plan of one deployment: an item per resource, in creation order.

    `base_revision` is the stack's state revision the plan was computed against; a
    deployment given this plan refuses to run when the stack has changed since.
    `removed_by_condition` lists the template's resources that a false condition
    leaves out; one that the stack contains also has a DELETE item.
    """

    stack: str
    region: str
    items: tuple[PlanItem, ...]
    base_revision: int
    template_digest: str
    inputs_digest: str
    removed_by_condition: tuple[RemovedByCondition, ...] = ()

    def item(self, resource_name: str) -> PlanItem:
        for item in self.items:
            if item.resource_name == resource_name:
                return item
        raise KeyError(resource_name)

    @property
    def has_changes(self) -> bool:
        return any(item.action != NO_OPERATION for item in self.items)

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "stack": self.stack,
            "region": self.region,
            "items": [item.as_json() for item in self.items],
        }
        if self.removed_by_condition:
            document["removed_by_condition"] = [
                removed.as_json() for removed in self.removed_by_condition
            ]
        return document


@dataclass(frozen=True, slots=True)
class StackInfo:
    name: str
    id: str
    region: str
    status: str
    phase: str
    message: str
    created: float
    updated: float

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "id": self.id,
            "status": self.status,
            "phase": self.phase,
            "updated": iso_time(self.updated),
            "region": self.region,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class ResourceInfo:
    """One instance of a stack resource as the state records it."""

    resource_name: str
    instance: int
    resource_type: str
    physical_id: str | None
    phase: str
    attributes: dict[str, Any]
    properties: dict[str, Any]
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "resource_name": self.resource_name,
            "resource_type": self.resource_type,
            "physical_id": self.physical_id,
            "phase": self.phase,
            "attributes": self.attributes,
            "instance": self.instance,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class OutputValue:
    """An output of a stack. `note` is the reason it has no value, when known."""

    name: str
    value: Any
    description: str | None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        document = {
            "name": self.name,
            "value": self.value,
            "description": self.description,
        }
        if self.note:
            document["note"] = self.note
        return document


@dataclass(frozen=True, slots=True)
class DriftItem:
    """A difference between what the engine applied and what the cloud holds.

    `kind` is "modified" (a property changed behind the engine's back) or "deleted"
    (the resource is gone). `parts` describe its side-effect resources, such as a
    server's EIP, that were deleted or changed.
    """

    resource_name: str
    instance: int
    resource_type: str
    physical_id: str | None
    kind: str
    changes: tuple[PropertyChange, ...] = ()
    parts: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "resource_name": self.resource_name,
            "instance": self.instance,
            "resource_type": self.resource_type,
            "physical_id": self.physical_id,
            "kind": self.kind,
            "changes": [
                {"path": c.path, "expected": c.old, "actual": c.new}
                for c in self.changes
            ],
            "parts": list(self.parts),
        }


@dataclass(frozen=True)
class DeployResult:
    """The outcome of an engine operation.

    `succeeded` is true when the stack reached the operation's target state; a
    deployment that failed and rolled back cleanly has `succeeded` false and `phase`
    `RollbackSucceeded`. `failed_resources` names the resources whose operation failed
    and `remaining` the resources a failed rollback left behind.
    """

    stack: str
    deployment_id: str
    phase: str
    status: str
    message: str
    succeeded: bool
    plan: Plan | None = None
    failed_resources: tuple[str, ...] = ()
    remaining: tuple[str, ...] = ()
    outputs: tuple[OutputValue, ...] = field(default_factory=tuple)


def iso_time(seconds: float | None) -> str | None:
    """Return a UTC time in ISO 8601 form with milliseconds."""
    if seconds is None:
        return None
    whole = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{whole}.{int((seconds % 1) * 1000):03d}Z"


def and_list(values: list[Any]) -> str:
    """Join values for a sentence: "a", "a and b", "a, b and c"."""
    texts = [str(value) for value in values]
    if len(texts) == 1:
        return texts[0]
    return f"{', '.join(texts[:-1])} and {texts[-1]}"
