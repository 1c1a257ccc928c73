"""A simulated cloud that stops the engine in the middle of a provider call, the way
a killed process stops, for the crash recovery tests."""

from __future__ import annotations


class SimulatedCrash(BaseException):
    """The death of the process in the middle of a provider call.

    The engine catches `Exception` only, so this unwinds every frame without
    recording an outcome, and the stack's lock is released as a dead owner's lock
    would be taken over. Calls already in flight on other threads still finish.
    """


class CrashingCloud:
    """The simulated cloud that crashes the engine at one chosen call, with a log
    of every call in order.

    `crash_at` is (action, resource name, whether the call takes effect first): the
    first call that matches raises `SimulatedCrash`, before the provider acts or
    after it. `gate`, when given, runs at the start of every call with the action
    and the resource name, so a test can hold a call.
    """

    def __init__(self, database, crash_at=None, gate=None):
        import threading

        from aos_designer.engine.simulated import SimulatedCloud

        outer = self

        class Crashing(SimulatedCloud):
            def create(inner, request, context):
                return outer._call(
                    "create",
                    context,
                    lambda: SimulatedCloud.create(inner, request, context),
                )

            def update(inner, physical_id, request, context):
                return outer._call(
                    "update",
                    context,
                    lambda: SimulatedCloud.update(inner, physical_id, request, context),
                )

            def delete(inner, resource_type, physical_id, context):
                return outer._call(
                    "delete",
                    context,
                    lambda: SimulatedCloud.delete(
                        inner, resource_type, physical_id, context
                    ),
                )

        self.calls: list[tuple[str, str]] = []
        self.crash_at = crash_at
        self.gate = gate
        self._lock = threading.Lock()
        self.provider = Crashing(database)

    def _call(self, action, context, call):
        name = context.resource_name
        with self._lock:
            self.calls.append((action, name))
            crash = self.crash_at is not None and self.crash_at[:2] == (action, name)
            after = crash and self.crash_at[2]
            if crash:
                self.crash_at = None
        if self.gate is not None:
            self.gate(action, name)
        if crash and not after:
            raise SimulatedCrash(f"{action} {name}")
        result = call()
        if crash:
            raise SimulatedCrash(f"{action} {name}")
        return result

    def names(self, action):
        return [name for kind, name in self.calls if kind == action]
