"""The command-line options that point a stack command at a remote AOS endpoint, and
the client they describe.

A stack command calls `add_endpoint_options(parser)` and, in its handler,
`client_from_args(args)`: None means the embedded engine, else the client of the
endpoint.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
from typing import TYPE_CHECKING, Any, Callable, Iterator

from ..commands.common import CommandFailed, UsageError
from .environment import ACCESS_KEY_VARIABLE, SECRET_KEY_VARIABLE, TOKEN_VARIABLE

if TYPE_CHECKING:
    from ..engine import Engine
    from .client import AosClient
    from .connect import GivenCredentials
    from .profiles import Profile, ProfileStore
    from .stacks import RemoteStacks
    from .transport import HttpSettings

log = logging.getLogger(__name__)

# The name of the profile made from --endpoint alone; it is never saved.
COMMAND_LINE_PROFILE = "command-line"


# The options that set the built-in engine or its simulated cloud, by destination.
# An endpoint runs its own engine and ignores them; `aos-designer serve` takes each
# of them for the simulated cloud behind a local server.
ENGINE_OPTIONS = {
    "parallelism": "--parallelism",
    "time_scale": "--time-scale",
    "simulate_fail": "--simulate-fail",
    "failure_rate": "--failure-rate",
    "failure_seed": "--failure-seed",
    "state_dir": "--state-dir",
}


def add_endpoint_options(
    parser: argparse.ArgumentParser, supported: bool = True
) -> None:
    """Add the options that select a remote endpoint and its credentials.

    An option the command has already (such as `--region` of `deploy`) is kept as it
    is and serves both. With `supported` False the options are parsed but left out
    of the help, so that the command can reject an endpoint with its reason (call
    `reject_endpoint`) instead of argparse's "unrecognized arguments".
    """
    if supported:
        section: Any = parser.add_argument_group(
            "remote endpoint",
            "Run against an AOS endpoint instead of the embedded engine. Give a saved "
            "profile (aos-designer profile add) or an endpoint URL with its "
            "credentials.",
        )
    else:
        section = _Hidden(parser)
    group = _Group(section, set(parser._option_string_actions))
    group.add_argument("--endpoint", metavar="URL", help="the AOS endpoint's URL")
    group.add_argument("--profile", metavar="NAME", help="a saved endpoint profile")
    group.add_argument(
        "--token",
        metavar="TOKEN",
        help=f"an IAM token sent as X-Auth-Token (default: ${TOKEN_VARIABLE})",
    )
    group.add_argument(
        "--access-key",
        metavar="AK",
        help=f"access key for AK/SK signing (default: ${ACCESS_KEY_VARIABLE})",
    )
    group.add_argument(
        "--secret-key",
        metavar="SK",
        help=f"secret key for AK/SK signing (default: ${SECRET_KEY_VARIABLE}; the "
        "variable is safer, as other users can see command lines)",
    )
    group.add_argument("--project-id", metavar="ID", help="the project to work in")
    if "--region" not in parser._option_string_actions:
        group.add_argument(
            "--region",
            metavar="REGION",
            help="the endpoint's region, such as cn-north-4",
        )
        parser.set_defaults(region_is_remote=True)
    group.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="a PEM file of CA certificates to check the endpoint's certificate with",
    )
    group.add_argument(
        "--connect-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long to wait for a connection (default: 10)",
    )
    group.add_argument(
        "--read-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long to wait for each response (default: 60)",
    )


class _Hidden:
    """A parser that adds each argument without help text, so it stays unlisted."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self.parser = parser

    def add_argument(self, *names: str, **options: Any) -> None:
        options["help"] = argparse.SUPPRESS
        self.parser.add_argument(*names, **options)


class _Group:
    """An argument group that skips options its parser defines already."""

    def __init__(self, group: Any, taken: set[str]) -> None:
        self.group = group
        self.taken = taken

    def add_argument(self, *names: str, **options: object) -> None:
        if not self.taken.intersection(names):
            self.group.add_argument(*names, **options)  # type: ignore[arg-type]


def endpoint_requested(args: argparse.Namespace) -> bool:
    """Tell whether the options ask for a remote endpoint."""
    return bool(getattr(args, "endpoint", None) or getattr(args, "profile", None))


def _endpoint_option(args: argparse.Namespace) -> str:
    return "--endpoint" if getattr(args, "endpoint", None) else "--profile"


def reject_endpoint(args: argparse.Namespace, reason: str) -> None:
    """Raise `UsageError` when the options ask for an endpoint or give one of its
    options, for a command that works on the built-in engine only. `reason` explains
    why and what to do instead."""
    if endpoint_requested(args):
        option = _endpoint_option(args)
        raise UsageError(f"{option} cannot be used with this command: {reason}")
    given = _remote_only_given(args)
    if given:
        raise UsageError(
            f"{' and '.join(given)} cannot be used with this command: {reason}"
        )


def reject_engine_options(args: argparse.Namespace) -> None:
    """Raise `UsageError` for each option given that an endpoint would ignore.

    The commands that run against an endpoint leave these options None unless they
    are given, so a value here means the user typed the option.
    """
    given = [
        option
        for dest, option in ENGINE_OPTIONS.items()
        if getattr(args, dest, None) is not None
    ]
    problems = []
    if given:
        names = (
            given[0] if len(given) == 1 else f"{', '.join(given[:-1])} and {given[-1]}"
        )
        verb, pronoun = ("applies", "it") if len(given) == 1 else ("apply", "them")
        problems.append(
            f"{names} {verb} to the built-in engine only, and an endpoint runs its "
            f"own engine; give {pronoun} to `aos-designer serve` to set up the simulated "
            "cloud behind a local server, or leave out "
            f"{_endpoint_option(args)} to run on the built-in engine"
        )
    if getattr(args, "keep_resources", False):
        problems.append(
            "--keep-resources cannot be used with an endpoint, because the AOS API "
            "version 2 has no call that deletes a stack and keeps its resources; "
            "delete without --keep-resources"
        )
    if problems:
        raise UsageError("; ".join(problems))


