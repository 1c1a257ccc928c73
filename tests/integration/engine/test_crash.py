"""Kill the deploying process with SIGKILL at seeded random moments, then check that
the next start settles the stack and that no resource is left outside a stack.

The default run kills 20 times. A longer run:
    AOS_CRASH_RUNS=200 python -m pytest tests/integration/engine/test_crash.py
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "tests" / "data" / "engine" / "crash.yaml"
RUNS = int(os.environ.get("AOS_CRASH_RUNS", "20"))
STABLE = {
    "CreateSucceeded",
    "CreateFailed",
    "UpgradeSucceeded",
    "UpgradeFailed",
    "RollbackSucceeded",
    "RollbackFailed",
    "DeleteFailed",
    "CreateCancelled",
    "UpgradeCancelled",
}
# The simulated times are multiplied by this: a server takes 0.3 s, the stack about 0.5 s.
TIME_SCALE = "0.005"


def cli(state: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "aos_designer", *arguments, "--state-dir", str(state)]


def run(state: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli(state, *arguments),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def kill_during(state: Path, delay: float, *arguments: str) -> None:
    process = subprocess.Popen(
        cli(state, *arguments),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(30)


def outside_stacks(state: Path) -> list[dict]:
    listed = run(state, "sandbox", "list", "--outside-stacks", "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)["resources"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(RUNS))
def test_kill_leaves_nothing_outside(tmp_path, seed):
    from aos_designer.engine import DeployOptions, Engine
    from aos_designer.template import parse_template

    rng = random.Random(seed)
    state = tmp_path / "state"
    deploy = ("deploy", str(TEMPLATE), "--stack", "crash", "--time-scale", TIME_SCALE)
    scenario = seed % 3
    if scenario == 0:
        kill_during(state, rng.uniform(0.3, 1.1), *deploy)
    elif scenario == 1:
        kill_during(state, rng.uniform(0.3, 1.1), *deploy, "--simulate-fail", "topic15")
    else:
        with Engine(state) as engine:
            template = parse_template(TEMPLATE.read_text(encoding="utf-8"))
            assert engine.deploy(
                template, "crash", {}, DeployOptions(time_scale=0)
            ).succeeded
        kill_during(
            state,
            rng.uniform(0.3, 0.9),
            "delete",
            "--stack",
            "crash",
            "--time-scale",
            TIME_SCALE,
        )

    # The command's own start settles what the killed process left.
    assert outside_stacks(state) == []
    with Engine(state) as engine:
        assert {stack.phase for stack in engine.stacks()} <= STABLE
        fast = DeployOptions(time_scale=0)
        if scenario == 2:
            if engine.stacks():
                assert engine.delete("crash", options=fast).succeeded
            assert engine.sandbox_list() == []
            return
        template = parse_template(TEMPLATE.read_text(encoding="utf-8"))
        result = engine.deploy(template, "crash", {}, fast)
        assert result.succeeded, result.message
        assert len(engine.resources("crash")) == 25
        assert [item for item in engine.sandbox_list() if item["stack"] is None] == []
