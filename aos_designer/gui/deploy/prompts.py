"""Questions the deployment asks a person: a secret that a worker thread needs (a token,
a password, a secret input for a retry), and the confirmation of a stack's deletion.

Every dialog opens with `open()`, so the event loop keeps running and a test can fill
and accept it.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

# How often a waiting worker thread checks whether the window is closing, in seconds.
WAIT_STEP_SECONDS = 0.1


class _Answer:
    """A question in flight between a worker thread and the GUI thread."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.text = ""


class SecretPrompter(QObject):
    """Asks for secrets on behalf of worker threads.

    `ask(prompt)` blocks the calling worker thread until the person answers in a
    password dialog on the GUI thread, and returns "" when they cancel or the window
    closes. The answer is kept nowhere but in the caller's hands.
    """

    _requested = Signal(str, object)
    dialog_opened = Signal(object)
    """A password dialog is open now (for tests and screen readers)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.closing = threading.Event()
        self.dialog: QInputDialog | None = None
        self._requested.connect(self._open, Qt.ConnectionType.QueuedConnection)

    def ask(self, prompt: str) -> str:
        if QThread.currentThread() is self.thread():
            raise RuntimeError("ask() waits for the GUI thread; call it from a worker")
        answer = _Answer()
        self._requested.emit(prompt, answer)
        while not answer.ready.wait(WAIT_STEP_SECONDS):
            if self.closing.is_set():
                return ""
        return answer.text

    @Slot(str, object)
    def _open(self, prompt: str, answer: _Answer) -> None:
        # Above the deploy dialog when it is open, which blocks its parent window.
        parent = QApplication.activeModalWidget() or self._parent
        dialog = QInputDialog(parent)
        dialog.setObjectName("secretPrompt")
        dialog.setWindowTitle("Secret needed")
        dialog.setLabelText(prompt)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText("Use")
        dialog.resize(460, dialog.sizeHint().height())

        def finish(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                answer.text = dialog.textValue()
            answer.ready.set()
            dialog.deleteLater()
            if self.dialog is dialog:
                self.dialog = None

        dialog.finished.connect(finish)
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)

    def shutdown(self) -> None:
        """Release every waiting worker with an empty answer."""
        self.closing.set()
        if self.dialog is not None:
            self.dialog.reject()


class DeleteStackDialog(QDialog):
    """Asks before a stack and its resources are deleted, with the option to keep the
    resources in the cloud and forget only the stack."""

    def __init__(
        self,
        stack: str,
        target_label: str,
        resource_count: int | None,
        keep_offered: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deleteStackDialog")
        self.setWindowTitle(f"Delete stack {stack}")
        self.stack = stack

        counted = (
            f" and its {resource_count} resource{'s' if resource_count != 1 else ''}"
            if resource_count is not None
            else " and its resources"
        )
        question = QLabel(
            f"Delete stack <b>{stack}</b>{counted} on {_escape(target_label)}? "
            "The resources are deleted in the reverse order of their dependencies."
        )
        question.setWordWrap(True)

        self.keep_resources = QCheckBox(
            "Keep the resources in the cloud and forget only the stack"
        )
        self.keep_resources.setObjectName("deleteKeepResources")
        if not keep_offered:
            self.keep_resources.setEnabled(False)
            self.keep_resources.setToolTip(
                "The AOS API deletes a stack's resources with it; keeping them is "
                "offered by the built-in engine only."
            )

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.keep_resources)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
