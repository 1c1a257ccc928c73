"""Time the visual diff of two versions against libyaml's bare event parse.

For generated templates of 500 and 2,000 resources, the new version changes the
name of one server in twenty, removes one in twenty and adds as many new ones. This
prints, in seconds and as a ratio to `yaml.parse` over the new text:

- the comparison (`compare_texts`: both parses, the item and dependency comparison
  and the text diff), which the window runs on a worker thread;
- the ghost placement alone;
- showing a finished comparison, which runs on the GUI thread: the changes list,
  the text diff, the node marks and the ghost nodes with their arrows.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/gui_comparison.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import yaml  # noqa: E402
from gui_analysis import best, generate  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aos_designer.gui.git.comparison_model import ghost_positions  # noqa: E402
from aos_designer.gui.window import MainWindow  # noqa: E402
from aos_designer.layout import auto_layout  # noqa: E402
from aos_designer.template.compare import compare_texts  # noqa: E402
from aos_designer.template.model import parse_template  # noqa: E402

SIZES = (500, 2000)
# One server in this many is renamed, and as many are removed and added.
CHANGE_EVERY = 20


def new_version(old: str, count: int) -> str:
    """Return the old text with servers renamed, removed and added."""
    lines = old.splitlines(keepends=True)
    new_lines: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("  server-"):
            index = int(line.strip()[len("server-") : -1])
            skipping = index % CHANGE_EVERY == 1
        elif not line.startswith("    "):
            skipping = False
        if skipping:
            continue
        if line.startswith("      name: server-"):
            index = int(line.strip()[len("name: server-") :])
            if index % CHANGE_EVERY == 0:
                line = line.replace("server-", "renamed-server-")
        new_lines.append(line)
    added = count // CHANGE_EVERY
    for index in range(added):
        new_lines += [
            f"  new-server-{index}:\n",
            "    type: HuaweiCloud.ECS.CloudServer\n",
            f"    properties: {{name: new-server-{index}, vpcId: {{get_reference: vpc-0}}}}\n",
        ]
    return "".join(new_lines)


def wait_shown(app: QApplication, window: MainWindow) -> None:
    deadline = time.monotonic() + 120
    while not window.buffer.up_to_date:
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not analyse the text in 120 s")
        app.processEvents()
        time.sleep(0.005)


def measure(app: QApplication, window: MainWindow, count: int) -> None:
    old = generate(count)
    new = new_version(old, count)
    baseline = best(lambda: list(yaml.parse(new, Loader=yaml.CSafeLoader)))
    comparison = compare_texts(old, new, "old", "new")
    old_template = parse_template(old)
    old_layout = auto_layout(old_template)

    window.git.comparison.leave()
    window.buffer.set_text(new)
    wait_shown(app, window)
    diagram = window.scene.layout()
    mode = window.git.comparison
    mode.start(old, "old", old_layout, "new")
    assert mode.old is not None

    def show() -> None:
        mode._show(mode._generation, comparison, old_template)

    rows = [
        ("libyaml event parse (baseline)", baseline),
        ("comparison (worker thread)", best(lambda: compare_texts(old, new))),
        (
            "ghost placement",
            best(
                lambda: ghost_positions(comparison, old_template, old_layout, diagram)
            ),
        ),
        ("show the comparison (GUI thread)", best(show)),
    ]
    print(
        f"{count} resources: {len(comparison.added)} added, "
        f"{len(comparison.removed)} removed, {len(comparison.changed)} changed"
    )
    for label, seconds in rows:
        print(f"  {label:<34} {seconds:8.3f} s  {seconds / baseline:7.1f}x")


def main() -> None:
    app = QApplication.instance() or QApplication([])
    window = MainWindow(unattended=True)
    try:
        for count in SIZES:
            measure(app, window, count)
    finally:
        window.close()


if __name__ == "__main__":
    main()
