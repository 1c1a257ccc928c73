"""Endpoint profiles: a named endpoint URL with its region, project id and kind of
authentication, kept in `profiles.json` in the user config folder.

The file holds no secret. Tokens, passwords and keys live in the OS keyring (see
`credentials`), filed under the profile's name.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from .transport import normalise_base_url

log = logging.getLogger(__name__)

CONFIG_DIR_VARIABLE = "AOS_DESIGNER_CONFIG_DIR"
PROFILES_FILE = "profiles.json"
FILE_VERSION = 1

AUTH_TOKEN = "token"
AUTH_PASSWORD = "password"
AUTH_AKSK = "aksk"
AUTH_KINDS = (AUTH_TOKEN, AUTH_PASSWORD, AUTH_AKSK)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z0-9]+)+$")


class ProfileError(ValueError):
    """A profile is invalid, missing, or the profiles file cannot be read."""


def config_dir() -> Path:
    """Return the folder of the user's settings: `$AOS_DESIGNER_CONFIG_DIR`, else the
    platform's user config folder."""
    configured = os.environ.get(CONFIG_DIR_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_config_dir("aos-designer", appauthor=False))


@dataclass(frozen=True)
class Profile:
    """One endpoint and how to authenticate to it."""

    name: str
    url: str
    region: str = ""
    project_id: str = ""
    auth: str = AUTH_TOKEN
    # For `password` authentication: the IAM user, its account (domain) name, and the
    # IAM endpoint (default: the public IAM endpoint of the region).
    user_name: str = ""
    domain_name: str = ""
    iam_url: str = ""
    # A PEM file of CA certificates for an endpoint signed by a private CA.
    ca_bundle: str = ""

    def __post_init__(self) -> None:
        problems = profile_problems(self)
        if problems:
            raise ProfileError(f"profile {self.name!r}: " + "; ".join(problems))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("name")
        return {key: value for key, value in data.items() if value}


def profile_problems(profile: Profile) -> list[str]:
    """Return what is wrong with a profile's fields, each with the fix."""
    problems = []
    if not _NAME.match(profile.name or ""):
        problems.append(
            "the name must be 1-64 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit"
        )
    try:
        normalise_base_url(profile.url or "")
    except ValueError as error:
        problems.append(str(error))
    if profile.region and not _REGION.match(profile.region):
        problems.append(
            f"region {profile.region!r} is not a region id such as cn-north-4"
        )
    if profile.auth not in AUTH_KINDS:
        problems.append(
            f"authentication {profile.auth!r} is unknown; use one of "
            + ", ".join(AUTH_KINDS)
        )
    if profile.auth == AUTH_PASSWORD:
        if not profile.user_name:
            problems.append("password authentication needs a user name (--user)")
        if not profile.project_id and not profile.region:
            problems.append(
                "password authentication needs a project id (--project-id) or a "
                "region (--region) to scope the token"
            )
    if profile.iam_url:
        try:
            normalise_base_url(profile.iam_url)
        except ValueError as error:
            problems.append(f"IAM URL: {error}")
    if profile.ca_bundle and not Path(profile.ca_bundle).is_file():
        problems.append(f"CA bundle {profile.ca_bundle!r} is not a file")
    return problems


class ProfileStore:
    """The profiles file, read on every call so that two programs editing it do not
    overwrite each other's older view."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / PROFILES_FILE

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise ProfileError(
                f"cannot read profiles file {self.path}: {error.strerror}"
            ) from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ProfileError(
                f"profiles file {self.path} is not valid JSON (line {error.lineno}, "
                f"column {error.colno}: {error.msg}); fix or remove it"
            ) from None
        profiles = document.get("profiles") if isinstance(document, dict) else None
        if not isinstance(profiles, dict):
            raise ProfileError(
                f"profiles file {self.path} has no 'profiles' object; fix or remove it"
            )
        return profiles

    def _write(self, profiles: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"version": FILE_VERSION, "profiles": dict(sorted(profiles.items()))}
        temporary = self.path.with_name(f".{self.path.name}.saving")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        os.replace(temporary, self.path)

    def list(self) -> list[Profile]:
        """Return every valid profile, sorted by name; an invalid entry is logged and
        skipped so the others stay usable."""
        found = []
        for name, data in sorted(self._read().items()):
            try:
                found.append(_from_json(name, data))
            except ProfileError as error:
                log.warning("skipping profile in %s: %s", self.path, error)
        return found

    def get(self, name: str) -> Profile:
        data = self._read().get(name)
        if data is None:
            known = ", ".join(sorted(self._read())) or "none yet"
            raise ProfileError(
                f"no profile named {name!r} (known: {known}); add it with "
                f"`aos-designer profile add {name} --url URL`"
            )
        return _from_json(name, data)

    def save(self, profile: Profile, replace_existing: bool = False) -> None:
        profiles = self._read()
        if profile.name in profiles and not replace_existing:
            raise ProfileError(
                f"profile {profile.name!r} exists already; remove it first or use "
                "--replace"
            )
        profiles[profile.name] = profile.to_json()
        self._write(profiles)
        log.info("saved profile %s in %s", profile.name, self.path)

    def remove(self, name: str) -> Profile:
        profiles = self._read()
        if name not in profiles:
            raise ProfileError(f"no profile named {name!r}")
        removed = _from_json(name, profiles.pop(name))
        self._write(profiles)
        log.info("removed profile %s from %s", name, self.path)
        return removed


def _from_json(name: str, data: Any) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError(f"profile {name!r} is not a JSON object")
    known = {item.name for item in fields(Profile)} - {"name"}
    unknown = sorted(set(data) - known)
    if unknown:
        log.warning("profile %s: ignoring unknown fields %s", name, ", ".join(unknown))
    values = {key: str(value) for key, value in data.items() if key in known}
    return Profile(name=name, **values)


def with_overrides(profile: Profile, **changes: str | None) -> Profile:
    """Return `profile` with the given fields replaced, skipping None and empty values."""
    given = {key: value for key, value in changes.items() if value}
    return replace(profile, **given) if given else profile
