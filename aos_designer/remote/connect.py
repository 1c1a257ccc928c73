"""Building a client for a profile: choosing the authentication and finding its
secrets."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from typing import Mapping

import requests

from .auth import IamPasswordAuth, TokenAuth, iam_url_for
from .client import AosClient
from .credentials import (
    ACCESS_KEY,
    PASSWORD,
    SECRET_KEY,
    TOKEN,
    KeyringStore,
    SecretResolver,
    terminal_attached,
)
from .environment import (
    ACCESS_KEY_VARIABLE,
    PASSWORD_VARIABLE,
    SECRET_KEY_VARIABLE,
    TOKEN_VARIABLE,
)
from .errors import CredentialsError
from .profiles import AUTH_AKSK, AUTH_PASSWORD, AUTH_TOKEN, Profile
from .signing import AkSkAuth
from .transport import HttpSettings, Transport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GivenCredentials:
    """Secrets given on the command line or in the environment, used as they are."""

    token: str | None = None
    password: str | None = None
    access_key: str | None = None
    secret_key: str | None = None

    def __repr__(self) -> str:
        present = [name for name, value in self._values().items() if value]
        return f"GivenCredentials(<{', '.join(present) or 'none'} given>)"

    def _values(self) -> dict[str, str | None]:
        return {
            TOKEN: self.token,
            PASSWORD: self.password,
            ACCESS_KEY: self.access_key,
            SECRET_KEY: self.secret_key,
        }

    def as_dict(self) -> dict[str, str | None]:
        return self._values()

    def with_environment(
        self, environ: Mapping[str, str] | None = None
    ) -> "GivenCredentials":
        """Fill what was not given from the environment variables."""
        env = os.environ if environ is None else environ
        return GivenCredentials(
            token=self.token or env.get(TOKEN_VARIABLE) or None,
            password=self.password or env.get(PASSWORD_VARIABLE) or None,
            access_key=self.access_key or env.get(ACCESS_KEY_VARIABLE) or None,
            secret_key=self.secret_key or env.get(SECRET_KEY_VARIABLE) or None,
        )

    def auth_kind(self) -> str | None:
        """Return the authentication the given values choose, or None."""
        if self.token:
            return AUTH_TOKEN
        if self.access_key or self.secret_key:
            return AUTH_AKSK
        return None


def effective_auth(profile: Profile, given: GivenCredentials) -> str:
    """Given secrets override the profile's kind of authentication."""
    return given.auth_kind() or profile.auth


def build_auth(
    profile: Profile, secrets: Mapping[str, str], settings: HttpSettings
) -> requests.auth.AuthBase:
    if profile.auth == AUTH_TOKEN:
        return TokenAuth(secrets[TOKEN])
    if profile.auth == AUTH_AKSK:
        return AkSkAuth(secrets[ACCESS_KEY], secrets[SECRET_KEY])
    if profile.auth == AUTH_PASSWORD:
        if not profile.iam_url and not profile.region:
            raise CredentialsError(
                f"profile {profile.name!r} needs an IAM URL or a region to obtain a token"
            )
        return IamPasswordAuth(
            profile.iam_url or iam_url_for(profile.region),
            profile.user_name,
            secrets[PASSWORD],
            domain_name=profile.domain_name or None,
            project_id=profile.project_id or None,
            region=profile.region or None,
            settings=settings,
        )
    raise CredentialsError(
        f"profile {profile.name!r}: unknown authentication {profile.auth!r}"
    )


def connect(
    profile: Profile,
    given: GivenCredentials | None = None,
    *,
    settings: HttpSettings | None = None,
    resolver: SecretResolver | None = None,
    saved: bool = True,
) -> AosClient:
    """Return a client for `profile`.

    `saved` is True for a stored profile, whose secrets may come from and go to the
    keyring. A profile made from `--endpoint` alone is not stored.
    """
    given = given or GivenCredentials()
    kind = effective_auth(profile, given)
    if kind != profile.auth:
        profile = replace(profile, auth=kind)
    if settings is None:
        settings = HttpSettings(verify=profile.ca_bundle or True)
    resolver = resolver or SecretResolver(KeyringStore(), terminal_attached())
    secrets = resolver.resolve(profile, given.as_dict(), use_keyring=saved)
    auth = build_auth(profile, secrets, settings)
    log.debug("connecting to %s with %s authentication", profile.url, profile.auth)
    transport = Transport(profile.url, auth=auth, settings=settings)
    return AosClient(transport, project_id=profile.project_id, region=profile.region)
