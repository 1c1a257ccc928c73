"""The targets the window deploys to: the built-in engine or a saved endpoint profile.

Both targets offer the same calls with the engine's records (`StackInfo`,
`EngineEvent`, `DeployResult`...), so the window treats them alike. Every call blocks
(SQLite, the simulated cloud's waits, HTTP), so the window makes them on worker
threads only. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import os
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from ...engine.model import (
    SECRET_MASK,
    DeployOptions,
    DeployResult,
    DriftItem,
    EngineEvent,
    OutputValue,
    Plan,
    ResourceInfo,
    StackInfo,
)
from ...template.model import Template

log = logging.getLogger(__name__)

LOCAL_KEY = "local"
LOCAL_LABEL = "Built-in engine (simulated cloud)"
EventCallback = Callable[[EngineEvent], None]
# Asks a person for a secret and returns the answer, or "" when they decline.
AskFunction = Callable[[str], str]


@dataclass(frozen=True)
class ConnectionCheck:
    """The result of a connection test, for a person to read."""

    ok: bool
    message: str


class Target(ABC):
    """A place that contains stacks, with the operations the window runs on it."""

    key: str
    label: str
    is_local: bool

    @abstractmethod
    def stacks(self) -> list[StackInfo]: ...

    @abstractmethod
    def deploy(
        self,
        template: Any,
        stack: str,
        inputs: Mapping[str, Any],
        options: DeployOptions,
        on_event: EventCallback,
        cancel: threading.Event,
        plan: Plan | None = None,
    ) -> DeployResult: ...

    @abstractmethod
    def retry(
        self,
        stack: str,
        inputs: Mapping[str, Any],
        on_event: EventCallback,
        cancel: threading.Event,
    ) -> DeployResult: ...

    @abstractmethod
    def delete(
        self,
        stack: str,
        keep_resources: bool,
        on_event: EventCallback,
        cancel: threading.Event,
    ) -> DeployResult: ...

    @abstractmethod
    def events(self, stack: str) -> list[EngineEvent]: ...

    @abstractmethod
    def outputs(self, stack: str) -> list[OutputValue]: ...

    @abstractmethod
    def resources(self, stack: str) -> list[ResourceInfo]: ...

    @abstractmethod
    def template_text(self, stack: str) -> str: ...

    @abstractmethod
    def last_inputs(self, stack: str) -> dict[str, Any]:
        """Return the input values the stack's last deployment was given, without
        secrets."""

    @abstractmethod
    def test_connection(self) -> ConnectionCheck: ...

    def close(self) -> None:
        """Release the target's database or connection."""


