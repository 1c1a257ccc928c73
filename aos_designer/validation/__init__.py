"""Template validation: rules that turn a template into diagnostics. Pure Python."""

from .diagnostics import ERROR, INFO, WARNING, Diagnostic, has_errors
from .validator import syntax_diagnostic, validate_template, validate_text

__all__ = [
    "ERROR",
    "INFO",
    "WARNING",
    "Diagnostic",
    "has_errors",
    "syntax_diagnostic",
    "validate_template",
    "validate_text",
]
