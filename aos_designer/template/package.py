"""Template files on disk: plain YAML or JSON files and template packages.

A template package is a zip, tar.gz or tgz archive whose main file is
`blueprint.yaml`, or another file the caller names. Reading one returns the main
file's text and its name inside the archive, so the window, the validator and the
engine open it like a plain file. Nothing is extracted to disk.

`read_template` is the one reader for every place that opens a template file. It
recognizes a package by its suffix, and also by its content when a file with another
name is not text.
"""

from __future__ import annotations

import logging
import os
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

log = logging.getLogger(__name__)

DEFAULT_MAIN_FILE = "blueprint.yaml"
PACKAGE_SUFFIXES = (".zip", ".tar.gz", ".tgz")
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json")

# A main file larger than this is rejected before it is read, so a crafted archive
# cannot fill the memory. Real templates are a few hundred kilobytes at most.
MAX_MAIN_FILE_BYTES = 16 * 1024 * 1024


# Bytes searched for a NUL byte to tell a binary file from text in another encoding.
BINARY_SNIFF_BYTES = 8192


class PackageError(ValueError):
    """A file that is neither template text nor a readable template package: the
    message names the file and the fix."""


class MainFileError(PackageError):
    """A package without the main file asked for, or with several candidates.

    `requested` is the main file the caller named, or None when `blueprint.yaml` was
    looked for. `candidates` are the package's template files, sorted. The message
    explains how to rename the main file. A command line adds its own option for
    naming it (see `message_with`).
    """

    def __init__(self, path: Path, requested: str | None, candidates: list[str]) -> None:
        self.path = path
        self.requested = requested
        self.candidates = tuple(candidates)
        super().__init__(self.message_with(None))

    def message_with(self, option: str | None) -> str:
        """Return the message; `option` (such as `--main NAME`) is how the caller
        names the main file, and None leaves that way out."""
        missing = self.requested or DEFAULT_MAIN_FILE
        if not self.candidates:
            return (
                f"{self.path} has no {missing} and no other template file (.yaml, "
                f".yml or .json); add the template to the package as {missing}"
            )
        listed = ", ".join(self.candidates)
        text = f"{self.path} has no {missing}; its template files are: {listed}. "
        if self.requested is not None:
            text = (
                f"{self.path} has no main file {missing}; its template files are: "
                f"{listed}"
            )
            return text + (f". Name one of them with {option}" if option else "")
        if option:
            example = f"{option.split()[0]} {self.candidates[0]}"
            return text + (
                f"Name the main file with {option} (such as {example}), or rename it "
                f"to {DEFAULT_MAIN_FILE}"
            )
        return text + f"Rename the main file to {DEFAULT_MAIN_FILE} in the package"


@dataclass(frozen=True, slots=True)
class TemplateSource:
    """The text of a template and where it came from.

    `path` is the file on disk. `member` is the main file's name inside a package, or
    None for a plain file. `display_name` is what messages print: the path, followed by
    `!member` for a package.
    """

    text: str
    path: Path
    member: str | None = None

    @property
    def is_package(self) -> bool:
        return self.member is not None

    @property
    def display_name(self) -> str:
        if self.member is None:
            return str(self.path)
        return f"{self.path}!{self.member}"

    @property
    def working_path(self) -> Path:
        """The plain file the template is edited as: the file itself, or for a
        package the YAML file named after its main file, beside the package. Its
        layout sidecar places the diagram's nodes."""
        if self.member is None:
            return self.path
        name = PurePosixPath(self.member).name
        if not name.lower().endswith((".yaml", ".yml")):
            name = f"{PurePosixPath(name).stem}.yaml"
        return self.path.with_name(name)


def read_error_text(error: Exception, option: str | None = None) -> str:
    """Return why `read_template` raised `error`, in words for a person: the reason
    and the fix. `option` is how the caller names a package's main file, such as
    `--main NAME`."""
    if isinstance(error, MainFileError):
        return error.message_with(option)
    if isinstance(error, UnicodeDecodeError):
        return f"it is not UTF-8 text (byte {error.start}); save it as UTF-8"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def read_failure(
    path: str | os.PathLike[str], error: Exception, option: str | None = None
) -> str:
    """Return the sentence for a failed `read_template(path)`. A `PackageError` names
    the file already, and other errors get "cannot read PATH: " in front."""
    reason = read_error_text(error, option)
    if isinstance(error, PackageError):
        return reason
    return f"cannot read {os.fspath(path)}: {reason}"


def is_package(path: str | os.PathLike[str]) -> bool:
    """Tell whether `path` names a template package, by its suffix."""
    name = os.fspath(path).lower()
    return name.endswith(PACKAGE_SUFFIXES)


