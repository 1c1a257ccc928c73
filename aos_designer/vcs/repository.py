"""Opening, creating and cloning repositories, the author identity, and the checks that
must pass before a commit.

Everything runs the user's own git program through GitPython, so the user's Git
configuration, credential helpers and SSH keys apply.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import git

from .errors import (
    AuthenticationFailed,
    GitCommandFailed,
    IdentityMissing,
    InvalidArgument,
    InvalidRepositoryPath,
    OperationInProgress,
)
from .process import Cancellation, ProgressCallback, stream_git

log = logging.getLogger(__name__)

# Git's texts that mean the remote wanted credentials Git could not get.
AUTHENTICATION_MARKERS = (
    "Authentication failed",
    "could not read Username",
    "could not read Password",
    "terminal prompts disabled",
    "Permission denied (publickey",
    "HTTP Basic: Access denied",
    "The requested URL returned error: 401",
    "The requested URL returned error: 403",
)


@dataclass
class Repository:
    """An open Git repository with a working tree.

    `created` is True when this program made the repository (by `git init`), so the
    export adds a `.gitignore` to its first commit.
    """

    repo: git.Repo
    created: bool = False

    @property
    def path(self) -> Path:
        """The root of the working tree."""
        return Path(self.repo.working_tree_dir or ".")

    @property
    def git_dir(self) -> Path:
        return Path(self.repo.git_dir)

    def run(self, *arguments: str, env: dict[str, str] | None = None) -> str:
        """Run `git ARGUMENTS` in the working tree and return its standard output.

        Raise `GitCommandFailed` with Git's own error text when it fails.
        """
        return run_git(self.repo, list(arguments), env)

    def has_commits(self) -> bool:
        """Tell whether any branch has a commit yet."""
        return self.repo.head.is_valid() or bool(self.repo.heads)

    def current_branch(self) -> str | None:
        """Return the checked-out branch, also when it has no commit yet, or None when
        HEAD is detached."""
        try:
            return self.repo.head.reference.name
        except TypeError:
            return None

    def branch_exists(self, branch: str) -> bool:
        return branch in {head.name for head in self.repo.heads}

    def remote_branch(self, branch: str) -> git.RemoteReference | None:
        """Return the remote-tracking branch named `branch`, such as `origin/main`,
        when exactly one remote has it."""
        found = [
            reference
            for remote in self.repo.remotes
            for reference in remote.refs
            if reference.remote_head == branch
        ]
        return found[0] if len(found) == 1 else None

    def config_value(self, key: str) -> str | None:
        """Return a Git configuration value as Git resolves it for this repository
        (system, global, include files and the repository's own file), or None."""
        try:
            value = self.repo.git.config("--get", key)
        except git.GitCommandError as error:
            if error.status == 1:
                return None
            raise _command_failed(f"Reading {key} failed.", error) from None
        return value or None


def run_git(
    repo: git.Repo, arguments: list[str], env: dict[str, str] | None = None
) -> str:
    """Run `git ARGUMENTS` in a repository; raise `GitCommandFailed` on failure."""
    environment = {"GIT_TERMINAL_PROMPT": "0"}
    environment.update(env or {})
    try:
        return repo.git.execute(
            ["git", *arguments], env=environment, strip_newline_in_stdout=False
        )
    except git.GitCommandError as error:
        raise _command_failed(f"git {arguments[0]} failed.", error) from None


def _command_failed(message: str, error: git.GitCommandError) -> GitCommandFailed:
    command = [str(part) for part in error.command[1:]]
    output = _text(error.stderr) or _text(error.stdout)
    status = error.status if isinstance(error.status, int) else None
    return GitCommandFailed(message, command, status, _strip_quotes(output))


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value or "")


def _strip_quotes(output: str) -> str:
    """Undo GitPython's `stderr: '...'` wrapping of Git's output."""
    text = output.strip()
    for prefix in ("stderr: '", "stdout: '"):
        if text.startswith(prefix) and text.endswith("'"):
            text = text[len(prefix) : -1]
    return text.strip()


