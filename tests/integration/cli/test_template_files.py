"""Every command that takes a template file reads plain files, JSON and template
packages the same way, with one `--main NAME` option, and reports why it cannot."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from aos_designer.cli import main

CHAIN_NAMES = ["first", "second", "third", "fourth"]
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.fixture
def chain_text(data_dir: Path) -> str:
    return (data_dir / "engine" / "chain.yaml").read_text(encoding="utf-8")


@pytest.fixture
def aos(capsys):
    """Run the command line in this process; return (exit code, stdout, stderr)."""

    def call(*arguments: object) -> tuple[int, str, str]:
        code = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def make_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def make_tgz(path: Path, members: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, text in members.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def plan_names(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines() if line.startswith("  ADD")]


def test_plan_reads_zip_in_folder(aos, tmp_path, chain_text):
    package = make_zip(
        tmp_path / "chain.zip",
        {"chain/blueprint.yaml": chain_text, "chain/notes.txt": "notes"},
    )
    code, out, err = aos("plan", package, "--stack", "pkg")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Plan for stack pkg in cn-north-4:"
    assert plan_names(out) == CHAIN_NAMES


def test_deploy_reads_tgz_with_main(aos, tmp_path, chain_text):
    package = make_tgz(
        tmp_path / "chain.tgz", {"main.yaml": chain_text, "other.yaml": "x: 1\n"}
    )
    code, out, err = aos(
        "deploy", package, "--main", "main.yaml", "--stack", "pkg", "--time-scale", "0"
    )
    assert code == 0, err
    assert "stack pkg: CreateSucceeded" in out.splitlines()
    assert "  second-name = first-second" in out.splitlines()


def test_plan_reads_json(aos, tmp_path, chain_text):
    import yaml

    path = tmp_path / "chain.json"
    path.write_text(json.dumps(yaml.safe_load(chain_text)), encoding="utf-8")
    code, out, err = aos("plan", path, "--stack", "pkg")
    assert (code, err) == (0, "")
    assert plan_names(out) == CHAIN_NAMES


def test_errors_name_package_member(aos, tmp_path, chain_text):
    broken = chain_text.replace(
        "parent: {get_reference: second}", "parent: {get_reference: sekond}"
    )
    package = make_zip(tmp_path / "chain.zip", {"blueprint.yaml": broken})
    code, _, err = aos("plan", package, "--stack", "pkg")
    assert code == 1
    assert err.splitlines()[1] == (
        f"{package}!blueprint.yaml:16:31: error unknown-resource unknown resource "
        "'sekond'; did you mean 'second'?"
    )


COMMANDS = {
    "validate": ["validate", "{file}"],
    "plan": ["plan", "{file}", "--stack", "pkg"],
    "deploy": ["deploy", "{file}", "--stack", "pkg"],
    "render": ["render", "{file}", "-o", "{tmp}/out.svg"],
    "diff": ["diff", "{file}", "{file}"],
    "export": ["export", "git", "{file}", "--repo", "{tmp}/repo"],
}


def command(name: str, file: Path, tmp_path: Path, *extra: str) -> list[str]:
    words = [word.format(file=file, tmp=tmp_path) for word in COMMANDS[name]]
    return words + list(extra)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_several_main_candidates_name_option(aos, tmp_path, chain_text, name):
    package = make_zip(
        tmp_path / "two.zip", {"web.yaml": chain_text, "db.yaml": chain_text}
    )
    code, _, err = aos(*command(name, package, tmp_path))
    assert code == 2
    reason = (
        f"{package} has no blueprint.yaml; its template files are: db.yaml, web.yaml. "
        "Name the main file with --main NAME (such as --main db.yaml), or rename it "
        "to blueprint.yaml"
    )
    prefix = "OLD: " if name == "diff" else ""
    assert err.splitlines()[0] == (
        f"aos-designer {name}: {prefix}{reason}"
    )
    assert not (tmp_path / "repo").exists()
    assert not (tmp_path / "out.svg").exists()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_binary_file_is_rejected(aos, tmp_path, name):
    picture = tmp_path / "diagram.png"
    picture.write_bytes(PNG_BYTES)
    code, _, err = aos(*command(name, picture, tmp_path))
    assert code == 2
    prefix = "OLD: " if name == "diff" else ""
    assert err.splitlines()[0] == (
        f"aos-designer {name}: {prefix}{picture} is neither a "
        "template (YAML or JSON text) nor a template package (a zip, tar.gz or tgz "
        "archive); give a template file or a template package"
    )


@pytest.mark.parametrize("name", list(COMMANDS))
def test_main_with_plain_file_is_rejected(aos, tmp_path, chain_text, name):
    template = tmp_path / "chain.yaml"
    template.write_text(chain_text, encoding="utf-8")
    code, _, err = aos(*command(name, template, tmp_path, "--main", "x.yaml"))
    assert code == 2
    if name == "diff":
        files = "no file given is a template package"
    else:
        files = f"{template} is a plain template file"
    assert err == (
        f"aos-designer {name}: --main x.yaml names the main file inside a template "
        f"package, but {files}; leave --main out\n"
    )
    assert not (tmp_path / "repo").exists()


def test_validate_main_applies_to_packages(aos, tmp_path, chain_text):
    template = tmp_path / "chain.yaml"
    template.write_text(chain_text, encoding="utf-8")
    package = make_zip(tmp_path / "two.zip", {"a.yaml": chain_text, "b.yaml": "x"})
    code, out, err = aos("validate", template, package, "--main", "a.yaml")
    assert code == 0
    files = [line.split(":")[0] for line in out.splitlines()]
    assert files == [str(template)] * 2 + [f"{package}!a.yaml"] * 2
    assert err == "2 files checked: 0 errors, 4 warnings, 0 infos\n"


def test_diff_packages_with_main(aos, tmp_path, chain_text):
    changed = chain_text.replace("name: fourth", "name: last")
    old = make_zip(tmp_path / "old.zip", {"main.yaml": chain_text, "x.yaml": "a: 1"})
    new = make_tgz(tmp_path / "new.tgz", {"main.yaml": changed, "x.yaml": "a: 1"})
    code, out, err = aos("diff", old, new, "--main", "main.yaml", "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert [item["name"] for item in document["changed"]] == ["fourth"]
