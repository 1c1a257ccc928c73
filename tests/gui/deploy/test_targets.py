"""The window's targets without the window: the built-in engine over a state folder
and an endpoint profile against the real server."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import pytest

from aos_designer.engine.errors import StackNotFoundError
from aos_designer.engine.model import DeployOptions
from aos_designer.gui.deploy.targets import LocalTarget, RemoteTarget
from aos_designer.remote.errors import CredentialsError, Unauthorized
from aos_designer.template.model import parse_template
from tests.support.settings import MemoryKeyring

from .conftest import IAAS

INPUTS = {"sshKey-name": "demo-key", "mycloudserver_rootVolume_volumeType": "SSD"}


@pytest.fixture
def iaas(data_dir: Path):
    return parse_template((data_dir / IAAS).read_text(encoding="utf-8"))


@pytest.fixture
def secret_template(data_dir: Path):
    return parse_template((data_dir / "deploy-inputs.yaml").read_text(encoding="utf-8"))


def deploy(target, template, stack, inputs, **options):
    return target.deploy(
        template,
        stack,
        inputs,
        DeployOptions(time_scale=0.0, **options),
        on_event=lambda event: None,
        cancel=threading.Event(),
    )


def test_local_last_inputs_leave_out_secrets(tmp_path, secret_template):
    target = LocalTarget(tmp_path / "state")
    given = {"app-name": "shop", "db-password": "pass-1234", "api-key": "k-1"}
    result = deploy(target, secret_template, "inputs", given)
    assert result.succeeded
    assert target.last_inputs("inputs") == {"app-name": "shop"}
    assert target.secret_inputs("inputs") == ("api-key", "db-password")
    with pytest.raises(StackNotFoundError):
        target.last_inputs("absent-stack-name")
    target.close()


def test_local_retry_plan_uses_last_template(tmp_path, iaas):
    target = LocalTarget(tmp_path / "state")
    result = deploy(
        target, iaas, "demo", INPUTS, simulate_fail=("mysubnet",), on_failure="keep"
    )
    assert not result.succeeded
    plan, text, options = target.retry_plan("demo", {})
    assert text == iaas.text
    assert [(item.resource_name, item.action) for item in plan.items] == [
        ("myvpc", "NO_OPERATION"),
        ("mysubnet", "ADD"),
        ("mycloudserver", "ADD"),
    ]
    assert options.simulate_fail == ()
    assert options.on_failure == "keep"
    assert target.last_options("demo").simulate_fail == ("mysubnet",)
    target.close()


def test_local_connection_check_counts_stacks(tmp_path, iaas):
    target = LocalTarget(tmp_path / "state")
    deploy(target, iaas, "one", INPUTS)
    check = target.test_connection()
    assert check.ok
    assert check.message == (
        f"The built-in engine is ready: 1 stack in {tmp_path / 'state'}"
    )
    target.close()


def remote(profile, answers: list[str], environ=None) -> tuple[RemoteTarget, list]:
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return answers.pop(0) if answers else ""

    return RemoteTarget(profile, ask, poll_seconds=0.05, environ=environ or {}), asked


def test_remote_asks_once_then_reuses(profile, token, iaas, server):
    context, url = server
    target, asked = remote(profile, [token])
    result = deploy(target, iaas, "web", INPUTS)
    assert result.succeeded
    assert [info.name for info in target.stacks()] == ["web"]
    assert target.last_inputs("web") == INPUTS
    assert target.template_text("web") == iaas.text
    assert asked == [
        "No keyring service is available, so the answer is kept only until the "
        f"window closes.\n\nIAM token for profile sandbox ({url}):"
    ]
    target.close()


def test_remote_forgets_rejected_token(profile, token, server):
    target, asked = remote(profile, ["wrong-token-0123456789", token])
    with pytest.raises(Unauthorized):
        target.stacks()
    assert target.stacks() == []
    assert len(asked) == 2
    target.close()


def test_remote_declined_prompt(profile, server):
    target, asked = remote(profile, [])
    with pytest.raises(CredentialsError) as caught:
        target.stacks()
    assert str(caught.value) == "no IAM token was entered for profile 'sandbox'"
    check = target.test_connection()
    assert not check.ok
    assert check.message == "no IAM token was entered for profile 'sandbox'"
    assert len(asked) == 2


def test_remote_token_from_environment(profile, token, server):
    target, asked = remote(profile, [], environ={"AOS_AUTH_TOKEN": token})
    check = target.test_connection()
    assert check.ok
    assert asked == []
    target.close()


def test_remote_token_kept_in_keyring(profile, token, server):
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    first, asked = remote(profile, [token])
    assert first.test_connection().ok
    assert asked == [
        "The answer is stored in the system keyring.\n\nIAM token for profile "
        f"sandbox ({profile.url}):"
    ]
    assert memory.entries == {("aos-designer", "sandbox:token"): token}
    first.close()

    second, asked_again = remote(profile, [])
    assert second.test_connection().ok
    assert asked_again == []
    second.close()
