"""`aos-designer FILE --screenshot OUT.png` in its own process."""

from __future__ import annotations

import logging
import zipfile

from PySide6.QtGui import QImage

from .conftest import run_headless


def distinct_colors(image: QImage, step: int = 7) -> int:
    colors = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colors.add(image.pixel(x, y))
    return len(colors)


def test_screenshot_of_real_template(qapp, data_dir, tmp_path):
    output = tmp_path / "window.png"
    result = run_headless(
        str(data_dir / "iaas-vpc-subnet-ecs.yaml"), "--screenshot", str(output)
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(output))
    assert (image.width(), image.height()) == (1440, 900)
    assert distinct_colors(image) > 40
    # The catalog's network icon (VPC, subnet) and compute icon (server) are drawn.
    colors = {
        QImage.pixelColor(image, x, y).name()
        for y in range(0, 900, 3)
        for x in range(0, 700, 3)
    }
    assert "#2f7ed8" in colors
    assert "#e8772e" in colors


def test_screenshot_of_unreadable_file_exits_2(tmp_path):
    output = tmp_path / "window.png"
    result = run_headless(str(tmp_path / "absent.yaml"), "--screenshot", str(output))
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"aos-designer: cannot read {tmp_path / 'absent.yaml'}:"
    )
    assert not output.exists()


def test_screenshot_needs_png_name(data_dir, tmp_path):
    result = run_headless(
        str(data_dir / "two-networks.yaml"), "--screenshot", str(tmp_path / "w.jpg")
    )
    assert result.returncode == 2
    wrong = tmp_path / "w.jpg"
    assert result.stderr == (
        f"aos-designer: --screenshot needs a .png file name, not '{wrong}'\n"
    )


def test_window_without_display_exits_2(data_dir):
    result = run_headless(str(data_dir / "two-networks.yaml"))
    assert result.returncode == 2
    assert result.stderr.startswith("aos-designer: no display found")
    assert "aos-designer validate FILE" in result.stderr


def test_screenshot_without_file_shows_new_template(qapp, tmp_path):
    output = tmp_path / "new.png"
    result = run_headless("--screenshot", str(output))
    assert result.returncode == 0, result.stderr
    assert QImage(str(output)).width() == 1440


def test_screenshot_prints_no_qt_noise(qapp, data_dir, tmp_path):
    output = tmp_path / "window.png"
    result = run_headless(
        str(data_dir / "two-networks.yaml"), "--screenshot", str(output)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert output.exists()


def test_screenshot_missing_file_names_fix(tmp_path):
    missing = tmp_path / "absent.yaml"
    result = run_headless(str(missing), "--screenshot", str(tmp_path / "w.png"))
    assert result.returncode == 2
    assert result.stderr == (
        f"aos-designer: cannot read {missing}: No such file or directory; check the "
        "path, or leave FILE out to show a new template\n"
    )


def test_screenshot_missing_folder_exits_2(data_dir, tmp_path):
    output = tmp_path / "nowhere" / "w.png"
    result = run_headless(
        str(data_dir / "two-networks.yaml"), "--screenshot", str(output)
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"aos-designer: cannot write the screenshot to {output}: the folder "
        f"{output.parent} does not exist; create it or choose another --screenshot "
        "path\n"
    )


def test_screenshot_of_package_with_main(qapp, data_dir, tmp_path):
    package = tmp_path / "two.zip"
    text = (data_dir / "two-networks.yaml").read_text(encoding="utf-8")
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("a.yaml", text)
        archive.writestr("b.yaml", text)
    output = tmp_path / "package.png"
    result = run_headless(str(package), "--main", "b.yaml", "--screenshot", str(output))
    assert result.returncode == 0, result.stderr
    assert QImage(str(output)).width() == 1440


def test_window_main_without_package_exits_2(data_dir):
    template = data_dir / "two-networks.yaml"
    result = run_headless(str(template), "--main", "b.yaml")
    assert result.returncode == 2
    assert result.stderr == (
        f"aos-designer: --main b.yaml names the main file inside a template package, "
        f"but {template} is a plain template file; leave --main out\n"
    )


def test_qt_messages_go_to_logging(caplog):
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from aos_designer.gui.app import log_qt_message

    context = QMessageLogContext()
    with caplog.at_level(logging.DEBUG, logger="aos_designer.gui.qt"):
        log_qt_message(
            QtMsgType.QtWarningMsg,
            context,
            "This plugin does not support propagateSizeHints()",
        )
        log_qt_message(QtMsgType.QtCriticalMsg, context, "QPainter is not active")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.ERROR, "Qt: QPainter is not active")
    ]
