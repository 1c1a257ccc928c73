"""Export of a template into a Git repository: the files it writes, the diff of what
will be committed, and the commit.

The export writes the template, its layout sidecar, on request an inputs file without
secret values, and in a new repository a `.gitignore`. It commits those files and
nothing else: the commit is built from the branch's last commit plus the exported files
in a temporary index, so other changes in the working tree, staged or not, stay as they
were. The commit itself is made by `git commit`, so the user's hooks and signing
settings apply.

Use it in two steps, so a window can show the diff before the user types a message:
`prepare_export` computes the files, warnings and diff without touching the working
tree, and `commit_export` writes the files and commits.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

from ..layout import Layout, auto_layout, sidecar_path
from ..template.document import read_text, write_text
from ..template.model import Template, parse_template
from ..template.source import EMPTY_SPAN, SourceEntry, Span
from ..template.yamlsource import YamlSyntaxError, parse_yaml
from ..validation.diagnostics import WARNING, Diagnostic
from .credentials import scan_inputs_file, scan_template
from .errors import CommitFailed, GitCommandFailed, InvalidRepositoryPath, VcsError
from .inputs import InputsError, build_inputs_file
from .repository import (
    Repository,
    check_branch_name,
    check_ready_to_commit,
    read_identity,
)

log = logging.getLogger(__name__)

# Git's name for the tree with no entries; it exists in every repository.
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
FILE_MODE = "100644"

TEMPLATE, LAYOUT, INPUTS, GITIGNORE = "template", "layout", "inputs", "gitignore"

GITIGNORE_TEXT = """\
# Kept out of Git by AOS Designer.
# Engine state (stacks and the simulated cloud) when it is kept in the project.
.aos-designer/
*.sqlite
*.sqlite3
*.sqlite-journal
*.sqlite-wal
*.sqlite-shm
*.db
*.db-journal
# Local values and secrets.
.env
# Temporary files written while saving.
.*.saving
*.layout.json.tmp
# Editor and system files.
*~
*.swp
.DS_Store
Thumbs.db
"""


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A file the export writes: its path in the repository (with `/`), its text and
    its role ("template", "layout", "inputs" or "gitignore")."""

    path: str
    text: str
    role: str

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class FileChange:
    """The effect of the commit on one exported file: "added", "modified" or
    "unchanged"."""

    path: str
    role: str
    status: str


@dataclass
class ExportRequest:
    """A template to export and the place it goes.

    `path` is the template's path in the repository. `layout` is the diagram's
    positions (a `Layout` or the text of a sidecar). Without it, the automatic layout
    is written. `inputs`, when given, go into an inputs file at `inputs_path` (default:
    `NAME.inputs.yaml` beside the template) with secret values left out. `branch` is
    the branch to commit on (default: the checked-out one). `gitignore` forces the
    `.gitignore` on or off; None adds it only to a repository without commits.
    `source` names the template in warnings, such as its file on disk.
    """

    template_text: str
    path: str
    layout: Layout | str | None = None
    inputs: Mapping[str, Any] | None = None
    inputs_path: str | None = None
    branch: str | None = None
    gitignore: bool | None = None
    source: str | None = None

    @classmethod
    def from_file(
        cls,
        template_file: str | os.PathLike[str],
        path: str | None = None,
        **options: Any,
    ) -> "ExportRequest":
        """Build a request from a template file and its sidecar, read byte for byte."""
        file = Path(template_file)
        text = read_text(file)
        sidecar = sidecar_path(file)
        layout = read_text(sidecar) if sidecar.is_file() else None
        return cls(
            template_text=text,
            path=path or file.name,
            layout=layout,
            source=str(file),
            **options,
        )


