"""`aos-designer render FILE -o OUT`: the diagram without a window."""

from __future__ import annotations

import io
import tarfile

import pytest
from PySide6.QtGui import QImage

from aos_designer.cli import main

from .conftest import run_headless


def test_render_svg_without_display(data_dir, tmp_path):
    output = tmp_path / "diagram.svg"
    result = run_headless(
        "render", str(data_dir / "iaas-vpc-subnet-ecs.yaml"), "-o", str(output)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {output}: 3 resources, 3 dependencies\n"
    drawing = output.read_text(encoding="utf-8")
    for name in ("myvpc", "mysubnet", "mycloudserver", "VPC.Subnet", "ECS.CloudServer"):
        assert f">{name}</text>" in drawing


def test_render_png_in_process(qapp, data_dir, tmp_path, capsys):
    output = tmp_path / "diagram.png"
    assert (
        main(["render", str(data_dir / "resources-many.yaml"), "-o", str(output)]) == 0
    )
    assert capsys.readouterr().out == f"wrote {output}: 12 resources, 16 dependencies\n"
    image = QImage(str(output))
    assert image.width() > 1000
    assert image.height() > 600


def test_render_uses_sidecar(qapp, data_dir, tmp_path):
    template = tmp_path / "two.yaml"
    template.write_text(
        (data_dir / "two-networks.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "two.layout.json").write_text(
        '{"version": 1, "nodes": {"net-a": {"x": 0, "y": 0},'
        ' "net-b": {"x": 0, "y": 1000}, "subnet-a": {"x": 0, "y": 2000}}}',
        encoding="utf-8",
    )
    output = tmp_path / "tall.png"
    assert main(["render", str(template), "-o", str(output)]) == 0
    image = QImage(str(output))
    # Nodes from y=0 to y=2000+64; a node's drawing reaches 12 above it (the badge)
    # and 2 below; the picture adds a margin of 24 on each side and has 2 pixels a unit.
    assert image.height() == (12 + 2000 + 64 + 2 + 48) * 2


def test_render_missing_file_exits_2(tmp_path):
    result = run_headless(
        "render", str(tmp_path / "absent.yaml"), "-o", str(tmp_path / "x.svg")
    )
    assert result.returncode == 2
    missing = tmp_path / "absent.yaml"
    assert result.stderr == (
        f"aos-designer render: cannot read {missing}: No such file or directory\n"
    )


def test_render_unknown_suffix_exits_2(data_dir, tmp_path):
    result = run_headless(
        "render", str(data_dir / "two-networks.yaml"), "-o", str(tmp_path / "x.gif")
    )
    assert result.returncode == 2
    assert "name the output file with .svg or .png" in result.stderr
    assert not (tmp_path / "x.gif").exists()


def test_render_broken_yaml_exits_1(tmp_path, capsys):
    template = tmp_path / "broken.yaml"
    template.write_text("node_templates:\n  a: [1, 2\n", encoding="utf-8")
    assert main(["render", str(template), "-o", str(tmp_path / "x.svg")]) == 1
    error = capsys.readouterr().err
    assert error == (
        f"aos-designer render: {template}:2:6: invalid YAML: '[' is never closed; "
        "add ']' at the end of the list; fix the YAML and render again\n"
    )
    assert not (tmp_path / "x.svg").exists()


def test_render_package_uses_main_file_sidecar(qapp, data_dir, tmp_path, capsys):
    text = (data_dir / "two-networks.yaml").read_text(encoding="utf-8")
    package = tmp_path / "two.tgz"
    with tarfile.open(package, "w:gz") as archive:
        for name in ("net.yaml", "other.yaml"):
            info = tarfile.TarInfo(f"two/{name}")
            info.size = len(text.encode("utf-8"))
            archive.addfile(info, io.BytesIO(text.encode("utf-8")))
    # The window saves the main file as net.yaml beside the package, so its layout
    # file is net.layout.json there.
    (tmp_path / "net.layout.json").write_text(
        '{"version": 1, "nodes": {"net-a": {"x": 0, "y": 0},'
        ' "net-b": {"x": 0, "y": 1000}, "subnet-a": {"x": 0, "y": 2000}}}',
        encoding="utf-8",
    )
    output = tmp_path / "tall.png"
    code = main(["render", str(package), "--main", "two/net.yaml", "-o", str(output)])
    assert code == 0
    assert capsys.readouterr().out == f"wrote {output}: 3 resources, 1 dependency\n"
    assert QImage(str(output)).height() == (12 + 2000 + 64 + 2 + 48) * 2


def test_render_has_no_state_dir_option(tmp_path, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["render", "x.yaml", "-o", "x.svg", "--state-dir", str(tmp_path)])
    assert raised.value.code == 2
    assert "unrecognized arguments: --state-dir" in capsys.readouterr().err
