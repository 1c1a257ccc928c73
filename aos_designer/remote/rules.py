"""The AOS API's rules for names and action settings. The client checks them before
sending a request, and the server returns 400 when a request breaks them."""

from __future__ import annotations

import re

LIFECYCLES = ("create", "delete", "upgrade", "rollback", "retry")
FAILURE_STRATEGIES = ("Rollback", "DoNothing")
# Action timeouts are in minutes.
DEFAULT_TIMEOUT_MINUTES = 60
MAX_TIMEOUT_MINUTES = 1440

_STACK_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_TEMPLATE_NAME = re.compile(r"^[a-z]([a-z0-9-]{0,62}[a-z0-9])?$")


def check_stack_name(name: str) -> str:
    """Return `name` when AOS accepts it as a stack name; raise ValueError else."""
    if not _STACK_NAME.match(name or ""):
        raise ValueError(
            f"stack name {name!r} is invalid: use 1-63 lowercase letters, digits and "
            "'-', not starting or ending with '-'"
        )
    return name


def check_template_name(name: str) -> str:
    """Return `name` when AOS accepts it as a template name; raise ValueError else."""
    if not _TEMPLATE_NAME.match(name or ""):
        raise ValueError(
            f"template name {name!r} is invalid: use 1-64 lowercase letters, digits "
            "and '-', starting with a letter and not ending with '-'"
        )
    return name


def check_action(
    lifecycle: str | None, timeout_minutes: object, failure_strategy: object
) -> None:
    """Raise ValueError for a lifecycle, timeout or failure strategy AOS rejects.

    None skips a check. The Rollback strategy is allowed only with `create`.
    """
    if lifecycle is not None and lifecycle not in LIFECYCLES:
        raise ValueError(
            f"lifecycle {lifecycle!r} is unknown; use one of {', '.join(LIFECYCLES)}"
        )
    if timeout_minutes is not None:
        if isinstance(timeout_minutes, bool) or not isinstance(timeout_minutes, int):
            raise ValueError(
                f"timeout {timeout_minutes!r} must be a whole number of minutes"
            )
        if not 0 <= timeout_minutes <= MAX_TIMEOUT_MINUTES:
            raise ValueError(
                f"timeout {timeout_minutes} is out of range: give 0 to "
                f"{MAX_TIMEOUT_MINUTES} minutes"
            )
    if failure_strategy is not None:
        if failure_strategy not in FAILURE_STRATEGIES:
            raise ValueError(
                f"failure_strategy {failure_strategy!r} is unknown; use Rollback or "
                "DoNothing"
            )
        if failure_strategy == "Rollback" and lifecycle not in (None, "create"):
            raise ValueError(
                f"failure_strategy Rollback is allowed only with create, not {lifecycle}"
            )
