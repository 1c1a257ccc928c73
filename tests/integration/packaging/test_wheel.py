"""A plain `pip install .` ships the catalog and the resources inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Build the wheel and return it with pip's verbose output."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = out.glob("aos_designer-*.whl")
    return built, result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(build: tuple[Path, str]) -> Path:
    return build[0]


def test_build_has_no_deprecation_warning(build: tuple[Path, str]) -> None:
    _, output = build
    assert "SetuptoolsDeprecationWarning" not in output
    assert "License-Expression: Apache-2.0" in _metadata(build[0])


def _metadata(wheel: Path) -> str:
    archive = zipfile.ZipFile(wheel)
    (name,) = [name for name in archive.namelist() if name.endswith("/METADATA")]
    return archive.read(name).decode("utf-8")


def test_wheel_holds_schemas_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_schemas = {
        f"aos_designer/schemas/{path.relative_to(ROOT / 'schemas').as_posix()}"
        for path in (ROOT / "schemas").rglob("*.json")
    }
    shipped_resources = {
        f"aos_designer/resources/{path.relative_to(ROOT / 'resources').as_posix()}"
        for path in (ROOT / "resources").rglob("*")
        if path.is_file()
    }
    assert "aos_designer/resources/samples/web-server.yaml" in names
    assert shipped_schemas <= names
    assert shipped_resources <= names
    assert "aos_designer/cli.py" in names


def test_installed_copy_finds_its_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import aos_designer, aos_designer.data as d; "
        "print(aos_designer.__file__); print(d.sample_template().read_text()[:1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, first_char = result.stdout.splitlines()
    assert module_file.startswith(str(target))
    assert first_char == "#"