def open_repository(
    path: str | os.PathLike[str],
    create: bool = False,
    initial_branch: str | None = None,
) -> Repository:
    """Open the repository whose working tree is at `path`.

    With `create`, make the folder and run `git init` there when it is not a
    repository yet. `initial_branch` then names the first branch, and without it Git's
    `init.defaultBranch` applies. A folder inside another repository's working tree
    is not taken for that repository: the export writes at the root it was given.
    """
    folder = Path(path).expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise InvalidRepositoryPath(
            f"{folder} is a file, not a folder; give the folder of a repository."
        )
    if folder.is_dir() and _is_work_tree_root(folder):
        try:
            repo = git.Repo(folder)
        except git.InvalidGitRepositoryError as error:
            raise InvalidRepositoryPath(
                f"{folder} has a .git entry that is not a valid repository: {error}"
            ) from None
        if repo.bare:
            raise InvalidRepositoryPath(
                f"{folder} is a bare repository without a working tree; clone it "
                "into a folder and export there."
            )
        return Repository(repo)
    if not create:
        raise InvalidRepositoryPath(
            f"{folder} is not the root of a Git repository; run `git init` there "
            "or choose the folder that contains .git."
        )
    if initial_branch:
        check_branch_name(initial_branch)
    return _init(folder, initial_branch)


def find_repository(path: str | os.PathLike[str]) -> Repository:
    """Open the repository whose working tree contains `path`, as `git` run in that
    folder would."""
    folder = Path(path).expanduser().absolute()
    try:
        repo = git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise InvalidRepositoryPath(
            f"{folder} is not inside a Git repository; give the repository's folder."
        ) from None
    if repo.bare:
        raise InvalidRepositoryPath(f"{folder} is a bare repository without files.")
    return Repository(repo)


def _is_work_tree_root(folder: Path) -> bool:
    return (folder / ".git").exists()


def _init(folder: Path, initial_branch: str | None) -> Repository:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidRepositoryPath(
            f"Cannot create the folder {folder}: {error.strerror}."
        ) from None
    try:
        if initial_branch:
            repo = git.Repo.init(folder, initial_branch=initial_branch)
        else:
            repo = git.Repo.init(folder)
    except git.GitCommandError as error:
        raise _command_failed(
            f"Creating a repository in {folder} failed.", error
        ) from None
    log.info("created a Git repository in %s", folder)
    return Repository(repo, created=True)


def clone_repository(
    url: str,
    path: str | os.PathLike[str],
    branch: str | None = None,
    progress: ProgressCallback | None = None,
    cancellation: Cancellation | None = None,
    allow_prompt: bool = False,
) -> Repository:
    """Clone `url` into the folder `path`, reporting progress, and open the clone.

    When `path` already contains a clone of `url`, that clone is opened. A clone that
    fails or is cancelled leaves no folder behind unless the folder existed before.
    """
    folder = Path(path).expanduser().absolute()
    if folder.is_dir() and _is_work_tree_root(folder):
        return _existing_clone(folder, url)
    existed = folder.exists()
    arguments = ["clone", "--progress"]
    if branch:
        arguments += ["--branch", branch]
    arguments += ["--", url, str(folder)]
    log.info("cloning %s into %s", url, folder)
    try:
        result = stream_git(
            arguments, None, "clone", progress, cancellation, allow_prompt
        )
    except BaseException:
        _remove_partial(folder, existed)
        raise
    if result.status != 0:
        _remove_partial(folder, existed)
        error_class = (
            AuthenticationFailed
            if is_authentication_error(result.message_text)
            else GitCommandFailed
        )
        raise error_class(
            f"Cloning {url} into {folder} failed.",
            arguments,
            result.status,
            result.message_text,
        )
    return Repository(git.Repo(folder))


def _existing_clone(folder: Path, url: str) -> Repository:
    repository = open_repository(folder)
    urls = {found for remote in repository.repo.remotes for found in remote.urls}
    if url not in urls:
        remote_urls = ", ".join(sorted(urls)) or "no remote"
        raise InvalidRepositoryPath(
            f"{folder} is already a repository, with {remote_urls}, "
            f"not a clone of {url}. "
            "Choose an empty folder for the clone, or export into that repository "
            "without cloning."
        )
    log.info("using the existing clone of %s in %s", url, folder)
    return repository


def _remove_partial(folder: Path, existed: bool) -> None:
    if existed or not folder.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)


def is_authentication_error(text: str) -> bool:
    """Tell whether Git's output reports that the remote wanted credentials."""
    return any(marker in text for marker in AUTHENTICATION_MARKERS)


