"""`aos-designer profile`: add, list, test and remove, run in-process against the
real server on loopback."""

from __future__ import annotations

import io
import json

import keyring.errors
import pytest

from aos_designer.cli import main
from aos_designer.remote.profiles import ProfileStore
from aos_designer.server.app import create_app
from aos_designer.server.serve import close_context, open_context

TOKEN = "profile-command-token-0123456789"


@pytest.fixture
def server_url(loopback, tmp_path):
    context = open_context(tmp_path / "server-state", TOKEN)
    yield loopback(create_app(context))
    close_context(context)


def test_add_stores_secret_from_stdin(memory_keyring, monkeypatch, capsys, config_dir):
    monkeypatch.setattr("sys.stdin", io.StringIO("stored-token\n"))
    code = main(
        ["profile", "add", "dev", "--url", "http://127.0.0.1:8733", "--secret-stdin"]
    )
    assert code == 0
    assert capsys.readouterr().out == (
        "saved profile dev (http://127.0.0.1:8733)\n"
        "stored the secrets of profile dev in the keyring\n"
    )
    assert memory_keyring.entries == {("aos-designer", "dev:token"): "stored-token"}
    assert "stored-token" not in (config_dir / "profiles.json").read_text()


def test_add_aksk_needs_two_lines(memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("only-the-ak\n"))
    code = main(
        [
            "profile",
            "add",
            "prod",
            "--url",
            "https://aos.example.com",
            "--auth",
            "aksk",
            "--secret-stdin",
        ]
    )
    assert code == 2
    assert (
        "expected the secret key (SK) on line 2 of standard input"
        in capsys.readouterr().err
    )
    assert memory_keyring.entries == {}


def test_add_without_terminal_stores_nothing(memory_keyring, capsys):
    code = main(["profile", "add", "dev", "--url", "http://127.0.0.1:8733"])
    assert code == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "IAM token not stored because no terminal is attached; it is asked for when "
        "needed, or give it with its option or variable"
    )
    assert memory_keyring.entries == {}


def test_add_rejects_bad_profile(capsys):
    code = main(["profile", "add", "dev", "--url", "aos.example.com"])
    assert code == 2
    assert "must start with https://" in capsys.readouterr().err


