"""Opening and saving without edits gives the same bytes, whatever the file holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from aos_designer.template import TemplateDocument
from tests.unit.editing.helpers import DATA, TEMPLATES

VARIANTS = {
    "as-is": lambda data: data,
    "crlf": lambda data: data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
    "no-final-newline": lambda data: data.rstrip(b"\r\n"),
    "tabs-in-comments": lambda data: data + b"\n#\tend\t\tof file\t\n",
}


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_open_save_same_bytes(tmp_path: Path, name: str, variant: str) -> None:
    source = tmp_path / "source.yaml"
    source.write_bytes(VARIANTS[variant]((DATA / name).read_bytes()))
    document = TemplateDocument.from_path(source)
    assert document.model.resources
    target = tmp_path / "saved.yaml"
    document.save(target)
    assert target.read_bytes() == source.read_bytes()


def test_save_without_path_keeps_bytes(tmp_path: Path) -> None:
    source = tmp_path / "mixed.yaml"
    data = "tosca_definitions_version: huaweicloud_tosca_version_1_0\r\n# 注释 😀\r\nnode_templates: {}"
    source.write_bytes(data.encode("utf-8"))
    document = TemplateDocument.from_path(source)
    document.save()
    assert source.read_bytes() == data.encode("utf-8")


def test_unparseable_text_saves_unchanged(tmp_path: Path) -> None:
    data = "node_templates:\n  a: [unclosed\n"
    document = TemplateDocument(data)
    assert document.error is not None
    target = tmp_path / "broken.yaml"
    document.save(target)
    assert target.read_bytes() == data.encode("utf-8")
