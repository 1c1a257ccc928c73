"""Typed errors of the engine. Each names the object, the place and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class EngineError(Exception):
    """Base of every error the engine raises for a person to read."""


class MissingInputsError(EngineError):
    """Inputs without a default were given no value, so nothing was started."""

    def __init__(self, names: list[str]) -> None:
        self.names = list(names)
        listed = ", ".join(self.names)
        options = " ".join(f"--input {name}=VALUE" for name in self.names)
        super().__init__(
            f"missing value for input{'s' if len(self.names) > 1 else ''} {listed}; "
            f"give {options} or put {'them' if len(self.names) > 1 else 'it'} "
            "in --inputs-file FILE"
        )


class InputValueError(EngineError):
    """An input value that does not fit its input's type or constraints."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(f"input {name}: {message}")


class InputsFileError(EngineError):
    """An inputs file that is not a YAML or JSON mapping."""


class InvalidOptionError(EngineError):
    """A deployment option with a value that cannot apply, such as a failure to
    inject into a resource the template does not have."""


class TemplateError(EngineError):
    """A template the engine cannot deploy: a cycle, a bad condition, a function that
    cannot be evaluated."""


class RulesError(TemplateError):
    """Planned property values that break rules of the cloud, found before anything
    was created. `problems` contains a `PlanProblem` for each broken rule.
    `deploying` is true when a deployment was rejected, false for a plan alone."""

    def __init__(self, problems: Sequence[Any], deploying: bool = True) -> None:
        self.problems = tuple(problems)
        self.deploying = deploying
        count = len(self.problems)
        lines = "\n".join(f"  {problem.as_text()}" for problem in self.problems)
        noun = "rule" if count == 1 else "rules"
        outcome = "nothing was created" if deploying else "the plan stops here"
        super().__init__(
            f"the plan breaks {count} {noun} of the cloud, so {outcome}; "
            f"correct the template or the inputs and try again:\n{lines}"
        )


class StackNotFoundError(EngineError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"stack '{name}' not found; run `aos-designer stacks` to list the stacks"
        )


class NothingToRetryError(EngineError):
    """The stack's last deployment succeeded, so `retry` has nothing to continue."""

    def __init__(self, name: str, phase: str) -> None:
        self.name = name
        super().__init__(
            f"stack {name}: nothing to retry, because its last deployment succeeded "
            f"({phase}); run `aos-designer deploy FILE --stack {name}` to deploy a "
            "changed template"
        )


class StackBusyError(EngineError):
    """Another live process or thread runs an operation on the stack."""

    def __init__(self, name: str, pid: int, operation: str) -> None:
        self.name = name
        self.pid = pid
        super().__init__(
            f"stack '{name}' is busy: process {pid} is running '{operation}' on it; "
            f"wait for it to finish or run `aos-designer cancel --stack {name}`"
        )


class PlanOutdatedError(EngineError):
    """The stack, the template or the inputs changed after the plan was made."""


class InvalidStackNameError(EngineError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"invalid stack name '{name}': use 1 to 63 lowercase letters, digits and "
            "'-', not starting or ending with '-'"
        )


class RegionError(EngineError):
    """A region the simulated cloud does not have."""


class StateFolderError(EngineError):
    """A state folder the engine cannot use: a file, a path that cannot be created,
    or a database that is not the engine's SQLite database or is of a newer version.
    """

    def __init__(self, folder: object, reason: str, fix: str) -> None:
        self.folder = str(folder)
        self.reason = reason
        super().__init__(f"cannot use the state folder {folder}: {reason}; {fix}")
