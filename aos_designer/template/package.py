"""Template files on disk: plain YAML or JSON files and template packages.

A template package is a zip, tar.gz or tgz archive whose main file is
`blueprint.yaml`, or another file the caller names. Reading one returns the main
file's text and its name inside the archive, so the window, the validator and the
engine open it like a plain file. Nothing is extracted to disk.
"""

from __future__ import annotations

import logging
import os
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .document import read_text

log = logging.getLogger(__name__)

DEFAULT_MAIN_FILE = "blueprint.yaml"
PACKAGE_SUFFIXES = (".zip", ".tar.gz", ".tgz")
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json")

# A main file larger than this is rejected before it is read, so a crafted archive
# cannot fill the memory. Real templates are a few hundred kilobytes at most.
MAX_MAIN_FILE_BYTES = 16 * 1024 * 1024


class PackageError(ValueError):
    """A template package that cannot be read: the message names the file and the fix."""


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


def is_package(path: str | os.PathLike[str]) -> bool:
    """Tell whether `path` names a template package, by its suffix."""
    name = os.fspath(path).lower()
    return name.endswith(PACKAGE_SUFFIXES)


def read_template(
    path: str | os.PathLike[str], main: str | None = None
) -> TemplateSource:
    """Read a template file or package.

    Raise `OSError` when the file cannot be read and `PackageError` when a package has
    no usable main file. `main` names the main file of a package; it is ignored for a
    plain file.
    """
    file_path = Path(path)
    if is_package(file_path):
        return read_package(file_path, main)
    return TemplateSource(read_text(file_path), file_path)


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
    listed = ", ".join(templates) if templates else "none"
    if main is not None:
        raise PackageError(
            f"{path} has no main file {main}; its template files are: {listed}"
        )
    raise PackageError(
        f"{path} has no {DEFAULT_MAIN_FILE}; its template files are: {listed}. "
        "Name the main file, or rename it to blueprint.yaml"
    )