def given_credentials(args: argparse.Namespace) -> GivenCredentials:
    from .connect import GivenCredentials

    return GivenCredentials(
        token=getattr(args, "token", None),
        access_key=getattr(args, "access_key", None),
        secret_key=getattr(args, "secret_key", None),
    ).with_environment()


def profile_from_args(
    args: argparse.Namespace, store: ProfileStore | None = None
) -> tuple[Profile, bool]:
    """Return the profile the options describe and whether it is a saved one."""
    from .profiles import (
        AUTH_TOKEN,
        Profile,
        ProfileError,
        ProfileStore,
        with_overrides,
    )

    overrides = {
        "url": getattr(args, "endpoint", None),
        "project_id": getattr(args, "project_id", None),
        "region": getattr(args, "region", None),
        "ca_bundle": getattr(args, "ca_bundle", None),
    }
    try:
        if getattr(args, "profile", None):
            saved = (store or ProfileStore()).get(args.profile)
            return with_overrides(saved, **overrides), True
        given = given_credentials(args)
        profile = Profile(
            name=COMMAND_LINE_PROFILE,
            url=args.endpoint,
            region=overrides["region"] or "",
            project_id=overrides["project_id"] or "",
            auth=given.auth_kind() or AUTH_TOKEN,
            ca_bundle=overrides["ca_bundle"] or "",
        )
        return profile, False
    except ProfileError as error:
        raise UsageError(str(error)) from None


def http_settings(args: argparse.Namespace, profile: Profile) -> HttpSettings:
    from .transport import HttpSettings

    values: dict[str, object] = {"verify": profile.ca_bundle or True}
    if getattr(args, "connect_timeout", None) is not None:
        values["connect_timeout"] = args.connect_timeout
    if getattr(args, "read_timeout", None) is not None:
        values["read_timeout"] = args.read_timeout
    try:
        return HttpSettings(**values)  # type: ignore[arg-type]
    except ValueError as error:
        raise UsageError(str(error)) from None


# Options that only an endpoint uses: (attribute, option). --region joins them on
# commands where only the endpoint group defines it (see `add_endpoint_options`).
_REMOTE_ONLY = (
    ("token", "--token"),
    ("access_key", "--access-key"),
    ("secret_key", "--secret-key"),
    ("project_id", "--project-id"),
    ("ca_bundle", "--ca-bundle"),
    ("connect_timeout", "--connect-timeout"),
    ("read_timeout", "--read-timeout"),
)


def _remote_only_given(args: argparse.Namespace) -> list[str]:
    """Return the endpoint options the command line gives, such as ["--token"]."""
    options = list(_REMOTE_ONLY)
    if getattr(args, "region_is_remote", False):
        options.append(("region", "--region"))
    return [option for name, option in options if getattr(args, name, None)]


def _reject_remote_only(args: argparse.Namespace) -> None:
    """Raise `UsageError` for an endpoint option given without an endpoint, which the
    built-in engine would ignore."""
    given = _remote_only_given(args)
    if given:
        named = " and ".join(given)
        verb = "apply" if len(given) > 1 else "applies"
        raise UsageError(
            f"{named} {verb} only to a remote endpoint; add --endpoint URL or "
            f"--profile NAME, or remove {named} to use the built-in engine"
        )


def open_stacks(
    args: argparse.Namespace, on_event: Callable[[Any], None] | None = None
) -> Engine | RemoteStacks:
    """Return what runs the command's stack operations: `RemoteStacks` for an
    endpoint, else the embedded engine over the state folder. Both have the same
    methods and both are context managers. `on_event` gets the events of the
    recoveries that opening the engine starts."""
    client = client_from_args(args)
    if client is not None:
        from .stacks import RemoteStacks

        return RemoteStacks(client)
    from ..commands.common import state_dir
    from ..engine import Engine

    return Engine(state_dir(args), on_event=on_event)


def client_from_args(
    args: argparse.Namespace, store: ProfileStore | None = None
) -> AosClient | None:
    """Return the client of the endpoint the options name, or None for the embedded
    engine. Raise `UsageError` for a bad option, an option that only the embedded
    engine honours, or a missing credential."""
    from .connect import connect
    from .errors import CredentialsError

    if not endpoint_requested(args):
        _reject_remote_only(args)
        return None
    reject_engine_options(args)
    profile, saved = profile_from_args(args, store)
    settings = http_settings(args, profile)
    try:
        return connect(profile, given_credentials(args), settings=settings, saved=saved)
    except (CredentialsError, ValueError) as error:
        raise UsageError(str(error)) from None


@contextlib.contextmanager
def remote_errors() -> Iterator[None]:
    """Turn the remote client's errors into exit codes: 2 for a missing credential or
    an invalid argument, 1 for a call that failed."""
    from .errors import CredentialsError, RemoteError

    try:
        yield
    except CredentialsError as error:
        raise UsageError(str(error)) from None
    except RemoteError as error:
        raise CommandFailed(str(error)) from None
