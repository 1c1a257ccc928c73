"""The simulated Huawei Cloud: the default provider.

Its resources live in the `sandbox_resources` table of the engine's database, so they
survive restarts, and anyone may change them behind the engine's back (`sandbox set`),
which the engine then reports as drift. A create waits for the type's time multiplied
by the time scale, checks the type's rules and stores the resource with its side-effect
resources in one transaction, so a killed process leaves either all of it or none.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from typing import Any, Iterable, Sequence

from ..database import Database
from ..provider import (
    UNKNOWN,
    CallContext,
    CheckContext,
    PlanContext,
    PlannedProblem,
    PlannedResource,
    Provider,
    ProviderError,
    ProviderResource,
    ProviderTimeout,
    ResourceRequest,
    RuleProblem,
    mask_paths,
)
from . import network
from .checks import check_properties, describe_problems
from .placement import (
    create_side_effects,
    dumps,
    new_id,
    runtime_attributes,
    store_resource,
    suffix,
)
from .console import check_paths, check_quota_type, check_rules
from .parts import part_drift
from .plan_rules import count_in_region, planned_problems, type_quota
from .regions import region_problem
from .rules import RuleContext, RuleViolation
from .types import TypeSpec, has_full_schema, type_spec

log = logging.getLogger(__name__)

SANDBOX_SCHEMA = """
CREATE TABLE IF NOT EXISTS sandbox_resources (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    type_name TEXT NOT NULL,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    properties TEXT NOT NULL,
    attributes TEXT NOT NULL,
    owner TEXT,
    client_token TEXT UNIQUE,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sandbox_type ON sandbox_resources (type, region);
CREATE INDEX IF NOT EXISTS sandbox_owner ON sandbox_resources (owner);
CREATE TABLE IF NOT EXISTS sandbox_addresses (
    network TEXT NOT NULL,
    address TEXT NOT NULL,
    holder TEXT NOT NULL,
    PRIMARY KEY (network, address)
);
CREATE INDEX IF NOT EXISTS sandbox_address_holder ON sandbox_addresses (holder);
CREATE TABLE IF NOT EXISTS sandbox_quotas (type TEXT PRIMARY KEY, quota INTEGER NOT NULL);
"""

# Property keys that hold the id of another resource; a resource still named by one
# of them cannot be deleted.
REFERENCE_KEYS = (
    "vpcId",
    "subnetId",
    "securityGroupId",
    "loadBalancerId",
    "clusterId",
    "instanceId",
)
# How long a simulated wait sleeps between looks at its deadline, in seconds.
WAIT_SLICE = 0.05


class SimulatedCloud(Provider):
    """A local simulation of Huawei Cloud in the engine's database."""

    name = "simulated"

    def __init__(self, database: Database) -> None:
        self.db = database
        database.apply_schema(SANDBOX_SCHEMA)

    # Facts about types, for the engine

    def immutable_properties(self, resource_type: str) -> frozenset[str] | None:
        return type_spec(resource_type).immutable

    def attribute_names(self, resource_type: str) -> tuple[str, ...]:
        return type_spec(resource_type).attributes

    def attributes_changed_by_update(
        self, resource_type: str, properties: Iterable[str]
    ) -> frozenset[str]:
        altered = type_spec(resource_type).altered_by_update
        if altered is None:
            return super().attributes_changed_by_update(resource_type, properties)
        return frozenset(
            attribute for name in properties for attribute in altered.get(name, ())
        )

    def estimated_seconds(self, resource_type: str, action: str) -> float:
        spec = type_spec(resource_type)
        return {
            "create": spec.create_seconds,
            "update": spec.update_seconds,
            "delete": spec.delete_seconds,
        }.get(action, 0.0)

    def check_region(self, region: str) -> None:
        problem = region_problem(region)
        if problem:
            raise ProviderError(problem, rule="region")

    def check(
        self, resource_type: str, properties: dict[str, Any], context: CheckContext
    ) -> list[RuleProblem]:
        return check_properties(
            resource_type, properties, context.region, lambda value: value is UNKNOWN
        )

    def check_planned(
        self, resources: Sequence[PlannedResource], context: PlanContext
    ) -> list[PlannedProblem]:
        return planned_problems(self.db.connection(), resources, context)

    def instances_is_property(self, resource_type: str) -> bool:
        return type_spec(resource_type).instances_property

    # Calls

    def create(
        self, request: ResourceRequest, context: CallContext
    ) -> ProviderResource:
        spec = type_spec(request.type)
        existing = self.find(request.client_token)
        if existing is not None:
            return existing
        self._wait(spec.create_seconds, context, "create", request)
        self._inject_failure(context, "create", request)
        try:
            with self.db.transaction() as connection:
                row = connection.execute(
                    "SELECT id FROM sandbox_resources WHERE client_token = ?",
                    (request.client_token,),
                ).fetchone()
                if row is not None:
                    found = self._read(connection, row[0])
                    assert found is not None
                    return found
                return self._insert(connection, spec, request, context)
        except RuleViolation as violation:
            raise self._error(request, context, violation) from None

    def update(
        self, physical_id: str, request: ResourceRequest, context: CallContext
    ) -> ProviderResource:
        spec = type_spec(request.type)
        self._wait(spec.update_seconds, context, "update", request)
        self._inject_failure(context, "update", request)
        try:
            with self.db.transaction() as connection:
                current = self._read(connection, physical_id)
                if current is None:
                    raise ProviderError(
                        f"{context.resource_name}: {request.type} {physical_id} not found; "
                        "it was deleted outside the engine",
                        rule="resource exists",
                    )
                self._check(connection, spec, request, context, physical_id, current)
                stored = mask_paths(request.properties, request.secret_paths)
                name = self._name_after_update(spec, request, current)
                self._check_unique(
                    connection, spec, request, context.region, name, physical_id
                )
                return self._rewrite(connection, current, stored, name)
        except RuleViolation as violation:
            raise self._error(request, context, violation) from None

    def delete(
        self, resource_type: str, physical_id: str, context: CallContext
    ) -> None:
        spec = type_spec(resource_type)
        self._wait(spec.delete_seconds, context, "delete", None)
        with self.db.transaction() as connection:
            if self._read(connection, physical_id) is None:
                return
            users = self._users(connection, physical_id)
            if users and has_full_schema(resource_type):
                listed = ", ".join(f"{name} ({kind})" for name, kind in users[:5])
                raise ProviderError(
                    f"{context.resource_name}: {resource_type} {physical_id} is still in "
                    f"use by {listed}; delete those first",
                    rule="in use",
                )
            self._remove(connection, physical_id)

    def read(self, resource_type: str, physical_id: str) -> ProviderResource | None:
        return self._read(self.db.connection(), physical_id)

    def part_drift(self, resource: ProviderResource) -> tuple[str, ...]:
        connection = self.db.connection()
        rows = connection.execute(
            "SELECT id FROM sandbox_resources WHERE owner = ? ORDER BY created, id",
            (resource.id,),
        ).fetchall()
        owned = [self._read(connection, row[0]) for row in rows]
        return part_drift(resource, [part for part in owned if part is not None])

    def find(self, client_token: str) -> ProviderResource | None:
        row = self.db.query(
            "SELECT id FROM sandbox_resources WHERE client_token = ?", (client_token,)
        )
        return self._read(self.db.connection(), row[0][0]) if row else None

    # Inventory and changes behind the engine's back

    def inventory(self) -> list[ProviderResource]:
        rows = self.db.query("SELECT id FROM sandbox_resources ORDER BY created, id")
        found = [self._read(self.db.connection(), row[0]) for row in rows]
        return [item for item in found if item is not None]

    def set_properties(
        self, physical_id: str, assignments: dict[str, Any]
    ) -> ProviderResource:
        """Change properties of a resource as someone would in the console; each key
        is a dotted path (`rootVolume.size`, `nics.0.subnetId`)."""
        with self.db.transaction() as connection:
            current = self._read(connection, physical_id)
            if current is None:
                raise ProviderError(
                    f"no sandbox resource has id {physical_id!r}; run "
                    "`aos-designer sandbox list` to see the ids"
                )
            check_paths(current, assignments)
            properties = json.loads(json.dumps(current.properties))
            for path, value in assignments.items():
                _assign(properties, path, value)
            check_rules(connection, current, properties)
            name = current.name
            if "name" in assignments and isinstance(assignments["name"], str):
                name = assignments["name"]
            return self._rewrite(connection, current, properties, name)

    def remove(self, physical_id: str) -> None:
        """Delete a resource as someone would in the console; like an API call, it
        is rejected while another resource uses it."""
        with self.db.transaction() as connection:
            current = self._read(connection, physical_id)
            if current is None:
                raise ProviderError(f"no sandbox resource has id {physical_id!r}")
            users = self._users(connection, physical_id)
            if users and has_full_schema(current.type):
                listed = ", ".join(f"{name} ({kind})" for name, kind in users[:5])
                raise ProviderError(
                    f"{current.name} ({current.type}) {physical_id} is still in use "
                    f"by {listed}; delete those first",
                    rule="in use",
                )
            self._remove(connection, physical_id)

    def set_quota(self, resource_type: str, quota: int) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO sandbox_quotas (type, quota) VALUES (?, ?)",
                (check_quota_type(resource_type), quota),
            )

    # Internals

    def _wait(
        self,
        seconds: float,
        context: CallContext,
        action: str,
        request: ResourceRequest | None,
    ) -> None:
        duration = seconds * context.time_scale
        end = time.monotonic() + duration
        while True:
            now = time.monotonic()
            if context.deadline is not None and now >= context.deadline:
                raise ProviderTimeout(
                    f"{context.resource_name}: {action} did not finish before the "
                    "deployment's timeout",
                    rule="timeout",
                )
            if now >= end:
                return
            limit = end if context.deadline is None else min(end, context.deadline)
            time.sleep(max(0.0, min(WAIT_SLICE, limit - now)))

    def _inject_failure(
        self, context: CallContext, action: str, request: ResourceRequest
    ) -> None:
        if context.simulate_fail:
            raise ProviderError(
                f"{context.resource_name}: simulated failure of {action}, as requested "
                "with --simulate-fail",
                rule="simulated failure",
            )
        if context.failure_rate <= 0:
            return
        if context.failure_seed is None:
            draw = random.random()
        else:
            key = f"{context.failure_seed}:{context.stack}:{context.resource_name}:"
            draw = random.Random(key + f"{request.instance}:{action}").random()
        if draw < context.failure_rate:
            raise ProviderError(
                f"{context.resource_name}: simulated failure of {action}, drawn at the "
                f"failure rate {context.failure_rate}",
                rule="simulated failure",
            )

    def _error(
        self, request: ResourceRequest, context: CallContext, violation: RuleViolation
    ) -> ProviderError:
        return ProviderError(
            f"{context.resource_name} ({request.type}): {violation.rule}: {violation.detail}",
            rule=violation.rule,
        )

    def _check(
        self,
        connection: Any,
        spec: TypeSpec,
        request: ResourceRequest,
        context: CallContext,
        physical_id: str | None,
        current: ProviderResource | None,
    ) -> RuleContext:
        problems = check_properties(request.type, request.properties, context.region)
        if problems:
            raise ProviderError(
                describe_problems(
                    context.resource_name, request.type, problems, request.secret_paths
                ),
                rule=problems[0].rule,
            )
        rule_context = RuleContext(
            connection=connection,
            region=context.region,
            type=spec.short,
            properties=request.properties,
            physical_id=physical_id,
            old_properties=current.properties if current else {},
        )
        for rule in spec.rules:
            rule(rule_context)
        return rule_context

    def _insert(
        self,
        connection: Any,
        spec: TypeSpec,
        request: ResourceRequest,
        context: CallContext,
    ) -> ProviderResource:
        rule_context = self._check(connection, spec, request, context, None, None)
        self._check_quota(connection, spec, context.region)
        name = self._physical_name(spec, request)
        self._check_unique(connection, spec, request, context.region, name, None)
        physical_id = new_id(spec, name)
        attributes = runtime_attributes(
            connection, spec, request, physical_id, name, rule_context
        )
        store_resource(
            connection,
            physical_id,
            spec,
            request.type,
            name,
            context.region,
            mask_paths(request.properties, request.secret_paths),
            attributes,
            owner=None,
            token=request.client_token,
        )
        create_side_effects(
            connection, spec, request, physical_id, name, attributes, context.region
        )
        found = self._read(connection, physical_id)
        assert found is not None
        return found

    def _check_quota(self, connection: Any, spec: TypeSpec, region: str) -> None:
        quota = type_quota(connection, spec)
        if quota is None:
            return
        count = count_in_region(connection, spec, region)
        if count >= quota:
            raise RuleViolation(
                "quota",
                f"region {region} already has {count} of the {quota} {spec.short} "
                "resources the quota allows; delete one or raise the quota with "
                f"`aos-designer sandbox set --quota {spec.short}=N`",
            )

    def _physical_name(self, spec: TypeSpec, request: ResourceRequest) -> str:
        given = _get_path(request.properties, spec.name_key)
        if isinstance(given, str) and given:
            base = given
        else:
            # The real service names a resource left without a name; this form, the
            # template's resource name and a random suffix, is the simulation's own.
            base = re.sub(r"[^-_a-zA-Z0-9]", "-", request.name)[:40] + "-" + suffix()
            if spec.lowercase_names:
                base = base.lower().replace("_", "-")
        if request.instances > 1:
            return f"{base}-{request.instance + 1:04d}"
        return base

    def _name_after_update(
        self, spec: TypeSpec, request: ResourceRequest, current: ProviderResource
    ) -> str:
        given = _get_path(request.properties, spec.name_key)
        if isinstance(given, str) and given:
            if request.instances > 1:
                return f"{given}-{request.instance + 1:04d}"
            return given
        return current.name

    def _check_unique(
        self,
        connection: Any,
        spec: TypeSpec,
        request: ResourceRequest,
        region: str,
        name: str,
        physical_id: str | None,
    ) -> None:
        scope = spec.unique_name
        if scope is None:
            return
        if scope == "global":
            rows = connection.execute(
                "SELECT id, properties, region FROM sandbox_resources WHERE type = ? AND name = ?",
                (spec.short, name),
            ).fetchall()
        else:
            rows = connection.execute(
                "SELECT id, properties, region FROM sandbox_resources "
                "WHERE type = ? AND name = ? AND region = ?",
                (spec.short, name, region),
            ).fetchall()
        for row in rows:
            if row[0] == physical_id:
                continue
            if scope not in ("global", "region"):
                other = json.loads(row[1]).get(scope)
                if other != request.properties.get(scope):
                    continue
            where = "in any region" if scope == "global" else f"in region {row[2]}"
            if scope not in ("global", "region"):
                where = f"with the same {scope}"
            raise RuleViolation(
                "name unique",
                f"{_with_article(spec.short)} named {name!r} already exists {where} "
                f"({row[0]}); "
                "choose another name",
            )

    def _users(self, connection: Any, physical_id: str) -> list[tuple[str, str]]:
        """Return the resources whose reference properties name `physical_id`."""
        rows = connection.execute(
            "SELECT id, name, type, properties FROM sandbox_resources "
            "WHERE properties LIKE ? AND id != ? AND (owner IS NULL OR owner != ?)",
            (f"%{physical_id}%", physical_id, physical_id),
        ).fetchall()
        users = []
        for row in rows:
            properties = json.loads(row["properties"])
            if _references(properties, physical_id):
                users.append((row["name"], row["type"]))
        return users

    def _remove(self, connection: Any, physical_id: str) -> None:
        owned = connection.execute(
            "SELECT id FROM sandbox_resources WHERE owner = ?", (physical_id,)
        ).fetchall()
        for row in owned:
            self._remove(connection, row[0])
        network.release(connection, physical_id)
        connection.execute("DELETE FROM sandbox_resources WHERE id = ?", (physical_id,))

    def _rewrite(
        self,
        connection: Any,
        current: ProviderResource,
        properties: dict[str, Any],
        name: str,
    ) -> ProviderResource:
        """Store a resource's new properties and name, with `refName` following the
        name, and return the resource as stored."""
        attributes = dict(current.attributes)
        if "refName" in attributes:
            attributes["refName"] = name
        connection.execute(
            "UPDATE sandbox_resources SET properties = ?, attributes = ?, name = ?, "
            "updated = ? WHERE id = ?",
            (dumps(properties), dumps(attributes), name, time.time(), current.id),
        )
        stored = self._read(connection, current.id)
        assert stored is not None
        return stored

    def _read(self, connection: Any, physical_id: str) -> ProviderResource | None:
        row = connection.execute(
            "SELECT * FROM sandbox_resources WHERE id = ?", (physical_id,)
        ).fetchone()
        if row is None:
            return None
        return ProviderResource(
            id=row["id"],
            type=row["type_name"],
            name=row["name"],
            properties=json.loads(row["properties"]),
            attributes=json.loads(row["attributes"]),
            region=row["region"],
            owner=row["owner"],
        )


