"""Benchmark editing a large template: diagram operations and keystrokes against a
full parse of the same text.

Run from the repository root: `python benchmarks/editing.py [--sizes 500 2000]`.
Each row prints the median time of one action and its ratio to the median time of a
full `parse_template` of the same text, measured in the same process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aos_designer.template import TemplateDocument, TextEdit, parse_template  # noqa: E402


def generate_template(count: int) -> str:
    """Return a template of `count` resources: VPCs, subnets and servers in a chain."""
    lines = [
        "tosca_definitions_version: huaweicloud_tosca_version_1_0",
        "description: generated for the editing benchmark",
        "inputs:",
        "  az:",
        "    type: string",
        "    default: cn-north-4a",
        "node_templates:",
    ]
    for index in range(count):
        kind = index % 3
        name = f"res-{index}"
        if kind == 0:
            lines += [
                f"  {name}:",
                "    type: HuaweiCloud.VPC.VPC",
                "    properties:",
                f"      name: {name}  # the network",
                "      cidr: 10.0.0.0/16",
            ]
        elif kind == 1:
            lines += [
                f"  {name}:",
                "    type: HuaweiCloud.VPC.Subnet",
                "    properties:",
                f"      name: {name}",
                "      cidr: 10.0.1.0/24",
                "      availabilityZone: {get_input: az}",
                f"      vpcId: {{get_reference: res-{index - 1}}}",
                "    requirements:",
                "      - vpcId:",
                f"          node: res-{index - 1}",
            ]
        else:
            lines += [
                f"  {name}:",
                "    type: HuaweiCloud.ECS.CloudServer",
                "    properties:",
                f"      name: {name}",
                "      flavor: s6.small.1",
                "      nics:",
                f"        - subnetId: {{get_reference: res-{index - 1}}}",
                "      rootVolume: {volumeType: SSD, size: 40}",
                "    requirements:",
                "      - nics.subnetId:",
                f"          node: res-{index - 1}",
            ]
    lines += ["outputs:", "  first:", "    value: {get_attribute: [res-0, refID]}"]
    return "\n".join(lines) + "\n"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(count: int, repeat: int) -> list[tuple[str, float]]:
    text = generate_template(count)
    middle = f"res-{count // 2 + (2 - count // 2 % 3)}"  # a server near the middle
    baseline = median_seconds(lambda: parse_template(text), repeat)
    rows = [("full parse (baseline)", baseline)]

    def fresh() -> TemplateDocument:
        document = TemplateDocument(text)
        document.model  # noqa: B018 - parse before timing the operation
        return document

    def diagram(operation: Callable[[TemplateDocument], object]) -> float:
        times = []
        for _ in range(repeat):
            document = fresh()
            started = time.perf_counter()
            operation(document)
            document.model  # noqa: B018 - the operation leaves text and model updated
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    rows.append(
        (
            "set_property",
            diagram(lambda d: d.set_property(middle, "flavor", "s6.large.2")),
        )
    )
    rows.append(
        ("connect", diagram(lambda d: d.connect(middle, "res-0", "dependency")))
    )
    rows.append(
        (
            "add_resource",
            diagram(
                lambda d: d.add_resource(
                    "new-vpc", "HuaweiCloud.VPC.VPC", {"name": "n"}
                )
            ),
        )
    )
    rows.append(
        ("rename_resource", diagram(lambda d: d.rename_resource("res-0", "first-vpc")))
    )

    document = fresh()
    position = document.text.index(f"  {middle}:\n") + len(
        f"  {middle}:\n    type: HuaweiCloud.ECS.CloudServer\n    properties:\n      name: {middle}"
    )
    typed = "-web"

    def keystrokes() -> None:
        for offset, char in enumerate(typed):
            document.apply([TextEdit(position + offset, position + offset, char)])
            document.model  # noqa: B018 - re-parse after each keystroke

    def undo_typing() -> None:
        document.apply([TextEdit(position, position + len(typed), "")])
        document.model  # noqa: B018

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        keystrokes()
        times.append((time.perf_counter() - started) / len(typed))
        undo_typing()
    rows.append(("keystroke in one resource", statistics.median(times)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[500, 2000], help="resource counts"
    )
    parser.add_argument(
        "--repeat", type=int, default=7, help="runs per measurement (median kept)"
    )
    arguments = parser.parse_args()
    for count in arguments.sizes:
        rows = run(count, arguments.repeat)
        baseline = rows[0][1]
        print(f"\n{count} resources")
        print(f"{'action':30} {'ms':>9} {'ratio':>7}")
        for label, seconds in rows:
            print(f"{label:30} {seconds * 1000:9.2f} {seconds / baseline:7.3f}")


if __name__ == "__main__":
    main()
