"""Time the window's work after a pause in typing, against libyaml's bare event parse.

For generated templates of 500 and 2,000 resources this prints four times, in seconds
and as a ratio to `yaml.parse` over the same text. They are the analysis (parse,
validation, edges and resource blocks), the automatic layout, the first build of the
diagram, and the update after one property of one resource changed (analysis and
diagram update).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/gui_analysis.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import yaml  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aos_designer.gui.analysis import Analyzer, analyze  # noqa: E402
from aos_designer.gui.canvas.scene import DiagramScene  # noqa: E402
from aos_designer.layout import auto_layout  # noqa: E402

SIZES = (500, 2000)
REPEATS = 3


def generate(count: int) -> str:
    """Return a template of `count` resources: VPCs, subnets in them, and servers
    wired to both, so the graph has three layers and many edges."""
    lines = [
        "tosca_definitions_version: huaweicloud_tosca_version_1_0",
        "node_templates:",
    ]
    vpcs = max(1, count // 20)
    subnets = max(1, count // 5)
    for index in range(vpcs):
        lines += [
            f"  vpc-{index}:",
            "    type: HuaweiCloud.VPC.VPC",
            f"    properties: {{name: vpc-{index}, cidr: 10.{index % 250}.0.0/16}}",
        ]
    for index in range(subnets):
        lines += [
            f"  subnet-{index}:",
            "    type: HuaweiCloud.VPC.Subnet",
            "    properties:",
            f"      name: subnet-{index}",
            f"      vpcId: {{get_reference: vpc-{index % vpcs}}}",
        ]
    for index in range(count - vpcs - subnets):
        lines += [
            f"  server-{index}:",
            "    type: HuaweiCloud.ECS.CloudServer",
            "    properties:",
            f"      name: server-{index}",
            f"      vpcId: {{get_reference: vpc-{index % vpcs}}}",
            f"      nics: [{{subnetId: {{get_reference: subnet-{index % subnets}}}}}]",
        ]
    return "\n".join(lines) + "\n"


def best(work: Callable[[], object]) -> float:
    """Return the median wall time of `work` over REPEATS runs, in seconds."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(count: int) -> None:
    text = generate(count)
    edited = text.replace("name: server-0\n", "name: server-zero\n", 1)
    baseline = best(lambda: list(yaml.parse(text, Loader=yaml.CSafeLoader)))
    analysis = analyze(text, 1)
    layout_time = best(lambda: auto_layout(analysis.template))
    layout = auto_layout(analysis.template)

    def first_build() -> None:
        DiagramScene().show_analysis(analysis, layout)

    scene = DiagramScene()
    scene.show_analysis(analysis, layout)
    # The window keeps one analyzer per thread, so an edit reuses the last revision.
    # Each run switches to the other text, one property edit away from the last one.
    analyzer = Analyzer()
    analyzer.analyze(text, 1)
    versions = [edited, text]
    revisions = iter(range(2, 10_000))

    def update() -> None:
        revision = next(revisions)
        analysis = analyzer.analyze(versions[revision % 2], revision)
        scene.show_analysis(analysis, layout)

    rows = [
        ("libyaml event parse (baseline)", baseline),
        ("analysis", best(lambda: analyze(text, 1))),
        ("automatic layout", layout_time),
        ("first diagram build", best(first_build)),
        ("update after one edit", best(update)),
    ]
    print(f"{count} resources, {len(text):,} characters, {len(analysis.edges)} edges")
    for label, seconds in rows:
        print(f"  {label:<32} {seconds:8.3f} s  {seconds / baseline:7.1f}x")


def main() -> None:
    QApplication.instance() or QApplication([])
    for count in SIZES:
        measure(count)


if __name__ == "__main__":
    main()
