"""Template packages: zip, tar.gz and tgz archives with a main file."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from aos_designer.template import package
from aos_designer.template.package import (
    MainFileError,
    PackageError,
    read_error_text,
    read_package,
    read_template,
)

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


def test_zip_without_package_suffix(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "stack.bin", {"blueprint.yaml": TEXT})
    source = read_template(archive)
    assert source.member == "blueprint.yaml"
    assert source.text == TEXT


def test_tar_without_package_suffix(tmp_path: Path) -> None:
    archive = make_tar(tmp_path / "stack", {"main.yaml": TEXT})
    source = read_template(archive, main="main.yaml")
    assert source.member == "main.yaml"
    assert source.text == TEXT


def test_binary_file_is_no_template(tmp_path: Path) -> None:
    path = tmp_path / "diagram.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PackageError) as raised:
        read_template(path)
    assert str(raised.value) == (
        f"{path} is neither a template (YAML or JSON text) nor a template package (a "
        "zip, tar.gz or tgz archive); give a template file or a template package"
    )


def test_latin1_text_is_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"description: caf\xe9\n")
    with pytest.raises(UnicodeDecodeError) as raised:
        read_template(path)
    assert raised.value.start == 16


def test_several_candidates_listed(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "stack.zip", {"b.yaml": TEXT, "a.json": "{}"})
    with pytest.raises(MainFileError) as raised:
        read_template(archive)
    error = raised.value
    assert error.candidates == ("a.json", "b.yaml")
    assert error.requested is None
    assert str(error) == (
        f"{archive} has no blueprint.yaml; its template files are: a.json, b.yaml. "
        "Rename the main file to blueprint.yaml in the package"
    )
    assert error.message_with("--main NAME") == (
        f"{archive} has no blueprint.yaml; its template files are: a.json, b.yaml. "
        "Name the main file with --main NAME (such as --main a.json), or rename it "
        "to blueprint.yaml"
    )


def test_named_main_missing_with_option(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "stack.zip", {"a.yaml": TEXT, "b.yaml": TEXT})
    with pytest.raises(MainFileError) as raised:
        read_template(archive, main="c.yaml")
    assert raised.value.message_with("--main NAME") == (
        f"{archive} has no main file c.yaml; its template files are: a.yaml, b.yaml. "
        "Name one of them with --main NAME"
    )


def test_package_without_templates(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "stack.zip", {"README.md": "notes"})
    with pytest.raises(MainFileError) as raised:
        read_template(archive)
    assert raised.value.candidates == ()
    assert str(raised.value) == (
        f"{archive} has no blueprint.yaml and no other template file (.yaml, .yml or "
        ".json); add the template to the package as blueprint.yaml"
    )


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("blueprint.yaml", "blueprint.yaml"),
        ("stack/web.yml", "web.yml"),
        ("./net.json", "net.yaml"),
    ],
)
def test_working_path_of_package(tmp_path: Path, member: str, expected: str) -> None:
    archive = make_zip(tmp_path / "stack.zip", {member: TEXT})
    source = read_template(archive, main=member)
    assert source.working_path == tmp_path / expected


def test_working_path_of_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "web.json"
    path.write_text("{}", encoding="utf-8")
    assert read_template(path).working_path == path


def test_read_error_texts(tmp_path: Path) -> None:
    missing = FileNotFoundError(2, "No such file or directory")
    assert read_error_text(missing) == "No such file or directory"
    decode = UnicodeDecodeError("utf-8", b"ab\xff", 2, 3, "invalid start byte")
    assert read_error_text(decode) == "it is not UTF-8 text (byte 2); save it as UTF-8"
    several = MainFileError(tmp_path / "p.zip", None, ["x.yaml"])
    assert read_error_text(several, "--main NAME").endswith(
        "Name the main file with --main NAME (such as --main x.yaml), or rename it "
        "to blueprint.yaml"
    )
