"""Fixtures of the engine's integration tests: engines over a simulated cloud that
records its calls or crashes on request. The plain engine, templates and fast
options come from tests/support/engine.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from aos_designer.engine import Engine


class RecordingCloud:
    """The simulated cloud with a log of every call it answers, in order.

    `gate` runs at the start of each create and update, with the resource name, so a
    test can hold a call or count how many run at once.
    """

    def __init__(self, database, gate=None):
        import threading

        from aos_designer.engine.simulated import SimulatedCloud

        class Recording(SimulatedCloud):
            def create(inner, request, context):
                self._log("create", context.resource_name, request.instance)
                if self.gate:
                    self.gate(context.resource_name)
                try:
                    return super().create(request, context)
                finally:
                    self._log("created", context.resource_name, request.instance)

            def update(inner, physical_id, request, context):
                self._log("update", context.resource_name, request.instance)
                if self.gate:
                    self.gate(context.resource_name)
                return super().update(physical_id, request, context)

            def delete(inner, resource_type, physical_id, context):
                self._log("delete", context.resource_name, None)
                return super().delete(resource_type, physical_id, context)

        self.calls: list[tuple[str, str, int | None]] = []
        self.gate = gate
        self._lock = threading.Lock()
        self.provider = Recording(database)

    def _log(self, action, name, instance):
        with self._lock:
            self.calls.append((action, name, instance))

    def names(self, action):
        return [name for kind, name, _ in self.calls if kind == action]


@pytest.fixture
def make_recording(tmp_path: Path):
    """Return a function that opens an engine over a `RecordingCloud` with an optional
    gate; yields it and closes what it opened."""
    from aos_designer.engine.database import Database

    opened: list = []

    def make(gate=None, folder: str = "recorded"):
        database = Database(tmp_path / folder)
        cloud = RecordingCloud(database, gate)
        engine = Engine(tmp_path / folder, provider=cloud.provider)
        opened.append((engine, database))
        return engine, cloud

    yield make
    for engine, database in opened:
        engine.close()
        database.close()


@pytest.fixture
def recording(make_recording):
    """An engine over a `RecordingCloud`: (engine, recording cloud)."""
    return make_recording()


@pytest.fixture
def crashable(tmp_path: Path):
    """Return a function that opens an engine over tmp_path/state with a
    `CrashingCloud`; it returns (engine, cloud) and closes what it opened."""
    from aos_designer.engine.database import Database
    from tests.integration.engine.crashing import CrashingCloud

    opened: list = []

    def make(crash_at=None, gate=None, recover=True, on_event=None):
        database = Database(tmp_path / "state")
        cloud = CrashingCloud(database, crash_at, gate)
        engine = Engine(
            tmp_path / "state",
            provider=cloud.provider,
            recover=recover,
            on_event=on_event,
        )
        opened.append((engine, database))
        return engine, cloud

    yield make
    for engine, database in reversed(opened):
        engine.close()
        database.close()
