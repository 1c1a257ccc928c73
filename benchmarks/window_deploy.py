"""Time the window's work for the events of a deployment, against the engine's own
deployment that produced them.

For generated templates of 500 and 2,000 resources, the engine deploys the template
at time scale 0 (no simulated waits) and its events are kept. The window then takes
in the same events the way it does during a deployment (events table, tracker, node
mark, progress bar and time left), once marking one node per event, as it does now,
and once replacing every node's mark per event, as a first version did. Each time is
printed in seconds and as a ratio to the engine's deployment in the same process.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/window_deploy.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AOS_DESIGNER_STATE_DIR", tempfile.mkdtemp())

from PySide6.QtWidgets import QApplication  # noqa: E402

from aos_designer.engine import DeployOptions, Engine  # noqa: E402
from aos_designer.gui.deploy.marks import state_mark  # noqa: E402
from aos_designer.gui.deploy.operations import Operation  # noqa: E402
from aos_designer.gui.deploy.tracker import DeploymentTracker  # noqa: E402
from aos_designer.gui.window import MainWindow  # noqa: E402
from aos_designer.template.model import parse_template  # noqa: E402

SIZES = (500, 2000)
REPEATS = 3
# Resources per dependency chain: each depends on the one before it.
CHAIN = 10


def generate(count: int) -> str:
    """Return a template of `count` resources of a type the simulated cloud creates
    without rules, in chains of `CHAIN`."""
    lines = [
        "tosca_definitions_version: huaweicloud_tosca_version_1_0",
        "node_templates:",
    ]
    for index in range(count):
        lines += [f"  item-{index}:", "    type: HuaweiCloud.APM.Pinpoint"]
        if index % CHAIN:
            lines += [
                "    requirements:",
                f"      - dependency: {{node: item-{index - 1}}}",
            ]
    return "\n".join(lines) + "\n"


def median_time(run: Callable[[], None]) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def engine_run(text: str) -> tuple[float, list]:
    """Deploy to fresh stacks; return the median time and the events of one run."""
    template = parse_template(text)
    events: list = []
    times = []
    with Engine(tempfile.mkdtemp()) as engine:
        for repeat in range(REPEATS):
            found: list = []
            started = time.perf_counter()
            engine.deploy(
                template,
                f"bench-{repeat}",
                {},
                DeployOptions(time_scale=0.0),
                on_event=found.append,
            )
            times.append(time.perf_counter() - started)
            events = found
    return statistics.median(times), events


def replay(window: MainWindow, events: list, whole: bool) -> Callable[[], None]:
    """Return a run that feeds `events` to the window as a deployment does; with
    `whole`, every node's mark is replaced for each event."""
    operations = window.deployment.operations
    scene = window.scene

    def run() -> None:
        operation = Operation(
            "deploy", window.deployment.local, "bench", DeploymentTracker("bench")
        )
        operations.current = operation
        window.deploy.set_events([])
        for event in events:
            if whole:
                window.deploy.append_event(event)
                operation.tracker.observe(event)
                scene.set_marks(
                    {n: state_mark(s) for n, s in operation.tracker.states.items()}
                )
                operations._show_progress(estimate=True)
            else:
                operations._on_report(("event", event))
        operations.current = None

    return run


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"{'resources':>9}  {'step':<44} {'seconds':>8} {'ratio':>6}")
    for size in SIZES:
        text = generate(size)
        baseline, events = engine_run(text)
        window = MainWindow(unattended=True)
        window.buffer.set_text(text)
        # Large texts are analysed on a worker thread; wait for the whole diagram.
        while not (window.buffer.up_to_date and len(window.scene.nodes) == size):
            app.processEvents()
            time.sleep(0.01)
        rows = [
            ("engine deployment at time scale 0 (baseline)", baseline),
            (
                "window: one node mark per event",
                median_time(replay(window, events, False)),
            ),
            (
                "window: every node's mark per event",
                median_time(replay(window, events, True)),
            ),
        ]
        for step, seconds in rows:
            print(f"{size:>9,}  {step:<44} {seconds:>8.3f} {seconds / baseline:>6.2f}")
        print(f"{'':>9}  ({len(events):,} events)")
        window.close()


if __name__ == "__main__":
    main()
