"""The command line: `aos-designer [FILE]` opens the window, subcommands work without one.

Each module of `aos_designer.commands` adds its subcommands through `register`; the
window is imported only when it opens, so subcommands start fast and run without Qt.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from typing import Sequence

from . import __version__
from .commands import common

log = logging.getLogger(__name__)


def _command_modules() -> list[str]:
    from . import commands

    return sorted(
        f"{commands.__name__}.{info.name}"
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_") and info.name != "common"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aos-designer",
        description="Design, check and deploy Huawei Cloud AOS templates. "
        "Without a command, open the window on FILE.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _command_modules():
        importlib.import_module(name).register(subparsers)
    return parser


def build_window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aos-designer",
        description="Open the AOS Designer window. Run `aos-designer --help` for the "
        "commands that work without a window.",
    )
    parser.add_argument(
        "file", nargs="?", help="the template file or template package to open"
    )
    common.add_main_file(parser)
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="open the window on FILE, save a picture of it when it is laid out, and exit",
    )
    common.add_state_dir(parser)
    common.add_verbosity(parser)
    return parser


def _is_window_call(argv: Sequence[str]) -> bool:
    """Tell whether the arguments open the window rather than run a subcommand."""
    if not argv:
        return True
    if argv[0] in ("-h", "--help", "--version"):
        return False
    return argv[0] not in _command_names()


def _command_names() -> set[str]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _is_window_call(argv):
        args = build_window_parser().parse_args(argv)
        common.configure_logging(args.verbose)
        from .gui.app import run_window

        return run_window(args)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return common.EXIT_USAGE
    common.configure_logging(getattr(args, "verbose", 0))
    try:
        return int(args.handler(args))
    except common.UsageError as error:
        print(f"aos-designer {args.command}: {error}", file=sys.stderr)
        return common.EXIT_USAGE
    except common.CommandFailed as error:
        print(f"aos-designer {args.command}: {error}", file=sys.stderr)
        return common.EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"aos-designer {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (`aos-designer stacks | head`); stop
        # quietly, and keep Python from complaining again when it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return common.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
