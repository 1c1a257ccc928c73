"""Template packages: zip, tar.gz and tgz archives with a main file."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from aos_designer.template import package
from aos_designer.template.package import PackageError, read_package, read_template

TEXT = (
    "tosca_definitions_version: huaweicloud_tosca_version_1_0\r\nnode_templates: {}\r\n"
)


def make_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def make_tar(path: Path, members: dict[str, str | bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as archive:
        for name, data in members.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return path


@pytest.mark.parametrize(
    ("suffix", "maker"),
    [(".zip", make_zip), (".tar.gz", make_tar), (".tgz", make_tar)],
)
def test_blueprint_at_top(tmp_path: Path, suffix: str, maker) -> None:
    archive = maker(
        tmp_path / f"stack{suffix}", {"blueprint.yaml": TEXT, "notes.txt": "x"}
    )
    source = read_template(archive)
    assert source.text == TEXT
    assert source.member == "blueprint.yaml"
    assert source.display_name == f"{archive}!blueprint.yaml"
    assert source.is_package


def test_blueprint_in_top_folder(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "stack.zip", {"stack/blueprint.yaml": TEXT, "stack/a.sh": "x"}
    )
    assert read_package(archive).member == "stack/blueprint.yaml"


def test_named_main_file(tmp_path: Path) -> None:
    archive = make_tar(
        tmp_path / "stack.tgz", {"./main.yaml": TEXT, "./blueprint.yaml": "x: 1"}
    )
    source = read_template(archive, main="main.yaml")
    assert (source.member, source.text) == ("./main.yaml", TEXT)


def test_single_template_without_blueprint(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "stack.zip", {"web.json": "{}", "README.md": "x"})
    assert read_package(archive).member == "web.json"


def test_missing_named_main(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "stack.zip", {"blueprint.yaml": TEXT})
    with pytest.raises(PackageError) as raised:
        read_package(archive, main="other.yaml")
    assert str(raised.value) == (
        f"{archive} has no main file other.yaml; its template files are: blueprint.yaml"
    )


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "stack.zip"
    path.write_text("plain text", encoding="utf-8")
    with pytest.raises(PackageError) as raised:
        read_template(path)
    assert str(raised.value) == (
        f"{path} is not a zip, tar.gz or tgz archive; give a template file or a "
        "template package"
    )


def test_main_not_utf8(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "stack.zip", {"blueprint.yaml": b"name: caf\xe9\n"})
    with pytest.raises(PackageError) as raised:
        read_package(archive)
    assert str(raised.value) == (
        f"{archive}: the main file blueprint.yaml is not UTF-8 text (byte 9); save it as UTF-8"
    )


def test_main_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_MAIN_FILE_BYTES", 10)
    archive = make_tar(tmp_path / "stack.tar.gz", {"blueprint.yaml": TEXT})
    with pytest.raises(PackageError) as raised:
        read_package(archive)
    assert str(raised.value) == (
        f"{archive}: the main file blueprint.yaml is {len(TEXT)} bytes, more than the 10 "
        "bytes a template may have"
    )


def test_plain_file_keeps_bytes(tmp_path: Path) -> None:
    path = tmp_path / "stack.yaml"
    path.write_bytes(("\ufeff" + TEXT).encode("utf-8"))
    source = read_template(path)
    assert source.text == "\ufeff" + TEXT
    assert source.member is None
    assert source.display_name == str(path)


def test_missing_plain_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_template(tmp_path / "none.yaml")
