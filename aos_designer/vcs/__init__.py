"""Templates in Git: export (write, diff, commit, push), history and old versions.

Pure Python over GitPython and the user's own git program; nothing here imports Qt.
Long operations (clone, push) report `Progress` through a plain callback and stop when
their `Cancellation` is set, so a window can run them in a worker thread.
"""

from .errors import (
    AuthenticationFailed,
    CommitFailed,
    GitCommandFailed,
    IdentityMissing,
    InvalidArgument,
    InvalidRepositoryPath,
    OperationCancelled,
    OperationInProgress,
    PushRejected,
    VcsError,
    VersionNotFound,
)
from .export import (
    GITIGNORE_TEXT,
    CommitResult,
    ExportFile,
    ExportPlan,
    ExportRequest,
    FileChange,
    commit_export,
    prepare_export,
    repository_path,
)
from .history import (
    Version,
    read_layout_version,
    read_version,
    resolve_revision,
    template_history,
)
from .inputs import InputsError, build_inputs_file, parse_assignment, read_inputs_file
from .process import Cancellation, Progress, ProgressCallback
from .push import PushResult, push_branch
from .repository import (
    Identity,
    Repository,
    clone_repository,
    find_repository,
    open_repository,
    operation_in_progress,
    read_identity,
    set_identity,
)

__all__ = [
    "AuthenticationFailed",
    "Cancellation",
    "CommitFailed",
    "CommitResult",
    "ExportFile",
    "ExportPlan",
    "ExportRequest",
    "FileChange",
    "GITIGNORE_TEXT",
    "GitCommandFailed",
    "Identity",
    "IdentityMissing",
    "InputsError",
    "InvalidArgument",
    "InvalidRepositoryPath",
    "OperationCancelled",
    "OperationInProgress",
    "Progress",
    "ProgressCallback",
    "PushRejected",
    "PushResult",
    "Repository",
    "VcsError",
    "Version",
    "VersionNotFound",
    "build_inputs_file",
    "clone_repository",
    "commit_export",
    "find_repository",
    "open_repository",
    "operation_in_progress",
    "parse_assignment",
    "prepare_export",
    "push_branch",
    "read_identity",
    "read_inputs_file",
    "read_layout_version",
    "read_version",
    "repository_path",
    "resolve_revision",
    "set_identity",
    "template_history",
]
