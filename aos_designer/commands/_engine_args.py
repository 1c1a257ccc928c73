"""Options and helpers the engine commands share: inputs, deployment options, opening
the engine and reading a template, and turning engine errors into exit codes."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from . import common

if TYPE_CHECKING:
    from ..engine import Engine, EngineEvent
    from ..template import Template
    from ..template.package import TemplateSource


def add_stack(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stack", required=True, metavar="NAME", help="the stack's name"
    )


def add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="the value of one template input; repeat for more",
    )
    parser.add_argument(
        "--inputs-file",
        type=Path,
        metavar="FILE",
        help="a YAML or JSON file mapping input names to values; --input wins over it",
    )


def add_region(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        metavar="REGION",
        help="the stack's region (default: the region its availability zones name, "
        "else cn-north-4)",
    )


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number from 0 to 1"
        ) from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a number from 0 to 1")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be 1 or more")
    return value


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value


def add_run_options(parser: argparse.ArgumentParser, defaults: bool = True) -> None:
    """Add the options of a running deployment. Without `defaults`, an option left
    out is None, so that `retry` can reuse the failed deployment's value."""

    def default(value: Any) -> Any:
        return value if defaults else None

    parser.add_argument(
        "--parallelism",
        type=_positive_int,
        default=default(10),
        metavar="N",
        help="how many resources may be in progress at once (default 10)",
    )
    parser.add_argument(
        "--on-failure",
        choices=("rollback", "keep"),
        default=default("rollback"),
        help="after a failure, undo the changes made so far (rollback, the default) or "
        "leave the stack as it is (keep)",
    )
    parser.add_argument(
        "--timeout",
        type=_non_negative,
        default=default(60.0),
        metavar="MINUTES",
        help="fail the deployment after this many minutes (default 60; 0 for none)",
    )
    add_time_scale(parser, defaults)
    parser.add_argument(
        "--simulate-fail",
        action="append",
        default=[] if defaults else None,
        metavar="RESOURCE",
        help="make the simulated cloud fail this resource's creation or update; repeat "
        "for more",
    )
    parser.add_argument(
        "--failure-rate",
        type=_probability,
        default=default(0.0),
        metavar="P",
        help="the chance, from 0 to 1, that the simulated cloud fails any creation or "
        "update (default 0)",
    )
    parser.add_argument(
        "--failure-seed",
        type=int,
        default=None,
        metavar="N",
        help="seed for --failure-rate, to repeat the same failures",
    )


def add_time_scale(parser: argparse.ArgumentParser, defaults: bool = True) -> None:
    parser.add_argument(
        "--time-scale",
        type=_non_negative,
        default=0.01 if defaults else None,
        metavar="F",
        help="multiply the simulated cloud's per-type times by F: 1 is real time, 0 is "
        "instant (default 0.01)",
    )


def parse_inputs(args: argparse.Namespace) -> dict[str, Any]:
    """Return the inputs the command line gives: the file's, then each --input."""
    from ..engine import InputsFileError
    from ..engine.inputs import parse_inputs_file

    values: dict[str, Any] = {}
    path = getattr(args, "inputs_file", None)
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise common.UsageError(
                f"cannot read --inputs-file {path}: {error.strerror}"
            ) from None
        try:
            values.update(parse_inputs_file(text, str(path)))
        except InputsFileError as error:
            raise common.UsageError(str(error)) from None
    for pair in getattr(args, "input", None) or []:
        name, separator, value = pair.partition("=")
        if not separator or not name.strip():
            raise common.UsageError(f"--input expects NAME=VALUE, not {pair!r}")
        values[name.strip()] = value
    return values


def deploy_options(args: argparse.Namespace, base: Any = None) -> Any:
    """Return `DeployOptions` from the command line; options left out come from `base`."""
    from ..engine import DeployOptions

    start = base or DeployOptions()
    chosen = {
        "parallelism": getattr(args, "parallelism", None),
        "on_failure": getattr(args, "on_failure", None),
        "timeout": getattr(args, "timeout", None),
        "time_scale": getattr(args, "time_scale", None),
        "failure_rate": getattr(args, "failure_rate", None),
        "failure_seed": getattr(args, "failure_seed", None),
        "region": getattr(args, "region", None),
    }
    fails = getattr(args, "simulate_fail", None)
    if fails is not None:
        chosen["simulate_fail"] = list(fails)
    values = start.as_json()
    values.update({key: value for key, value in chosen.items() if value is not None})
    return DeployOptions.from_json(values)


def open_engine(args: argparse.Namespace, on_event: Any = None) -> Engine:
    """Open the engine over the command's state folder. It starts recovering the
    stacks whose operation was interrupted; `on_event` gets their events."""
    from ..engine import Engine

    return Engine(common.state_dir(args), on_event=on_event)


def finish_recovery(engine: Any, stack: str | None = None) -> None:
    """Wait until the engine has recovered `stack`, or every stack when it is None,
    so that what the command prints is the state after recovery. An endpoint's
    client has nothing to wait for."""
    wait = getattr(engine, "wait_for_recovery", None)
    if wait is not None:
        wait(stack)


