"""Cost of checking a plan against the provider's rules.

Plans a template of servers and volumes, every one of which the simulated cloud checks
against the catalog's schema and its own rules. The baseline, run in the same process,
is the same plan with the check replaced by one that finds nothing, so the ratio is
what the check adds to `plan` and to the start of every `deploy`.

Run: python benchmarks/plan_checks.py [--pairs N] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aos_designer.engine import Engine  # noqa: E402
from aos_designer.engine import engine as engine_module  # noqa: E402
from aos_designer.template import parse_template  # noqa: E402


def generated_text(pairs: int) -> str:
    """Return a template of `pairs` volumes and `pairs` servers, all within the rules."""
    lines = ["tosca_definitions_version: huaweicloud_tosca_version_1_0", "node_templates:"]
    for index in range(pairs):
        lines += [
            f"  vol{index}:",
            "    type: HuaweiCloud.EVS.NonSharedVolume",
            f"    properties: {{availabilityZone: cn-north-4a, volumeType: SSD, size: {10 + index}}}",
            f"  srv{index}:",
            "    type: HuaweiCloud.ECS.CloudServer",
            "    properties:",
            "      availabilityZone: cn-north-4a",
            "      flavor: s3.large.2",
            "      vpcId: vpc-id",
            "      imageId: 67f433d8-ed0e-4321-a8a2-a71838539e09",
            "      nics: [{subnetId: subnet-id}]",
            "      rootVolume: {volumeType: SSD, size: 40}",
        ]
    return "\n".join(lines) + "\n"


def mean_plan_seconds(engine: Engine, template, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        engine.plan(template, "bench", {})
    return (time.perf_counter() - started) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200, help="volumes and servers each")
    parser.add_argument("--repeat", type=int, default=10, help="plans per measurement")
    args = parser.parse_args()

    template = parse_template(generated_text(args.pairs))
    with tempfile.TemporaryDirectory() as folder, Engine(Path(folder) / "state") as engine:
        engine.plan(template, "bench", {})  # Build the schema validators once.
        checked = mean_plan_seconds(engine, template, args.repeat)
        original = engine_module.check_plan
        engine_module.check_plan = lambda *arguments, **keywords: []
        try:
            baseline = mean_plan_seconds(engine, template, args.repeat)
        finally:
            engine_module.check_plan = original

    resources = 2 * args.pairs
    print(f"resources: {resources}")
    print(f"plan with checks:    {checked * 1000:8.1f} ms ({checked / resources * 1e6:.0f} us per resource)")
    print(f"plan without checks: {baseline * 1000:8.1f} ms ({baseline / resources * 1e6:.0f} us per resource)")
    print(f"ratio: {checked / baseline:.2f}")


if __name__ == "__main__":
    main()
