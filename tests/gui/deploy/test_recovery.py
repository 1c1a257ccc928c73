"""A deployment killed in another process is recovered when the window opens the
engine, and the panel shows the recovery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from aos_designer.engine import Engine

from .conftest import IAAS
from .test_deploy_local import stack_rows

ROOT = Path(__file__).resolve().parents[3]


def server_creation_started(state_dir: Path) -> bool:
    """Tell whether the stack `crashed` has started creating its server."""
    with Engine(state_dir, recover=False) as engine:
        if not any(info.name == "crashed" for info in engine.stacks()):
            return False
        return any(
            (event.resource_name, event.event_type) == ("mycloudserver", "Creating")
            for event in engine.events("crashed")
        )


def kill_during_server_creation(data_dir: Path, state_dir: Path) -> None:
    """Run `aos-designer deploy` in a process of its own and kill it with SIGKILL
    while the simulated cloud creates the server (60 s x 0.5)."""
    command = [
        sys.executable,
        "-m",
        "aos_designer",
        "deploy",
        str(data_dir / IAAS),
        "--stack",
        "crashed",
        "--input",
        "sshKey-name=demo-key",
        "--input",
        "mycloudserver_rootVolume_volumeType=SSD",
        "--time-scale",
        "0.5",
        "--state-dir",
        str(state_dir),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while not server_creation_started(state_dir):
            assert process.poll() is None, "the deployment ended before the kill"
            assert time.monotonic() < deadline, "the server creation never started"
            time.sleep(0.1)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


def test_killed_deployment_recovered(qtbot, window, data_dir):
    state_dir = Path(os.environ["AOS_DESIGNER_STATE_DIR"])
    kill_during_server_creation(data_dir, state_dir)

    window.deploy_dock.show()
    window.deploy_dock.raise_()
    panel = window.deploy
    qtbot.waitUntil(
        lambda: panel.status.text().startswith(
            "Recovered stack crashed after an interrupted operation: RollbackSucceeded."
        ),
        timeout=60_000,
    )
    assert panel.status_kind() == "warning"
    qtbot.waitUntil(lambda: not window.deployment.jobs.busy(), timeout=10_000)
    assert stack_rows(window) == [
        ("Built-in engine (simulated cloud)", "crashed", "Stopped", "RollbackSucceeded")
    ]
    engine = window.deployment.local.engine
    assert engine.resources("crashed") == []
    assert [item for item in engine.sandbox_list() if item["owner"] is None] == []