@dataclass(frozen=True)
class ExportPlan:
    """The files an export writes, the diff of what committing them changes, and the
    warnings to show first. `base` is the commit the diff is against (None in a
    repository without commits)."""

    repository: Repository
    branch: str
    base: str | None
    files: tuple[ExportFile, ...]
    changes: tuple[FileChange, ...]
    diff: str
    warnings: tuple[tuple[str, Diagnostic], ...]
    removed_inputs: tuple[str, ...] = ()

    @property
    def has_changes(self) -> bool:
        return any(change.status != "unchanged" for change in self.changes)

    @property
    def template_path(self) -> str:
        return next(item.path for item in self.files if item.role == TEMPLATE)

    def suggested_message(self) -> str:
        """Return a commit message for when the user gives none."""
        template = next(item for item in self.changes if item.role == TEMPLATE)
        verb = "Add" if template.status == "added" else "Update"
        return f"{verb} {template.path}"


@dataclass(frozen=True, slots=True)
class CommitResult:
    """The commit an export made, or `commit` None when nothing had changed."""

    commit: str | None
    branch: str
    message: str
    files: tuple[str, ...] = field(default=())

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None


def repository_path(root: Path, path: str | os.PathLike[str]) -> str:
    """Return `path` as a clean path inside the repository, with `/` separators.

    An absolute path must lie inside the working tree. A path must not be empty, leave
    the working tree through `..`, or enter the `.git` folder.
    """
    raw = str(path).strip()
    if not raw:
        raise InvalidRepositoryPath(
            "The path in the repository is empty; give a file path such as "
            "templates/web.yaml."
        )
    candidate = Path(raw)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(root.resolve())
        except ValueError:
            raise InvalidRepositoryPath(
                f"{raw} is outside the repository {root}; give a path inside it."
            ) from None
    parts = [part for part in PurePosixPath(candidate.as_posix()).parts if part != "."]
    if not parts:
        raise InvalidRepositoryPath(f"{raw!r} names no file; give a file path.")
    if ".." in parts:
        raise InvalidRepositoryPath(
            f"{raw} leaves the repository through '..'; give a path inside it."
        )
    if any(part.lower() == ".git" for part in parts):
        raise InvalidRepositoryPath(
            f"{raw} is inside the .git folder; choose another path."
        )
    return "/".join(parts)


def target_branch(repository: Repository, branch: str | None) -> str:
    """Return the branch to commit on: `branch`, else the checked-out one."""
    if branch:
        check_branch_name(branch)
        return branch
    current = repository.current_branch()
    if current is None:
        head = repository.repo.head.commit.hexsha[:7]
        raise VcsError(
            f"HEAD in {repository.path} is detached at {head}, so a commit would be on "
            "no branch; choose a branch to commit on."
        )
    return current


def base_commit(repository: Repository, branch: str) -> str | None:
    """Return the commit the branch's next commit builds on: the branch, else the
    remote branch it will track, else HEAD, else None in a repository without
    commits."""
    if repository.branch_exists(branch):
        return repository.repo.heads[branch].commit.hexsha
    tracked = repository.remote_branch(branch)
    if tracked is not None:
        return tracked.commit.hexsha
    if repository.repo.head.is_valid():
        return repository.repo.head.commit.hexsha
    return None


def prepare_export(repository: Repository, request: ExportRequest) -> ExportPlan:
    """Compute the files, warnings and diff of an export without writing the working
    tree.

    Raise `OperationInProgress` during a merge or rebase, `InvalidArgument` when a path
    or the branch is invalid, and `InputsError` when the inputs cannot be written.
    """
    check_ready_to_commit(repository)
    branch = target_branch(repository, request.branch)
    base = base_commit(repository, branch)
    template_path = repository_path(repository.path, request.path)
    source = request.source or template_path
    warnings: list[tuple[str, Diagnostic]] = []
    template = _parse(request.template_text, source, warnings)
    files = [ExportFile(template_path, request.template_text, TEMPLATE)]
    layout_text = _layout_text(request, template, source, warnings)
    if layout_text is not None:
        files.append(
            ExportFile(sidecar_path(template_path).as_posix(), layout_text, LAYOUT)
        )
    removed: tuple[str, ...] = ()
    if request.inputs is not None:
        inputs_file, removed, inputs_warnings = _inputs_file(
            repository, request, template, template_path
        )
        files.append(inputs_file)
        warnings.extend(inputs_warnings)
    gitignore = _gitignore(repository, request, base)
    if gitignore is not None:
        files.append(gitignore)
    _check_distinct(files)
    if template is not None:
        warnings.extend(
            (source, found)
            for found in scan_template(template.data, template.source_map)
        )
    with _TemporaryIndex(repository) as index:
        tree = index.build(base, files)
        changes = index.changes(base, tree, files)
        diff = index.diff(base, tree)
    return ExportPlan(
        repository, branch, base, tuple(files), changes, diff, tuple(warnings), removed
    )


