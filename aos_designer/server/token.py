"""The server's access token: read from a file the user gives, or generated at each
start into a file only the user can read. The token itself is never printed or
logged; only the file's path is."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

log = logging.getLogger(__name__)

TOKEN_FILE_NAME = "server-token"
MIN_TOKEN_LENGTH = 16


class TokenFileError(ValueError):
    """The token file cannot be read or contains no usable token."""


def read_token_file(path: Path) -> str:
    """Return the first line of `path`, stripped; raise `TokenFileError` when it is
    missing, empty or too short to be a secret."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline().strip()
    except FileNotFoundError:
        raise TokenFileError(f"token file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TokenFileError(f"cannot read token file {path}: {error}") from None
    if len(first) < MIN_TOKEN_LENGTH:
        raise TokenFileError(
            f"the first line of token file {path} has {len(first)} characters; a "
            f"token needs at least {MIN_TOKEN_LENGTH}"
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning(
            "token file %s can be read by other users (mode %o); run chmod 600 on it",
            path,
            mode,
        )
    return first


def generate_token_file(state_dir: Path) -> tuple[str, Path]:
    """Write a new random token to `state_dir/server-token`, readable only by the
    user, and return the token and the file's path."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / TOKEN_FILE_NAME
    # Hexadecimal digits only: a token starting with "-" would read as an option in
    # `--token TOKEN`.
    token = secrets.token_hex(32)
    # Remove any older file so that the new one is created with mode 600 from the
    # start, never briefly readable by others.
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    log.info("wrote a new server token to %s", path)
    return token, path
