"""The window at its default size: the palette's services, the inspector's tabs and
a server's form show in full."""

from __future__ import annotations

from PySide6.QtWidgets import QTabBar, QTabWidget, QToolButton, QTreeView

# An allowance in pixels for the space a tree row keeps around its text.
TEXT_MARGINS = 8


def test_palette_services_not_cut(window):
    assert (window.width(), window.height()) == (1440, 900)
    view = window.findChild(QTreeView, "paletteView")
    model = view.model()
    metrics = view.fontMetrics()
    cut = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        text = index.data()
        room = view.visualRect(index).width()
        if metrics.horizontalAdvance(text) + TEXT_MARGINS > room:
            cut.append(text)
    assert model.rowCount() > 20
    assert cut == []


def test_inspector_tabs_fit(window):
    tabs = window.findChild(QTabWidget, "inspectorTabs")
    bar: QTabBar = tabs.tabBar()
    titles = [bar.tabText(index) for index in range(bar.count())]
    assert titles == ["Resource", "Inputs", "Outputs", "Mappings", "Conditions"]
    assert bar.tabRect(bar.count() - 1).right() < tabs.width()
    arrows = [button for button in bar.findChildren(QToolButton) if button.isVisible()]
    assert arrows == []
    metrics = bar.fontMetrics()
    for index, title in enumerate(titles):
        assert bar.tabRect(index).width() > metrics.horizontalAdvance(title), title


def test_server_form_fits_inspector(qtbot, window, opened):
    # The server has a get_in_map call and lists of references, the widest fields.
    opened("three-tier-shop.yaml")
    window.scene.select_node("app")
    inspector = window.inspector
    qtbot.waitUntil(lambda: inspector.form is not None)
    flavor = inspector.form.fields[("flavor",)]
    qtbot.waitUntil(flavor.isVisible)
    room = inspector.scroll_area.viewport().width()
    assert inspector.body.minimumSizeHint().width() <= room
    assert inspector.body.width() <= room