def _parse(
    text: str, source: str, warnings: list[tuple[str, Diagnostic]]
) -> Template | None:
    try:
        return parse_template(text)
    except YamlSyntaxError as error:
        warnings.append(
            (
                source,
                Diagnostic(
                    "template-not-parsed",
                    WARNING,
                    f"The template is not valid YAML ({error.message}), so no layout "
                    "is written and no credential check is made.",
                    (),
                    _point(error),
                ),
            )
        )
        return None


def _point(error: YamlSyntaxError) -> Span:
    return Span(
        error.offset, error.offset, error.line, error.column, error.line, error.column
    )


def _layout_text(
    request: ExportRequest,
    template: Template | None,
    source: str,
    warnings: list[tuple[str, Diagnostic]],
) -> str | None:
    """Return the sidecar to write: the given layout, else the automatic one."""
    if isinstance(request.layout, Layout):
        return request.layout.to_json()
    if isinstance(request.layout, str):
        try:
            Layout.from_json(request.layout)
            return request.layout
        except ValueError as error:
            warnings.append(
                (
                    str(sidecar_path(source)),
                    Diagnostic(
                        "layout-replaced",
                        WARNING,
                        f"The layout file is invalid ({error}), so the automatic "
                        "layout is exported instead.",
                        (),
                        EMPTY_SPAN,
                    ),
                )
            )
    if template is None:
        return None
    return auto_layout(template).to_json()


def _inputs_file(
    repository: Repository,
    request: ExportRequest,
    template: Template | None,
    template_path: str,
) -> tuple[ExportFile, tuple[str, ...], list[tuple[str, Diagnostic]]]:
    """Return the inputs file, the names left out of it, and its warnings."""
    if template is None:
        raise InputsError(
            "The template is not valid YAML, so it is unknown which inputs are secret; "
            "fix the template before exporting an inputs file."
        )
    assert request.inputs is not None

    default = PurePosixPath(template_path)
    default = default.with_name(f"{default.stem}.inputs.yaml")
    path = repository_path(repository.path, request.inputs_path or default.as_posix())
    built = build_inputs_file(template, request.inputs, template_path)

    parsed = parse_yaml(built.text)
    warnings = [
        (path, found) for found in scan_inputs_file(parsed.value, parsed.source_map)
    ]
    for name in built.undeclared:
        warnings.append(
            (
                path,
                Diagnostic(
                    "input-not-declared",
                    WARNING,
                    f"The input '{name}' is not declared in {template_path}; "
                    "deploying with this inputs file will report it.",
                    (name,),
                    _span_or_start(parsed.source_map.get((name,))),
                ),
            )
        )

    log.info("inputs file %s leaves out %d secret values", path, len(built.removed))
    return ExportFile(path, built.text, INPUTS), built.removed, warnings


def _span_or_start(entry: SourceEntry | None) -> Span:
    """Return the span of a written value; a value left out points at the start."""
    return entry.span if entry is not None else EMPTY_SPAN


def _gitignore(
    repository: Repository, request: ExportRequest, base: str | None
) -> ExportFile | None:
    """Return the `.gitignore` for a new repository, merged with one already on disk."""
    wanted = request.gitignore
    if wanted is None:
        wanted = repository.created or base is None
    if not wanted:
        return None
    existing_file = repository.path / ".gitignore"
    if base is not None and ".gitignore" in repository.repo.commit(base).tree:
        existing = repository.repo.commit(base).tree[".gitignore"].data_stream.read()
        text = existing.decode("utf-8", "replace")
    elif existing_file.is_file():
        text = read_text(existing_file)
    else:
        return ExportFile(".gitignore", GITIGNORE_TEXT, GITIGNORE)
    present = {line.strip() for line in text.splitlines()}
    missing = [
        line
        for line in GITIGNORE_TEXT.splitlines()
        if line and not line.startswith("#") and line not in present
    ]
    if not missing:
        return ExportFile(".gitignore", text, GITIGNORE)
    separator = "" if not text or text.endswith("\n") else "\n"
    added = "\n".join(["# Added by AOS Designer.", *missing]) + "\n"
    return ExportFile(".gitignore", text + separator + added, GITIGNORE)


