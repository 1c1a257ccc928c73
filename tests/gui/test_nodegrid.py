"""The grid index that finds the nodes an arrow's line crosses."""

from __future__ import annotations

from aos_designer.gui.canvas.nodegrid import CELL, NodeGrid

# Three nodes 200 wide and 64 high in a row, and one far below the middle one.
BOXES = {
    "left": (0.0, 0.0, 200.0, 64.0),
    "middle": (240.0, 0.0, 440.0, 64.0),
    "right": (480.0, 0.0, 680.0, 64.0),
    "below": (240.0, 2000.0, 440.0, 2064.0),
}


def test_horizontal_line_crosses_middle():
    grid = NodeGrid(BOXES)
    assert sorted(grid.along(200, 32, 480, 32)) == ["left", "middle", "right"]
    assert sorted(grid.along(201, 32, 479, 32)) == ["middle"]


def test_vertical_line_finds_far_node():
    grid = NodeGrid(BOXES)
    assert sorted(grid.along(300, 100, 300, 3000)) == ["below"]
    assert grid.along(100, 100, 100, 3000) == []


def test_diagonal_line_only_where_it_passes():
    grid = NodeGrid(BOXES)
    # From below the right node up to the far left: at the nodes' height it is at
    # x from 0 to 21, so only the left node is crossed.
    assert grid.along(700, 2000, 0, 0) == ["left"]


def test_margin_widens_boxes_sideways():
    grid = NodeGrid(BOXES)
    assert grid.along(220, -100, 220, 100) == []
    assert sorted(grid.along(220, -100, 220, 100, margin=24)) == ["left", "middle"]


def test_boxes_across_cells_found_once():
    wide = {"wide": (-CELL * 3, 10.0, CELL * 3, 20.0)}
    grid = NodeGrid(wide)
    assert grid.along(-CELL * 4, 15, CELL * 4, 15) == ["wide"]


def test_many_boxes_found_through_cells():
    # Fifty boxes in a row make the index look through the cells, not each box.
    row = {
        f"n{index}": (index * 240.0, 0.0, index * 240.0 + 200.0, 64.0)
        for index in range(50)
    }
    grid = NodeGrid(row)
    assert grid.along(2500, -10, 2500, 100) == ["n10"]
    assert grid.along(2620, -10, 2620, 100) == []
    assert grid.inside(2605, 10, 2635, 20) == []
    assert sorted(grid.inside(2590, 10, 2650, 20)) == ["n10", "n11"]


def test_inside_open_area():
    grid = NodeGrid(BOXES)
    # The gap between the row and the node below contains no box.
    assert grid.inside(0, 64, 680, 2000) == []
    assert sorted(grid.inside(150, 60, 260, 70)) == ["left", "middle"]
    assert grid.inside(300, 1990, 310, 2001) == ["below"]
    # Touching a border is not reaching inside.
    assert grid.inside(200, 10, 240, 20) == []
