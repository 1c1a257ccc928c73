"""The stacks in the deployment panel: listing them for the built-in engine and the
chosen endpoint profile, showing the selected one's history and outputs, and the
buttons that act on it (retry, delete, drift, open its template)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

from ...engine.model import StackInfo
from ...remote.profiles import ProfileError
from .jobs import Job
from .marks import drift_marks
from .prompts import DeleteStackDialog
from .targets import LOCAL_KEY, Target

if TYPE_CHECKING:
    from .controller import DeployController

log = logging.getLogger(__name__)

PROFILE_PREFIX = "profile:"
# Stack statuses after which a retry makes sense.
RETRY_STATUSES = ("Abnormal", "Stopped")


class StackList(QObject):
    """Lists the stacks in the panel and runs the panel's buttons for the selected
    stack."""

    def __init__(self, controller: DeployController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.window = controller.window
        self.panel = controller.panel
        self.scene = controller.scene
        self.infos: dict[tuple[str, str], StackInfo] = {}
        self.delete_dialog: DeleteStackDialog | None = None
        self._listed = False
        # Counts the stacks a person selected, so a refresh never overrides one.
        self._selections = 0
        panel = self.panel
        panel.refresh_requested.connect(self.refresh)
        panel.remote_profile_chosen.connect(self.show_remote)
        panel.stack_selected.connect(self._on_stack_selected)
        panel.retry_requested.connect(self.retry_selected)
        panel.delete_requested.connect(self.delete_selected)
        panel.drift_requested.connect(self.check_drift)
        panel.open_template_requested.connect(self.open_selected_template)
        controller.busy_changed.connect(self._on_busy_changed)

    @Slot()
    def refresh(self) -> None:
        """Read the stacks of the built-in engine and of the chosen profile."""
        self._listed = True
        self.list_target(LOCAL_KEY)
        name = self.panel.chosen_profile()
        if name:
            self.list_target(f"{PROFILE_PREFIX}{name}")

    @Slot(bool)
    def panel_visibility_changed(self, visible: bool) -> None:
        """List the stacks the first time the panel shows."""
        if visible and not self._listed:
            names = [profile.name for profile in self.controller.profiles()]
            self.panel.set_profiles(names, self.panel.chosen_profile())
            self.refresh()

    def list_target(self, key: str) -> None:
        """Read the stacks of the target with `key` and show them."""
        try:
            target = self.controller.target(key)
        except ProfileError as error:
            self.panel.set_stacks(key, f"{key}: {error}", [])
            return

        def failed(error: BaseException) -> None:
            log.warning("cannot list the stacks of %s: %s", target.label, error)
            self.panel.set_stacks(
                key, f"{target.label}: cannot list the stacks ({error})", []
            )

        self.controller.run(
            "list stacks",
            lambda job: target.stacks(),
            lambda stacks: self.show_stacks(target, stacks),
            failed,
        )

    def show_stacks(self, target: Target, stacks: list[StackInfo]) -> None:
        for known in [k for k in self.infos if k[0] == target.key]:
            del self.infos[known]
        for info in stacks:
            self.infos[(target.key, info.name)] = info
        self.panel.set_stacks(target.key, target.label, stacks)
        self.update_actions()
        self.controller.stacks_listed.emit(target.key)

    @Slot(str)
    def show_remote(self, name: str) -> None:
        """List the stacks of profile `name` beside the local ones ("" for none)."""
        for key in [
            k for k in self.panel.target_keys() if k.startswith(PROFILE_PREFIX)
        ]:
            if key != f"{PROFILE_PREFIX}{name}":
                self.panel.remove_target(key)
        if name:
            if self.panel.chosen_profile() != name:
                self.panel.set_profiles(
                    [p.name for p in self.controller.profiles()], name
                )
            self.list_target(f"{PROFILE_PREFIX}{name}")

    def stack_changed(self, key: str, stack: str) -> None:
        """Read a target's stacks again after an operation and select `stack`."""
        try:
            target = self.controller.target(key)
        except ProfileError:
            return
        selections = self._selections

        def done(stacks: list[StackInfo]) -> None:
            self.show_stacks(target, stacks)
            # A stack the person selected meanwhile stays selected.
            if selections != self._selections:
                return
            if any(info.name == stack for info in stacks):
                self.panel.stacks_view.blockSignals(True)
                self.panel.select_stack(key, stack)
                self.panel.stacks_view.blockSignals(False)
                self.update_actions()

        self.controller.run(
            "list stacks", lambda job: target.stacks(), done, lambda e: None
        )

    @Slot(str, str)
    def _on_stack_selected(self, key: str, stack: str) -> None:
        """Show the history and outputs of the stack selected in the list."""
        self._selections += 1
        self.update_actions()
        if self.controller.operations.running:
            return
        try:
            target = self.controller.target(key)
        except ProfileError as error:
            self.panel.set_status(str(error), "failure")
            return

        def work(job: Job) -> tuple[list[Any], list[Any]]:
            return target.events(stack), target.outputs(stack)

        def done(found: tuple[list[Any], list[Any]]) -> None:
            if (
                self.panel.selected_stack() != (key, stack)
                or self.controller.operations.running
            ):
                return
            events, outputs = found
            self.panel.set_events(events)
            self.panel.set_outputs(outputs)
            info = self.infos.get((key, stack))
            if info is not None:
                self.panel.set_status(_stack_text(info, target), "info")

        self.controller.run("read the stack", work, done)

    def update_actions(self) -> None:
        busy = self.controller.operations.running
        selected = self.panel.selected_stack()
        info = self.infos.get(selected) if selected else None
        failed = info is not None and (
            info.status in RETRY_STATUSES
            or info.phase.endswith(("Failed", "Cancelled"))
        )
        self.panel.set_actions(
            cancel=busy,
            retry=not busy and failed,
            delete=not busy and selected is not None,
            drift=not busy and selected is not None and selected[0] == LOCAL_KEY,
            open=selected is not None,
        )

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        self.update_actions()

    # The panel's buttons

    @Slot()
    def retry_selected(self) -> None:
        selected = self.panel.selected_stack()
        if selected is None or self.controller.operations.running:
            return
        self.controller.operations.retry(
            *selected, dict(self.controller.secrets.get(selected, {}))
        )

    @Slot()
    def delete_selected(self) -> None:
        """Ask before deleting the selected stack, then delete it."""
        selected = self.panel.selected_stack()
        if selected is None or self.controller.operations.running:
            return
        key, stack = selected
        target = self.controller.target(key)
        dialog = DeleteStackDialog(
            stack, target.label, None, keep_offered=target.is_local, parent=self.window
        )

        def confirmed() -> None:
            if (
                self.controller.origin == selected
                and not dialog.keep_resources.isChecked()
            ):
                self.controller.origin = None
            self.controller.operations.delete(
                key, stack, dialog.keep_resources.isChecked()
            )

        dialog.accepted.connect(confirmed)
        dialog.finished.connect(dialog.deleteLater)
        self.delete_dialog = dialog
        dialog.open()

    @Slot()
    def check_drift(self) -> None:
        """Compare the selected stack with the simulated cloud and show the drift."""
        selected = self.panel.selected_stack()
        if selected is None or selected[0] != LOCAL_KEY:
            return
        stack = selected[1]

        def work(job: Job) -> tuple[list[Any], list[str]]:
            names = [r.resource_name for r in self.controller.local.resources(stack)]
            return self.controller.local.drift(stack), list(dict.fromkeys(names))

        def done(found: tuple[list[Any], list[str]]) -> None:
            items, names = found
            self.panel.set_drift(items)
            self.panel.tabs.setCurrentIndex(2)
            self.scene.set_marks(drift_marks(items, names))
            count = len({item.resource_name for item in items})
            self.panel.set_status(
                f"Stack {stack}: {count} resource{'s' if count != 1 else ''} drifted."
                if count
                else f"Stack {stack}: no drift; the cloud holds what was deployed.",
                "failure" if count else "success",
            )

        self.controller.run("check the drift", work, done)

    @Slot()
    def open_selected_template(self) -> None:
        """Open the template of the selected stack as a new document."""
        selected = self.panel.selected_stack()
        if selected is None:
            return
        key, stack = selected
        target = self.controller.target(key)

        def done(text: str) -> None:
            from ..files import confirm_discard

            if not confirm_discard(self.window):
                return
            if self.window.read_only:
                self.window.set_read_only(False)
            self.window.open_text(text, None, f"Template of stack {stack}")
            self.controller.origin = (key, stack)
            self.window.statusBar().showMessage(
                f"Opened the template of stack {stack} from {target.label}; "
                "Deploy updates that stack.",
                10000,
            )

        self.controller.run(
            "open the stack's template", lambda job: target.template_text(stack), done
        )


def _stack_text(info: StackInfo, target: Target) -> str:
    text = f"Stack {info.name} on {target.label}: {info.status}, {info.phase}."
    if info.message:
        text += f" {info.message}"
    return text
