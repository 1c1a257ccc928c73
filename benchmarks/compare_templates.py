"""Benchmark of the template comparison on a large template.

The comparison parses both texts, compares every item and builds both dependency
graphs and the text diff. Its baseline is parsing the two texts alone, run in the same
process, so the printed ratio shows what the comparison costs on top of the parse it
cannot avoid. Run: `python benchmarks/compare_templates.py [RESOURCES]`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aos_designer.template.compare import compare_texts  # noqa: E402
from aos_designer.template.model import parse_template  # noqa: E402

REPEATS = 5


def make_template(resources: int, variant: int) -> str:
    """Return a template of VPCs, subnets and servers; `variant` 1 changes every tenth
    subnet's CIDR and adds a disk per server of every fifth group."""
    lines = [
        "tosca_definitions_version: huaweicloud_tosca_version_1_0",
        "inputs:",
        "  flavor: {type: string, default: s6.small.1}",
        "node_templates:",
    ]
    for group in range(resources // 3):
        third = group % 250
        cidr = f"10.{third}.{1 if variant and group % 10 == 0 else 0}.0/24"
        lines += [
            f"  vpc-{group}:",
            "    type: HuaweiCloud.VPC.VPC",
            f"    properties: {{name: vpc-{group}, cidr: 10.{third}.0.0/16}}",
            f"  subnet-{group}:",
            "    type: HuaweiCloud.VPC.Subnet",
            "    properties:",
            f"      name: subnet-{group}",
            f"      cidr: {cidr}",
            f"      vpcId: {{get_reference: vpc-{group}}}",
            f"  server-{group}:",
            "    type: HuaweiCloud.ECS.CloudServer",
            "    properties:",
            f"      name: server-{group}",
            "      flavor: {get_input: flavor}",
            f"      nics: [{{subnetId: {{get_reference: subnet-{group}}}}}]",
        ]
        if variant and group % 5 == 0:
            lines += [
                f"  disk-{group}:",
                "    type: HuaweiCloud.EVS.NonSharedVolume",
                "    properties: {size: 40}",
                f"    requirements: [{{dependency: {{node: server-{group}}}}}]",
            ]
    return "\n".join(lines) + "\n"


def best_time(action) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    resources = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    old = make_template(resources, 0)
    new = make_template(resources, 1)
    parse = best_time(lambda: (parse_template(old), parse_template(new)))
    compare = best_time(lambda: compare_texts(old, new))
    changes = compare_texts(old, new)
    print(f"resources: {resources}, lines: {old.count(chr(10))}")
    print(f"items changed: {len(changes.items)}, links changed: {len(changes.links)}")
    print(f"parse both (baseline): {parse * 1000:.1f} ms")
    print(f"compare: {compare * 1000:.1f} ms")
    print(f"ratio compare / parse: {compare / parse:.2f}")


if __name__ == "__main__":
    main()
