"""Errors of the Git layer. Each one names the repository or value involved and what to
do next; the ones raised after running Git also carry Git's own output text."""

from __future__ import annotations

from pathlib import Path


class VcsError(Exception):
    """A Git operation could not be done. `git_output` is Git's own text, if any."""

    def __init__(self, message: str, git_output: str = "") -> None:
        self.message = message
        self.git_output = git_output.strip()
        super().__init__(self._full_text())

    def _full_text(self) -> str:
        if not self.git_output:
            return self.message
        return f"{self.message}\nGit said:\n{_indent(self.git_output)}"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


class InvalidArgument(VcsError):
    """A value the caller gave is invalid, such as a branch name or a path."""


class InvalidRepositoryPath(InvalidArgument):
    """The folder cannot hold a repository, or a path inside it is not allowed."""


class IdentityMissing(VcsError):
    """Git has no `user.name` or `user.email`, so a commit would get a guessed author.

    `missing` lists the configuration keys that are not set and `commands` the exact
    `git config` commands that set them.
    """

    def __init__(self, repository: Path, missing: list[str]) -> None:
        self.repository = repository
        self.missing = missing
        examples = {"user.name": '"Your Name"', "user.email": "you@example.com"}
        self.global_commands = [
            f"git config --global {key} {examples[key]}" for key in missing
        ]
        self.local_commands = [
            f'git -C "{repository}" config {key} {examples[key]}' for key in missing
        ]
        self.commands = self.global_commands + self.local_commands
        lines = [
            f"Git has no author identity for commits in {repository}: "
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set.",
            "Set it for all your repositories with:",
            *(f"  {command}" for command in self.global_commands),
            "or for this repository only with:",
            *(f"  {command}" for command in self.local_commands),
        ]
        super().__init__("\n".join(lines))


class OperationInProgress(VcsError):
    """The repository is in the middle of a merge, rebase, cherry-pick or revert, or
    has unresolved conflicts, so a commit now would mix the export into that work."""

    def __init__(self, repository: Path, operation: str, advice: str) -> None:
        self.repository = repository
        self.operation = operation
        super().__init__(
            f"Cannot commit in {repository}: {operation}. {advice} Then export again."
        )


class GitCommandFailed(VcsError):
    """A Git command exited with an error. `command` is the command line without the
    program name, and `status` its exit status."""

    def __init__(
        self, message: str, command: list[str], status: int | None, git_output: str
    ) -> None:
        self.command = command
        self.status = status
        super().__init__(message, git_output)


class AuthenticationFailed(GitCommandFailed):
    """The remote asked for credentials that Git could not supply."""


class PushRejected(GitCommandFailed):
    """The remote refused to update the branch. `reason` is Git's short reason, such
    as "fetch first" when the remote has commits the local branch lacks."""

    def __init__(
        self,
        message: str,
        command: list[str],
        status: int | None,
        git_output: str,
        reason: str,
    ) -> None:
        self.reason = reason
        super().__init__(message, command, status, git_output)


class OperationCancelled(VcsError):
    """The caller cancelled a clone or push before it finished."""


class VersionNotFound(VcsError):
    """A revision, or a file in a revision, does not exist."""


class CommitFailed(GitCommandFailed):
    """`git commit` failed, for example in a hook. `commit_message` is the message the
    caller gave, so it can be offered again."""

    def __init__(
        self,
        message: str,
        command: list[str],
        status: int | None,
        git_output: str,
        commit_message: str,
    ) -> None:
        self.commit_message = commit_message
        super().__init__(message, command, status, git_output)