def test_list_shows_stored_state(memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("t\n"))
    main(
        [
            "profile",
            "add",
            "dev",
            "--url",
            "http://127.0.0.1:8733",
            "--region",
            "cn-north-4",
            "--secret-stdin",
        ]
    )
    main(
        ["profile", "add", "prod", "--url", "https://aos.example.com", "--auth", "aksk"]
    )
    capsys.readouterr()
    assert main(["profile", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == {
        "profiles": [
            {
                "name": "dev",
                "url": "http://127.0.0.1:8733",
                "region": "cn-north-4",
                "auth": "token",
                "secrets_stored": {"token": True},
            },
            {
                "name": "prod",
                "url": "https://aos.example.com",
                "auth": "aksk",
                "secrets_stored": {"access_key": False, "secret_key": False},
            },
        ]
    }


def test_test_with_stored_token(server_url, memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{TOKEN}\n"))
    main(["profile", "add", "sandbox", "--url", server_url, "--secret-stdin"])
    capsys.readouterr()
    assert main(["profile", "test", "sandbox"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"profile sandbox: connected to {server_url} and authenticated in "
    )


def test_test_reports_wrong_token(server_url, capsys):
    main(["profile", "add", "sandbox", "--url", server_url])
    capsys.readouterr()
    code = main(["profile", "test", "sandbox", "--token", "not-the-token", "--json"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["message"].startswith(
        "list stacks failed: the token is wrong; use the one in the server's token file "
        "[APIGW.0301, HTTP 401]"
    )


def test_test_token_from_environment(server_url, monkeypatch, capsys):
    main(["profile", "add", "sandbox", "--url", server_url])
    monkeypatch.setenv("AOS_AUTH_TOKEN", TOKEN)
    capsys.readouterr()
    assert main(["profile", "test", "sandbox"]) == 0


def test_test_missing_secret_names_option(server_url, capsys):
    main(["profile", "add", "sandbox", "--url", server_url])
    capsys.readouterr()
    assert main(["profile", "test", "sandbox"]) == 2
    assert capsys.readouterr().err == (
        "aos-designer profile: the IAM token of profile 'sandbox' is not in the "
        "keyring, and no terminal is attached to ask for it; give it with --token "
        "TOKEN or the AOS_AUTH_TOKEN variable\n"
    )


def test_test_server_down(capsys):
    main(["profile", "add", "gone", "--url", "http://127.0.0.1:9"])
    capsys.readouterr()
    code = main(["profile", "test", "gone", "--token", "x", "--connect-timeout", "1"])
    assert code == 1
    assert "cannot connect to http://127.0.0.1:9" in capsys.readouterr().out


def test_remove_deletes_secrets(memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("t\n"))
    main(["profile", "add", "dev", "--url", "http://127.0.0.1:8733", "--secret-stdin"])
    assert main(["profile", "remove", "dev"]) == 0
    assert memory_keyring.entries == {}
    assert main(["profile", "remove", "dev"]) == 2
    assert "no profile named 'dev'" in capsys.readouterr().err


def test_add_stdin_without_keyring_saves_nothing(
    no_keyring, monkeypatch, capsys, config_dir
):
    monkeypatch.setattr("sys.stdin", io.StringIO("access\nsecret\n"))
    code = main(
        [
            "profile",
            "add",
            "prod",
            "--url",
            "https://aos.example.com",
            "--auth",
            "aksk",
            "--secret-stdin",
        ]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == (
        "aos-designer profile: --secret-stdin: no keyring service is available on "
        "this machine, so the secrets cannot be kept and nothing was saved; add the "
        "profile without --secret-stdin, and give the access key (AK) with "
        "--access-key AK or the HUAWEICLOUD_SDK_AK variable; the secret key (SK) "
        "with --secret-key SK or the HUAWEICLOUD_SDK_SK variable when you use it\n"
    )
    assert not (config_dir / "profiles.json").exists()
    assert main(["profile", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"profiles": []}


def test_add_keyring_failure_restores_profile(
    memory_keyring, monkeypatch, capsys, config_dir
):
    monkeypatch.setattr("sys.stdin", io.StringIO("old-token\n"))
    main(["profile", "add", "dev", "--url", "http://127.0.0.1:8733", "--secret-stdin"])
    before = (config_dir / "profiles.json").read_bytes()
    capsys.readouterr()

    def locked(service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    monkeypatch.setattr("sys.stdin", io.StringIO("new-token\n"))
    code = main(
        [
            "profile",
            "add",
            "dev",
            "--url",
            "http://127.0.0.1:9999",
            "--replace",
            "--secret-stdin",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err == (
        "aos-designer profile: cannot store the IAM token of profile 'dev' in the "
        "keyring (KeyringLocked); give it with --token TOKEN or the AOS_AUTH_TOKEN "
        "variable; the profile was not saved\n"
    )
    assert (config_dir / "profiles.json").read_bytes() == before
    assert memory_keyring.entries == {("aos-designer", "dev:token"): "old-token"}


def test_add_new_profile_undone_on_failure(memory_keyring, monkeypatch, config_dir):
    def locked(service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    monkeypatch.setattr("sys.stdin", io.StringIO("token\n"))
    code = main(
        ["profile", "add", "dev", "--url", "http://127.0.0.1:8733", "--secret-stdin"]
    )
    assert code == 1
    assert ProfileStore().list() == []
    assert memory_keyring.entries == {}


def test_add_aksk_partial_secret_removed(memory_keyring, monkeypatch, capsys):
    stored = memory_keyring.set_password

    def fail_second(service: str, username: str, password: str) -> None:
        if username.endswith(":secret_key"):
            raise keyring.errors.PasswordSetError("rejected")
        stored(service, username, password)

    monkeypatch.setattr(memory_keyring, "set_password", fail_second)
    monkeypatch.setattr("sys.stdin", io.StringIO("access\nsecret\n"))
    code = main(
        [
            "profile",
            "add",
            "prod",
            "--url",
            "https://aos.example.com",
            "--auth",
            "aksk",
            "--secret-stdin",
        ]
    )
    assert code == 1
    assert "the profile was not saved" in capsys.readouterr().err
    assert ProfileStore().list() == []
    assert memory_keyring.entries == {}
