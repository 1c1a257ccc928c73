"""Pictures of the diagram: PNG and SVG files of the whole scene."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

if TYPE_CHECKING:
    from ...layout import Layout
    from ..analysis import Analysis

log = logging.getLogger(__name__)

MARGIN = 24.0
# Pixels per scene unit in a PNG, so text stays sharp on high-density screens.
PNG_SCALE = 2.0
FORMATS = (".png", ".svg")


class ExportError(Exception):
    """The picture could not be written."""


def export_scene(
    scene: QGraphicsScene, path: str | os.PathLike[str], title: str = ""
) -> Path:
    """Write the whole scene to `path`; the suffix (.png or .svg) chooses the format.

    Raise ExportError naming the file when it cannot be written or the suffix is not
    one of those.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"cannot export the diagram as '{target.name}': use a file name ending "
            "in .png or .svg"
        )
    selected = scene.selectedItems()
    for item in selected:
        item.setSelected(False)
    try:
        area = _area(scene)
        if suffix == ".png":
            _write_png(scene, area, target)
        else:
            _write_svg(scene, area, target, title)
    finally:
        for item in selected:
            item.setSelected(True)
    log.info("exported the diagram to %s", target)
    return target


def _area(scene: QGraphicsScene) -> QRectF:
    area = scene.itemsBoundingRect()
    if area.isEmpty():
        area = QRectF(0, 0, 200, 100)
    return area.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _write_png(scene: QGraphicsScene, area: QRectF, target: Path) -> None:
    size = QSize(round(area.width() * PNG_SCALE), round(area.height() * PNG_SCALE))
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        scene.render(
            painter,
            QRectF(0, 0, size.width(), size.height()),
            area,
            Qt.AspectRatioMode.KeepAspectRatio,
        )
    finally:
        painter.end()
    if not image.save(str(target), "PNG"):
        raise ExportError(
            f"could not write '{target}': check that its folder exists and is writable"
        )


def _write_svg(scene: QGraphicsScene, area: QRectF, target: Path, title: str) -> None:
    if not target.parent.is_dir():
        raise ExportError(
            f"could not write '{target}': the folder '{target.parent}' does not exist"
        )
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(QSize(round(area.width()), round(area.height())))
    generator.setViewBox(QRectF(0, 0, area.width(), area.height()))
    generator.setTitle(title or "AOS template diagram")
    generator.setDescription("Resources and their dependencies")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(
            f"could not write '{target}': check that the file is writable"
        )
    try:
        scene.render(
            painter,
            QRectF(0, 0, area.width(), area.height()),
            area,
            Qt.AspectRatioMode.KeepAspectRatio,
        )
    finally:
        painter.end()


def render_diagram(
    analysis: "Analysis",
    layout: "Layout",
    path: str | os.PathLike[str],
    title: str = "",
) -> Path:
    """Draw the diagram of a parsed analysis at the positions of `layout` to `path`."""
    from .scene import DiagramScene

    scene = DiagramScene()
    scene.show_analysis(analysis, layout)
    return export_scene(scene, path, title)
