"""The Qt binding keeps Python's reference counts right.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to None on every call that
returns nothing, so a window aborts the interpreter after a few thousand calls. The
project excludes that release; this test fails on any release that brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsPathItem


def test_void_calls_keep_none_references(qapp):
    item = QGraphicsPathItem()
    before = sys.getrefcount(None)
    for index in range(200):
        item.setPos(QPointF(index, index))
        item.setToolTip("x")
    assert sys.getrefcount(None) >= before
