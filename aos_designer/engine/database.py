"""The SQLite database under the state folder: connections, transactions, schema.

One file, `state.db`, contains the engine's state and the simulated cloud. It runs in
WAL mode with `synchronous=NORMAL`: a committed transaction survives the death of the
process (kill -9), though not necessarily a power cut. Every thread gets its own
connection; `BEGIN IMMEDIATE` takes the write lock at the start of a transaction, so
a check and the write that depends on it cannot interleave with another writer.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import StateFolderError

log = logging.getLogger(__name__)

DATABASE_FILE = "state.db"
SCHEMA_VERSION = 1
# How long a writer waits for another writer's transaction, in milliseconds.
BUSY_TIMEOUT_MS = 60_000
CHOOSE_ANOTHER = "choose another folder with --state-dir DIR"

ENGINE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stacks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    status TEXT NOT NULL,
    phase TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    updated REAL NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0,
    current_deployment TEXT,
    last_good_deployment TEXT,
    outputs TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX IF NOT EXISTS stacks_live_name ON stacks (name) WHERE deleted = 0;
CREATE TABLE IF NOT EXISTS deployments (
    id TEXT PRIMARY KEY,
    stack_id TEXT NOT NULL REFERENCES stacks (id),
    kind TEXT NOT NULL,
    template TEXT NOT NULL,
    inputs TEXT NOT NULL,
    secret_inputs TEXT NOT NULL,
    options TEXT NOT NULL,
    plan TEXT NOT NULL,
    status TEXT NOT NULL,
    phase TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    started REAL NOT NULL,
    finished REAL,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    owner_pid INTEGER
);
CREATE INDEX IF NOT EXISTS deployments_stack ON deployments (stack_id, started);
CREATE TABLE IF NOT EXISTS resources (
    stack_id TEXT NOT NULL REFERENCES stacks (id),
    name TEXT NOT NULL,
    instance INTEGER NOT NULL,
    type TEXT NOT NULL,
    physical_id TEXT,
    phase TEXT NOT NULL,
    properties TEXT NOT NULL DEFAULT '{}',
    attributes TEXT NOT NULL DEFAULT '{}',
    depends_on TEXT NOT NULL DEFAULT '[]',
    intent TEXT,
    client_token TEXT,
    message TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL,
    PRIMARY KEY (stack_id, name, instance)
);
CREATE INDEX IF NOT EXISTS resources_physical ON resources (physical_id);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stack_id TEXT NOT NULL,
    deployment_id TEXT,
    time REAL NOT NULL,
    resource_name TEXT,
    resource_type TEXT,
    event_type TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_stack ON events (stack_id, id);
CREATE TABLE IF NOT EXISTS locks (
    stack_name TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    process_start TEXT NOT NULL,
    thread TEXT NOT NULL,
    operation TEXT NOT NULL,
    acquired REAL NOT NULL
);
"""


class Database:
    """The state database; safe to share between threads."""

    def __init__(self, state_dir: str | Path) -> None:
        """Open the database, creating the folder and the tables when they are
        missing; raise `StateFolderError` when the folder or its database cannot be
        used."""
        self.folder = Path(state_dir)
        prepare_state_folder(self.folder)
        self.path = self.folder / DATABASE_FILE
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        # Writers of this process queue here instead of in SQLite's busy handler, whose
        # sleeps grow to many milliseconds while another thread holds the write lock.
        self._writer = threading.Lock()
        try:
            connection = self.connection()
            connection.execute("PRAGMA journal_mode=WAL")
            self._check_version(connection)
            self.apply_schema(ENGINE_SCHEMA)
        except sqlite3.DatabaseError as error:
            self.close()
            raise database_error(self.folder, self.path, error) from None
        except StateFolderError:
            self.close()
            raise

    def _check_version(self, connection: sqlite3.Connection) -> None:
        """Raise `StateFolderError` for a database that a newer version wrote."""
        has_meta = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if not has_meta:
            return
        row = connection.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchone()
        if row is None or not str(row[0]).isdigit() or int(row[0]) <= SCHEMA_VERSION:
            return
        raise StateFolderError(
            self.folder,
            f"its {DATABASE_FILE} was written by a newer version of AOS Designer "
            f"(state version {row[0]}; this version reads up to {SCHEMA_VERSION})",
            f"upgrade AOS Designer, or {CHOOSE_ANOTHER}",
        )

    def connection(self) -> sqlite3.Connection:
        """Return this thread's connection, opening it on first use."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=60
            )
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
            self._local.depth = 0
            with self._guard:
                self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one write transaction; a nested block joins the outer one."""
        connection = self.connection()
        if self._local.depth:
            self._local.depth += 1
            try:
                yield connection
            finally:
                self._local.depth -= 1
            return
        with self._writer:
            connection.execute("BEGIN IMMEDIATE")
            self._local.depth = 1
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            else:
                connection.execute("COMMIT")
            finally:
                self._local.depth = 0

    def query(self, sql: str, parameters: tuple = ()) -> list[sqlite3.Row]:
        return self.connection().execute(sql, parameters).fetchall()

    def apply_schema(self, script: str) -> None:
        connection = self.connection()
        connection.executescript(script)
        connection.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )

    def close(self) -> None:
        """Close every connection any thread opened."""
        with self._guard:
            connections, self._connections = self._connections, []
        for connection in connections:
            try:
                connection.close()
            except sqlite3.ProgrammingError:
                log.debug("connection already closed", exc_info=True)
        self._local = threading.local()


def prepare_state_folder(folder: Path) -> None:
    """Create the state folder when it is missing; raise `StateFolderError` naming
    the folder, the reason and the fix when it cannot be created."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        reason = "it is a file, not a folder"
    except NotADirectoryError:
        blocking = next(
            (part for part in folder.parents if part.exists() and not part.is_dir()),
            None,
        )
        reason = f"{blocking or 'a part of its path'} is a file, not a folder"
    except OSError as error:
        reason = f"it cannot be created ({error.strerror})"
    else:
        return
    raise StateFolderError(folder, reason, CHOOSE_ANOTHER)


def database_error(
    folder: Path, path: Path, error: sqlite3.DatabaseError
) -> StateFolderError:
    """Return the `StateFolderError` for an SQLite error met while opening `path`."""
    if isinstance(error, sqlite3.OperationalError):
        return StateFolderError(
            folder,
            f"{path} cannot be opened ({error})",
            f"check that the folder and the file are writable, or {CHOOSE_ANOTHER}",
        )
    return StateFolderError(
        folder,
        f"{path} is not an SQLite database of AOS Designer ({error})",
        f"move the file out of the folder, or {CHOOSE_ANOTHER}",
    )
