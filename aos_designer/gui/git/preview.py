"""The facts about a repository folder that the export dialog shows before a commit:
whether it is a repository, its branches and remotes, the author identity, an
unfinished merge or rebase, and the export plan. Plain Python, run on a worker
thread."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ... import vcs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RepositoryState:
    """A folder that may receive the export, with the facts the dialog shows.

    `repository` is None when the folder is not the root of a repository, and
    `problem` then gives the reason. `user_name` and `user_email` are the configured values,
    empty when not set. `operation` is (what is in progress, how to end it) during a
    merge or rebase.
    """

    folder: Path
    repository: vcs.Repository | None
    problem: str = ""
    branches: tuple[str, ...] = ()
    current_branch: str | None = None
    remotes: tuple[str, ...] = ()
    user_name: str = ""
    user_email: str = ""
    operation: tuple[str, str] | None = None

    @property
    def missing_identity(self) -> list[str]:
        """The identity keys that are not set, such as ["user.email"]."""
        pairs = (("user.name", self.user_name), ("user.email", self.user_email))
        return [key for key, value in pairs if not value]


@dataclass(frozen=True)
class ExportPreview:
    """The state of the folder and the plan of the export, or why there is none."""

    state: RepositoryState
    plan: vcs.ExportPlan | None = None
    error: Exception | None = None


def inspect_folder(folder: str | os.PathLike[str]) -> RepositoryState:
    """Open the repository at `folder` and read what the dialog shows about it."""
    path = Path(folder).expanduser()
    if not str(folder).strip():
        return RepositoryState(path, None, "Choose the repository's folder.")
    try:
        repository = vcs.open_repository(path)
    except vcs.InvalidRepositoryPath as error:
        return RepositoryState(path, None, error.message)
    return read_state(repository)


def read_state(repository: vcs.Repository) -> RepositoryState:
    """Read the branches, remotes, identity and unfinished work of a repository."""
    repo = repository.repo
    return RepositoryState(
        repository.path,
        repository,
        branches=tuple(sorted(head.name for head in repo.heads)),
        current_branch=repository.current_branch(),
        remotes=tuple(remote.name for remote in repo.remotes),
        user_name=repository.config_value("user.name") or "",
        user_email=repository.config_value("user.email") or "",
        operation=vcs.operation_in_progress(repository),
    )


def preview_export(folder: str, request: vcs.ExportRequest) -> ExportPreview:
    """Inspect `folder` and, when it is a repository, plan the export into it."""
    state = inspect_folder(folder)
    if state.repository is None:
        return ExportPreview(state)
    try:
        plan = vcs.prepare_export(state.repository, request)
    except (vcs.VcsError, vcs.InputsError, ValueError) as error:
        log.info("the export into %s cannot be planned: %s", folder, error)
        return ExportPreview(state, error=error)
    return ExportPreview(state, plan)


def default_repository_path(
    template_file: Path | None, folder: str | os.PathLike[str]
) -> str:
    """Return the template's path in the repository: its path relative to the
    repository's folder when the file lies inside it, else its file name."""
    if template_file is None:
        return "template.yaml"
    try:
        relative = template_file.resolve().relative_to(Path(folder).resolve())
    except (ValueError, OSError):
        return template_file.name
    return relative.as_posix()