def _check_distinct(files: list[ExportFile]) -> None:
    seen: dict[str, str] = {}
    for item in files:
        if item.path in seen:
            raise InvalidRepositoryPath(
                f"The {item.role} file and the {seen[item.path]} file would both be "
                f"written to {item.path}; choose another path for one of them."
            )
        seen[item.path] = item.role


class _TemporaryIndex:
    """A throw-away Git index for building the tree of the next commit.

    Blobs written into it go into the repository's object store, where Git's garbage
    collection removes them when no commit uses them.
    """

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.path = ""

    def __enter__(self) -> "_TemporaryIndex":
        handle, self.path = tempfile.mkstemp(
            prefix="aos-designer-", suffix=".index", dir=self.repository.git_dir
        )
        os.close(handle)
        # Git must create the index itself; an empty file is not a valid index.
        os.unlink(self.path)
        return self

    def __exit__(self, *exc: object) -> None:
        for leftover in (self.path, self.path + ".lock"):
            if os.path.exists(leftover):
                os.unlink(leftover)

    @property
    def env(self) -> dict[str, str]:
        return {"GIT_INDEX_FILE": self.path}

    def run(self, *arguments: str, env: dict[str, str] | None = None) -> str:
        return self.repository.run(*arguments, env={**self.env, **(env or {})})

    def build(
        self, base: str | None, files: list[ExportFile] | tuple[ExportFile, ...]
    ) -> str:
        """Fill the index with `base` plus the files and return the tree's id."""
        if base is None:
            self.run("read-tree", "--empty")
        else:
            self.run("read-tree", base)
        for item in files:
            blob = self.hash(item)
            self.run(
                "update-index",
                "--add",
                "--cacheinfo",
                f"{FILE_MODE},{blob},{item.path}",
            )
        return self.run("write-tree").strip()

    def hash(self, item: ExportFile) -> str:
        """Store the file's bytes as a blob, applying the repository's clean filters
        (such as `core.autocrlf`) for its path, as `git add` would."""
        with tempfile.NamedTemporaryFile(
            dir=self.repository.git_dir, delete=False
        ) as handle:
            handle.write(item.data)
            temporary = handle.name
        try:
            return self.repository.run(
                "hash-object", "-w", f"--path={item.path}", "--", temporary
            ).strip()
        finally:
            os.unlink(temporary)

    def changes(
        self, base: str | None, tree: str, files: list[ExportFile]
    ) -> tuple[FileChange, ...]:
        output = self.repository.run(
            "diff-tree",
            "-r",
            "--no-renames",
            "--name-status",
            "-z",
            _tree_of(base),
            tree,
        )
        fields = [part for part in output.split("\0") if part]
        statuses = dict(zip(fields[1::2], fields[0::2]))
        names = {"A": "added", "M": "modified", "T": "modified"}
        return tuple(
            FileChange(
                item.path,
                item.role,
                names.get(statuses.get(item.path, ""), "unchanged"),
            )
            for item in files
        )

    def diff(self, base: str | None, tree: str) -> str:
        return self.repository.run(
            "diff-tree",
            "-p",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            _tree_of(base),
            tree,
        )


def _tree_of(commit: str | None) -> str:
    return f"{commit}^{{tree}}" if commit else EMPTY_TREE


