"""The window's boundary for errors: slots that survive exceptions, and message boxes
with a headline, the next step and the details."""

from __future__ import annotations

import functools
import logging
from typing import Any, Callable, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def guarded(function: F) -> F:
    """Wrap a slot so an exception is logged and shown in the status bar instead of
    ending the program. For slots whose work depends on a template or a file."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the window must outlive a bad template
            log.exception("%s failed", function.__qualname__)
            owner = args[0] if args else None
            report = getattr(owner, "report_failure", None)
            if callable(report):
                report(
                    f"{function.__name__.strip('_').replace('_', ' ')} failed: {error}"
                )
            return None

    return wrapper  # type: ignore[return-value]


def show_error(
    parent: QWidget, headline: str, next_step: str, details: str
) -> QMessageBox:
    """Show a warning box without blocking: the headline, what to do next, and the
    details behind a button. Return the box, which stays open until dismissed."""
    box = QMessageBox(parent)
    box.setObjectName("errorBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("AOS Designer")
    box.setText(headline)
    box.setInformativeText(next_step)
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    log.warning("%s: %s", headline, details)
    return box
