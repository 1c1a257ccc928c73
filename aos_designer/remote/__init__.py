"""Clients for remote AOS endpoints: the API version 2 client, authentication (IAM
token or AK/SK signing), endpoint profiles with secrets in the OS keyring, and
following executions. Pure Python: nothing here imports Qt."""

from .client import AosClient, ActionStarted, ConnectionReport
from .connect import GivenCredentials, connect
from .errors import (
    ApiError,
    BadRequest,
    Cancelled,
    Conflict,
    ConnectionFailed,
    CredentialsError,
    ExecutionTimedOut,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    RemoteError,
    RequestTimedOut,
    ServerError,
    Unauthorized,
)
from .follow import follow_deletion, follow_execution
from .models import Element, Execution, StackEvent, StackInfo, TemplateInfo
from .package import TemplatePackage, package_from_file
from .profiles import Profile, ProfileError, ProfileStore
from .transport import HttpSettings, Transport

__all__ = [
    "ActionStarted",
    "AosClient",
    "ApiError",
    "BadRequest",
    "Cancelled",
    "Conflict",
    "ConnectionFailed",
    "ConnectionReport",
    "CredentialsError",
    "Element",
    "Execution",
    "ExecutionTimedOut",
    "Forbidden",
    "GivenCredentials",
    "HttpSettings",
    "NotFound",
    "PayloadTooLarge",
    "Profile",
    "ProfileError",
    "ProfileStore",
    "RemoteError",
    "RequestTimedOut",
    "ServerError",
    "StackEvent",
    "StackInfo",
    "TemplateInfo",
    "TemplatePackage",
    "Transport",
    "Unauthorized",
    "connect",
    "follow_deletion",
    "follow_execution",
    "package_from_file",
]
