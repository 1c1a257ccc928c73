"""Engine overhead per resource: deploy 10,000 generic resources at time scale 0.

The baseline, run in the same process, is the simulated cloud alone: the same number
of `create` calls made one after another with no engine around them. The report gives
both per-resource times and their ratio; the engine's own overhead is the difference.

Run: python benchmarks/engine_overhead.py [--resources N] [--parallelism P]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aos_designer.engine import DeployOptions, Engine  # noqa: E402
from aos_designer.engine.database import Database  # noqa: E402
from aos_designer.engine.provider import CallContext, ResourceRequest  # noqa: E402
from aos_designer.engine.simulated import SimulatedCloud  # noqa: E402
from aos_designer.template import parse_template  # noqa: E402


def generated_text(count: int, seed: int = 1) -> str:
    """Return a template of `count` generic resources, each depending on up to two of
    the 50 resources before it."""
    rng = random.Random(seed)
    lines = ["tosca_definitions_version: huaweicloud_tosca_version_1_0", "node_templates:"]
    for index in range(count):
        lines += [f"  r{index}:", "    type: HuaweiCloud.SMN.Topic", f"    properties: {{name: r{index}}}"]
        earlier = range(max(0, index - 50), index)
        targets = rng.sample(list(earlier), min(len(earlier), rng.randint(0, 2)))
        if targets:
            lines.append("    requirements:")
            lines += [f"      - dependency: {{node: r{t}}}" for t in sorted(targets)]
    return "\n".join(lines) + "\n"


def provider_only(count: int, folder: Path) -> float:
    database = Database(folder)
    cloud = SimulatedCloud(database)
    context = CallContext(region="cn-north-4", stack="baseline", resource_name="r")
    started = time.perf_counter()
    for index in range(count):
        request = ResourceRequest("HuaweiCloud.SMN.Topic", f"r{index}", {"name": f"r{index}"}, str(uuid.uuid4()))
        cloud.create(request, context)
    elapsed = time.perf_counter() - started
    database.close()
    return elapsed


def engine_run(count: int, parallelism: int, folder: Path) -> tuple[float, float, float]:
    text = generated_text(count)
    with Engine(folder) as engine:
        started = time.perf_counter()
        template = parse_template(text)
        parsed = time.perf_counter()
        result = engine.deploy(template, "bench", {}, DeployOptions(time_scale=0, parallelism=parallelism))
        finished = time.perf_counter()
        if not result.succeeded:
            raise SystemExit(f"deployment failed: {result.message}")
    return parsed - started, finished - parsed, finished - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--parallelism", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline = provider_only(args.resources, Path(folder) / "baseline")
        parse, deploy, _ = engine_run(args.resources, args.parallelism, Path(folder) / "engine")
    n = args.resources
    print(f"resources: {n}, parallelism: {args.parallelism}, time scale 0")
    print(f"template parse:           {parse:8.2f} s")
    print(f"engine deploy:            {deploy:8.2f} s  {deploy / n * 1000:7.3f} ms per resource")
    print(f"baseline (provider only): {baseline:8.2f} s  {baseline / n * 1000:7.3f} ms per resource")
    print(f"engine overhead:          {(deploy - baseline) / n * 1000:7.3f} ms per resource")
    print(f"ratio engine / baseline:  {deploy / baseline:8.2f}")


if __name__ == "__main__":
    main()
