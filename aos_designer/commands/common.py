"""What every subcommand shares: exit codes, common options, errors, output helpers."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..template.package import TemplateSource

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

STATE_DIR_VARIABLE = "AOS_DESIGNER_STATE_DIR"


class UsageError(Exception):
    """Wrong arguments or an unreadable file: the command exits with 2."""


class CommandFailed(Exception):
    """The command ran and met a failure: it exits with 1."""


def configure_logging(verbosity: int) -> None:
    """Send log records to standard error: warnings by default, more with -v."""
    level = logging.WARNING
    if verbosity == 1:
        level = logging.INFO
    elif verbosity and verbosity > 1:
        level = logging.DEBUG
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )


def default_state_dir() -> Path:
    configured = os.environ.get(STATE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("aos-designer", appauthor=False))


def add_state_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the engine keeps its stacks and simulated cloud "
        f"(default: ${STATE_DIR_VARIABLE}, else the user data folder)",
    )


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more (-vv for debugging)",
    )


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def add_common(parser: argparse.ArgumentParser, json_output: bool = True) -> None:
    add_state_dir(parser)
    add_verbosity(parser)
    if json_output:
        add_json(parser)


def add_main_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--main",
        metavar="NAME",
        help="the main file inside a template package (default: blueprint.yaml, or "
        "the package's only template file)",
    )


def read_source(path: str | os.PathLike[str], main: str | None) -> TemplateSource:
    """Read a template file or package for a command; raise `UsageError` saying why
    it cannot be read and how to fix it."""
    from ..template.package import PackageError, read_failure, read_template

    try:
        source = read_template(path, main)
    except (OSError, UnicodeDecodeError, PackageError) as error:
        raise UsageError(read_failure(path, error, "--main NAME")) from None
    check_main_used(main, [source])
    return source


def read_error_reason(error: Exception) -> str:
    """Return why `read_template` failed, in the words a command prints."""
    from ..template.package import read_error_text

    return read_error_text(error, "--main NAME")


def read_failure_message(path: str | os.PathLike[str], error: Exception) -> str:
    """Return the sentence a command prints when `read_template(path)` failed."""
    from ..template.package import read_failure

    return read_failure(path, error, "--main NAME")


def check_main_used(main: str | None, sources: list[TemplateSource]) -> None:
    """Raise `UsageError` when `--main` was given but no file read is a package, so
    the option would change nothing."""
    if main is None or any(source.is_package for source in sources):
        return
    if len(sources) == 1:
        files = f"{sources[0].path} is a plain template file"
    else:
        files = "no file given is a template package"
    raise UsageError(
        f"--main {main} names the main file inside a template package, but {files}; "
        "leave --main out"
    )


def state_dir(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "state_dir", None) or default_state_dir()
    return Path(chosen)


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
