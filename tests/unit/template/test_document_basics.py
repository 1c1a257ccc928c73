"""The document keeps the exact text and the last model that parsed."""

from __future__ import annotations

import pytest

from aos_designer.template import TemplateDocument, TextEdit, apply_edits
from aos_designer.template.yamlsource import YamlSyntaxError


def test_open_and_save_keep_bytes(tmp_path) -> None:
    raw = "\ufeff# comment\r\ntosca_definitions_version: huaweicloud_tosca_version_1_0\r\nnode_templates: {}".encode()
    source = tmp_path / "in.yaml"
    source.write_bytes(raw)
    document = TemplateDocument.from_path(source)
    document.save(tmp_path / "out.yaml")
    assert (tmp_path / "out.yaml").read_bytes() == raw


def test_broken_text_keeps_last_good_model() -> None:
    document = TemplateDocument("node_templates:\n  a: {type: T}\n")
    assert list(document.model.resources) == ["a"]
    document.set_text("node_templates:\n  a: {type: T\n")
    assert document.current is None
    assert document.error.line == 2
    assert list(document.model.resources) == ["a"]


def test_model_raises_when_nothing_ever_parsed() -> None:
    document = TemplateDocument("a: [")
    with pytest.raises(YamlSyntaxError):
        document.model


def test_apply_edits_uses_original_offsets() -> None:
    text = "abcdef"
    edits = [TextEdit(4, 5, "E"), TextEdit(0, 1, "AA")]
    assert apply_edits(text, edits) == "AAbcdEf"


def test_overlapping_edits_are_rejected() -> None:
    with pytest.raises(ValueError) as caught:
        apply_edits("abcdef", [TextEdit(0, 3, "x"), TextEdit(2, 4, "y")])
    assert str(caught.value) == "overlapping edits at offsets 0-3 and 2-4"


def test_revision_counts_changes() -> None:
    document = TemplateDocument("a: 1\n")
    document.apply([TextEdit(3, 4, "2")])
    document.set_text(document.text)
    assert document.revision == 1
    assert document.text == "a: 2\n"
