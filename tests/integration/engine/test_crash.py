"""Kill the deploying process with SIGKILL at seeded random moments, then check that
the next start finishes the interrupted operation as its failure strategy specifies
and that no resource is left outside a stack.

Each seed picks one scenario: a first deployment (rolled back after the kill), a
first deployment with an injected failure (killed while it may be rolling back), an
upgrade (rolled back to the previous state), a first deployment with `--on-failure
keep` (left failed, then resumed), a deletion (continued), and an upgrade whose
recovery is killed too (continued by the start after). The default run kills 20
times. A longer run:
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

from aos_designer.engine import DeployOptions, Engine
from aos_designer.template import parse_template

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "tests" / "data" / "engine" / "crash.yaml"
UPDATE = ROOT / "tests" / "data" / "engine" / "crash-update.yaml"
RUNS = int(os.environ.get("AOS_CRASH_RUNS", "20"))
SCENARIOS = ("create", "failing-create", "update", "keep", "delete", "recovery")
# The simulated times are multiplied by this: a server takes 0.3 s, the stack about
# 0.7 s after the 0.45 s that the command takes to start.
TIME_SCALE = "0.005"
FAST = DeployOptions(time_scale=0)
# Resources of crash.yaml and of crash-update.yaml.
FIRST_COUNT = 25
UPDATE_COUNT = 26


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


def template(path: Path):
    return parse_template(path.read_text(encoding="utf-8"))


def recorded(engine: Engine) -> list[tuple]:
    """Return each resource of the stack with its type and applied properties, by
    name, since a replacement moves a resource to the end of the stack's order."""
    return sorted(
        (r.resource_name, r.instance, r.resource_type, r.properties)
        for r in engine.resources("crash")
    )


def deploy_command(path: Path, *options: str) -> tuple[str, ...]:
    return (
        "deploy",
        str(path),
        "--stack",
        "crash",
        "--time-scale",
        TIME_SCALE,
        *options,
    )


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(RUNS))
def test_kill_then_recover(tmp_path, seed):
    rng = random.Random(seed)
    scenario = SCENARIOS[seed % len(SCENARIOS)]
    state = tmp_path / "state"
    before: list[tuple] = []
    if scenario in ("update", "delete", "recovery"):
        with Engine(state) as engine:
            assert engine.deploy(template(TEMPLATE), "crash", {}, FAST).succeeded
            before = recorded(engine)

    if scenario == "create":
        kill_during(state, rng.uniform(0.45, 1.15), *deploy_command(TEMPLATE))
    elif scenario == "failing-create":
        failing = ("--simulate-fail", "topic15")
        kill_during(state, rng.uniform(0.45, 1.3), *deploy_command(TEMPLATE, *failing))
    elif scenario == "keep":
        keep = ("--on-failure", "keep")
        kill_during(state, rng.uniform(0.45, 1.15), *deploy_command(TEMPLATE, *keep))
    elif scenario == "delete":
        delete = ("delete", "--stack", "crash", "--time-scale", TIME_SCALE)
        kill_during(state, rng.uniform(0.45, 0.8), *delete)
    else:
        kill_during(state, rng.uniform(0.45, 1.2), *deploy_command(UPDATE))
        if scenario == "recovery":
            # Opening the engine starts the recovery; kill it in the middle too.
            kill_during(state, rng.uniform(0.45, 0.9), "stacks")

    # The command's own start finishes what the killed processes left.
    assert outside_stacks(state) == []
    with Engine(state) as engine:
        assert engine.recovering() == []
        check = {
            "create": check_first_rolled_back,
            "failing-create": check_first_rolled_back,
            "keep": check_first_kept,
            "update": check_update_rolled_back,
            "recovery": check_update_rolled_back,
            "delete": check_deleted,
        }[scenario]
        check(engine, before, scenario)
        if engine.stacks():
            result = engine.deploy(template(TEMPLATE), "crash", {}, FAST)
            assert result.succeeded, result.message
            assert len(engine.resources("crash")) == FIRST_COUNT
    assert outside_stacks(state) == []


def check_first_rolled_back(engine: Engine, before: list[tuple], scenario: str) -> None:
    """A first deployment with the rollback strategy leaves no stack (killed before
    it began), its full stack (killed after it ended) or a stack without resources."""
    stacks = engine.stacks()
    if not stacks:
        assert engine.sandbox_list() == []
        return
    info = stacks[0]
    if info.phase == "CreateSucceeded" and scenario == "create":
        assert len(engine.resources("crash")) == FIRST_COUNT
        return
    assert (info.phase, info.status) == ("RollbackSucceeded", "Stopped")
    assert engine.resources("crash") == []
    assert engine.sandbox_list() == []


def check_first_kept(engine: Engine, before: list[tuple], scenario: str) -> None:
    """A first deployment with the keep strategy is left failed, with every
    resource the cloud created recorded, and a deploy resumes it."""
    stacks = engine.stacks()
    if not stacks:
        assert engine.sandbox_list() == []
        return
    info = stacks[0]
    if info.phase == "CreateSucceeded":
        assert len(engine.resources("crash")) == FIRST_COUNT
        return
    assert (info.phase, info.status) == ("CreateFailed", "Abnormal")
    created = {r.physical_id for r in engine.resources("crash") if r.physical_id}
    in_cloud = {item["id"] for item in engine.sandbox_list() if item["owner"] is None}
    assert created == in_cloud
    assert engine.deployments("crash")[-1].status == "interrupted"


def check_update_rolled_back(
    engine: Engine, before: list[tuple], scenario: str
) -> None:
    """An upgrade with the rollback strategy leaves the previous state, or the new
    one when the kill came after it ended."""
    info = engine.stack("crash")
    if info.phase == "UpgradeSucceeded":
        assert len(engine.resources("crash")) == UPDATE_COUNT
        return
    assert info.status == "Running"
    assert info.phase in ("CreateSucceeded", "RollbackSucceeded")
    assert recorded(engine) == before
    roots = [item for item in engine.sandbox_list() if item["owner"] is None]
    assert len(roots) == FIRST_COUNT


def check_deleted(engine: Engine, before: list[tuple], scenario: str) -> None:
    """A deletion runs to its end; a kill before it began leaves the stack whole."""
    stacks = engine.stacks()
    if stacks:
        assert (stacks[0].phase, recorded(engine)) == ("CreateSucceeded", before)
        return
    assert engine.sandbox_list() == []