class LocalTarget(Target):
    """The built-in engine over the state folder, opened on first use.

    Opening the engine starts the recovery of operations a crash interrupted, in the
    background. `on_recovery_event` gets their events, from the engine's threads.
    """

    key = LOCAL_KEY
    label = LOCAL_LABEL
    is_local = True

    def __init__(
        self,
        state_dir: Path | None = None,
        on_recovery_event: EventCallback | None = None,
    ) -> None:
        self.state_dir = state_dir
        self.on_recovery_event = on_recovery_event
        self._engine: Any = None
        self._guard = threading.Lock()

    @property
    def engine(self) -> Any:
        """The engine, opened (and its crashed work settled) on first use."""
        with self._guard:
            if self._engine is None:
                from ...commands.common import default_state_dir
                from ...engine import Engine

                folder = self.state_dir or default_state_dir()
                self._engine = Engine(folder, on_event=self.on_recovery_event)
                log.info("opened the built-in engine in %s", folder)
            return self._engine

    def close(self) -> None:
        """Close the engine. A recovery still running is paused, and the next start
        continues it, so that closing the window does not wait for it."""
        with self._guard:
            if self._engine is not None:
                self._engine.close(wait=False)
                self._engine = None

    def estimated_seconds(self, resource_type: str, action: str) -> float:
        return self.engine.provider.estimated_seconds(resource_type, action)

    def stacks(self) -> list[StackInfo]:
        return self.engine.stacks()

    def plan(
        self,
        template: Template,
        stack: str,
        inputs: Mapping[str, Any],
        region: str | None,
    ) -> Plan:
        return self.engine.plan(template, stack, inputs, region=region)

    def deploy(
        self,
        template: Any,
        stack: str,
        inputs: Mapping[str, Any],
        options: DeployOptions,
        on_event: EventCallback,
        cancel: threading.Event,
        plan: Plan | None = None,
    ) -> DeployResult:
        return self.engine.deploy(
            template,
            stack,
            inputs,
            options,
            on_event=on_event,
            cancel=cancel,
            plan=plan,
        )

    def retry(
        self,
        stack: str,
        inputs: Mapping[str, Any],
        on_event: EventCallback,
        cancel: threading.Event,
    ) -> DeployResult:
        return self.engine.retry(stack, dict(inputs), on_event=on_event, cancel=cancel)

    def retry_plan(
        self, stack: str, inputs: Mapping[str, Any]
    ) -> tuple[Plan, str, DeployOptions]:
        """Return the plan a retry would run, the template text it deploys and the
        options it runs with."""
        from ...engine.engine import retry_options
        from ...template.model import parse_template

        last = self._last_deployment(stack)
        template = parse_template(last.template)
        given = {**last.inputs, **inputs}
        plan = self.engine.plan(template, stack, given)
        return plan, last.template, retry_options(last.options)

    def last_options(self, stack: str) -> DeployOptions:
        """Return the options of the stack's last deployment, or the defaults."""
        deployments = self.engine.deployments(stack)
        return deployments[-1].options if deployments else DeployOptions()

    def secret_inputs(self, stack: str) -> tuple[str, ...]:
        """Return the secret inputs the stack's last deployment was given, which a
        retry needs again because they are never stored."""
        return tuple(self._last_deployment(stack).secret_inputs)

    def delete(
        self,
        stack: str,
        keep_resources: bool,
        on_event: EventCallback,
        cancel: threading.Event,
    ) -> DeployResult:
        return self.engine.delete(
            stack, keep_resources=keep_resources, on_event=on_event, cancel=cancel
        )

    def cancel(self, stack: str) -> bool:
        return self.engine.cancel(stack)

    def events(self, stack: str) -> list[EngineEvent]:
        return self.engine.events(stack)

    def outputs(self, stack: str) -> list[OutputValue]:
        return self.engine.outputs(stack)

    def resources(self, stack: str) -> list[ResourceInfo]:
        return self.engine.resources(stack)

    def drift(self, stack: str) -> list[DriftItem]:
        return self.engine.drift(stack)

    def template_text(self, stack: str) -> str:
        return self.engine.template_text(stack)

    def last_inputs(self, stack: str) -> dict[str, Any]:
        last = self._last_deployment(stack, required=False)
        return dict(last.inputs) if last is not None else {}

    def _last_deployment(self, stack: str, required: bool = True) -> Any:
        from ...engine import EngineError

        deployments = [d for d in self.engine.deployments(stack) if d.kind != "delete"]
        if not deployments:
            if required:
                raise EngineError(f"stack {stack} has no deployment yet")
            return None
        return deployments[-1]

    def test_connection(self) -> ConnectionCheck:
        engine = self.engine
        count = len(engine.stacks())
        return ConnectionCheck(
            True,
            f"The built-in engine is ready: {count} stack{'s' if count != 1 else ''} "
            f"in {engine.db.folder}",
        )


