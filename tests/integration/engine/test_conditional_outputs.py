"""Outputs that read a resource a false condition removed."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from aos_designer.cli import main

TEMPLATE = str(
    Path(__file__).resolve().parents[2] / "data" / "engine" / "conditional-output.yaml"
)
NOTE = (
    "resource extra is removed by condition make-extra, which is false with these "
    "inputs"
)


def test_removed_resource_output_has_note(engine, load, fast, caplog):
    caplog.set_level(logging.INFO, logger="aos_designer.engine.results")
    result = engine.deploy(
        load("engine/conditional-output.yaml"), "cond", {"want-extra": False}, fast
    )
    assert result.succeeded
    outputs = {output.name: output for output in result.outputs}
    assert outputs["extra-id"].value is None
    assert outputs["extra-id"].note == NOTE
    assert outputs["extra-or-none"].value == "none"
    assert outputs["extra-or-none"].note == ""
    assert outputs["main-id"].note == ""
    assert "unknown resource" not in caplog.text
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == []
    stored = {output.name: output.note for output in engine.outputs("cond")}
    assert stored["extra-id"] == NOTE


def test_present_resource_output_has_value(engine, load, fast):
    result = engine.deploy(load("engine/conditional-output.yaml"), "cond", {}, fast)
    outputs = {output.name: output for output in result.outputs}
    extra = [r for r in engine.resources("cond") if r.resource_name == "extra"][0]
    assert outputs["extra-id"].value == extra.physical_id
    assert outputs["extra-id"].note == ""
    assert outputs["extra-or-none"].value == extra.physical_id


def test_outputs_command_prints_note(tmp_path, capsys):
    state = str(tmp_path / "cli-state")
    arguments = ["--stack", "cond", "--state-dir", state]
    code = main(
        ["deploy", TEMPLATE, *arguments, "--input", "want-extra=false"]
        + ["--time-scale", "0"]
    )
    deploy_out = capsys.readouterr().out
    assert code == 0
    assert f"  extra-id = null ({NOTE})\n" in deploy_out
    assert main(["outputs", *arguments]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == f"extra-id = null ({NOTE})"
    assert lines[2] == "extra-or-none = none"
    assert main(["outputs", *arguments, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["outputs"][1] == {
        "name": "extra-id",
        "value": None,
        "description": None,
        "note": NOTE,
    }
    assert "note" not in document["outputs"][0]
