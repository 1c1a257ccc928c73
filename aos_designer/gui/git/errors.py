"""Turning the errors of Git work into what the window shows: a headline, the next
step, and the details (Git's own text) for the collapsible part of a message box."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from ...vcs import (
    AuthenticationFailed,
    CommitFailed,
    GitCommandFailed,
    IdentityMissing,
    InputsError,
    InvalidArgument,
    OperationCancelled,
    OperationInProgress,
    PushRejected,
    VcsError,
    VersionNotFound,
)


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """A failed step as the window shows it: `headline` in bold, `next_step` below it
    and `details` behind the Show Details button."""

    headline: str
    next_step: str
    details: str


def describe_error(error: BaseException, action: str) -> ErrorReport:
    """Describe `error`, raised while doing `action` (such as "push"), for a person."""
    details = _details(error)
    report = _git_report(error, action, details)
    if report is not None:
        return report
    if isinstance(error, OSError):
        return ErrorReport(
            f"The {action} failed: a file could not be read or written",
            f"{error.strerror or error}. Check the folder and its permissions.",
            details,
        )
    if isinstance(error, ValueError):
        return ErrorReport(f"Invalid value for the {action}", str(error), details)
    return ErrorReport(
        f"The {action} failed with an unexpected error",
        "The error was logged. Try again, and report it with the details if it "
        "happens again.",
        "".join(traceback.format_exception(error)),
    )


def _git_report(error: BaseException, action: str, details: str) -> ErrorReport | None:
    """Describe the errors of the Git layer; None for any other error."""
    if isinstance(error, PushRejected):
        return ErrorReport(
            "The remote rejected the push",
            f"{_first_line(error)} Your commit and your message are kept.",
            details,
        )
    if isinstance(error, AuthenticationFailed):
        return ErrorReport(
            f"Git could not sign in to the remote for the {action}",
            _first_line(error),
            details,
        )
    if isinstance(error, CommitFailed):
        return ErrorReport(
            "git commit failed",
            "Fix what Git reports below (a hook's complaint, for example), then "
            "commit again. Your message is kept.",
            details,
        )
    if isinstance(error, OperationInProgress):
        return ErrorReport(
            f"Cannot commit while {error.operation}", error.message, details
        )
    if isinstance(error, IdentityMissing):
        return ErrorReport(
            "Git has no author identity for commits",
            "Fill in your name and email in the dialog and set them for this "
            "repository, or run the commands below.",
            error.message,
        )
    if isinstance(error, OperationCancelled):
        return ErrorReport(f"The {action} was cancelled", "", error.message)
    if isinstance(error, (InvalidArgument, InputsError, VersionNotFound)):
        return ErrorReport(f"Invalid value for the {action}", str(error), details)
    if isinstance(error, VcsError):
        return ErrorReport(f"The {action} failed", _first_line(error), details)
    return None


def _first_line(error: BaseException) -> str:
    if isinstance(error, VcsError):
        return error.message
    return str(error)


def _details(error: BaseException) -> str:
    """Return Git's output and the command that failed, or the error's text."""
    if isinstance(error, GitCommandFailed):
        lines = [f"git {' '.join(error.command)}"]
        if error.status is not None:
            lines[0] += f" (exit status {error.status})"
        lines.append(error.git_output or "(Git printed nothing)")
        return "\n".join(lines)
    if isinstance(error, VcsError) and error.git_output:
        return error.git_output
    return str(error)
