"""Clients for remote AOS endpoints: the API version 2 client, authentication (IAM
token or AK/SK signing), endpoint profiles with secrets in the OS keyring, and
following executions. Pure Python: nothing here imports Qt."""

from __future__ import annotations

import importlib
from typing import Any

# Names offered here, by module. They load on first use, so that the command line
# can read `remote.environment` or `remote.options` without loading HTTP code.
_EXPORTS = {
    "ActionStarted": "client",
    "AosClient": "client",
    "ApiError": "errors",
    "BadRequest": "errors",
    "Cancelled": "errors",
    "Conflict": "errors",
    "ConnectionFailed": "errors",
    "ConnectionReport": "client",
    "CredentialsError": "errors",
    "Element": "models",
    "Execution": "models",
    "ExecutionTimedOut": "errors",
    "Forbidden": "errors",
    "GivenCredentials": "connect",
    "HttpSettings": "transport",
    "NotFound": "errors",
    "PayloadTooLarge": "errors",
    "Profile": "profiles",
    "ProfileError": "profiles",
    "ProfileStore": "profiles",
    "RemoteError": "errors",
    "RequestTimedOut": "errors",
    "ServerError": "errors",
    "StackEvent": "models",
    "StackInfo": "models",
    "TemplateInfo": "models",
    "TemplatePackage": "package",
    "Transport": "transport",
    "Unauthorized": "errors",
    "connect": "connect",
    "follow_deletion": "follow",
    "follow_execution": "follow",
    "package_from_file": "package",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
