"""Next steps for a person after a deployment call fails, for each kind of error that
the engine, the remote client and the profiles raise.

The errors' own messages already name the value and the place, and this module adds
what to do about them.
"""

from __future__ import annotations

from ...engine import errors as engine_errors
from ...remote import errors as remote_errors
from ...remote.profiles import ProfileError

# Checked in order, so a subclass comes before its base class.
_NEXT_STEPS: tuple[tuple[type[BaseException], str], ...] = (
    (
        engine_errors.PlanOutdatedError,
        "Open Deploy again to see the plan of the stack as it is now.",
    ),
    (
        engine_errors.StackBusyError,
        "Wait until the other operation ends, or cancel it, then try again.",
    ),
    (
        engine_errors.MissingInputsError,
        "Open Deploy again and fill in the inputs marked with *.",
    ),
    (
        engine_errors.InputValueError,
        "Open Deploy again and correct the input named in the details.",
    ),
    (
        engine_errors.NothingToRetryError,
        "The last deployment succeeded; deploy a changed template with Deploy.",
    ),
    (
        engine_errors.StateFolderError,
        "Start AOS Designer with --state-dir naming a folder it can use, or fix the "
        "folder as the details say.",
    ),
    (
        engine_errors.RegionError,
        "Choose another region in the deploy dialog, or another stack name.",
    ),
    (
        engine_errors.RulesError,
        "Correct each value the details list, in the template or the inputs, or "
        "choose the region whose zones the template names; nothing was created.",
    ),
    (
        engine_errors.TemplateError,
        "Fix the template where the details say, then deploy again.",
    ),
    (
        engine_errors.StackNotFoundError,
        "Refresh the list of stacks; the stack may have been deleted elsewhere.",
    ),
    (
        remote_errors.Unauthorized,
        "Check the profile's credentials; the window asks for them again next time.",
    ),
    (
        remote_errors.CredentialsError,
        "Enter the secret when asked, or store it with `aos-designer profile add`.",
    ),
    (
        remote_errors.ConnectionFailed,
        "Check that the endpoint is running and that the profile's URL is right.",
    ),
    (
        remote_errors.RequestTimedOut,
        "The endpoint did not answer in time; check it and try again.",
    ),
    (
        remote_errors.Conflict,
        "The stack is busy or in use at the endpoint; wait, refresh, and try again.",
    ),
    (
        remote_errors.RemoteError,
        "Check the details, the endpoint and the profile, then try again.",
    ),
    (
        ProfileError,
        "Fix the profile with `aos-designer profile add NAME --replace`.",
    ),
    (
        engine_errors.EngineError,
        "Check the details, then try again.",
    ),
)

UNEXPECTED_STEP = (
    "This is a fault in AOS Designer; the details and the log have its traceback. "
    "The stack's state is kept in the engine, so refresh the stacks to see it."
)


def next_step(error: BaseException) -> str:
    """Return what a person can do after `error`."""
    for kind, step in _NEXT_STEPS:
        if isinstance(error, kind):
            return step
    return UNEXPECTED_STEP


def expected(error: BaseException) -> bool:
    """Tell whether `error` is one the program raises for a person to read, rather
    than a fault."""
    return any(isinstance(error, kind) for kind, _ in _NEXT_STEPS) or isinstance(
        error, (OSError, ValueError)
    )
