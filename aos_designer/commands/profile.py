"""`aos-designer profile`: add, list, remove and test remote endpoint profiles."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import common

if TYPE_CHECKING:
    from ..remote.credentials import KeyringStore
    from ..remote.profiles import Profile, ProfileStore

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "profile",
        help="manage remote AOS endpoint profiles",
        description="Endpoint profiles name an AOS endpoint, its region, project and "
        "kind of authentication. They are kept in profiles.json in the user config "
        "folder; their secrets go to the OS keyring.",
    )
    actions = parser.add_subparsers(dest="profile_command", metavar="ACTION")
    actions.required = True

    _register_add(actions)

    listing = actions.add_parser("list", help="list the profiles")
    common.add_verbosity(listing)
    common.add_json(listing)
    listing.set_defaults(handler=run_list)

    remove = actions.add_parser(
        "remove", help="remove a profile and its stored secrets"
    )
    remove.add_argument("name", help="the profile's name")
    common.add_verbosity(remove)
    remove.set_defaults(handler=run_remove)

    test = actions.add_parser(
        "test", help="connect to a profile's endpoint and check its credentials"
    )
    test.add_argument("name", help="the profile's name")
    from ..remote.options import add_endpoint_options

    add_endpoint_options(test)
    common.add_verbosity(test)
    common.add_json(test)
    test.set_defaults(handler=run_test)


def _register_add(actions: argparse._SubParsersAction) -> None:
    add = actions.add_parser("add", help="add a profile and store its secrets")
    add.add_argument("name", help="the profile's name")
    add.add_argument("--url", required=True, help="the endpoint's URL")
    add.add_argument("--region", default="", help="the region, such as cn-north-4")
    add.add_argument("--project-id", default="", metavar="ID", help="the project id")

    add.add_argument(
        "--auth",
        choices=("token", "password", "aksk"),
        default="token",
        help="how to authenticate: an IAM token (default), an IAM user's password, or "
        "AK/SK request signing",
    )
    add.add_argument(
        "--user", default="", help="the IAM user name (for --auth password)"
    )
    add.add_argument(
        "--domain", default="", help="the IAM account name (default: the user name)"
    )
    add.add_argument(
        "--iam-url",
        default="",
        metavar="URL",
        help="the IAM endpoint (default: https://iam.REGION.myhuaweicloud.com)",
    )

    add.add_argument(
        "--ca-bundle", default="", metavar="FILE", help="a PEM file of CA certificates"
    )
    add.add_argument(
        "--replace", action="store_true", help="replace a profile of that name"
    )
    add.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read the secrets from standard input, one a line (token; password; or "
        "access key then secret key), instead of asking",
    )
    common.add_verbosity(add)
    add.set_defaults(handler=run_add)


def run_add(args: argparse.Namespace) -> int:
    from ..remote.credentials import (
        PROMPTS,
        SECRETS_BY_AUTH,
        KeyringStore,
        SecretResolver,
        terminal_attached,
    )
    from ..remote.profiles import ProfileStore

    profile = _profile_from_args(args)
    profiles = ProfileStore()
    store = KeyringStore()
    needed = SECRETS_BY_AUTH[profile.auth]
    if args.secret_stdin:
        values = _read_stdin_secrets(store, needed)

        def keep() -> None:
            for secret, value in zip(needed, values, strict=True):
                store.set(profile.name, secret, value)

    elif terminal_attached() and store.available():

        def keep() -> None:
            SecretResolver(store, interactive=True).resolve(profile, {})

    else:
        _save_profile(profiles, profile, args.replace)
        print(f"saved profile {profile.name} ({profile.url})")
        where = (
            "no terminal is attached"
            if store.available()
            else "no keyring service is available"
        )
        names = " and ".join(PROMPTS[secret] for secret in needed)
        print(
            f"{names} not stored because {where}; it is asked for when needed, or "
            "give it with its option or variable"
        )
        return common.EXIT_OK
    _save_with_secrets(profiles, profile, args.replace, store, keep)
    print(f"saved profile {profile.name} ({profile.url})")
    print(f"stored the secrets of profile {profile.name} in the keyring")
    return common.EXIT_OK


def _profile_from_args(args: argparse.Namespace) -> Profile:
    from ..remote.profiles import Profile, ProfileError

    try:
        return Profile(
            name=args.name,
            url=args.url,
            region=args.region,
            project_id=args.project_id,
            auth=args.auth,
            user_name=args.user,
            domain_name=args.domain,
            iam_url=args.iam_url,
            ca_bundle=args.ca_bundle,
        )
    except ProfileError as error:
        raise common.UsageError(str(error)) from None


def _save_profile(profiles: ProfileStore, profile: Profile, replace: bool) -> None:
    from ..remote.profiles import ProfileError

    try:
        profiles.save(profile, replace_existing=replace)
    except ProfileError as error:
        raise common.UsageError(str(error)) from None


def _save_with_secrets(
    profiles: ProfileStore,
    profile: Profile,
    replace: bool,
    store: KeyringStore,
    keep: Callable[[], None],
) -> None:
    """Save the profile, then run `keep()` to store its secrets. When that fails,
    put the profiles file and the keyring back as they were, so that a profile is
    never saved without the secrets the command was given for it."""
    from ..remote.credentials import SECRETS_BY_AUTH
    from ..remote.errors import CredentialsError
    from ..remote.profiles import ProfileError

    try:
        previous = profiles.get(profile.name)
    except ProfileError:
        previous = None
    needed = SECRETS_BY_AUTH[profile.auth]
    old_secrets = {secret: store.get(profile.name, secret) for secret in needed}
    _save_profile(profiles, profile, replace)
    try:
        keep()
    except BaseException as error:
        _restore(profiles, profile.name, previous, store, old_secrets)
        if isinstance(error, CredentialsError):
            raise common.CommandFailed(f"{error}; the profile was not saved") from None
        raise


def _restore(
    profiles: ProfileStore,
    name: str,
    previous: Profile | None,
    store: KeyringStore,
    old_secrets: dict[str, str | None],
) -> None:
    from ..remote.errors import CredentialsError

    if previous is None:
        profiles.remove(name)
    else:
        profiles.save(previous, replace_existing=True)
    for secret, value in old_secrets.items():
        if store.get(name, secret) == value:
            continue
        try:
            if value is None:
                store.delete(name, secret)
            else:
                store.set(name, secret, value)
        except CredentialsError as error:
            log.warning("cannot restore %s of profile %s: %s", secret, name, error)


def _read_stdin_secrets(store: KeyringStore, needed: tuple[str, ...]) -> list[str]:
    """Read one secret a line from standard input. Raise `UsageError` first when no
    keyring service exists, because the secrets could not be kept."""
    from ..remote.credentials import PROMPTS, SOURCES

    if not store.available():
        sources = "; ".join(
            f"the {PROMPTS[secret]} with {SOURCES[secret]}" for secret in needed
        )
        raise common.UsageError(
            "--secret-stdin: no keyring service is available on this machine, so "
            "the secrets cannot be kept and nothing was saved; add the profile "
            f"without --secret-stdin, and give {sources} when you use it"
        )
    values: list[str] = []
    for secret in needed:
        line = sys.stdin.readline().strip()
        if not line:
            raise common.UsageError(
                f"--secret-stdin: expected the {PROMPTS[secret]} on line "
                f"{len(values) + 1} of standard input"
            )
        values.append(line)
    return values


def run_list(args: argparse.Namespace) -> int:
    from ..remote.credentials import SECRETS_BY_AUTH, KeyringStore
    from ..remote.profiles import ProfileError, ProfileStore

    try:
        profiles = ProfileStore().list()
    except ProfileError as error:
        raise common.CommandFailed(str(error)) from None
    store = KeyringStore()
    rows = []
    for profile in profiles:
        stored = {
            secret: store.get(profile.name, secret) is not None
            for secret in SECRETS_BY_AUTH[profile.auth]
        }
        rows.append(
            {"name": profile.name, **profile.to_json(), "secrets_stored": stored}
        )
    if args.json:
        common.print_json({"profiles": rows})
        return common.EXIT_OK
    if not rows:
        print("no profiles; add one with `aos-designer profile add NAME --url URL`")
        return common.EXIT_OK
    for row in rows:
        stored = "yes" if all(row["secrets_stored"].values()) else "no"
        print(
            f"{row['name']}: {row['url']} region={row.get('region', '-')} "
            f"project={row.get('project_id', '-')} auth={row['auth']} "
            f"secrets stored={stored}"
        )
    return common.EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from ..remote.credentials import SECRETS_BY_AUTH, KeyringStore
    from ..remote.profiles import ProfileError, ProfileStore

    try:
        removed = ProfileStore().remove(args.name)
    except ProfileError as error:
        raise common.UsageError(str(error)) from None
    store = KeyringStore()
    for secret in SECRETS_BY_AUTH[removed.auth]:
        store.delete(removed.name, secret)
    print(f"removed profile {removed.name}")
    return common.EXIT_OK


def run_test(args: argparse.Namespace) -> int:
    from ..remote.options import client_from_args

    args.profile = args.name
    client = client_from_args(args)
    assert client is not None
    with client:
        report = client.test_connection()
    if args.json:
        common.print_json(
            {
                "profile": args.name,
                "ok": report.ok,
                "message": report.message,
                "elapsed_ms": round(report.elapsed_ms),
            }
        )
    else:
        print(f"profile {args.name}: {report.message}")
    return common.EXIT_OK if report.ok else common.EXIT_FAILURE
