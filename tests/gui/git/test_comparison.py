"""The visual diff: the diagram coloured by what changed since a version from Git,
the changed values listed per item, the text diff beside them, and the normal
diagram back after leaving the comparison."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from aos_designer.gui.canvas.items import NodeMark
from aos_designer.gui.git.comparison_model import (
    ADDED_COLOR,
    CHANGED_COLOR,
)
from aos_designer.gui.git.ghosts import GhostEdgeItem, GhostNodeItem


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ghosts(window) -> dict[str, tuple[float, float]]:
    return {
        item.name: (item.pos().x(), item.pos().y())
        for item in window.scene.items()
        if isinstance(item, GhostNodeItem)
    }


def ghost_edges(window) -> list[tuple[str, str]]:
    return [
        item.pair for item in window.scene.items() if isinstance(item, GhostEdgeItem)
    ]


def replace_text(window, old: str, new: str) -> None:
    """Select `old` in the editor and type `new` over it, as one edit."""
    editor = window.editor
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    assert editor.find(old)
    editor.textCursor().insertText(new)


@pytest.fixture
def comparing(qtbot, window, network_repository, history_shown):
    """The window on network.yaml (the second version) compared with the first."""
    project, _, _, first, _ = network_repository
    panel = history_shown(project / "network.yaml", 2)
    panel.select_rows(1)
    click(qtbot, panel.compare_text_button)
    mode = window.git.comparison
    qtbot.waitUntil(lambda: mode.comparison is not None, timeout=10000)
    return first[:7]


def test_compare_marks_exact_resources(window, comparing):
    short = comparing

    assert window.scene.marks() == {
        "subnet": NodeMark(
            CHANGED_COLOR,
            "CHANGED",
            f"Changed since {short}: properties.cidr, properties.gateway",
        ),
        "data-disk": NodeMark(ADDED_COLOR, "ADDED", f"Added since {short}"),
    }
    assert ghosts(window) == {"old-disk": (480.0, 268.0)}
    assert ghost_edges(window) == [("old-disk", "server")]
    assert window.git.comparison_dock.isVisible()


def test_compare_lists_changed_values(window, comparing):
    short = comparing
    panel = window.git.comparison_panel

    assert panel.heading.text() == (
        f"{short} → the open text: 3 added, 1 removed, 3 changed."
    )
    assert panel.rows() == [
        ("Template", "", ""),
        ("  description (changed)", "", "1 value changed"),
        (
            "    (value)",
            '"Network with one server"',
            '"Network with one server and a data disk"',
        ),
        ("Inputs", "", ""),
        ("  vpc-cidr (changed)", "", "1 value changed"),
        ("    default", '"10.0.0.0/16"', '"10.8.0.0/16"'),
        ("  disk-size (added)", "", '{"type": "integer", "default": 100}'),
        ("Resources", "", ""),
        ("  subnet (changed)", "", "HuaweiCloud.VPC.Subnet"),
        ("    properties.cidr", '"10.0.1.0/24"', '"10.8.1.0/24"'),
        ("    properties.gateway", '"10.0.1.1"', '"10.8.1.1"'),
        ("  data-disk (added)", "", "HuaweiCloud.EVS.NonSharedVolume"),
        ("  old-disk (removed)", "HuaweiCloud.EVS.NonSharedVolume", ""),
        ("Outputs", "", ""),
        ("  disk-id (added)", "", '{"value": {"get_reference": "data-disk"}}'),
        ("Dependencies", "", ""),
        ("  + data-disk → server", "", ""),
        ("  - old-disk → server", "", ""),
    ]
    diff = panel.diff.toPlainText().splitlines()
    assert diff[:2] == [f"--- {short}", "+++ the open text"]
    assert "-      cidr: 10.0.1.0/24" in diff
    assert "+      cidr: 10.8.1.0/24" in diff


def test_compare_follows_edits(qtbot, window, comparing):
    short = comparing

    replace_text(window, "10.8.1.0/24", "10.0.1.0/24")
    qtbot.waitUntil(
        lambda: "properties.cidr" not in window.scene.marks()["subnet"].tooltip,
        timeout=10000,
    )

    assert window.scene.marks()["subnet"].tooltip == (
        f"Changed since {short}: properties.gateway"
    )
    replace_text(window, "  data-disk:", "  data-volume:")
    qtbot.waitUntil(lambda: "data-volume" in window.scene.marks(), timeout=10000)
    assert window.scene.marks()["data-volume"].label == "ADDED"
    assert "data-disk" not in window.scene.marks()


def test_compare_keeps_marks_while_text_broken(qtbot, window, comparing):
    marks = window.scene.marks()
    panel = window.git.comparison_panel

    replace_text(window, "outputs:", "outputs: [")
    qtbot.waitUntil(lambda: "does not parse" in panel.heading.text(), timeout=10000)

    assert panel.heading.text().endswith("so the diagram keeps the last comparison.")
    assert window.scene.marks() == marks
    assert set(ghosts(window)) == {"old-disk"}


def test_clicking_removed_resource_selects_ghost(qtbot, window, comparing):
    panel = window.git.comparison_panel
    tree = panel.tree
    resources = tree.topLevelItem(2)
    removed = resources.child(2)
    assert removed.text(0) == "old-disk (removed)"

    tree.scrollToItem(removed)
    rect = tree.visualItemRect(removed)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    selected = window.scene.selectedItems()
    assert [item.name for item in selected] == ["old-disk"]
    assert isinstance(selected[0], GhostNodeItem)


def test_close_comparison_restores_diagram(qtbot, window, comparing):
    click(qtbot, window.git.comparison_panel.close_button)

    assert window.scene.marks() == {}
    assert ghosts(window) == {}
    assert ghost_edges(window) == []
    assert not window.git.comparison.active
    assert not window.git.comparison_dock.isVisible()
    assert sorted(window.scene.nodes) == ["data-disk", "server", "subnet", "vpc"]


def test_opening_file_leaves_comparison(qtbot, window, comparing, data_dir, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_bytes((data_dir / "iaas-vpc-subnet-ecs.yaml").read_bytes())

    assert window.open_path(other)
    qtbot.waitUntil(lambda: window.buffer.up_to_date)

    assert not window.git.comparison.active
    assert window.scene.marks() == {}
    assert ghosts(window) == {}


def test_compare_two_versions(
    qtbot, window, network_repository, history_shown, close_versions
):
    project, _, v2, first, second = network_repository
    panel = history_shown(project / "network.yaml", 2)
    panel.select_rows(0, 1)
    assert panel.compare_button.isEnabled()

    click(qtbot, panel.compare_button)
    qtbot.waitUntil(lambda: len(window.git.version_windows) == 1, timeout=10000)
    other = window.git.version_windows[0]
    qtbot.waitUntil(lambda: other.git.comparison.comparison is not None, timeout=10000)

    assert other.buffer.text == v2
    assert other.editor.isReadOnly()
    assert set(other.scene.marks()) == {"subnet", "data-disk"}
    assert other.scene.marks()["subnet"].tooltip == (
        f"Changed since {first[:7]}: properties.cidr, properties.gateway"
    )
    assert ghosts(other) == {"old-disk": (480.0, 268.0)}
    assert other.git.comparison_panel.heading.text() == (
        f"{first[:7]} → {second[:7]}: 3 added, 1 removed, 3 changed."
    )
    assert window.scene.marks() == {}
