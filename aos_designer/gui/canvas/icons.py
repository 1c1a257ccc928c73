"""Icons for the diagram's nodes.

A resource whose type is in the catalog shows its category's icon file. Any other
resource shows a coloured rounded square with the first letters of its service,
drawn here.
"""

from __future__ import annotations

import logging
import zlib
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

# Colours of the services people use most; other services get one from their name.
SERVICE_COLORS = {
    "VPC": "#2e7d32",
    "ECS": "#ef6c00",
    "EVS": "#1565c0",
    "ELB": "#6a1b9a",
    "ULB": "#6a1b9a",
    "RDS": "#00838f",
    "DCS": "#c62828",
    "OBS": "#f9a825",
    "NAT": "#558b2f",
    "CCE": "#283593",
    "CCI": "#4527a0",
    "FGS": "#ad1457",
    "AOS": "#37474f",
    "EIP": "#4e342e",
}
_FALLBACK_COLORS = ("#5d4037", "#00695c", "#455a64", "#7b1fa2", "#0277bd", "#9e9d24")


def service_color(service: str) -> QColor:
    known = SERVICE_COLORS.get(service.upper())
    if known is not None:
        return QColor(known)
    # crc32 rather than hash(): the same service gets the same colour in every run.
    index = zlib.crc32(service.encode("utf-8")) % len(_FALLBACK_COLORS)
    return QColor(_FALLBACK_COLORS[index])


def service_label(service: str) -> str:
    """Return up to three letters that name a service on its icon."""
    letters = "".join(char for char in service if char.isalnum())
    return letters[:3].upper() if letters else "?"


@lru_cache(maxsize=128)
def service_icon(service: str, size: int = 36, scale: float = 2.0) -> QPixmap:
    """Return the icon of `service` (`VPC`, `ECS`, ...), `size` logical pixels wide."""
    pixels = round(size * scale)
    pixmap = QPixmap(pixels, pixels)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(service_color(service))
        area = QRectF(0, 0, size, size)
        painter.drawRoundedRect(area, size * 0.22, size * 0.22)
        label = service_label(service)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(round(size * (0.38 if len(label) < 3 else 0.3)))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, label)
    finally:
        painter.end()
    return pixmap


@lru_cache(maxsize=64)
def file_icon(path: str, size: int = 36, scale: float = 2.0) -> QPixmap | None:
    """Return the SVG icon at `path`, `size` logical pixels wide, or None when the
    file cannot be read."""
    renderer = QSvgRenderer(path)
    if not renderer.isValid():
        log.warning("cannot draw the icon file %s; using the service letters", path)
        return None
    pixels = round(size * scale)
    pixmap = QPixmap(pixels, pixels)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
    finally:
        painter.end()
    return pixmap


def resource_icon(icon_file: str | None, service: str, size: int = 36) -> QPixmap:
    """Return a resource's icon: its catalog icon file, else its service's letters."""
    if icon_file:
        found = file_icon(icon_file, size)
        if found is not None:
            return found
    return service_icon(service or "?", size)
