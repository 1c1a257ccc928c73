"""Pushing a branch to a remote with progress, setting its upstream on first push."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .errors import AuthenticationFailed, GitCommandFailed, PushRejected, VcsError
from .process import Cancellation, ProgressCallback, stream_git
from .repository import Repository, is_authentication_error

log = logging.getLogger(__name__)

# `git push --porcelain` flags, from git-push(1).
_STATUSES = {
    " ": "fast-forward",
    "+": "forced",
    "-": "deleted",
    "*": "new",
    "!": "rejected",
    "=": "up-to-date",
}


@dataclass(frozen=True, slots=True)
class PushResult:
    """The outcome of a push: `status` is "new", "fast-forward", "forced" or
    "up-to-date", `summary` Git's summary of the ref (such as `a1b2c3d..e4f5a6b`), and
    `messages` Git's other output, including what the remote printed."""

    remote: str
    branch: str
    status: str
    summary: str
    upstream_set: bool
    messages: tuple[str, ...] = ()


def push_branch(
    repository: Repository,
    branch: str | None = None,
    remote: str = "origin",
    progress: ProgressCallback | None = None,
    cancellation: Cancellation | None = None,
    allow_prompt: bool = False,
) -> PushResult:
    """Push `branch` (default: the checked-out one) to the branch of the same name on
    `remote`, and make that its upstream when it has none yet.

    Raise `PushRejected` when the remote refuses the update (for example because it has
    commits the branch lacks), `AuthenticationFailed` when Git could not get
    credentials, `GitCommandFailed` for other failures, all with Git's own text, and
    `OperationCancelled` when cancelled.
    """
    branch = branch or repository.current_branch()
    if branch is None:
        raise VcsError(
            f"HEAD in {repository.path} is detached; choose the branch to push."
        )
    _check_pushable(repository, branch, remote)
    set_upstream = repository.repo.heads[branch].tracking_branch() is None
    arguments = ["push", "--porcelain", "--progress"]
    if set_upstream:
        arguments.append("--set-upstream")
    arguments += [remote, f"refs/heads/{branch}:refs/heads/{branch}"]
    log.info("pushing %s to %s from %s", branch, remote, repository.path)
    result = stream_git(
        arguments, repository.path, "push", progress, cancellation, allow_prompt
    )
    flag, summary, reason = _ref_status(result.stdout, branch)
    messages = result.messages
    git_text = "\n".join(messages)
    if flag == "!":
        raise PushRejected(
            f"The remote {remote} rejected the push of {branch}: {reason or summary}. "
            + _rejection_advice(reason, remote, branch),
            arguments,
            result.status,
            git_text,
            reason,
        )
    if result.status != 0 or flag is None:
        error_class = (
            AuthenticationFailed
            if is_authentication_error(git_text)
            else GitCommandFailed
        )
        advice = (
            " Set up a credential helper or an SSH key for this remote, then push "
            "again."
            if error_class is AuthenticationFailed
            else ""
        )
        raise error_class(
            f"Pushing {branch} to {remote} failed.{advice}",
            arguments,
            result.status,
            git_text,
        )
    status = _STATUSES.get(flag, "fast-forward")
    log.info("pushed %s to %s: %s", branch, remote, status)
    return PushResult(remote, branch, status, summary, set_upstream, tuple(messages))


def _check_pushable(repository: Repository, branch: str, remote: str) -> None:
    if not repository.branch_exists(branch):
        raise VcsError(
            f"The branch {branch} has no commits in {repository.path}, so there is "
            "nothing to push; commit first."
        )
    names = [item.name for item in repository.repo.remotes]
    if remote not in names:
        known = ", ".join(names) if names else "none"
        raise VcsError(
            f"The repository {repository.path} has no remote named {remote!r} "
            f"(remotes: {known}); add it with "
            f'`git -C "{repository.path}" remote add {remote} URL`.'
        )


def _ref_status(stdout: str, branch: str) -> tuple[str | None, str, str]:
    """Return (flag, summary, reason) of the branch's line in porcelain output.

    A line is `FLAG \\t FROM:TO \\t SUMMARY (REASON)`.
    """
    target = f"refs/heads/{branch}"
    for line in stdout.splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[1].endswith(f":{target}"):
            continue
        summary = parts[2]
        reason = ""
        if summary.endswith(")") and "(" in summary:
            summary, _, reason = summary[:-1].partition(" (")
        return parts[0][:1] or " ", summary.strip(), reason.strip()
    return None, "", ""


def _rejection_advice(reason: str, remote: str, branch: str) -> str:
    if reason in ("fetch first", "non-fast-forward"):
        return (
            f"The remote has commits that {branch} does not have; pull them "
            f"(`git pull {remote} {branch}`), then push again."
        )
    return "See Git's output below."