def commit_export(plan: ExportPlan, message: str) -> CommitResult:
    """Write the plan's files into the working tree and commit exactly those files.

    Before anything is written, raise `OperationInProgress` during a merge or rebase,
    `IdentityMissing` without `user.name` or `user.email`, and `VcsError` for an empty
    message. Switching to the plan's branch may fail with Git's own reason. A failing
    `git commit` raises `CommitFailed`, which carries the message. Files that already
    had the exported content give a result without a commit.

    The commit builds on the branch as it is now, which is newer than `plan.base` if
    someone committed in between, so `plan.diff` may then differ from the commit.
    """
    repository = plan.repository
    text = message.strip()
    if not text:
        raise VcsError("The commit message is empty; write what changed.")
    check_ready_to_commit(repository)
    identity = read_identity(repository)
    switch_branch(repository, plan.branch)
    _write_files(repository, plan.files)
    base = (
        repository.repo.head.commit.hexsha if repository.repo.head.is_valid() else None
    )
    paths = tuple(item.path for item in plan.files)
    with _TemporaryIndex(repository) as index:
        tree = index.build(base, plan.files)
        if base is not None and tree == repository.repo.commit(base).tree.hexsha:
            log.info(
                "nothing to commit in %s: the exported files are unchanged",
                repository.path,
            )
            return CommitResult(None, plan.branch, text, paths)
        _commit(repository, index, identity.environment(), text)
    commit = repository.repo.head.commit.hexsha
    _stage_in_real_index(repository, plan.files)
    log.info("committed %s on %s in %s", commit[:7], plan.branch, repository.path)
    return CommitResult(commit, plan.branch, text, paths)


def switch_branch(repository: Repository, branch: str) -> None:
    """Check out `branch`, creating it when it does not exist yet: from the remote
    branch of that name when one remote has it (and tracking it), else from HEAD.

    Uncommitted changes come along, as with `git switch`. When they would be
    overwritten, Git refuses and this raises `GitCommandFailed` with its reason.
    """
    current = repository.current_branch()
    if current == branch:
        return
    try:
        tracked = repository.remote_branch(branch)
        if repository.branch_exists(branch):
            repository.run("switch", "--quiet", branch)
        elif tracked is not None:
            repository.run("switch", "--quiet", "--track", tracked.name)
        elif not repository.repo.head.is_valid():
            repository.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
        else:
            repository.run("switch", "--quiet", "--create", branch)
    except GitCommandFailed as error:
        raise GitCommandFailed(
            f"Switching {repository.path} to the branch {branch} failed.",
            error.command,
            error.status,
            error.git_output,
        ) from None
    log.info("switched %s to the branch %s", repository.path, branch)


def _write_files(repository: Repository, files: tuple[ExportFile, ...]) -> None:
    root = repository.path.resolve()
    for item in files:
        target = repository.path / item.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.resolve().is_relative_to(root):
                raise InvalidRepositoryPath(
                    f"The folder of {item.path} is a link that leads out of the "
                    f"repository {repository.path}; choose another path."
                )
            if target.is_dir():
                raise InvalidRepositoryPath(
                    f"{item.path} is a folder in {repository.path}; choose a file path."
                )
            write_text(target, item.text)
        except OSError as error:
            raise VcsError(f"Writing {target} failed: {error.strerror}.") from None


def _commit(
    repository: Repository,
    index: _TemporaryIndex,
    identity: dict[str, str],
    message: str,
) -> None:
    # The identity comes in `identity`, read from user.name and user.email;
    # useConfigOnly still stops Git from guessing one if a variable were missing.
    arguments = ["-c", "user.useConfigOnly=true", "commit", "--quiet", "-m", message]
    try:
        index.run(*arguments, env=identity)
    except GitCommandFailed as error:
        raise CommitFailed(
            f"git commit failed in {repository.path}; the message was kept.",
            error.command,
            error.status,
            error.git_output,
            message,
        ) from None


def _stage_in_real_index(repository: Repository, files: tuple[ExportFile, ...]) -> None:
    """Point the real index at the committed blobs, so the exported files show as
    unchanged. Every other entry of the index stays as the user staged it."""
    tree = repository.repo.head.commit.tree
    for item in files:
        blob = tree[item.path].hexsha
        repository.run(
            "update-index", "--add", "--cacheinfo", f"{FILE_MODE},{blob},{item.path}"
        )
