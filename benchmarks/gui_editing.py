"""Time the window's diagram edits, from the action to the diagram that shows it.

For generated templates of 500 and 2,000 resources this opens the template in a
real window (offscreen) and times each action twice, in seconds and as a ratio to
a full `parse_template` of the same text:

- *applied*: until the editor's text contains the change;
- *shown*: until the window shows the analysis of the new text (problems list,
  underlines, diagram and inspector).

The actions are adding a resource from the palette, connecting two resources, a
value set in the inspector, renaming and deleting a resource, a keystroke in the
text, and Undo of an addition. Each action is undone (not timed) before the next
run, so every run starts from the same text.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/gui_editing.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aos_designer.gui.editing.connecting import requirement_options  # noqa: E402
from aos_designer.gui.window import MainWindow  # noqa: E402
from aos_designer.template import parse_template  # noqa: E402
from benchmarks.gui_analysis import generate  # noqa: E402

SIZES = (500, 2000)
# Seconds to wait for an analysis on the worker thread before giving up.
TIMEOUT = 120.0


def wait_shown(app: QApplication, window: MainWindow) -> None:
    """Run the event loop until the window shows the analysis of its text."""
    deadline = time.perf_counter() + TIMEOUT
    while not window.buffer.up_to_date:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not show the new text in time")
    app.processEvents()


def timed(
    app: QApplication,
    window: MainWindow,
    action: Callable[[], object],
    repeat: int,
    undo: bool = True,
) -> tuple[float, float]:
    """Return the median seconds from `action` until it returns and until the
    window shows its result."""
    applied, shown = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        applied.append(time.perf_counter() - started)
        wait_shown(app, window)
        shown.append(time.perf_counter() - started)
        if undo:
            window.editing.history.undo()
            wait_shown(app, window)
    return statistics.median(applied), statistics.median(shown)


def time_undo(
    app: QApplication, window: MainWindow, action: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Return the median seconds of the Undo that takes `action` back, until it
    returns and until the window shows the result."""
    applied, shown = [], []
    for _ in range(repeat):
        action()
        wait_shown(app, window)
        started = time.perf_counter()
        window.editing.history.undo()
        applied.append(time.perf_counter() - started)
        wait_shown(app, window)
        shown.append(time.perf_counter() - started)
    return statistics.median(applied), statistics.median(shown)


def measure(app: QApplication, count: int, repeat: int) -> None:
    text = generate(count)
    baseline_times = []
    for _ in range(repeat):
        started = time.perf_counter()
        parse_template(text)
        baseline_times.append(time.perf_counter() - started)
    baseline = statistics.median(baseline_times)

    folder = Path(tempfile.mkdtemp(prefix="aos-gui-editing-"))
    path = folder / f"generated-{count}.yaml"
    path.write_text(text, encoding="utf-8")
    window = MainWindow(unattended=True)
    window.show()
    window.open_path(path)
    wait_shown(app, window)
    editing = window.editing
    tools = editing.tools
    scene = window.scene
    option = requirement_options(
        editing.catalog, "HuaweiCloud.ECS.CloudServer", "HuaweiCloud.VPC.VPC"
    )[0]

    def keystroke() -> None:
        cursor = QTextCursor(window.editor.document())
        cursor.setPosition(window.buffer.text.index("name: server-1\n") + 6)
        cursor.insertText("x")
        window.buffer.analyze_now()

    def set_in_inspector() -> None:
        scene.select_node("server-2")
        window.inspector.form.context.set_value(("name",), "server-two")

    def add() -> None:
        editing.add_at_free_spot("HuaweiCloud.VPC.VPC")

    actions: list[tuple[str, Callable[[], object]]] = [
        ("add from the palette", add),
        (
            "connect two resources",
            lambda: tools.connect_resources("server-3", "vpc-1", option),
        ),
        ("set a value in the inspector", set_in_inspector),
        ("rename a resource", lambda: tools.rename("server-4", "server-four")),
        ("delete a resource", lambda: tools.delete(["server-5"])),
        ("keystroke in one resource", keystroke),
    ]
    rows = [(label, *timed(app, window, action, repeat)) for label, action in actions]
    rows.append(("undo of an addition", *time_undo(app, window, add, repeat)))

    print(f"{count} resources, {len(text):,} characters; baseline {baseline:.3f} s")
    print(f"  {'action':<30} {'applied':>9} {'ratio':>7} {'shown':>9} {'ratio':>7}")
    for label, applied, shown in rows:
        print(
            f"  {label:<30} {applied:8.3f}s {applied / baseline:6.2f}x"
            f" {shown:8.3f}s {shown / baseline:6.2f}x"
        )
    window.close()
    window.buffer.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per action")
    arguments = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    for count in SIZES:
        measure(app, count, arguments.repeat)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