class RemoteTarget(Target):
    """A saved endpoint profile. The client connects on first use and asks for a
    missing secret through `ask`; credentials given in the environment
    (`AOS_AUTH_TOKEN`, `HUAWEICLOUD_SDK_AK`...) are used as the command line uses
    them."""

    is_local = False

    def __init__(
        self,
        profile: Any,
        ask: AskFunction,
        poll_seconds: float = 2.0,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.profile = profile
        self.key = f"profile:{profile.name}"
        self.label = f"{profile.name} ({profile.url})"
        self.ask = ask
        self.poll_seconds = poll_seconds
        self.environ = dict(os.environ if environ is None else environ)
        self._remote: Any = None
        self._guard = threading.Lock()
        # Failed connection attempts so far, and the last one's error.
        self._failures = 0
        self._failure: Exception | None = None

    def _connected(self) -> Any:
        from ...remote.connect import GivenCredentials, connect
        from ...remote.credentials import KeyringStore, SecretResolver
        from ...remote.errors import RemoteError
        from ...remote.stacks import RemoteStacks

        failures = self._failures
        with self._guard:
            if self._remote is None:
                if self._failures != failures and self._failure is not None:
                    # Another call failed to connect while this one waited, after
                    # asking the person. Asking again at once would repeat the
                    # question they just declined.
                    raise self._failure
                given = GivenCredentials().with_environment(self.environ)
                store = KeyringStore()
                resolver = SecretResolver(
                    store, interactive=True, ask=self._asker(store.available())
                )
                try:
                    client = connect(self.profile, given, resolver=resolver)
                except RemoteError as error:
                    self._failure = error
                    self._failures += 1
                    raise
                self._failure = None
                self._remote = RemoteStacks(client, poll_seconds=self.poll_seconds)
            return self._remote

    def _asker(self, keyring_available: bool) -> AskFunction:
        """Return `ask` with a note on where the answer goes."""
        if keyring_available:
            note = "The answer is stored in the system keyring."
        else:
            note = (
                "No keyring service is available, so the answer is kept only until "
                "the window closes."
            )

        def ask(prompt: str) -> str:
            # The question goes last, right above the field for the answer.
            return self.ask(f"{note}\n\n{prompt.rstrip()}")

        return ask

    def _call(self, method: str, *arguments: Any, **options: Any) -> Any:
        """Call a `RemoteStacks` method. After a 401, forget the client so that the
        next call asks for the secret again."""
        from ...remote.errors import Unauthorized

        try:
            return getattr(self._connected(), method)(*arguments, **options)
        except Unauthorized:
            self.close()
            raise

    def close(self) -> None:
        with self._guard:
            if self._remote is not None:
                self._remote.close()
                self._remote = None

    def stacks(self) -> list[StackInfo]:
        return self._call("stacks")

    def deploy(
        self,
        template: Any,
        stack: str,
        inputs: Mapping[str, Any],
        options: DeployOptions,
        on_event: EventCallback,
        cancel: threading.Event,
        plan: Plan | None = None,
    ) -> DeployResult:
        return self._call(
            "deploy", template, stack, inputs, options, on_event=on_event, cancel=cancel
        )

    def retry(
        self,
        stack: str,
        inputs: Mapping[str, Any],
        on_event: EventCallback,
        cancel: threading.Event,
    ) -> DeployResult:
        return self._call(
            "retry", stack, dict(inputs) or None, on_event=on_event, cancel=cancel
        )

    def delete(
        self,
        stack: str,
        keep_resources: bool,
        on_event: EventCallback,
        cancel: threading.Event,
    ) -> DeployResult:
        return self._call(
            "delete", stack, keep_resources, on_event=on_event, cancel=cancel
        )

    def events(self, stack: str) -> list[EngineEvent]:
        return self._call("events", stack)

    def outputs(self, stack: str) -> list[OutputValue]:
        return self._call("outputs", stack)

    def resources(self, stack: str) -> list[ResourceInfo]:
        return self._call("resources", stack)

    def template_text(self, stack: str) -> str:
        return self._call("template_text", stack)

    def last_inputs(self, stack: str) -> dict[str, Any]:
        remote = self._connected()
        found = remote.client.find_stack(stack)
        if found is None:
            return {}
        return {
            name: value for name, value in found.inputs.items() if value != SECRET_MASK
        }

    def test_connection(self) -> ConnectionCheck:
        from ...remote.errors import RemoteError

        try:
            remote = self._connected()
        except RemoteError as error:
            return ConnectionCheck(False, str(error))
        report = remote.client.test_connection()
        if not report.ok:
            self.close()
        return ConnectionCheck(report.ok, report.message)
