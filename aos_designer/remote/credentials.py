"""Secrets for endpoint profiles: the OS keyring, a prompt, or values given directly.

Values given on the command line or in the environment are used as they are, with no
keyring and no prompt. Otherwise a profile's secret comes from the OS keyring (through
`keyring`). When the keyring has none, or no keyring service exists, the user is
asked, but only when a terminal is attached. Without one, a missing secret is an
error that names the option or variable that supplies it. Secrets are never written to a file or
a log.
"""

from __future__ import annotations

import getpass
import logging
import sys
from dataclasses import dataclass
from typing import Callable

from .errors import CredentialsError
from .profiles import AUTH_AKSK, AUTH_PASSWORD, AUTH_TOKEN, Profile

log = logging.getLogger(__name__)

KEYRING_SERVICE = "aos-designer"

TOKEN = "token"
PASSWORD = "password"
ACCESS_KEY = "access_key"
SECRET_KEY = "secret_key"

# The secrets each kind of authentication needs, in the order they are asked for.
SECRETS_BY_AUTH = {
    AUTH_TOKEN: (TOKEN,),
    AUTH_PASSWORD: (PASSWORD,),
    AUTH_AKSK: (ACCESS_KEY, SECRET_KEY),
}

# The option and variable that supply each secret without the keyring, for messages.
SOURCES = {
    TOKEN: "--token TOKEN or the AOS_AUTH_TOKEN variable",
    PASSWORD: "the AOS_PASSWORD variable",
    ACCESS_KEY: "--access-key AK or the HUAWEICLOUD_SDK_AK variable",
    SECRET_KEY: "--secret-key SK or the HUAWEICLOUD_SDK_SK variable",
}

PROMPTS = {
    TOKEN: "IAM token",
    PASSWORD: "IAM password",
    ACCESS_KEY: "access key (AK)",
    SECRET_KEY: "secret key (SK)",
}


def keyring_entry(profile_name: str, secret: str) -> str:
    """Return the keyring user name a profile's secret is filed under."""
    return f"{profile_name}:{secret}"


class KeyringStore:
    """A profile's secrets in the OS keyring."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self.service = service

    def available(self) -> bool:
        """Tell whether a keyring service exists (not the fallback that fails)."""
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring)

    def backend_name(self) -> str:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, profile_name: str, secret: str) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        if not self.available():
            return None
        try:
            return keyring.get_password(
                self.service, keyring_entry(profile_name, secret)
            )
        except KeyringError as error:
            log.warning(
                "cannot read %s of profile %s from the keyring: %s",
                secret,
                profile_name,
                type(error).__name__,
            )
            return None

    def set(self, profile_name: str, secret: str, value: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        if not self.available():
            raise CredentialsError(
                "no keyring service is available on this machine, so the "
                f"{PROMPTS[secret]} cannot be stored; give it with {SOURCES[secret]} "
                "when needed"
            )
        try:
            keyring.set_password(
                self.service, keyring_entry(profile_name, secret), value
            )
        except KeyringError as error:
            raise CredentialsError(
                f"cannot store the {PROMPTS[secret]} of profile {profile_name!r} in "
                f"the keyring ({type(error).__name__}); give it with {SOURCES[secret]}"
            ) from None
        log.info("stored %s of profile %s in the keyring", secret, profile_name)

    def delete(self, profile_name: str, secret: str) -> bool:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        if not self.available():
            return False
        try:
            keyring.delete_password(self.service, keyring_entry(profile_name, secret))
        except PasswordDeleteError:
            return False
        except KeyringError as error:
            log.warning(
                "cannot delete %s of profile %s from the keyring: %s",
                secret,
                profile_name,
                type(error).__name__,
            )
            return False
        return True


def terminal_attached() -> bool:
    """Tell whether a person can answer a prompt: standard input and error are a
    terminal."""
    return sys.stdin is not None and sys.stdin.isatty() and sys.stderr.isatty()


@dataclass
class SecretResolver:
    """Find each secret a profile needs: given value, keyring, then a prompt."""

    store: KeyringStore
    interactive: bool
    ask: Callable[[str], str] = getpass.getpass

    def resolve(
        self,
        profile: Profile,
        given: dict[str, str | None],
        *,
        use_keyring: bool = True,
    ) -> dict[str, str]:
        """Return every secret `profile.auth` needs.

        `given` contains values from options or the environment, which are used as
        they are and never stored. With `use_keyring` False (an endpoint given without
        a saved profile) the keyring is neither read nor written.
        """
        found: dict[str, str] = {}
        for secret in SECRETS_BY_AUTH[profile.auth]:
            value = given.get(secret)
            if not value and use_keyring:
                value = self.store.get(profile.name, secret)
            if not value:
                value = self._ask(profile, secret, use_keyring)
            found[secret] = value
        return found

    def _ask(self, profile: Profile, secret: str, use_keyring: bool) -> str:
        label = PROMPTS[secret]
        keyring_ready = use_keyring and self.store.available()
        if not self.interactive:
            if not use_keyring:
                where = "was not given"
            elif keyring_ready:
                where = "is not in the keyring"
            else:
                where = "cannot be read because no keyring service is available"
            owner = (
                f"of profile {profile.name!r}" if use_keyring else f"for {profile.url}"
            )
            raise CredentialsError(
                f"the {label} {owner} {where}, and no terminal is attached to ask for "
                f"it; give it with {SOURCES[secret]}"
            )
        if use_keyring and not keyring_ready:
            sys.stderr.write(
                "No keyring service is available, so the answer will not be "
                "remembered.\n"
            )
        value = self.ask(f"{label} for profile {profile.name} ({profile.url}): ")
        value = value.strip()
        if not value:
            raise CredentialsError(
                f"no {label} was entered for profile {profile.name!r}"
            )
        if keyring_ready:
            self.store.set(profile.name, secret, value)
        return value
