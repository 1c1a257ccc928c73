"""The engine's recorded state: stacks, deployments, resource instances and events.

Each method that changes state runs in one transaction together with the event that
records the change, so the state and its history never disagree.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import dataclass
from typing import Any

from .database import Database
from .model import (
    DeployOptions,
    EngineEvent,
    OutputValue,
    ResourceInfo,
    StackInfo,
)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class DeploymentRecord:
    """One deployment as stored: the template text, the inputs without secret values,
    the names of the secret inputs that were given, the options and the plan."""

    id: str
    stack_id: str
    kind: str
    template: str
    inputs: dict[str, Any]
    secret_inputs: tuple[str, ...]
    options: DeployOptions
    plan: dict[str, Any]
    status: str
    phase: str
    message: str
    started: float
    finished: float | None
    cancel_requested: bool
    owner_pid: int | None


@dataclass(frozen=True)
class StackRecord:
    info: StackInfo
    revision: int
    current_deployment: str | None
    last_good_deployment: str | None
    outputs: tuple[OutputValue, ...]


def _stack(row: sqlite3.Row) -> StackRecord:
    outputs = tuple(
        OutputValue(
            item["name"], item["value"], item.get("description"), item.get("note", "")
        )
        for item in json.loads(row["outputs"])
    )
    return StackRecord(
        info=StackInfo(
            name=row["name"],
            id=row["id"],
            region=row["region"],
            status=row["status"],
            phase=row["phase"],
            message=row["message"],
            created=row["created"],
            updated=row["updated"],
        ),
        revision=row["revision"],
        current_deployment=row["current_deployment"],
        last_good_deployment=row["last_good_deployment"],
        outputs=outputs,
    )


def _deployment(row: sqlite3.Row) -> DeploymentRecord:
    return DeploymentRecord(
        id=row["id"],
        stack_id=row["stack_id"],
        kind=row["kind"],
        template=row["template"],
        inputs=json.loads(row["inputs"]),
        secret_inputs=tuple(json.loads(row["secret_inputs"])),
        options=DeployOptions.from_json(json.loads(row["options"])),
        plan=json.loads(row["plan"]),
        status=row["status"],
        phase=row["phase"],
        message=row["message"],
        started=row["started"],
        finished=row["finished"],
        cancel_requested=bool(row["cancel_requested"]),
        owner_pid=row["owner_pid"],
    )


def _resource(row: sqlite3.Row) -> ResourceInfo:
    return ResourceInfo(
        resource_name=row["name"],
        instance=row["instance"],
        resource_type=row["type"],
        physical_id=row["physical_id"],
        phase=row["phase"],
        attributes=json.loads(row["attributes"]),
        properties=json.loads(row["properties"]),
        message=row["message"],
    )


@dataclass(frozen=True)
class ResourceRow:
    """A resource instance with the fields only the engine needs."""

    info: ResourceInfo
    depends_on: tuple[str, ...]
    intent: str | None
    client_token: str | None


class StateStore:
    """Access to the engine's tables."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # Stacks

    def find_stack(self, name: str) -> StackRecord | None:
        rows = self.db.query(
            "SELECT * FROM stacks WHERE name = ? AND deleted = 0", (name,)
        )
        return _stack(rows[0]) if rows else None

    def stack_by_id(self, stack_id: str) -> StackRecord:
        return _stack(
            self.db.query("SELECT * FROM stacks WHERE id = ?", (stack_id,))[0]
        )

    def list_stacks(self) -> list[StackInfo]:
        rows = self.db.query("SELECT * FROM stacks WHERE deleted = 0 ORDER BY name")
        return [_stack(row).info for row in rows]

    def create_stack(
        self, name: str, region: str, phase: str, status: str
    ) -> StackRecord:
        now = time.time()
        stack_id = str(uuid.uuid4())
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO stacks (id, name, region, status, phase, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (stack_id, name, region, status, phase, now, now),
            )
        return self.stack_by_id(stack_id)

    def set_stack(
        self,
        stack_id: str,
        *,
        phase: str | None = None,
        status: str | None = None,
        message: str | None = None,
        region: str | None = None,
        current_deployment: str | None = None,
        last_good_deployment: str | None = None,
        outputs: list[OutputValue] | None = None,
        deleted: bool | None = None,
    ) -> None:
        fields: dict[str, Any] = {"updated": time.time()}
        for key, value in (
            ("phase", phase),
            ("status", status),
            ("message", message),
            ("region", region),
            ("current_deployment", current_deployment),
            ("last_good_deployment", last_good_deployment),
        ):
            if value is not None:
                fields[key] = value
        if outputs is not None:
            fields["outputs"] = dumps([output.as_json() for output in outputs])
        if deleted is not None:
            fields["deleted"] = int(deleted)
        assignments = ", ".join(f"{key} = ?" for key in fields)
        with self.db.transaction() as connection:
            connection.execute(
                f"UPDATE stacks SET {assignments} WHERE id = ?",
                (*fields.values(), stack_id),
            )

    def bump_revision(self, connection: sqlite3.Connection, stack_id: str) -> None:
        connection.execute(
            "UPDATE stacks SET revision = revision + 1, updated = ? WHERE id = ?",
            (time.time(), stack_id),
        )

    # Deployments

    def create_deployment(
        self,
        stack_id: str,
        kind: str,
        template: str,
        inputs: dict[str, Any],
        secret_inputs: list[str],
        options: DeployOptions,
        plan: dict[str, Any],
        phase: str,
        owner_pid: int,
    ) -> DeploymentRecord:
        deployment_id = str(uuid.uuid4())
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO deployments (id, stack_id, kind, template, inputs, "
                "secret_inputs, options, plan, status, phase, started, owner_pid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
                (
                    deployment_id,
                    stack_id,
                    kind,
                    template,
                    dumps(inputs),
                    dumps(sorted(secret_inputs)),
                    dumps(options.as_json()),
                    dumps(plan),
                    phase,
                    time.time(),
                    owner_pid,
                ),
            )
            connection.execute(
                "UPDATE stacks SET current_deployment = ? WHERE id = ?",
                (deployment_id, stack_id),
            )
        return self.deployment(deployment_id)

    def deployment(self, deployment_id: str) -> DeploymentRecord:
        rows = self.db.query("SELECT * FROM deployments WHERE id = ?", (deployment_id,))
        return _deployment(rows[0])

    def deployments(self, stack_id: str) -> list[DeploymentRecord]:
        rows = self.db.query(
            "SELECT * FROM deployments WHERE stack_id = ? ORDER BY started", (stack_id,)
        )
        return [_deployment(row) for row in rows]

    def running_deployments(self) -> list[DeploymentRecord]:
        rows = self.db.query("SELECT * FROM deployments WHERE status = 'running'")
        return [_deployment(row) for row in rows]

    def finish_deployment(
        self, deployment_id: str, status: str, phase: str, message: str
    ) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "UPDATE deployments SET status = ?, phase = ?, message = ?, finished = ? "
                "WHERE id = ?",
                (status, phase, message, time.time(), deployment_id),
            )

    def set_deployment_phase(
        self, deployment_id: str, phase: str, owner_pid: int | None = None
    ) -> None:
        """Record the phase a running deployment has reached and, when given, the
        process that runs it now."""
        with self.db.transaction() as connection:
            connection.execute(
                "UPDATE deployments SET phase = ?, owner_pid = COALESCE(?, owner_pid) "
                "WHERE id = ?",
                (phase, owner_pid, deployment_id),
            )

    def request_cancel(self, deployment_id: str) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "UPDATE deployments SET cancel_requested = 1 WHERE id = ?",
                (deployment_id,),
            )

    def cancel_requested(self, deployment_id: str) -> bool:
        rows = self.db.query(
            "SELECT cancel_requested FROM deployments WHERE id = ?", (deployment_id,)
        )
        return bool(rows and rows[0][0])

    # Resources

    def resources(self, stack_id: str) -> list[ResourceRow]:
        # Resources in the order they first entered the stack, instances by number.
        rows = self.db.query(
            "SELECT r.* FROM resources r WHERE r.stack_id = ? ORDER BY "
            "(SELECT MIN(o.rowid) FROM resources o WHERE o.stack_id = r.stack_id "
            "AND o.name = r.name), r.instance",
            (stack_id,),
        )
        return [
            ResourceRow(
                info=_resource(row),
                depends_on=tuple(json.loads(row["depends_on"])),
                intent=row["intent"],
                client_token=row["client_token"],
            )
            for row in rows
        ]

    def write_resource(
        self,
        connection: sqlite3.Connection,
        stack_id: str,
        name: str,
        instance: int,
        **fields: Any,
    ) -> None:
        """Insert or change one resource instance; JSON fields are given as values."""
        for key in ("properties", "attributes", "depends_on"):
            if key in fields:
                fields[key] = dumps(fields[key])
        fields["updated"] = time.time()
        exists = connection.execute(
            "SELECT 1 FROM resources WHERE stack_id = ? AND name = ? AND instance = ?",
            (stack_id, name, instance),
        ).fetchone()
        if exists:
            assignments = ", ".join(f"{key} = ?" for key in fields)
            connection.execute(
                f"UPDATE resources SET {assignments} "
                "WHERE stack_id = ? AND name = ? AND instance = ?",
                (*fields.values(), stack_id, name, instance),
            )
        else:
            columns = ", ".join(["stack_id", "name", "instance", *fields])
            marks = ", ".join("?" for _ in range(3 + len(fields)))
            connection.execute(
                f"INSERT INTO resources ({columns}) VALUES ({marks})",
                (stack_id, name, instance, *fields.values()),
            )
        self.bump_revision(connection, stack_id)

    def remove_resource(
        self, connection: sqlite3.Connection, stack_id: str, name: str, instance: int
    ) -> None:
        connection.execute(
            "DELETE FROM resources WHERE stack_id = ? AND name = ? AND instance = ?",
            (stack_id, name, instance),
        )
        self.bump_revision(connection, stack_id)

    def remove_all_resources(self, stack_id: str) -> None:
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM resources WHERE stack_id = ?", (stack_id,))
            self.bump_revision(connection, stack_id)

    def stack_of_physical_ids(self) -> dict[str, tuple[str, str]]:
        """Return, for every recorded physical id, its live stack and resource name."""
        rows = self.db.query(
            "SELECT r.physical_id, s.name, r.name FROM resources r "
            "JOIN stacks s ON s.id = r.stack_id "
            "WHERE s.deleted = 0 AND r.physical_id IS NOT NULL"
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    # Events

    def add_event(
        self,
        connection: sqlite3.Connection,
        stack_id: str,
        stack_name: str,
        deployment_id: str | None,
        resource_name: str | None,
        resource_type: str | None,
        event_type: str,
        message: str,
    ) -> EngineEvent:
        now = time.time()
        connection.execute(
            "INSERT INTO events (stack_id, deployment_id, time, resource_name, "
            "resource_type, event_type, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                stack_id,
                deployment_id,
                now,
                resource_name,
                resource_type,
                event_type,
                message,
            ),
        )
        return EngineEvent(
            now, stack_name, resource_name, resource_type, event_type, message
        )

    def events(self, stack_id: str, stack_name: str) -> list[EngineEvent]:
        rows = self.db.query(
            "SELECT * FROM events WHERE stack_id = ? ORDER BY id", (stack_id,)
        )
        return [
            EngineEvent(
                row["time"],
                stack_name,
                row["resource_name"],
                row["resource_type"],
                row["event_type"],
                row["message"],
            )
            for row in rows
        ]

    # Meta

    def meta(self, key: str, default_factory: Any) -> str:
        """Return a stored value, storing `default_factory()` the first time."""
        rows = self.db.query("SELECT value FROM meta WHERE key = ?", (key,))
        if rows:
            return rows[0][0]
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                (key, default_factory()),
            )
        return self.db.query("SELECT value FROM meta WHERE key = ?", (key,))[0][0]
