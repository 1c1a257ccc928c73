"""The deployment controller: connects `actionDeploy`, the deploy dialog and the
deployment panel to the targets, running every blocking call on a worker thread.

It owns the targets (the built-in engine, opened on first use, and a client per
endpoint profile), the list of stacks, the plan preview on the diagram, opening a
stack's template, drift, and the questions the panel's buttons lead to. Running
operations are in `operations`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from ...engine.model import EngineEvent, StackInfo
from ...remote.follow import DEFAULT_POLL_SECONDS
from ...remote.profiles import ProfileError, ProfileStore
from ..canvas.items import NodeMark
from ..guard import show_error
from .dialog import DeployDialog, DeployRequest, PlanRequest
from .failures import expected, next_step
from .jobs import Job, JobRunner
from .marks import plan_marks
from .operations import StackOperations, sidecar_member
from .prompts import SecretPrompter
from .stacks import PROFILE_PREFIX, StackList
from .targets import LOCAL_KEY, LocalTarget, RemoteTarget, Target

if TYPE_CHECKING:
    from ..window import MainWindow

log = logging.getLogger(__name__)

# How long closing the window waits for a running operation to stop, in seconds.
SHUTDOWN_SECONDS = 30.0
# The height the deployment panel gets when an operation starts, in pixels.
PANEL_HEIGHT = 280


def stack_name_for(path: Path | None) -> str:
    """Suggest a stack name from a template's file name: `Web Server.yaml` gives
    `web-server`."""
    if path is None:
        return ""
    name = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")
    return name[:63].rstrip("-")


class DeployController(QObject):
    """Deployment in the window, from the action to the panel."""

    busy_changed = Signal(bool)
    """An operation started (True) or ended (False)."""
    dialog_opened = Signal(object)
    """The deploy dialog opened (for tests and scripts that fill it in)."""
    stacks_listed = Signal(str)
    """The panel shows the stacks of the target with this key now."""
    recovery_event = Signal(object)
    """An event of the engine's recovery of an interrupted operation, from the
    engine's threads."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.deploy
        self.scene = window.scene
        self.jobs = JobRunner(self)
        self.prompter = SecretPrompter(window)
        self.local = LocalTarget(on_recovery_event=self._post_recovery_event)
        self.remotes: dict[str, RemoteTarget] = {}
        # Seconds between polls of a remote execution.
        self.remote_poll_seconds = DEFAULT_POLL_SECONDS
        self.dialog: DeployDialog | None = None
        self.error_box: Any = None
        # Secret input values of this session, by (target key, stack), for retries.
        self.secrets: dict[tuple[str, str], dict[str, str]] = {}
        # The stack the open document's template came from, if it came from one.
        self.origin: tuple[str, str] | None = None
        self.last_target = LOCAL_KEY
        self.last_stacks: dict[Path | None, str] = {}
        self._marks_before_dialog: dict[str, NodeMark] = {}
        self._open_pending = False
        self.operations = StackOperations(self)
        self.stacks = StackList(self)
        self.panel.cancel_requested.connect(self.operations.cancel)
        self.panel.clear_marks_requested.connect(self.scene.clear_marks)
        self.window.analysis_shown.connect(self._on_analysis_shown)
        self.recovery_event.connect(
            self._on_recovery_event, Qt.ConnectionType.QueuedConnection
        )

    # Targets

    def profiles(self) -> list[Any]:
        try:
            return ProfileStore().list()
        except ProfileError as error:
            log.warning("cannot read the endpoint profiles: %s", error)
            return []

    def target_choices(self) -> list[tuple[str, str]]:
        choices = [(LOCAL_KEY, self.local.label)]
        for profile in self.profiles():
            choices.append(
                (f"{PROFILE_PREFIX}{profile.name}", f"{profile.name} ({profile.url})")
            )
        return choices

    def target(self, key: str) -> Target:
        """Return the target of a key, connecting a profile's client lazily."""
        if key == LOCAL_KEY:
            return self.local
        remote = self.remotes.get(key)
        if remote is None:
            name = key.removeprefix(PROFILE_PREFIX)
            profile = ProfileStore().get(name)
            remote = RemoteTarget(
                profile, self.prompter.ask, poll_seconds=self.remote_poll_seconds
            )
            self.remotes[key] = remote
        return remote

    def run(
        self,
        name: str,
        work: Callable[[Job], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Job:
        """Run a short job. An error goes to `on_error`, or else to an error box."""
        failed = on_error or (
            lambda error: self.show_failure(f"Could not {name}", error)
        )
        return self.jobs.start(name, work, on_done=on_done, on_error=failed)

    def show_failure(self, headline: str, error: BaseException) -> None:
        """Show an error box with the next step, and log a fault with its
        traceback."""
        if not expected(error):
            log.error("%s", headline, exc_info=error)
        self.error_box = show_error(self.window, headline, next_step(error), str(error))

    def _post_recovery_event(self, event: EngineEvent) -> None:
        try:
            self.recovery_event.emit(event)
        except RuntimeError:
            # The window closed; the engine has stored the event already.
            log.debug("a recovery event arrived after the window closed")

    @Slot(object)
    def _on_recovery_event(self, event: EngineEvent) -> None:
        """Show the progress of a recovery in the panel, and list the stacks again
        when it ends."""
        if self.operations.running:
            return
        if event.resource_name is not None:
            self.panel.set_status(
                f"Recovering stack {event.stack} after an interrupted operation: "
                f"{event.resource_name} {event.event_type}.",
                "running",
            )
            return
        if event.event_type.endswith("ing"):
            return
        message = f" {event.message}." if event.message else ""
        self.panel.set_status(
            f"Recovered stack {event.stack} after an interrupted operation: "
            f"{event.event_type}.{message}",
            "warning",
        )
        self.stacks.list_target(LOCAL_KEY)

    # The deploy dialog

    @Slot()
    def open_dialog(self) -> None:
        """Open the deploy dialog on the editor's current text."""
        if self.operations.running:
            self.window.statusBar().showMessage(
                "A stack operation is running; wait for it or cancel it first.", 8000
            )
            return
        buffer = self.window.buffer
        if not buffer.up_to_date:
            self._open_pending = True
            buffer.analyze_now()
            return
        self._open_with(buffer.latest)

    @Slot(object)
    def _on_analysis_shown(self, analysis: Any) -> None:
        if self._open_pending and self.window.buffer.up_to_date:
            self._open_pending = False
            self._open_with(analysis)

    def _open_with(self, analysis: Any) -> None:
        if not self._deployable(analysis):
            return
        key, stack = self._initial_choice()
        dialog = DeployDialog(
            analysis.template,
            self.target_choices(),
            target_key=key,
            stack=stack,
            regions={
                f"{PROFILE_PREFIX}{profile.name}": profile.region
                for profile in self.profiles()
            },
            parent=self.window,
        )
        dialog.stacks_needed.connect(self._list_for_dialog)
        dialog.connection_test_requested.connect(self._test_connection)
        dialog.plan_requested.connect(self._plan)
        dialog.last_inputs_needed.connect(self._last_inputs)
        dialog.target_chosen.connect(self._on_dialog_target)
        dialog.deploy_requested.connect(self._deploy)
        dialog.finished.connect(self._on_dialog_finished)

        self.dialog = dialog
        self._marks_before_dialog = self.scene.marks()
        dialog.open()
        dialog.start()
        self.dialog_opened.emit(dialog)

    def _deployable(self, analysis: Any) -> bool:
        """Tell whether the analysed text can be deployed, and show why not."""
        if analysis.template is None:
            error = analysis.syntax_error
            self.error_box = show_error(
                self.window,
                "The template cannot be deployed while its text does not parse",
                "Fix the YAML where the banner above the diagram says, then deploy.",
                f"Line {error.line}, column {error.column}: {error.message}"
                if error
                else "The text does not parse.",
            )
            return False
        errors = sum(1 for d in analysis.diagnostics if d.severity == "error")
        if errors:
            # As `aos-designer deploy` does: nothing starts from a template with
            # errors, and validation problems belong in the Problems list.
            self.window.validate_now()
            self.window.statusBar().showMessage(
                f"The template has {errors} error{'s' if errors > 1 else ''}; fix "
                f"{'them' if errors > 1 else 'it'} in the Problems list, then deploy.",
                10000,
            )
            return False
        return True

    def _initial_choice(self) -> tuple[str, str]:
        if self.origin is not None:
            return self.origin
        keys = {key for key, _ in self.target_choices()}
        key = self.last_target if self.last_target in keys else LOCAL_KEY
        path = self.window.buffer.path
        return key, self.last_stacks.get(path) or stack_name_for(path)

    def _dialog_alive(self, dialog: DeployDialog | None) -> bool:
        return dialog is not None and dialog is self.dialog

    @Slot(str)
    def _list_for_dialog(self, key: str) -> None:
        dialog = self.dialog
        try:
            target = self.target(key)
        except ProfileError as error:
            if dialog is not None:
                dialog.show_stacks_error(key, str(error))
            return

        def done(stacks: list[StackInfo]) -> None:
            self.stacks.show_stacks(target, stacks)
            if self._dialog_alive(dialog):
                dialog.show_stacks(key, stacks)

        def failed(error: BaseException) -> None:
            if self._dialog_alive(dialog):
                dialog.show_stacks_error(key, str(error))

        self.run("list stacks", lambda job: target.stacks(), done, failed)

    @Slot(str)
    def _test_connection(self, key: str) -> None:
        dialog = self.dialog

        def done(check: Any) -> None:
            if self._dialog_alive(dialog):
                dialog.show_connection_result(key, check.ok, check.message)

        def failed(error: BaseException) -> None:
            if not expected(error):
                log.error("the connection test failed", exc_info=error)
            if self._dialog_alive(dialog):
                dialog.show_connection_result(key, False, str(error))

        def work(job: Job) -> Any:
            return self.target(key).test_connection()

        self.run("test the connection", work, done, failed)

    @Slot(object)
    def _plan(self, request: PlanRequest) -> None:
        dialog = self.dialog

        def done(plan: Any) -> None:
            if self._dialog_alive(dialog):
                dialog.show_plan(request.key, plan)
                if dialog.plan is plan:
                    self.scene.set_marks(plan_marks(plan))

        def failed(error: BaseException) -> None:
            if not expected(error):
                log.error("planning failed", exc_info=error)
            if self._dialog_alive(dialog):
                dialog.show_plan(request.key, None, str(error))
                self.scene.set_marks(self._marks_before_dialog)

        def work(job: Job) -> Any:
            return self.local.plan(
                request.template, request.stack, request.inputs, request.region
            )

        self.run("plan", work, done, failed)

    @Slot(str, str)
    def _last_inputs(self, key: str, stack: str) -> None:
        dialog = self.dialog

        def done(values: dict[str, Any]) -> None:
            if self._dialog_alive(dialog):
                dialog.offer_last_inputs(key, stack, values)

        def failed(error: BaseException) -> None:
            log.warning("cannot read the last inputs of stack %s: %s", stack, error)

        def work(job: Job) -> dict[str, Any]:
            return self.target(key).last_inputs(stack)

        self.run("read the last inputs", work, done, failed)

    @Slot(str)
    def _on_dialog_target(self, key: str) -> None:
        if key.startswith(PROFILE_PREFIX):
            name = key.removeprefix(PROFILE_PREFIX)
            self.panel.set_profiles([profile.name for profile in self.profiles()], name)
            self.stacks.show_remote(name)
        elif self.dialog is not None:
            self.scene.set_marks(self._marks_before_dialog)

    @Slot(int)
    def _on_dialog_finished(self, result: int) -> None:
        dialog = self.dialog
        self.dialog = None
        if dialog is not None:
            dialog.deleteLater()
        if result != DeployDialog.DialogCode.Accepted:
            self.scene.set_marks(self._marks_before_dialog)

    @Slot(object)
    def _deploy(self, request: DeployRequest) -> None:
        self.last_target = request.target_key
        self.last_stacks[self.window.buffer.path] = request.stack
        if request.secrets:
            self.secrets[(request.target_key, request.stack)] = dict(request.secrets)
        self.panel_show()
        self.operations.deploy(request, self._package_for(request))

    def _package_for(self, request: DeployRequest) -> Any:
        """Return the package of template and layout for an endpoint, when the
        template has a layout sidecar. None sends the template alone."""
        path = self.window.buffer.path
        if request.target_key == LOCAL_KEY or path is None:
            return None
        if not self.window.has_sidecar:
            return None
        from ...remote.package import TemplatePackage, main_file_name_for

        main = main_file_name_for(path)
        layout = self.scene.layout().to_json().encode("utf-8")
        return TemplatePackage(
            text=request.template.text,
            main_file_name=main,
            files={sidecar_member(main): layout},
        )

    # The stacks in the panel

    def panel_show(self) -> None:
        """Bring the deployment panel to the front, tall enough for its tables."""
        dock = self.window.deploy_dock
        dock.show()
        dock.raise_()
        if dock.height() < PANEL_HEIGHT:
            self.window.resizeDocks([dock], [PANEL_HEIGHT], Qt.Orientation.Vertical)

    # Closing

    def shutdown(self) -> None:
        """Stop the running work and close the targets as the window closes."""
        self.prompter.shutdown()
        if self.dialog is not None:
            self.dialog.reject()
        left = self.jobs.shutdown(SHUTDOWN_SECONDS)
        if left:
            # NOTE: the engine records every step, so the next start settles work
            # that was still running here (see the engine's crash recovery).
            log.warning(
                "closing while %s still run; the next start settles them",
                ", ".join(left),
            )
            return
        self.local.close()
        for remote in self.remotes.values():
            remote.close()
