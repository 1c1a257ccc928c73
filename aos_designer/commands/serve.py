"""`aos-designer serve`: the AOS-compatible API over the embedded engine."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import socket

from . import common


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the AOS API (version 2) over the embedded engine",
        description="Serve the AOS REST API (version 2) from the embedded engine, so "
        "AOS clients and other copies of this program can deploy to a shared sandbox. "
        "Every request needs the server's token in X-Auth-Token.",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8733,
        help="the port to listen on; 0 picks a free one (default: 8733)",
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help="read the token from the first line of FILE (default: generate a new "
        "token into a file in the state folder and print that file's path)",
    )
    parser.add_argument(
        "--parallelism",
        type=int,
        default=10,
        metavar="N",
        help="resources each deployment works on at once (default: 10)",
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=0.01,
        metavar="F",
        help="multiplies the simulated cloud's per-type times: 1 is real time, "
        "0 instant (default: 0.01)",
    )
    parser.add_argument(
        "--simulate-fail",
        action="append",
        default=[],
        metavar="RESOURCE",
        help="make the simulated cloud fail this resource in every deployment "
        "(repeatable)",
    )
    parser.add_argument(
        "--failure-rate",
        type=float,
        default=0.0,
        metavar="P",
        help="the chance, from 0 to 1, that any simulated cloud call fails "
        "(default: 0)",
    )
    parser.add_argument(
        "--failure-seed",
        type=int,
        default=None,
        metavar="N",
        help="seed for --failure-rate, so that each deployment fails the same "
        "resources",
    )
    common.add_common(parser, json_output=False)
    parser.set_defaults(handler=run)


def _check(args: argparse.Namespace) -> None:
    if not 0 <= args.port <= 65535:
        raise common.UsageError(f"--port {args.port} is out of range: give 0 to 65535")
    if args.parallelism < 1:
        raise common.UsageError(f"--parallelism {args.parallelism} must be 1 or more")
    if args.time_scale < 0:
        raise common.UsageError(f"--time-scale {args.time_scale:g} cannot be negative")
    if not 0 <= args.failure_rate <= 1:
        raise common.UsageError(
            f"--failure-rate {args.failure_rate:g} is out of range: give 0 to 1"
        )


def _close(engine: Any, store: Any) -> None:
    store.close()
    engine.close()


def run(args: argparse.Namespace) -> int:
    from ..engine import Engine
    from ..engine.errors import StateFolderError
    from ..server.runner import DeployDefaults
    from ..server.serve import open_context, run_server
    from ..server.store import ServerStore
    from ..server.token import TokenFileError, generate_token_file, read_token_file

    _check(args)
    # The server logs each request at INFO, so show INFO without -v.
    common.configure_logging(max(args.verbose, 1))
    state = common.state_dir(args)
    if args.token_file is not None:
        try:
            token = read_token_file(args.token_file)
        except TokenFileError as error:
            raise common.UsageError(str(error)) from None
        token_path = args.token_file
    # Open the databases before a token file is written, so that a state folder
    # that cannot be used is reported and left as it is.
    try:
        engine = Engine(state, recover=False)
    except StateFolderError as error:
        raise common.UsageError(str(error)) from None
    try:
        store = ServerStore(state)
    except StateFolderError as error:
        engine.close()
        raise common.UsageError(str(error)) from None
    # Take the port before a new token replaces the token file, so that a server
    # that cannot start leaves the running one's token in place.
    try:
        listener = _listen(args.host, args.port)
    except common.UsageError:
        _close(engine, store)
        raise
    deploy = DeployDefaults(
        parallelism=args.parallelism,
        time_scale=args.time_scale,
        simulate_fail=tuple(args.simulate_fail),
        failure_rate=args.failure_rate,
        failure_seed=args.failure_seed,
    )
    try:
        if args.token_file is None:
            token, token_path = generate_token_file(state)
        server = open_context(state, token, deploy, engine=engine, store=store)
    except OSError as error:
        listener.close()
        _close(engine, store)
        raise common.UsageError(
            f"cannot write the server's files in the state folder {state}: "
            f"{error.strerror or error}; check that the folder is writable, or choose "
            "another folder with --state-dir DIR"
        ) from None

    def announce(url: str) -> None:
        print(f"Serving the AOS API on {url} (state folder: {state})")
        print(f"Token file: {token_path} (send its first line in X-Auth-Token)")
        print("Press Ctrl-C to stop.")
        sys.stdout.flush()

    try:
        run_server(server, args.host, args.port, on_ready=announce, listener=listener)
    except OSError as error:
        raise _listen_error(args.host, args.port, error) from None
    return common.EXIT_OK


def _listen(host: str, port: int) -> socket.socket:
    from ..server.serve import listen

    try:
        return listen(host, port)
    except OSError as error:
        raise _listen_error(host, port, error) from None


def _listen_error(host: str, port: int, error: OSError) -> common.UsageError:
    # The socket module adds the address to strerror, which the message names already.
    reason = os.strerror(error.errno) if error.errno else str(error)
    return common.UsageError(
        f"cannot listen on {host}:{port}: {reason}; choose another --port or stop "
        "the program using it"
    )
