"""Template validation: rules that turn a template into diagnostics. Pure Python."""

from .codes import CODES, ERROR, INFO, WARNING, Code, severity_of
from .diagnostics import Diagnostic, has_errors
from .validator import (
    ValidationCancelled,
    ValidationStats,
    Validator,
    syntax_diagnostic,
    validate_template,
    validate_text,
)

__all__ = [
    "CODES",
    "ERROR",
    "INFO",
    "WARNING",
    "Code",
    "Diagnostic",
    "ValidationCancelled",
    "ValidationStats",
    "Validator",
    "has_errors",
    "severity_of",
    "syntax_diagnostic",
    "validate_template",
    "validate_text",
]
