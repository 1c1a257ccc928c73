"""Deployment time of generated templates as a ratio to their critical path.

Each template mixes resource types whose simulated times differ (a nested stack 30 s,
a generic resource 5 s, a security group 2 s, a key pair 1 s, at time scale 1). The
baseline, computed in the same process, is the critical path: the longest chain of
scaled resource times through the dependency graph, which no engine can beat. A ratio
of 1.05 means the engine took 5% longer than that chain.

Run: python benchmarks/critical_path.py [--time-scale F] [--parallelism P]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aos_designer.engine import DeployOptions, Engine  # noqa: E402
from aos_designer.engine.simulated import type_spec  # noqa: E402
from aos_designer.template import parse_template  # noqa: E402

TYPES = ("AOS.Stack", "SMN.Topic", "VPC.SecurityGroup", "ECS.KeyPair")


def shape(name: str, size: int, rng: random.Random) -> dict[int, list[int]]:
    """Return the dependencies of each resource for one graph shape."""
    if name == "wide":
        return {i: [] for i in range(size)}
    if name == "layered":
        width = 10
        return {
            i: sorted(rng.sample(range((i // width - 1) * width, (i // width) * width), 2))
            if i >= width else []
            for i in range(size)
        }
    return {i: sorted(rng.sample(range(max(0, i - 20), i), min(i, rng.randint(0, 3)))) for i in range(size)}


def template_text(depends: dict[int, list[int]], kinds: dict[int, str]) -> str:
    lines = ["tosca_definitions_version: huaweicloud_tosca_version_1_0", "node_templates:"]
    for index, targets in depends.items():
        lines += [f"  r{index}:", f"    type: HuaweiCloud.{kinds[index]}"]
        if targets:
            lines.append("    requirements:")
            lines += [f"      - dependency: {{node: r{t}}}" for t in targets]
    return "\n".join(lines) + "\n"


def critical_path(depends: dict[int, list[int]], kinds: dict[int, str], scale: float) -> float:
    finish: dict[int, float] = {}
    for index in sorted(depends):
        start = max((finish[t] for t in depends[index]), default=0.0)
        finish[index] = start + type_spec(kinds[index]).create_seconds * scale
    return max(finish.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-scale", type=float, default=0.01)
    parser.add_argument("--parallelism", type=int, default=200)
    parser.add_argument("--size", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(5)
    print(f"time scale {args.time_scale}, parallelism {args.parallelism}, {args.size} resources")
    print(f"{'shape':<10}{'critical path':>15}{'deployment':>12}{'ratio':>8}")
    for name in ("wide", "layered", "random"):
        depends = shape(name, args.size, rng)
        kinds = {i: rng.choice(TYPES) for i in depends}
        template = parse_template(template_text(depends, kinds))
        baseline = critical_path(depends, kinds, args.time_scale)
        options = DeployOptions(time_scale=args.time_scale, parallelism=args.parallelism)
        with tempfile.TemporaryDirectory() as folder, Engine(folder) as engine:
            started = time.perf_counter()
            result = engine.deploy(template, "bench", {}, options)
            elapsed = time.perf_counter() - started
        if not result.succeeded:
            raise SystemExit(f"{name}: deployment failed: {result.message}")
        print(f"{name:<10}{baseline:>13.2f} s{elapsed:>10.2f} s{elapsed / baseline:>8.3f}")


if __name__ == "__main__":
    main()
