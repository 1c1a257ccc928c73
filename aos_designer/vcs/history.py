"""History of a template in Git: the commits that touched it, following renames, and
the text of any version."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import git

from ..layout import Layout, sidecar_path
from .errors import VersionNotFound
from .repository import Repository

log = logging.getLogger(__name__)

_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = _RECORD + _FIELD.join(["%H", "%an", "%ae", "%aI", "%cI", "%s"])

_CHANGES = {
    "A": "added",
    "M": "modified",
    "T": "modified",
    "D": "deleted",
    "R": "renamed",
    "C": "copied",
}


@dataclass(frozen=True, slots=True)
class Version:
    """One commit that touched the template.

    `path` is the template's path in that commit, which differs from today's after a
    rename, and `previous_path` the path before a rename or copy. `change` is "added",
    "modified", "renamed", "copied" or "deleted"; a deleted version has no text.
    """

    commit: str
    author_name: str
    author_email: str
    authored: datetime
    committed: datetime
    summary: str
    path: str
    change: str
    previous_path: str | None = None

    @property
    def short(self) -> str:
        return self.commit[:7]


def template_history(
    repository: Repository,
    path: str,
    revision: str = "HEAD",
    max_count: int | None = None,
) -> list[Version]:
    """Return the commits reachable from `revision` that touched `path`, newest
    first, following the file across renames. A repository without commits has
    an empty history."""
    if not repository.repo.head.is_valid() and revision == "HEAD":
        return []
    resolve_revision(repository, revision)
    arguments = ["log", "--follow", "--name-status", "-z", f"--format={_FORMAT}"]
    if max_count is not None:
        arguments.append(f"--max-count={max_count}")
    arguments += [revision, "--", path]
    output = repository.run(*arguments)
    return [
        _version(record) for record in output.split(_RECORD) if record.strip("\0\n")
    ]


def _version(record: str) -> Version:
    header, _, rest = record.partition("\0")
    commit, name, email, authored, committed, summary = header.split(_FIELD, 5)
    tokens = [token for token in rest.lstrip("\n").split("\0") if token]
    status = tokens[0] if tokens else "M"
    change = _CHANGES.get(status[:1], "modified")
    previous = None
    if change in ("renamed", "copied") and len(tokens) >= 3:
        previous, path = tokens[1], tokens[2]
    else:
        path = tokens[1] if len(tokens) > 1 else ""
    return Version(
        commit,
        name,
        email,
        datetime.fromisoformat(authored),
        datetime.fromisoformat(committed),
        summary,
        path,
        change,
        previous,
    )


def resolve_revision(repository: Repository, revision: str) -> str:
    """Return the commit id that `revision` names; raise `VersionNotFound`."""
    try:
        return repository.repo.commit(revision).hexsha
    except (git.BadName, ValueError, git.BadObject) as error:
        raise VersionNotFound(
            f"{revision!r} is not a commit in {repository.path}; give a commit id, "
            "a branch or a tag (see `git log`)."
        ) from error


def read_version(repository: Repository, revision: str, path: str) -> str:
    """Return the text of `path` as it was in `revision`, line endings kept."""
    commit = resolve_revision(repository, revision)
    try:
        blob = repository.repo.commit(commit).tree / path
    except KeyError:
        raise VersionNotFound(
            f"{path} does not exist in {revision} ({commit[:7]}) of "
            f"{repository.path}; `git log --follow -- {path}` lists the commits "
            "that have it."
        ) from None
    if blob.type != "blob":
        raise VersionNotFound(f"{path} is a folder in {revision}, not a file.")
    data = blob.data_stream.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise VersionNotFound(
            f"{path} in {revision} is not UTF-8 text (byte {error.start}); it cannot "
            "be opened as a template."
        ) from None


def read_layout_version(
    repository: Repository, revision: str, path: str
) -> Layout | None:
    """Return the layout saved beside `path` in `revision`, or None when there is
    none or it is invalid."""
    sidecar = sidecar_path(path).as_posix()
    try:
        return Layout.from_json(read_version(repository, revision, sidecar))
    except VersionNotFound:
        return None
    except ValueError as error:
        log.warning("ignoring the layout %s in %s: %s", sidecar, revision, error)
        return None
