"""Cost of deploying through `aos-designer serve`: a template of N independent
resources deployed by the real client over loopback HTTP, against the same template
deployed by the embedded engine directly, both at time scale 0 in the same process.

The baseline is the direct engine deployment. The remote time adds the upload, the
validation of the template on the server, the stack creation and the polling of the
execution every `--poll` seconds, so a ratio near 1 means HTTP adds little.

Run: python benchmarks/remote_deploy.py [--resources N] [--poll SECONDS]
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aos_designer.engine import DeployOptions, Engine  # noqa: E402
from aos_designer.remote.auth import TokenAuth  # noqa: E402
from aos_designer.remote.client import AosClient  # noqa: E402
from aos_designer.remote.stacks import RemoteStacks  # noqa: E402
from aos_designer.remote.transport import Transport  # noqa: E402
from aos_designer.server.app import create_app  # noqa: E402
from aos_designer.server.background import BackgroundServer  # noqa: E402
from aos_designer.server.runner import DeployDefaults  # noqa: E402
from aos_designer.server.serve import close_context, open_context  # noqa: E402
from aos_designer.template import parse_template  # noqa: E402


def generated_text(count: int) -> str:
    lines = [
        "tosca_definitions_version: huaweicloud_tosca_version_1_0",
        "node_templates:",
    ]
    for index in range(count):
        lines += [
            f"  topic{index}:",
            "    type: HuaweiCloud.SMN.Topic",
            "    properties:",
            f"      name: topic{index}",
        ]
    return "\n".join(lines) + "\n"


def local(text: str, folder: Path) -> float:
    with Engine(folder) as engine:
        started = time.perf_counter()
        result = engine.deploy(
            parse_template(text), "bench", {}, DeployOptions(time_scale=0)
        )
        elapsed = time.perf_counter() - started
    if not result.succeeded:
        raise SystemExit(f"local deployment failed: {result.message}")
    return elapsed


def remote(text: str, folder: Path, poll: float) -> float:
    token = secrets.token_hex(24)
    context = open_context(folder, token, DeployDefaults(time_scale=0))
    try:
        with BackgroundServer(create_app(context)) as server:
            client = AosClient(Transport(server.url, auth=TokenAuth(token)))
            stacks = RemoteStacks(client, poll_seconds=poll)
            started = time.perf_counter()
            result = stacks.deploy(parse_template(text), "bench", {})
            elapsed = time.perf_counter() - started
            client.close()
    finally:
        close_context(context)
    if not result.succeeded:
        raise SystemExit(f"remote deployment failed: {result.message}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=500)
    parser.add_argument("--poll", type=float, default=0.05, metavar="SECONDS")
    args = parser.parse_args()
    text = generated_text(args.resources)
    with tempfile.TemporaryDirectory() as folder:
        baseline = local(text, Path(folder) / "local")
        through_server = remote(text, Path(folder) / "remote", args.poll)
    print(f"resources: {args.resources}, time scale 0, poll every {args.poll:g} s")
    print(f"engine directly (baseline): {baseline:7.2f} s")
    print(f"through the server:         {through_server:7.2f} s")
    print(f"ratio server / baseline:    {through_server / baseline:7.2f}")


if __name__ == "__main__":
    main()