def read_template(args: argparse.Namespace) -> tuple[TemplateSource, Template]:
    """Read and parse the command's template file or package (`args.file` and
    `args.main`).

    Raise `UsageError` for an unreadable file and `CommandFailed` for text that is
    not YAML.
    """
    from ..template import YamlSyntaxError, parse_template

    source = common.read_source(args.file, args.main)
    try:
        return source, parse_template(source.text)
    except YamlSyntaxError as error:
        raise common.CommandFailed(
            f"{source.display_name}:{error.line}:{error.column}: {error.message}"
        ) from None


def check_template(name: str, template: Template, stopped: str = "deployed") -> None:
    """Raise `CommandFailed` listing the template's errors, before anything is
    created. `name` is the file the messages name, and `stopped` the work that was
    not done ("planned" or "deployed")."""
    from ..validation import validate_template

    errors = [d for d in validate_template(template) if d.severity == "error"]
    if errors:
        lines = "\n".join(d.as_text(name) for d in errors)
        raise common.CommandFailed(
            f"the template has errors; nothing was {stopped}\n{lines}"
        )


@contextlib.contextmanager
def engine_errors() -> Iterator[None]:
    """Turn the engine's errors into exit codes: 2 for bad arguments, inputs, regions
    and state folders, 1 for everything the engine met while running."""
    from ..engine import (
        EngineError,
        InputValueError,
        InvalidStackNameError,
        MissingInputsError,
        RegionError,
        StackNotFoundError,
    )
    from ..engine.errors import InvalidOptionError, StateFolderError
    from ..remote.errors import BadRequest, CredentialsError, RemoteError

    try:
        yield
    except (
        MissingInputsError,
        InputValueError,
        InvalidStackNameError,
        InvalidOptionError,
        RegionError,
        StateFolderError,
    ) as error:
        raise common.UsageError(str(error)) from None
    except StackNotFoundError as error:
        raise common.CommandFailed(str(error)) from None
    except EngineError as error:
        raise common.CommandFailed(str(error)) from None
    except (CredentialsError, BadRequest) as error:
        # An endpoint returns 400 where the engine raises a usage error: an invalid
        # input value, an unknown region or a template it cannot evaluate.
        raise common.UsageError(str(error)) from None
    except RemoteError as error:
        raise common.CommandFailed(str(error)) from None


@contextlib.contextmanager
def cancel_on_interrupt() -> Iterator[threading.Event]:
    """Yield an event that the first Ctrl-C sets, so the deployment stops starting
    work and ends cleanly; a second Ctrl-C interrupts at once."""
    cancel = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancel
        return

    def handler(signum: int, frame: Any) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        print("cancelling: waiting for the operations in flight", file=sys.stderr)
        cancel.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, previous)


class ProgressPrinter:
    """An event callback that prints one line per event.

    An event of a resource of another stack than `stack`, such as one of a
    recovery that opening the engine started, names its stack too. The line of a
    phase of `stack` itself waits for the next event, so that the command's
    summary line can take the place of the last one instead of repeating it.

    NOTE: a command that ends with an error instead of calling `finish` does not
    print the pending line. Its error message is printed in its place.
    """

    def __init__(self, stack: str | None = None) -> None:
        self.stack = stack
        self._lock = threading.Lock()
        self._pending_phase_line: tuple[str, str] | None = None

    def __call__(self, event: EngineEvent) -> None:
        where = event.resource_name or f"stack {event.stack}"
        if event.resource_name and self.stack is not None and event.stack != self.stack:
            where = f"stack {event.stack}: {event.resource_name}"
        counter = f"[{event.done}/{event.total}] " if event.total else ""
        text = f" {event.message}" if event.message else ""
        line = f"{counter}{where}: {event.event_type}{text}"
        with self._lock:
            self._print_pending()
            if event.resource_name is None and event.stack == self.stack:
                self._pending_phase_line = (event.event_type, line)
            else:
                print(line, flush=True)

    def finish(self, final_phase: str) -> None:
        """Print the pending phase line unless it is `final_phase`, which the caller's
        summary line shows."""
        with self._lock:
            if (
                self._pending_phase_line is not None
                and self._pending_phase_line[0] == final_phase
            ):
                self._pending_phase_line = None
            self._print_pending()

    def _print_pending(self) -> None:
        if self._pending_phase_line is not None:
            print(self._pending_phase_line[1], flush=True)
            self._pending_phase_line = None


def progress_printer(enabled: bool, stack: str | None = None) -> ProgressPrinter | None:
    """Return a `ProgressPrinter` for `stack`, or None when not `enabled`."""
    return ProgressPrinter(stack) if enabled else None


def format_output(output: Any) -> str:
    """Return `NAME = VALUE` for an `OutputValue`, with the reason it has no value
    when that is known."""
    text = f"{output.name} = {format_value(output.value)}"
    return f"{text} ({output.note})" if output.note else text


def format_value(value: Any) -> str:
    """Return a value as one line of text: a string as it is, anything else as JSON,
    with each value known only after apply as `(known after apply: SOURCES)`."""
    import json

    from ..engine.model import KnownAfterApply

    if isinstance(value, (str, KnownAfterApply)):
        return str(value)

    def unknown_as_text(item: Any) -> str:
        if isinstance(item, KnownAfterApply):
            return str(item)
        raise TypeError(f"{type(item).__name__} is not JSON serializable")

    return json.dumps(value, ensure_ascii=False, default=unknown_as_text)


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    if not rows:
        return
    widths = [
        max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))
    ]
    for row in [headers, *rows]:
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths)
            ).rstrip()
        )
