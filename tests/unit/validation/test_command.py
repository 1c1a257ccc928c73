"""`aos-designer validate` in its three formats, with exact output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from aos_designer.cli import main

BROKEN = (
    "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
    "node_templates:\n"
    "  vpc:\n"
    "    type: HuaweiCloud.VPC.VPC\n"
    "outputs:\n"
    "  id:\n"
    "    value: {get_attribute: [vcp, refID]}\n"
)
CLEAN = (
    "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
    "node_templates:\n"
    "  vpc:\n"
    "    type: HuaweiCloud.VPC.VPC\n"
)
WARNED = CLEAN + "  My_Vpc:\n    type: HuaweiCloud.VPC.VPC\n"

MESSAGE = "unknown resource 'vcp'; did you mean 'vpc'?"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "warned.yaml").write_text(WARNED, encoding="utf-8")
    return tmp_path


def test_text_output(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "broken.yaml", "clean.yaml"]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"broken.yaml:7:29: error unknown-resource {MESSAGE}\n"
    assert captured.err == "2 files checked: 1 error, 0 warnings, 0 infos\n"


def test_clean_exits_zero(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "clean.yaml"]) == 0
    assert capsys.readouterr().out == ""


def test_warnings_exit_zero(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "warned.yaml"]) == 0
    assert capsys.readouterr().out.startswith("warned.yaml:5:3: warning naming-rule ")


def test_json_output(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", "broken.yaml", "clean.yaml"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "file": "broken.yaml",
            "line": 7,
            "column": 29,
            "end_line": 7,
            "end_column": 32,
            "severity": "error",
            "code": "unknown-resource",
            "message": MESSAGE,
            "path": "/outputs/id/value/get_attribute/0",
        }
    ]


def test_json_flag_is_json_format(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--json", "clean.yaml"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_sarif_output(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aos_designer import __version__
    from aos_designer.validation import CODES

    assert main(["validate", "--format", "sarif", "broken.yaml"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("AOS Designer", __version__)
    assert [rule["id"] for rule in driver["rules"]] == list(CODES)
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["artifacts"] == [{"location": {"uri": "broken.yaml"}}]
    assert run["results"] == [
        {
            "ruleId": "unknown-resource",
            "ruleIndex": list(CODES).index("unknown-resource"),
            "level": "error",
            "message": {"text": MESSAGE},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "broken.yaml", "index": 0},
                        "region": {
                            "startLine": 7,
                            "startColumn": 29,
                            "endLine": 7,
                            "endColumn": 32,
                        },
                    },
                    "logicalLocations": [
                        {"fullyQualifiedName": "/outputs/id/value/get_attribute/0"}
                    ],
                }
            ],
        }
    ]


def test_sarif_levels(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "needs.yaml").write_text(
        CLEAN + "inputs:\n  x: {}\noutputs:\n  o: {value: {get_input: x}}\n",
        encoding="utf-8",
    )
    assert main(["validate", "--format", "sarif", "needs.yaml", "warned.yaml"]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    levels = [(r["ruleId"], r["level"]) for r in run["results"]]
    assert levels == [("input-needs-value", "note"), ("naming-rule", "warning")]
    assert [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
        for r in run["results"]
    ] == [0, 1]


def test_unreadable_file_exits_two(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "broken.yaml", "missing.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == f"broken.yaml:7:29: error unknown-resource {MESSAGE}\n"
    assert captured.err.splitlines()[0] == (
        "aos-designer validate: cannot read missing.yaml: No such file or directory"
    )


def test_not_utf8_exits_two(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "latin.yaml").write_bytes(b"description: caf\xe9\n")
    assert main(["validate", "latin.yaml"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "aos-designer validate: cannot read latin.yaml: it is not UTF-8 text (byte 16); "
        "save it as UTF-8"
    )


def test_zip_package(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with zipfile.ZipFile(files / "stack.zip", "w") as archive:
        archive.writestr("stack/blueprint.yaml", BROKEN)
        archive.writestr("stack/README.md", "notes")
    assert main(["validate", "stack.zip"]) == 1
    assert capsys.readouterr().out == (
        f"stack.zip!stack/blueprint.yaml:7:29: error unknown-resource {MESSAGE}\n"
    )


def test_tgz_package_sarif_nests_member(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_file = files / "main.yaml"
    main_file.write_text(BROKEN, encoding="utf-8")
    with tarfile.open(files / "stack.tgz", "w:gz") as archive:
        archive.add(main_file, arcname="main.yaml")
    assert (
        main(["validate", "--main", "main.yaml", "--format", "sarif", "stack.tgz"]) == 1
    )
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["artifacts"] == [
        {"location": {"uri": "stack.tgz"}},
        {"location": {"uri": "main.yaml"}, "parentIndex": 0},
    ]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "main.yaml", "index": 1}


def test_package_without_main_file(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(files / "stack.zip", "w") as archive:
        archive.writestr("a.yaml", CLEAN)
        archive.writestr("b.yaml", CLEAN)
    assert main(["validate", "stack.zip"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "aos-designer validate: stack.zip has no blueprint.yaml; "
        "its template files are: a.yaml, b.yaml. Name the main file with --main NAME "
        "(such as --main a.yaml), or rename it to blueprint.yaml"
    )


def test_unknown_format_is_usage_error(files: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--format", "xml", "clean.yaml"])
    assert raised.value.code == 2


def test_command_in_subprocess(files: Path) -> None:
    root = Path(__file__).parents[3]
    result = subprocess.run(
        [sys.executable, "-m", "aos_designer", "validate", "broken.yaml"],
        check=False,
        capture_output=True,
        text=True,
        cwd=files,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == f"broken.yaml:7:29: error unknown-resource {MESSAGE}\n"
