"""`retry`: continuing a failed creation or upgrade, and nothing to retry."""

from __future__ import annotations

from pathlib import Path

import pytest

from aos_designer.cli import main
from aos_designer.engine import DeployOptions, NothingToRetryError

CHAIN = str(Path(__file__).resolve().parents[2] / "data" / "engine" / "chain.yaml")
KEEP = {"time_scale": 0, "on_failure": "keep"}


def stack_phases(events, stack: str) -> list[str]:
    return [
        e.event_type for e in events if e.resource_name is None and e.stack == stack
    ]


def test_failed_creation_retried_as_creation(engine, load):
    chain = load("engine/chain.yaml")
    failed = engine.deploy(
        chain, "chain", {}, DeployOptions(simulate_fail=("fourth",), **KEEP)
    )
    assert failed.phase == "CreateFailed"
    events = []
    result = engine.retry("chain", on_event=events.append)
    assert result.phase == "CreateSucceeded"
    assert stack_phases(events, "chain") == ["Creating", "CreateSucceeded"]
    assert engine.deployments("chain")[-1].kind == "create"


def test_failed_upgrade_retried_as_upgrade(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    changed = load("engine/chain-changed.yaml")
    failed = engine.deploy(
        changed, "chain", {}, DeployOptions(simulate_fail=("third",), **KEEP)
    )
    assert failed.phase == "UpgradeFailed"
    events = []
    result = engine.retry("chain", on_event=events.append)
    assert result.phase == "UpgradeSucceeded"
    assert stack_phases(events, "chain") == ["Upgrading", "UpgradeSucceeded"]


def test_rolled_back_creation_retried_as_creation(engine, load):
    chain = load("engine/chain.yaml")
    failed = engine.deploy(
        chain, "chain", {}, DeployOptions(time_scale=0, simulate_fail=("third",))
    )
    assert failed.phase == "RollbackSucceeded"
    result = engine.retry("chain")
    assert result.phase == "CreateSucceeded"


def test_succeeded_stack_nothing_to_retry(engine, load, fast):
    engine.deploy(load("engine/chain.yaml"), "chain", {}, fast)
    count = len(engine.deployments("chain"))
    with pytest.raises(NothingToRetryError) as caught:
        engine.retry("chain")
    assert str(caught.value) == (
        "stack chain: nothing to retry, because its last deployment succeeded "
        "(CreateSucceeded); run `aos-designer deploy FILE --stack chain` to deploy "
        "a changed template"
    )
    assert len(engine.deployments("chain")) == count
    assert engine.stack("chain").phase == "CreateSucceeded"


def test_retry_command_nothing_to_retry(tmp_path, capsys):
    state = str(tmp_path / "cli-state")
    assert (
        main(
            [
                "deploy",
                CHAIN,
                "--stack",
                "chain",
                "--time-scale",
                "0",
                "--state-dir",
                state,
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(["retry", "--stack", "chain", "--state-dir", state])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err == (
        "aos-designer retry: stack chain: nothing to retry, because its last "
        "deployment succeeded (CreateSucceeded); run `aos-designer deploy FILE "
        "--stack chain` to deploy a changed template\n"
    )