def _references(value: Any, physical_id: str) -> bool:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in REFERENCE_KEYS and item == physical_id:
                return True
            if _references(item, physical_id):
                return True
    elif isinstance(value, list):
        return any(_references(item, physical_id) for item in value)
    return False


def _get_path(values: dict[str, Any], dotted: str) -> Any:
    current: Any = values
    for part in dotted.split("."):
        if not isinstance(current, dict):
            return None
        current = current.get(part)
    return current


def _assign(values: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    current: Any = values
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if isinstance(current, list):
            if not part.isdigit() or int(part) >= len(current):
                raise ProviderError(f"{dotted}: {part!r} is not an index of the list")
            if last:
                current[int(part)] = value
            else:
                current = current[int(part)]
        elif isinstance(current, dict):
            if last:
                current[part] = value
            else:
                current = current.setdefault(part, {})
        else:
            raise ProviderError(
                f"{dotted}: {part!r} is inside a value that is not a mapping"
            )


def _with_article(short: str) -> str:
    """Name a type for a sentence by its last part: VPC.VPC -> "a VPC",
    ECS.CloudServer -> "a CloudServer", VPC.EIP -> "an EIP"."""
    noun = short.rsplit(".", 1)[-1]
    # "U" is left out because acronyms such as ULB are spoken "you".
    return f"an {noun}" if noun[:1] in ("A", "E", "I", "O") else f"a {noun}"