@dataclass(frozen=True, slots=True)
class Identity:
    """The author of commits: Git's `user.name` and `user.email`."""

    name: str
    email: str

    def environment(self) -> dict[str, str]:
        """Return the variables that make Git use this identity as author and
        committer, whatever other variables or keys the user's setup has."""
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name,
            "GIT_COMMITTER_EMAIL": self.email,
        }


def read_identity(repository: Repository) -> Identity:
    """Return the identity from `user.name` and `user.email`.

    Raise `IdentityMissing`, naming the `git config` commands to run, when either is
    not set. Git's guess from the user and host name is never used.
    """
    name = repository.config_value("user.name")
    email = repository.config_value("user.email")
    missing = [
        key for key, value in (("user.name", name), ("user.email", email)) if not value
    ]
    if missing:
        raise IdentityMissing(repository.path, missing)
    assert name is not None and email is not None
    return Identity(name, email)


def set_identity(repository: Repository, name: str, email: str) -> Identity:
    """Set `user.name` and `user.email` in this repository's own configuration."""
    name = name.strip()
    email = email.strip()
    _check_identity_part("name", name)
    _check_identity_part("email", email)
    if any(character.isspace() for character in email):
        raise ValueError(f"The email {email!r} contains a space; remove it.")
    with repository.repo.config_writer("repository") as writer:
        writer.set_value("user", "name", name)
        writer.set_value("user", "email", email)
    log.info("set the Git identity of %s", repository.path)
    return Identity(name, email)


def _check_identity_part(label: str, value: str) -> None:
    if not value:
        raise ValueError(f"The {label} is empty; give the {label} for your commits.")
    bad = [character for character in "<>\n\r\0" if character in value]
    if bad:
        raise ValueError(
            f"The {label} {value!r} contains {bad[0]!r}, which Git does not allow "
            "in an identity; remove it."
        )


# Files in the Git folder that mark an unfinished operation, with how to end it.
_OPERATIONS = (
    (
        "MERGE_HEAD",
        "a merge is in progress",
        "Finish it with `git commit` or abort it with `git merge --abort`.",
    ),
    (
        "rebase-merge",
        "a rebase is in progress",
        "Finish it with `git rebase --continue` or abort it with `git rebase --abort`.",
    ),
    (
        "rebase-apply",
        "a rebase or `git am` is in progress",
        "Finish it with `git rebase --continue` (or `git am --continue`), or abort it "
        "with `git rebase --abort` (or `git am --abort`).",
    ),
    (
        "CHERRY_PICK_HEAD",
        "a cherry-pick is in progress",
        "Finish it with `git cherry-pick --continue` or abort it with "
        "`git cherry-pick --abort`.",
    ),
    (
        "REVERT_HEAD",
        "a revert is in progress",
        "Finish it with `git revert --continue` or abort it with `git revert --abort`.",
    ),
)


def operation_in_progress(repository: Repository) -> tuple[str, str] | None:
    """Return (what is in progress, how to end it) when a commit must wait, else None.

    Unresolved conflicts count too, even when no operation file is left.
    """
    git_dir = repository.git_dir
    for marker, operation, advice in _OPERATIONS:
        if (git_dir / marker).exists():
            return operation, advice
    conflicted = sorted(str(path) for path in repository.repo.index.unmerged_blobs())
    if conflicted:
        names = ", ".join(str(path) for path in conflicted[:5])
        return (
            f"the index has unresolved conflicts in {names}",
            "Resolve them and `git add` the files, or undo them with "
            "`git checkout --merge -- FILE`.",
        )
    return None


def check_ready_to_commit(repository: Repository) -> None:
    """Raise `OperationInProgress` while a commit would mix into unfinished work."""
    found = operation_in_progress(repository)
    if found is not None:
        operation, advice = found
        raise OperationInProgress(repository.path, operation, advice)


def check_branch_name(branch: str) -> None:
    """Raise `InvalidArgument` with Git's reason when `branch` is not a valid branch
    name."""
    try:
        git.Git().execute(["git", "check-ref-format", "--branch", branch])
    except git.GitCommandError as error:
        raise InvalidArgument(
            f"{branch!r} is not a valid branch name; choose another name.",
            _strip_quotes(_text(error.stderr)),
        ) from None
