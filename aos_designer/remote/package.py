"""Template packages: a template file alone, or a template with its layout sidecar and
other files, sent to AOS as a ZIP archive with the template named as its main file.

AOS takes a template upload as YAML text, or as a ZIP, TAR.GZ or TGZ archive whose
`main_file_name` (default `blueprint.yaml`) is the template. Reading an archive checks
every member name, count and size, because the archive comes from the network.
"""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..layout import sidecar_path
from ..template.document import read_text

DEFAULT_MAIN_FILE = "blueprint.yaml"
# Limits for reading an archive: the API gateway's 12 MB body limit, unpacked with
# room for compression, and more files than a template package ever has.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 1000

_MAIN_FILE = re.compile(r"^[a-zA-Z0-9_]+([-.][a-zA-Z0-9]+)*\.yaml$")


class PackageError(ValueError):
    """A template package cannot be built or read."""


@dataclass
class TemplatePackage:
    """A template's text and the files that travel with it, by relative POSIX path."""

    text: str
    main_file_name: str = DEFAULT_MAIN_FILE
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def is_archive(self) -> bool:
        """True when the package has files besides the template."""
        return bool(self.files)

    def to_zip(self) -> bytes:
        """Return a ZIP archive of the template and its files, in a stable order."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(_member(self.main_file_name), self.text.encode("utf-8"))
            for name in sorted(self.files):
                archive.writestr(_member(name), self.files[name])
        return buffer.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    # A fixed timestamp keeps the archive's bytes the same for the same files.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def main_file_name_for(path: Path) -> str:
    """Return a main file name AOS accepts for the template at `path`."""
    name = path.name
    if name.endswith(".yml"):
        name = name[: -len(".yml")] + ".yaml"
    return name if _MAIN_FILE.match(name) else DEFAULT_MAIN_FILE


def package_from_file(
    path: str | Path, extra_files: list[str | Path] | None = None
) -> TemplatePackage:
    """Build the package of the template at `path`: its layout sidecar when one
    exists, and `extra_files` placed by their path relative to the template's folder."""
    template_path = Path(path)
    try:
        text = read_text(template_path)
    except OSError as error:
        raise PackageError(
            f"cannot read template {template_path}: {error.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise PackageError(f"template {template_path} is not UTF-8 text") from None
    main = main_file_name_for(template_path)
    files: dict[str, bytes] = {}
    sidecar = sidecar_path(template_path)
    if sidecar.is_file():
        files[_sidecar_name(main)] = sidecar.read_bytes()
    folder = template_path.resolve().parent
    for extra in extra_files or []:
        extra_path = Path(extra).resolve()
        try:
            relative = extra_path.relative_to(folder).as_posix()
        except ValueError:
            raise PackageError(
                f"extra file {extra} is outside the template's folder {folder}; move "
                "it beside the template"
            ) from None
        if not extra_path.is_file():
            raise PackageError(f"extra file {extra} does not exist")
        files[relative] = extra_path.read_bytes()
    return TemplatePackage(text=text, main_file_name=main, files=files)


def _sidecar_name(main_file_name: str) -> str:
    return str(PurePosixPath(main_file_name).with_suffix(".layout.json"))


def read_archive(data: bytes, main_file_name: str | None = None) -> TemplatePackage:
    """Read a ZIP or TAR.GZ template package; raise `PackageError` saying what is
    wrong with it."""
    if data[:4] == b"PK\x03\x04":
        members = _zip_members(data)
    elif data[:2] == b"\x1f\x8b":
        members = _tar_members(data)
    else:
        raise PackageError("the archive is neither a ZIP nor a TAR.GZ file")
    main = main_file_name or DEFAULT_MAIN_FILE
    if main not in members:
        yaml_files = sorted(name for name in members if name.endswith(".yaml"))
        if main_file_name is None and len(yaml_files) == 1:
            main = yaml_files[0]
        else:
            raise PackageError(
                f"the archive has no main template file {main!r} (it has: "
                f"{', '.join(sorted(members)) or 'no files'})"
            )
    try:
        text = members.pop(main).decode("utf-8")
    except UnicodeDecodeError:
        raise PackageError(
            f"the main template file {main!r} is not UTF-8 text"
        ) from None
    return TemplatePackage(text=text, main_file_name=main, files=members)


def _check_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name:
        raise PackageError(f"the archive member {name!r} points outside the package")
    return path.as_posix()


def _zip_members(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise PackageError(f"the ZIP archive is damaged: {error}") from None
    infos = [info for info in archive.infolist() if not info.is_dir()]
    _check_sizes(len(infos), sum(info.file_size for info in infos))
    members = {}
    for info in infos:
        members[_check_name(info.filename)] = archive.read(info)
    return members


def _tar_members(data: bytes) -> dict[str, bytes]:
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
        infos = [info for info in archive.getmembers() if info.isfile()]
    except (tarfile.TarError, OSError, EOFError) as error:
        raise PackageError(f"the TAR.GZ archive is damaged: {error}") from None
    _check_sizes(len(infos), sum(info.size for info in infos))
    members = {}
    for info in infos:
        handle = archive.extractfile(info)
        if handle is not None:
            members[_check_name(info.name)] = handle.read()
    return members


def _check_sizes(count: int, unpacked: int) -> None:
    if count > MAX_MEMBERS:
        raise PackageError(
            f"the archive has {count} files; at most {MAX_MEMBERS} are read"
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise PackageError(
            f"the archive unpacks to {unpacked} bytes; at most {MAX_UNPACKED_BYTES} "
            "are read"
        )
