"""Options and commands that the built-in engine honours and an endpoint cannot:
each is rejected with exit 2 and its reason before anything reaches the server."""

from __future__ import annotations

import pytest

from aos_designer.cli import main

IAAS_INPUTS = [
    "--input",
    "sshKey-name=demo-key",
    "--input",
    "mycloudserver_rootVolume_volumeType=SSD",
]
SERVE_HINT = (
    "to the built-in engine only, and an endpoint runs its own engine; give {it} to "
    "`aos-designer serve` to set up the simulated cloud behind a local server, or "
    "leave out --endpoint to run on the built-in engine\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def endpoint(server, token):
    _, url = server
    return ["--endpoint", url, "--token", token]


@pytest.mark.parametrize(
    "extra, named",
    [
        (["--simulate-fail", "mycloudserver"], "--simulate-fail applies"),
        (["--failure-rate", "0.5"], "--failure-rate applies"),
        (["--failure-seed", "7"], "--failure-seed applies"),
        (["--time-scale", "1"], "--time-scale applies"),
        (["--parallelism", "10"], "--parallelism applies"),
        (["--state-dir", "state"], "--state-dir applies"),
        (
            ["--time-scale", "0", "--parallelism", "2", "--simulate-fail", "x"],
            "--parallelism, --time-scale and --simulate-fail apply",
        ),
    ],
)
def test_deploy_rejects_engine_option(capsys, data_dir, server, endpoint, extra, named):
    context, _ = server
    code, out, err = run(
        capsys,
        "deploy",
        str(data_dir / "iaas-vpc-subnet-ecs.yaml"),
        "--stack",
        "iaas",
        *IAAS_INPUTS,
        *endpoint,
        *extra,
    )
    it = "it" if named.endswith("applies") else "them"
    assert code == 2
    assert out == ""
    assert err == f"aos-designer deploy: {named} {SERVE_HINT.format(it=it)}"
    assert context.store.stacks(None, None) == []
    assert context.store.templates(None, None, 0, 10) == ([], 0)


def test_deploy_rejects_option_with_profile(capsys, data_dir):
    code, _, err = run(
        capsys,
        "deploy",
        str(data_dir / "iaas-vpc-subnet-ecs.yaml"),
        "--stack",
        "iaas",
        "--profile",
        "sandbox",
        "--simulate-fail",
        "mycloudserver",
    )
    assert code == 2
    assert err.endswith("or leave out --profile to run on the built-in engine\n")


def test_retry_rejects_engine_option(capsys, endpoint):
    code, _, err = run(
        capsys, "retry", "--stack", "iaas", "--failure-rate", "1", *endpoint
    )
    assert code == 2
    assert err == (
        f"aos-designer retry: --failure-rate applies {SERVE_HINT.format(it='it')}"
    )


def test_delete_rejects_time_scale(capsys, endpoint):
    code, _, err = run(
        capsys, "delete", "--stack", "iaas", "--time-scale", "0", *endpoint
    )
    assert code == 2
    assert err == (
        f"aos-designer delete: --time-scale applies {SERVE_HINT.format(it='it')}"
    )


def test_delete_rejects_keep_resources(capsys, endpoint):
    code, _, err = run(
        capsys, "delete", "--stack", "iaas", "--keep-resources", *endpoint
    )
    assert code == 2
    assert err == (
        "aos-designer delete: --keep-resources cannot be used with an endpoint, "
        "because the AOS API version 2 has no call that deletes a stack and keeps "
        "its resources; delete without --keep-resources\n"
    )


@pytest.mark.parametrize(
    "argv, reason",
    [
        (
            ["plan", "web.yaml", "--stack", "web"],
            "the AOS API version 2 has no call that plans a deployment, so plan works "
            "on the built-in engine only; leave it out to plan there, and check the "
            "template with `aos-designer validate web.yaml`",
        ),
        (
            ["drift", "--stack", "web"],
            "the AOS API version 2 has no call that compares a stack's resources with "
            "the cloud, so drift works on the built-in engine only; list the "
            "endpoint's resources and their phases with `aos-designer resources "
            "--stack web` and the same endpoint options",
        ),
        (
            ["cancel", "--stack", "web"],
            "the AOS API version 2 has no call that stops a running action, so the "
            "execution goes on at the endpoint; follow it with `aos-designer events "
            "--stack web` and the same endpoint options",
        ),
    ],
)
def test_engine_command_rejects_endpoint(capsys, endpoint, argv, reason):
    code, out, err = run(capsys, *argv, *endpoint, "--region", "cn-north-4")
    assert code == 2
    assert out == ""
    assert err == (
        f"aos-designer {argv[0]}: --endpoint cannot be used with this command: "
        f"{reason}\n"
    )


@pytest.mark.parametrize("command", ["plan", "drift", "cancel"])
def test_engine_command_rejects_profile(capsys, command):
    argv = [command, "--stack", "web", "--profile", "prod"]
    if command == "plan":
        argv.insert(1, "web.yaml")
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith(
        f"aos-designer {command}: --profile cannot be used with this command: the "
        "AOS API version 2 has no call that "
    )


@pytest.mark.parametrize("command", ["plan", "drift", "cancel"])
def test_engine_command_help_hides_endpoint(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--endpoint" not in capsys.readouterr().out
