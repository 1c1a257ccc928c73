"""The Export to Git dialog: choose, create or clone a repository, see what the commit
will change, write the message, and commit or commit and push.

All Git work runs on worker threads (`TaskSet`); the dialog only shows its progress.
The commit message is never lost: it stays in the dialog when a commit or push fails,
and `ExportSession.pending_message` offers it again the next time the dialog opens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ... import vcs
from ...layout import Layout
from ...template.model import Template
from ..guard import show_error
from .errors import describe_error
from .export_form import (
    BANNER_STYLE,
    IdentitySection,
    InputsSection,
    PlanView,
    RepositorySection,
)
from .export_work import ExportOutcome, ExportSession, commit_and_push
from .preview import ExportPreview, default_repository_path, preview_export
from .tasks import TaskSet

if TYPE_CHECKING:
    from ..window import MainWindow

log = logging.getLogger(__name__)

# Milliseconds of quiet after the last edit of a field before the plan is computed.
PREVIEW_DELAY_MS = 300


class ExportDialog(QDialog):
    """Exports the window's template, as the window shows it, into a Git repository."""

    exported = Signal(object)
    """An `ExportOutcome` after a commit was made or found unnecessary."""

    def __init__(
        self,
        window: MainWindow,
        session: ExportSession,
        template_text: str,
        template: Template | None,
        layout: Layout | None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("gitExportDialog")
        self.setWindowTitle("Export to Git")
        self.session = session
        self.template_text = template_text
        self.template = template
        self.layout_to_write = layout
        self.template_file = window.buffer.path
        self.preview: ExportPreview | None = None
        self.error_box: QMessageBox | None = None
        self.tasks = TaskSet(self)
        self._generation = 0
        self._preview_pending = False
        self._busy_with = ""
        # The result of the last commit or push, shown until a field changes.
        self._outcome_note = ""
        self._build()
        self._restore_session()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._connect()
        self.resize(1180, 780)
        self.refresh()

    # Construction

    def _build(self) -> None:
        self.repository = RepositorySection()
        self.inputs = InputsSection()
        self.inputs.set_template(self.template)
        self.identity = IdentitySection()
        self.banner = QLabel()
        self.banner.setObjectName("operationBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.message_edit = QPlainTextEdit()
        self.message_edit.setObjectName("commitMessageEdit")
        self.message_edit.setTabChangesFocus(True)
        self.plan_view = PlanView()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.repository)
        left_layout.addWidget(self.inputs, 3)
        left_layout.addWidget(self.identity)
        left_layout.addWidget(self.banner)
        left_layout.addWidget(QLabel("Commit message:"))
        left_layout.addWidget(self.message_edit, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.plan_view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 600])

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_buttons())

    def _build_buttons(self) -> QHBoxLayout:
        """Build the status line, the progress bar and the buttons below the form."""
        self.progress = QProgressBar()
        self.progress.setObjectName("gitProgressBar")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("gitStatusLabel")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.commit_button = QPushButton("Commit")
        self.commit_button.setObjectName("commitButton")
        self.push_button = QPushButton("Commit and Push")
        self.push_button.setObjectName("commitPushButton")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelGitButton")
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("closeExportButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.commit_button)
        buttons.addWidget(self.push_button)
        buttons.addWidget(self.close_button)
        return buttons

    def _restore_session(self) -> None:
        session = self.session
        folder = session.folder
        if not folder and self.template_file is not None:
            folder = str(self.template_file.parent)
        self.repository.folder_edit.setText(folder)
        path = session.path or default_repository_path(self.template_file, folder)
        self.repository.path_edit.setText(path)
        self.repository.branch_box.setEditText(session.branch)
        self.repository.remote_box.setEditText(session.remote)
        self.message_edit.setPlainText(session.pending_message)

    def _connect(self) -> None:
        self.repository.changed.connect(self.schedule_refresh)
        self.inputs.changed.connect(self.schedule_refresh)
        self.repository.browse_requested.connect(self.choose_folder)
        self.repository.create_requested.connect(self.create_repository)
        self.repository.clone_requested.connect(self.clone)
        self.inputs.load_requested.connect(self.choose_inputs_file)
        self.identity.set_requested.connect(self.set_identity)
        self.commit_button.clicked.connect(lambda: self.commit(push=False))
        self.push_button.clicked.connect(lambda: self.commit(push=True))
        self.cancel_button.clicked.connect(self.tasks.cancel_all)
        self.close_button.clicked.connect(self.close)

    # The plan

    @Slot()
    def schedule_refresh(self) -> None:
        """Compute the plan again once the fields have been quiet for a moment."""
        self._outcome_note = ""
        self._preview_pending = True
        self._update_buttons()
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Inspect the folder and plan the export on a worker thread."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        self._preview_pending = True
        try:
            request = self._request()
        except vcs.InputsError as error:
            self._preview_pending = False
            self.preview = None
            self.plan_view.clear(str(error))
            self._show_status(str(error), problem=True)
            self._update_buttons()
            return
        folder = self.repository.folder
        self._show_status("Reading the repository…")
        self.tasks.start(
            "preview",
            lambda cancellation, progress: preview_export(folder, request),
            on_success=lambda preview: self._on_preview(generation, preview),
            on_failure=lambda error: self._on_preview_failed(generation, error),
        )
        self._update_buttons()

    def _request(self) -> vcs.ExportRequest:
        return vcs.ExportRequest(
            template_text=self.template_text,
            path=self.repository.path,
            layout=self.layout_to_write,
            inputs=self.inputs.values(self.template),
            inputs_path=self.inputs.path,
            branch=self.repository.branch or None,
        )

    def _on_preview(self, generation: int, preview: ExportPreview) -> None:
        if generation != self._generation:
            return
        self._preview_pending = False
        self.preview = preview
        state = preview.state
        self.repository.show_state(state)
        self.identity.show_state(state)
        self._show_operation(state.operation)
        if preview.plan is not None:
            self.plan_view.show_plan(preview.plan)
            self.message_edit.setPlaceholderText(preview.plan.suggested_message())
            summary, problem = self._plan_summary(preview.plan), False
        elif preview.error is not None:
            self.plan_view.clear(str(preview.error))
            summary, problem = str(preview.error), True
        else:
            self.plan_view.clear()
            summary, problem = state.problem, True
        if self._outcome_note:
            self._show_status(self._outcome_note, problem=True)
        else:
            self._show_status(summary, problem)
        self._update_buttons()

    def _on_preview_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._preview_pending = False
        self.preview = None
        report = describe_error(error, "reading of the repository")
        self.plan_view.clear(report.details)
        self._show_status(f"{report.headline}. {report.next_step}", problem=True)
        self._update_buttons()

    def _plan_summary(self, plan: vcs.ExportPlan) -> str:
        changed = [change for change in plan.changes if change.status != "unchanged"]
        if not changed:
            return "Nothing to commit: the files are up to date."
        return f"{len(changed)} of {len(plan.changes)} files change on {plan.branch}."

    def _show_operation(self, operation: tuple[str, str] | None) -> None:
        if operation is None:
            self.banner.hide()
            return
        description, advice = operation
        self.banner.setText(f"Cannot commit now: {description}. {advice}")
        self.banner.show()

    def _update_buttons(self) -> None:
        busy = bool(self._busy_with)
        preview = self.preview
        plan = preview.plan if preview is not None else None
        state = preview.state if preview is not None else None
        ready = (
            not busy
            and not self._preview_pending
            and plan is not None
            and state is not None
            and state.operation is None
            and not state.missing_identity
        )
        self.commit_button.setEnabled(ready and plan.has_changes)
        has_remote = state is not None and bool(state.remotes)
        self.push_button.setEnabled(ready and has_remote)
        self.push_button.setText(
            "Commit and Push" if plan is None or plan.has_changes else "Push"
        )
        self.push_button.setToolTip(
            ""
            if has_remote
            else "The repository has no remote to push to; add one "
            "with `git remote add origin URL`."
        )
        self.cancel_button.setEnabled(busy)
        self.close_button.setEnabled(not busy)
        for widget in (self.repository, self.inputs, self.identity):
            widget.setEnabled(not busy)

    def _show_status(self, text: str, problem: bool = False) -> None:
        self.status.setStyleSheet("QLabel { color: #b71c1c; }" if problem else "")
        self.status.setText(text)

    # Repository set-up

    @Slot()
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose the repository's folder", self.repository.folder
        )
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        """Use `folder` as the repository, keeping a path typed before."""
        self.repository.folder_edit.setText(folder)
        if not self.repository.path:
            self.repository.path_edit.setText(
                default_repository_path(self.template_file, folder)
            )
        self.refresh()

    @Slot()
    def create_repository(self) -> None:
        folder = self.repository.folder
        branch = self.repository.branch or None
        self._run(
            "creation of the repository",
            lambda cancellation, progress: vcs.open_repository(
                folder, create=True, initial_branch=branch
            ),
            lambda repository: self._after_setup(f"Created a repository in {folder}."),
        )

    @Slot()
    def clone(self) -> None:
        url = self.repository.url_edit.text().strip()
        folder = self.repository.folder
        if not url or not folder:
            self._show_status(
                "Give the URL to clone and the folder to clone it into.", problem=True
            )
            return
        self._run(
            "clone",
            lambda cancellation, progress: vcs.clone_repository(
                url, folder, progress=progress, cancellation=cancellation
            ),
            lambda repository: self._after_setup(f"Cloned {url} into {folder}."),
            show_progress=True,
        )

    @Slot()
    def set_identity(self) -> None:
        preview = self.preview
        if preview is None or preview.state.repository is None:
            return
        repository = preview.state.repository
        name = self.identity.name_edit.text()
        email = self.identity.email_edit.text()
        self._run(
            "setting of the identity",
            lambda cancellation, progress: vcs.set_identity(repository, name, email),
            lambda identity: self._after_setup(
                f"Set user.name and user.email for {repository.path}."
            ),
        )

    def _after_setup(self, message: str) -> None:
        self._outcome_note = ""
        self.refresh()
        self._show_status(message)

    @Slot()
    def choose_inputs_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Load input values", "", "Inputs files (*.yaml *.yml);;All files (*)"
        )
        if path:
            self.load_inputs_file(Path(path))

    def load_inputs_file(self, path: Path) -> bool:
        """Fill the inputs table from an inputs file and turn the inputs file on."""
        try:
            values = vcs.read_inputs_file(path)
        except vcs.InputsError as error:
            self._show_error(describe_error(error, "loading of input values"))
            return False
        secret = [
            str(name)
            for name in values
            if not self.inputs.set_value(str(name), values[name])
        ]
        self.inputs.setChecked(True)
        self.refresh()
        note = f"Loaded {len(values) - len(secret)} input values from {path.name}."
        if secret:
            note += f" Left out the secret values of {', '.join(secret)}."
        self._show_status(note)
        return True

    # Commit and push

    def commit(self, push: bool) -> None:
        """Commit the plan with the typed message (or the suggested one), then push
        when asked."""
        preview = self.preview
        if preview is None or preview.plan is None:
            return
        plan = preview.plan
        message = self.message_edit.toPlainText().strip() or plan.suggested_message()
        remote = self.repository.remote or "origin"
        self.session.pending_message = self.message_edit.toPlainText()
        self._remember_target()
        self._run(
            "commit and push" if push else "commit",
            lambda cancellation, progress: commit_and_push(
                plan, message, remote if push else None, progress, cancellation
            ),
            self._on_committed,
            show_progress=push,
        )

    def _on_committed(self, outcome: ExportOutcome) -> None:
        commit = outcome.commit
        done = (
            f"Committed {commit.short} on {commit.branch}."
            if commit.commit
            else f"Nothing to commit on {commit.branch}."
        )
        self.exported.emit(outcome)
        if outcome.push_error is not None:
            report = describe_error(outcome.push_error, "push")
            self._outcome_note = f"{done} The push failed: {report.headline}."
            self._show_status(self._outcome_note, problem=True)
            self._show_error(report)
            self.refresh()
            return
        if outcome.push is not None:
            done += f" Pushed to {outcome.push.remote} ({outcome.push.summary})."
        self.session.pending_message = ""
        self.message_edit.clear()
        self._show_status(done)
        log.info("export to Git finished: %s", done)
        self.accept()

    def _remember_target(self) -> None:
        self.session.folder = self.repository.folder
        self.session.path = self.repository.path
        self.session.branch = self.repository.branch
        self.session.remote = self.repository.remote

    # Running work

    def _run(
        self,
        action: str,
        work: Callable[..., Any],
        on_success: Callable[[Any], None],
        show_progress: bool = False,
    ) -> None:
        self._busy_with = action
        self._show_status(f"Running the {action}…")
        if show_progress:
            self.progress.setRange(0, 0)
            self.progress.show()
        self._update_buttons()

        def finish_with(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def finish(value: Any) -> None:
                self._busy_with = ""
                self.progress.hide()
                self._update_buttons()
                handler(value)

            return finish

        self.tasks.start(
            action,
            work,
            on_success=finish_with(on_success),
            on_failure=finish_with(lambda error: self._on_failed(action, error)),
            on_progress=self._on_progress,
        )

    def _on_failed(self, action: str, error: Exception) -> None:
        report = describe_error(error, action)
        if isinstance(error, vcs.OperationCancelled):
            self._outcome_note = f"{report.headline}."
        else:
            self._outcome_note = f"{report.headline}. {report.next_step}"
            self._show_error(report)
        self._show_status(self._outcome_note, problem=True)
        self.refresh()

    def _on_progress(self, report: vcs.Progress) -> None:
        fraction = report.fraction
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(fraction * 100))
        counts = ""
        if report.current is not None and report.total:
            counts = f" {report.current:.0f}/{report.total:.0f}"
        self._show_status(f"{report.operation.capitalize()}: {report.stage}{counts}")

    def _show_error(self, report: Any) -> None:
        self.error_box = show_error(
            self, report.headline, report.next_step, report.details
        )

    # Closing

    def done(self, result: int) -> None:
        if self.tasks.busy and self._busy_with:
            self._show_status(
                f"Wait for the {self._busy_with} to end, or cancel it first.",
                problem=True,
            )
            return
        self._remember_target()
        if result != QDialog.DialogCode.Accepted:
            self.session.pending_message = self.message_edit.toPlainText()
        # A preview still running ends on its own; its result is ignored.
        self.tasks.cancel_all()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tasks.busy and self._busy_with:
            event.ignore()
            self.done(QDialog.DialogCode.Rejected)
            return
        super().closeEvent(event)
