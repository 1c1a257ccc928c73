"""Endpoint profiles in the config file, and their secrets in the keyring."""

from __future__ import annotations

import json
import stat

import pytest

from aos_designer.remote import errors
from aos_designer.remote.connect import GivenCredentials, connect
from aos_designer.remote.credentials import KeyringStore, SecretResolver
from aos_designer.remote.profiles import Profile, ProfileError, ProfileStore


def test_profile_saved_without_secrets(config_dir):
    store = ProfileStore()
    store.save(
        Profile(
            name="prod",
            url="https://aos.cn-north-4.myhuaweicloud.com",
            region="cn-north-4",
            project_id="0605767e",
            auth="password",
            user_name="deployer",
        )
    )
    path = config_dir / "profiles.json"
    assert json.loads(path.read_text()) == {
        "version": 1,
        "profiles": {
            "prod": {
                "url": "https://aos.cn-north-4.myhuaweicloud.com",
                "region": "cn-north-4",
                "project_id": "0605767e",
                "auth": "password",
                "user_name": "deployer",
            }
        },
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.get("prod").user_name == "deployer"


def test_profiles_listed_by_name():
    store = ProfileStore()
    store.save(Profile(name="zeta", url="http://127.0.0.1:8733"))
    store.save(Profile(name="alpha", url="http://127.0.0.1:9000"))
    assert [profile.name for profile in store.list()] == ["alpha", "zeta"]


def test_profile_exists_needs_replace():
    store = ProfileStore()
    store.save(Profile(name="dev", url="http://127.0.0.1:8733"))
    with pytest.raises(
        ProfileError, match="exists already; remove it first or use --replace"
    ):
        store.save(Profile(name="dev", url="http://127.0.0.1:9999"))
    store.save(Profile(name="dev", url="http://127.0.0.1:9999"), replace_existing=True)
    assert store.get("dev").url == "http://127.0.0.1:9999"


def test_profile_removed():
    store = ProfileStore()
    store.save(Profile(name="dev", url="http://127.0.0.1:8733"))
    assert store.remove("dev").name == "dev"
    assert store.list() == []
    with pytest.raises(ProfileError, match="no profile named 'dev'"):
        store.remove("dev")


def test_unknown_profile_message():
    store = ProfileStore()
    store.save(Profile(name="dev", url="http://127.0.0.1:8733"))
    with pytest.raises(ProfileError) as caught:
        store.get("prod")
    assert str(caught.value) == (
        "no profile named 'prod' (known: dev); add it with "
        "`aos-designer profile add prod --url URL`"
    )


@pytest.mark.parametrize(
    "fields,problem",
    [
        ({"name": "-x"}, "the name must be 1-64 letters"),
        ({"url": "aos.example.com"}, "must start with https://"),
        ({"region": "North 4"}, "region 'North 4' is not a region id"),
        ({"auth": "basic"}, "authentication 'basic' is unknown; use one of token"),
        ({"auth": "password"}, "password authentication needs a user name (--user)"),
        (
            {"ca_bundle": "/nonexistent/ca.pem"},
            "CA bundle '/nonexistent/ca.pem' is not a file",
        ),
    ],
)
def test_profile_problems(fields, problem):
    values = {"name": "dev", "url": "https://aos.example.com", **fields}
    with pytest.raises(ProfileError) as caught:
        Profile(**values)
    assert problem in str(caught.value)


def test_damaged_file_reported(config_dir):
    config_dir.mkdir()
    (config_dir / "profiles.json").write_text('{"profiles": [}')
    with pytest.raises(ProfileError) as caught:
        ProfileStore().list()
    assert "is not valid JSON (line 1, column 15" in str(caught.value)
    assert str(caught.value).endswith("fix or remove it")


def test_invalid_entry_skipped(config_dir, caplog):
    config_dir.mkdir()
    (config_dir / "profiles.json").write_text(
        json.dumps(
            {
                "profiles": {
                    "good": {"url": "http://127.0.0.1:8733"},
                    "bad": {"url": "nowhere"},
                }
            }
        )
    )
    assert [profile.name for profile in ProfileStore().list()] == ["good"]
    assert "skipping profile" in caplog.text


class Answers:
    """Answers to prompts, in order; records the prompts."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


TOKEN_PROFILE = Profile(name="dev", url="http://127.0.0.1:8733")
AKSK_PROFILE = Profile(name="prod", url="https://aos.example.com", auth="aksk")


def test_given_secret_used_without_keyring(memory_keyring):
    ask = Answers()
    resolver = SecretResolver(KeyringStore(), interactive=True, ask=ask)
    secrets = resolver.resolve(TOKEN_PROFILE, {"token": "from-option"})
    assert secrets == {"token": "from-option"}
    assert memory_keyring.entries == {}
    assert ask.prompts == []


def test_keyring_secret_used(memory_keyring):
    memory_keyring.entries[("aos-designer", "prod:access_key")] = "AK1"
    memory_keyring.entries[("aos-designer", "prod:secret_key")] = "SK1"
    resolver = SecretResolver(KeyringStore(), interactive=False)
    assert resolver.resolve(AKSK_PROFILE, {}) == {
        "access_key": "AK1",
        "secret_key": "SK1",
    }


def test_prompt_answer_stored_in_keyring(memory_keyring):
    ask = Answers("typed-token")
    resolver = SecretResolver(KeyringStore(), interactive=True, ask=ask)
    assert resolver.resolve(TOKEN_PROFILE, {}) == {"token": "typed-token"}
    assert ask.prompts == ["IAM token for profile dev (http://127.0.0.1:8733): "]
    assert memory_keyring.entries == {("aos-designer", "dev:token"): "typed-token"}


def test_no_terminal_missing_secret_error():
    resolver = SecretResolver(KeyringStore(), interactive=False)
    with pytest.raises(errors.CredentialsError) as caught:
        resolver.resolve(AKSK_PROFILE, {"access_key": "AK1"})
    assert str(caught.value) == (
        "the secret key (SK) of profile 'prod' is not in the keyring, and no terminal "
        "is attached to ask for it; give it with --secret-key SK or the "
        "HUAWEICLOUD_SDK_SK variable"
    )


def test_no_keyring_no_terminal_error(no_keyring):
    resolver = SecretResolver(KeyringStore(), interactive=False)
    with pytest.raises(errors.CredentialsError) as caught:
        resolver.resolve(TOKEN_PROFILE, {})
    assert "cannot be read because no keyring service is available" in str(caught.value)
    assert str(caught.value).endswith("--token TOKEN or the AOS_AUTH_TOKEN variable")


def test_no_keyring_prompt_not_stored(no_keyring, capsys):
    ask = Answers("typed-token")
    store = KeyringStore()
    resolver = SecretResolver(store, interactive=True, ask=ask)
    assert resolver.resolve(TOKEN_PROFILE, {}) == {"token": "typed-token"}
    assert "No keyring service is available" in capsys.readouterr().err
    assert store.available() is False
    with pytest.raises(errors.CredentialsError, match="cannot be stored"):
        store.set("dev", "token", "x")


def test_unsaved_profile_never_touches_keyring(memory_keyring):
    memory_keyring.entries[("aos-designer", "dev:token")] = "stored"
    resolver = SecretResolver(KeyringStore(), interactive=False)
    with pytest.raises(errors.CredentialsError) as caught:
        resolver.resolve(TOKEN_PROFILE, {}, use_keyring=False)
    assert str(caught.value).startswith(
        "the IAM token for http://127.0.0.1:8733 was not given"
    )


def test_keyring_delete(memory_keyring):
    store = KeyringStore()
    store.set("dev", "token", "abc")
    assert store.delete("dev", "token") is True
    assert store.delete("dev", "token") is False
    assert memory_keyring.entries == {}


def test_given_credentials_from_environment():
    environ = {"AOS_AUTH_TOKEN": "env-token", "HUAWEICLOUD_SDK_SK": "env-sk"}
    given = GivenCredentials(access_key="option-ak").with_environment(environ)
    assert given.token == "env-token"
    assert given.access_key == "option-ak"
    assert given.secret_key == "env-sk"
    assert "env-token" not in repr(given)
    assert given.auth_kind() == "token"


def test_connect_given_keys_override_profile_kind():
    client = connect(
        TOKEN_PROFILE,
        GivenCredentials(access_key="AK1", secret_key="SK1"),
        resolver=SecretResolver(KeyringStore(), interactive=False),
    )
    assert type(client.transport.auth).__name__ == "AkSkAuth"
