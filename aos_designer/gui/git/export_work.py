"""The work behind the export dialog's buttons, as plain Python for a worker thread,
and what the dialog keeps between openings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from ... import vcs

log = logging.getLogger(__name__)


@dataclass
class ExportSession:
    """The export target and the unsent commit message that the export dialog keeps
    between openings in one window."""

    folder: str = ""
    path: str = ""
    branch: str = ""
    remote: str = ""
    pending_message: str = ""


@dataclass(frozen=True)
class ExportOutcome:
    """The result of Commit or Commit and Push: the commit (None when the files were
    unchanged), the push when it succeeded, or the error that stopped the push."""

    commit: vcs.CommitResult
    repository: vcs.Repository
    push: vcs.PushResult | None = None
    push_error: Exception | None = None


def commit_and_push(
    plan: vcs.ExportPlan,
    message: str,
    remote: str | None,
    progress: Callable[[vcs.Progress], None],
    cancellation: vcs.Cancellation,
) -> ExportOutcome:
    """Commit the plan, then push to `remote` unless it is None. A failed push is
    returned, not raised, because the commit stays made."""
    commit = vcs.commit_export(plan, message)
    if remote is None:
        return ExportOutcome(commit, plan.repository)
    try:
        pushed = vcs.push_branch(
            plan.repository,
            plan.branch,
            remote,
            progress=progress,
            cancellation=cancellation,
        )
    except vcs.VcsError as error:
        log.warning(
            "pushing %s to %s after commit %s failed: %s",
            plan.branch,
            remote,
            commit.short,
            error.message,
        )
        return ExportOutcome(commit, plan.repository, push_error=error)
    return ExportOutcome(commit, plan.repository, pushed)