def read_template(
    path: str | os.PathLike[str], main: str | None = None
) -> TemplateSource:
    """Read a template file or package.

    A file named like a package, or one that is not UTF-8 text but is a zip or tar
    archive, is read as a package. `main` names the main file of a package. It is
    ignored for a plain file, so a caller that must reject it checks
    `TemplateSource.is_package`.

    Raise `OSError` when the file cannot be read, `UnicodeDecodeError` for text in
    another encoding than UTF-8, and `PackageError` for a binary file that is no
    package or a package without a usable main file.
    """
    file_path = Path(path)
    if is_package(file_path):
        return read_package(file_path, main)
    data = file_path.read_bytes()
    try:
        # Decoding the bytes keeps every line ending, as `read_text` does.
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if zipfile.is_zipfile(file_path) or _is_tarfile(file_path):
            return read_package(file_path, main)
        if b"\0" in data[:BINARY_SNIFF_BYTES]:
            raise PackageError(
                f"{file_path} is neither a template (YAML or JSON text) nor a template "
                "package (a zip, tar.gz or tgz archive); give a template file or a "
                "template package"
            ) from None
        raise
    return TemplateSource(text, file_path)


def read_package(
    path: str | os.PathLike[str], main: str | None = None
) -> TemplateSource:
    """Read the main file of a template package.

    The main file is `main` when given, else `blueprint.yaml`. Either may stand at the
    top of the archive or inside one top folder, as archives made from a folder have
    it. Without a `blueprint.yaml`, an archive with exactly one template file uses that
    file.
    """
    file_path = Path(path)
    if zipfile.is_zipfile(file_path):
        member, data = _read_zip(file_path, main)
    elif _is_tarfile(file_path):
        member, data = _read_tar(file_path, main)
    else:
        raise PackageError(
            f"{file_path} is not a zip, tar.gz or tgz archive; give a template file or a "
            "template package"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackageError(
            f"{file_path}: the main file {member} is not UTF-8 text "
            f"(byte {error.start}); save it as UTF-8"
        ) from None
    log.info("read %s from template package %s", member, file_path)
    return TemplateSource(text, file_path, member)


def _is_tarfile(path: Path) -> bool:
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False


def _check_size(path: Path, member: str, size: int) -> None:
    if size > MAX_MAIN_FILE_BYTES:
        raise PackageError(
            f"{path}: the main file {member} is {size} bytes, more than the "
            f"{MAX_MAIN_FILE_BYTES} bytes a template may have"
        )


def _read_zip(path: Path, main: str | None) -> tuple[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            sizes = {
                info.filename: info.file_size
                for info in archive.infolist()
                if not info.is_dir()
            }
            member = _choose_main(path, sizes, main)
            _check_size(path, member, sizes[member])
            with archive.open(member) as handle:
                return member, handle.read(MAX_MAIN_FILE_BYTES + 1)
    except zipfile.BadZipFile as error:
        raise PackageError(f"{path} is not a readable zip archive: {error}") from None


def _read_tar(path: Path, main: str | None) -> tuple[str, bytes]:
    try:
        with tarfile.open(path, "r:*") as archive:
            sizes = {
                info.name: info.size for info in archive.getmembers() if info.isfile()
            }
            member = _choose_main(path, sizes, main)
            _check_size(path, member, sizes[member])
            handle = archive.extractfile(member)
            if handle is None:
                raise PackageError(f"{path}: {member} is not a regular file")
            with handle:
                return member, handle.read(MAX_MAIN_FILE_BYTES + 1)
    except tarfile.TarError as error:
        raise PackageError(f"{path} is not a readable tar archive: {error}") from None


def _normalise(name: str) -> str:
    return str(PurePosixPath(name.lstrip("./")))


def _choose_main(path: Path, members: dict[str, int], main: str | None) -> str:
    """Return the archive member that is the package's main file."""
    by_name = {_normalise(name): name for name in members}
    wanted = _normalise(main) if main else DEFAULT_MAIN_FILE
    top_folders = {name.split("/", 1)[0] for name in by_name if "/" in name}
    candidates = [wanted]
    if len(top_folders) == 1 and not any("/" not in name for name in by_name):
        candidates.append(f"{top_folders.pop()}/{wanted}")
    for candidate in candidates:
        if candidate in by_name:
            return by_name[candidate]
    templates = sorted(
        name for name in by_name if name.lower().endswith(TEMPLATE_SUFFIXES)
    )
    if main is None and len(templates) == 1:
        return by_name[templates[0]]
    raise MainFileError(path, main, templates)
