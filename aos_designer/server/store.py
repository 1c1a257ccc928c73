"""The server's own records in SQLite: uploaded templates, the AOS side of stacks
(id, project, template, inputs, labels) and lifecycle executions.

The engine keeps the stacks' resources and phases in its own database; this store
keeps what the AOS API adds on top. Every call runs under one lock on one connection,
so the server's request threads and deployment threads may share the store.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DATABASE_NAME = "server.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS templates (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    description TEXT NOT NULL,
    project_id TEXT NOT NULL,
    main_file_name TEXT NOT NULL,
    text TEXT NOT NULL,
    archive BLOB,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    UNIQUE (project_id, name)
);
CREATE TABLE IF NOT EXISTS stacks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL,
    template_id TEXT NOT NULL REFERENCES templates (id),
    description TEXT NOT NULL,
    labels TEXT NOT NULL,
    inputs TEXT NOT NULL,
    secret_inputs TEXT NOT NULL,
    region TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
    id TEXT PRIMARY KEY,
    stack_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    lifecycle TEXT NOT NULL,
    phase TEXT NOT NULL,
    stack_phase TEXT NOT NULL,
    progress INTEGER NOT NULL,
    message TEXT NOT NULL,
    elements TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    started REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS executions_by_stack ON executions (stack_id, sequence);
CREATE TABLE IF NOT EXISTS execution_events (
    execution_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (execution_id, sequence)
);
"""

RUNNING = "Running"
SUCCEEDED = "Succeeded"
FAILED = "Failed"


