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


def add_endpoint_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that select a remote endpoint and its credentials.

    An option the command has already (such as `--region` of `deploy`) is kept as it
    is and serves both.
    """
    section = parser.add_argument_group(
        "remote endpoint",
        "Run against an AOS endpoint instead of the embedded engine. Give a saved "
        "profile (aos-designer profile add) or an endpoint URL with its credentials.",
    )
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


class _Group:
    """An argument group that skips options its parser defines already."""

    def __init__(self, group: argparse._ArgumentGroup, taken: set[str]) -> None:
        self.group = group
        self.taken = taken

    def add_argument(self, *names: str, **options: object) -> None:
        if not self.taken.intersection(names):
            self.group.add_argument(*names, **options)  # type: ignore[arg-type]


def endpoint_requested(args: argparse.Namespace) -> bool:
    """Tell whether the options ask for a remote endpoint."""
    return bool(getattr(args, "endpoint", None) or getattr(args, "profile", None))


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


def _reject_remote_only(args: argparse.Namespace) -> None:
    """Raise `UsageError` for an endpoint option given without an endpoint, which the
    built-in engine would ignore."""
    options = list(_REMOTE_ONLY)
    if getattr(args, "region_is_remote", False):
        options.append(("region", "--region"))
    given = [option for name, option in options if getattr(args, name, None)]
    if given:
        named = " and ".join(given)
        verb = "apply" if len(given) > 1 else "applies"
        raise UsageError(
            f"{named} {verb} only to a remote endpoint; add --endpoint URL or "
            f"--profile NAME, or remove {named} to use the built-in engine"
        )


def _reject_state_dir(args: argparse.Namespace) -> None:
    """Raise `UsageError` for --state-dir given with an endpoint, which ignores it."""
    if getattr(args, "state_dir", None) is not None:
        raise UsageError(
            "--state-dir is the built-in engine's folder, but this command runs on "
            "the remote endpoint, which keeps its own stacks; remove --state-dir"
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
    engine. Raise `UsageError` for a bad option or a missing credential."""
    from .connect import connect
    from .errors import CredentialsError

    if not endpoint_requested(args):
        _reject_remote_only(args)
        return None
    _reject_state_dir(args)
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
