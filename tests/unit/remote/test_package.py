"""Template packages: building them from files and reading archives safely."""

from __future__ import annotations

import io
import tarfile
import zipfile

import pytest

from aos_designer.remote.package import (
    PackageError,
    TemplatePackage,
    main_file_name_for,
    package_from_file,
    read_archive,
)

TEMPLATE = (
    "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates: {}\n"
)


def test_lone_template_not_archive(tmp_path):
    path = tmp_path / "web.yaml"
    path.write_text(TEMPLATE)
    package = package_from_file(path)
    assert package.text == TEMPLATE
    assert package.main_file_name == "web.yaml"
    assert package.is_archive is False


def test_sidecar_and_extra_files_packed(tmp_path):
    path = tmp_path / "web.yaml"
    path.write_text(TEMPLATE)
    (tmp_path / "web.layout.json").write_text('{"version": 1, "nodes": {}}\n')
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "init.sh").write_bytes(b"#!/bin/sh\necho hi\n")
    package = package_from_file(path, [tmp_path / "scripts" / "init.sh"])
    assert package.is_archive
    assert sorted(package.files) == ["scripts/init.sh", "web.layout.json"]

    data = package.to_zip()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["web.yaml", "scripts/init.sh", "web.layout.json"]
        assert archive.read("web.yaml").decode() == TEMPLATE
    assert package.to_zip() == data

    back = read_archive(data, "web.yaml")
    assert back.text == TEMPLATE
    assert back.files == package.files


def test_extra_file_outside_folder_rejected(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    path = folder / "web.yaml"
    path.write_text(TEMPLATE)
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    with pytest.raises(PackageError, match="is outside the template's folder"):
        package_from_file(path, [outside])


def test_unreadable_template_reported(tmp_path):
    with pytest.raises(PackageError, match="cannot read template"):
        package_from_file(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    "file_name,expected",
    [
        ("web.yaml", "web.yaml"),
        ("web-server.yml", "web-server.yaml"),
        ("my template.yaml", "blueprint.yaml"),
        ("web.json", "blueprint.yaml"),
    ],
)
def test_main_file_name(tmp_path, file_name, expected):
    assert main_file_name_for(tmp_path / file_name) == expected


def tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_tar_gz_read_with_single_yaml():
    data = tar_gz({"./app.yaml": TEMPLATE.encode(), "./notes.txt": b"n"})
    package = read_archive(data)
    assert package.main_file_name == "app.yaml"
    assert package.files == {"notes.txt": b"n"}


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/passwd"])
def test_unsafe_member_rejected(name):
    data = tar_gz({"blueprint.yaml": TEMPLATE.encode(), name: b"x"})
    with pytest.raises(PackageError, match="points outside the package"):
        read_archive(data)


def test_missing_main_file_reported():
    data = TemplatePackage(
        text=TEMPLATE, main_file_name="a.yaml", files={"b.yaml": b""}
    ).to_zip()
    with pytest.raises(PackageError) as caught:
        read_archive(data, "main.yaml")
    assert str(caught.value) == (
        "the archive has no main template file 'main.yaml' (it has: a.yaml, b.yaml)"
    )


def test_not_an_archive_rejected():
    with pytest.raises(PackageError, match="neither a ZIP nor a TAR.GZ"):
        read_archive(b"hello")


def test_damaged_zip_rejected():
    with pytest.raises(PackageError, match="the ZIP archive is damaged"):
        read_archive(b"PK\x03\x04broken")