def now_text() -> str:
    """Return the current UTC time as AOS writes times."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class TemplateRecord:
    id: str
    name: str
    version: str
    description: str
    project_id: str
    main_file_name: str
    text: str
    archive: bytes | None
    created: str
    updated: str


@dataclass
class StackRecord:
    id: str
    name: str
    project_id: str
    template_id: str
    description: str
    labels: list[Any]
    inputs: dict[str, Any]
    # Names of the secret inputs given a value; the values stay in memory only.
    secret_inputs: list[str]
    region: str
    created: str
    updated: str


@dataclass
class ExecutionRecord:
    """One lifecycle execution. `started` is its start as a Unix time in seconds,
    finer than `created`, so that it identifies the engine deployment it ran."""

    id: str
    stack_id: str
    lifecycle: str
    phase: str = RUNNING
    stack_phase: str = "Pending"
    progress: int = 0
    message: str = ""
    elements: list[dict[str, Any]] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    started: float = 0.0


class ServerStore:
    """The SQLite database of the server in the state folder."""

    def __init__(self, state_dir: Path) -> None:
        """Open the store, creating its tables when they are missing; raise
        `StateFolderError` when the folder or the file cannot be used."""
        from ..engine.database import database_error, prepare_state_folder

        prepare_state_folder(state_dir)
        self.path = state_dir / DATABASE_NAME
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None
        )
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            self._add_started_column()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise database_error(state_dir, self.path, error) from None

    def _add_started_column(self) -> None:
        """Give a store made before executions recorded `started` that column; its
        old rows get 0."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(executions)")}
        if "started" not in columns:
            self._db.execute(
                "ALTER TABLE executions ADD COLUMN started REAL NOT NULL DEFAULT 0"
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _run(self, sql: str, *args: Any) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    # Templates ------------------------------------------------------------------

    def add_template(self, record: TemplateRecord) -> None:
        self._run(
            "INSERT INTO templates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            record.id,
            record.name,
            record.version,
            record.description,
            record.project_id,
            record.main_file_name,
            record.text,
            record.archive,
            record.created,
            record.updated,
        )

    def replace_template(self, record: TemplateRecord) -> None:
        self._run(
            "UPDATE templates SET name = ?, version = ?, description = ?, "
            "main_file_name = ?, text = ?, archive = ?, updated = ? WHERE id = ?",
            record.name,
            record.version,
            record.description,
            record.main_file_name,
            record.text,
            record.archive,
            record.updated,
            record.id,
        )

    def template(self, template_id: str) -> TemplateRecord | None:
        rows = self._rows("SELECT * FROM templates WHERE id = ?", template_id)
        return TemplateRecord(**dict(rows[0])) if rows else None

    def template_named(self, project_id: str, name: str) -> TemplateRecord | None:
        rows = self._rows(
            "SELECT * FROM templates WHERE project_id = ? AND name = ?",
            project_id,
            name,
        )
        return TemplateRecord(**dict(rows[0])) if rows else None

    def templates(
        self, name: str | None, project_id: str | None, offset: int, limit: int
    ) -> tuple[list[TemplateRecord], int]:
        """Return one page of templates, oldest first, and how many match in all."""
        where, args = _filters(name=name, project_id=project_id)
        total = self._rows(f"SELECT COUNT(*) FROM templates {where}", *args)[0][0]
        rows = self._rows(
            f"SELECT * FROM templates {where} ORDER BY rowid LIMIT ? OFFSET ?",
            *args,
            limit,
            offset,
        )
        return [TemplateRecord(**dict(row)) for row in rows], total

    def delete_template(self, template_id: str) -> None:
        self._run("DELETE FROM templates WHERE id = ?", template_id)

    def stacks_using(self, template_id: str) -> list[str]:
        rows = self._rows(
            "SELECT name FROM stacks WHERE template_id = ? ORDER BY name", template_id
        )
        return [row[0] for row in rows]

    # Stacks ---------------------------------------------------------------------

    def add_stack(self, record: StackRecord) -> None:
        self._run(
            "INSERT INTO stacks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            record.id,
            record.name,
            record.project_id,
            record.template_id,
            record.description,
            json.dumps(record.labels),
            json.dumps(record.inputs),
            json.dumps(record.secret_inputs),
            record.region,
            record.created,
            record.updated,
        )

    def update_stack(self, stack_id: str, **changes: Any) -> None:
        """Change some fields of a stack; lists and mappings are stored as JSON."""
        changes["updated"] = now_text()
        for key in ("labels", "inputs", "secret_inputs"):
            if key in changes:
                changes[key] = json.dumps(changes[key])
        columns = ", ".join(f"{key} = ?" for key in changes)
        self._run(
            f"UPDATE stacks SET {columns} WHERE id = ?", *changes.values(), stack_id
        )

    def stack(self, stack_id: str) -> StackRecord | None:
        rows = self._rows("SELECT * FROM stacks WHERE id = ?", stack_id)
        return _stack(rows[0]) if rows else None

    def stack_named(self, name: str) -> StackRecord | None:
        rows = self._rows("SELECT * FROM stacks WHERE name = ?", name)
        return _stack(rows[0]) if rows else None

    def stacks(self, name: str | None, project_id: str | None) -> list[StackRecord]:
        where, args = _filters(name=name, project_id=project_id)
        rows = self._rows(f"SELECT * FROM stacks {where} ORDER BY rowid", *args)
        return [_stack(row) for row in rows]

    def delete_stack(self, stack_id: str, keep_execution: str = "") -> None:
        """Delete a stack with its executions and their events. `keep_execution`
        names one execution to keep: the deletion itself, so that a client that
        follows it can still read its end and its last events."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute(
                "DELETE FROM execution_events WHERE execution_id IN "
                "(SELECT id FROM executions WHERE stack_id = ? AND id != ?)",
                (stack_id, keep_execution),
            )
            self._db.execute(
                "DELETE FROM executions WHERE stack_id = ? AND id != ?",
                (stack_id, keep_execution),
            )
            self._db.execute("DELETE FROM stacks WHERE id = ?", (stack_id,))
            self._db.execute("COMMIT")

    # Executions -----------------------------------------------------------------

    def add_execution(self, record: ExecutionRecord) -> None:
        record.created = record.updated = now_text()
        record.started = time.time()
        with self._lock:
            sequence = self._db.execute(
                "SELECT COALESCE(MAX(sequence), 0) + 1 FROM executions WHERE stack_id = ?",
                (record.stack_id,),
            ).fetchone()[0]
            self._db.execute(
                "INSERT INTO executions (id, stack_id, sequence, lifecycle, phase, "
                "stack_phase, progress, message, elements, created, updated, started) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.id,
                    record.stack_id,
                    sequence,
                    record.lifecycle,
                    record.phase,
                    record.stack_phase,
                    record.progress,
                    record.message,
                    json.dumps(record.elements),
                    record.created,
                    record.updated,
                    record.started,
                ),
            )

    def save_execution(
        self,
        record: ExecutionRecord,
        events: list[dict[str, Any]] | None = None,
        first_event: int = 0,
    ) -> None:
        """Write an execution's state, and append `events` to its event log as
        numbers `first_event` onwards, in one transaction."""
        record.updated = now_text()
        # The connection as a context manager commits, or rolls back on an error.
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "UPDATE executions SET phase = ?, stack_phase = ?, progress = ?, "
                "message = ?, elements = ?, updated = ? WHERE id = ?",
                (
                    record.phase,
                    record.stack_phase,
                    record.progress,
                    record.message,
                    json.dumps(record.elements),
                    record.updated,
                    record.id,
                ),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO execution_events VALUES (?, ?, ?)",
                [
                    (record.id, first_event + offset, json.dumps(event))
                    for offset, event in enumerate(events or ())
                ],
            )

    def execution_events(
        self, execution_id: str, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Return an execution's events in the order they happened, from number
        `offset` on."""
        rows = self._rows(
            "SELECT event FROM execution_events WHERE execution_id = ? AND "
            "sequence >= ? ORDER BY sequence",
            execution_id,
            offset,
        )
        return [json.loads(row[0]) for row in rows]

    def execution(self, stack_id: str, execution_id: str) -> ExecutionRecord | None:
        rows = self._rows(
            "SELECT * FROM executions WHERE stack_id = ? AND id = ?",
            stack_id,
            execution_id,
        )
        return _execution(rows[0]) if rows else None

    def executions(self, stack_id: str) -> list[ExecutionRecord]:
        """Return a stack's executions, newest first."""
        rows = self._rows(
            "SELECT * FROM executions WHERE stack_id = ? ORDER BY sequence DESC",
            stack_id,
        )
        return [_execution(row) for row in rows]

    def running_executions(self) -> list[ExecutionRecord]:
        """Return the executions recorded as running, oldest first. When the server
        has just started, a stopped server left them so."""
        rows = self._rows(
            "SELECT * FROM executions WHERE phase = ? ORDER BY started, sequence",
            RUNNING,
        )
        return [_execution(row) for row in rows]


def _filters(**values: str | None) -> tuple[str, list[Any]]:
    given = {key: value for key, value in values.items() if value}
    if not given:
        return "", []
    return "WHERE " + " AND ".join(f"{key} = ?" for key in given), list(given.values())


def _stack(row: sqlite3.Row) -> StackRecord:
    data = dict(row)
    for key in ("labels", "inputs", "secret_inputs"):
        data[key] = json.loads(data[key])
    return StackRecord(**data)


def _execution(row: sqlite3.Row) -> ExecutionRecord:
    data = dict(row)
    data.pop("sequence")
    data["elements"] = json.loads(data["elements"])
    return ExecutionRecord(**data)
