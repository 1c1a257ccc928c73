"""The lists of rules the validator runs, filled by the rule modules as they load.

A document rule checks the whole template and runs after every change. A resource
rule checks one resource. The validator keeps a resource rule's findings while the
resource's text, and the parts of the template it reads, stay the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..template.model import Resource
    from .context import Context
    from .facts import ResourceFacts

DocumentRule = Callable[["Context"], None]
ResourceRule = Callable[["Context", "Resource", "ResourceFacts"], None]

DOCUMENT_RULES: list[DocumentRule] = []
RESOURCE_RULES: list[ResourceRule] = []


def document_rule(function: DocumentRule) -> DocumentRule:
    """Register a rule about the whole template; rules run in registration order."""
    DOCUMENT_RULES.append(function)
    return function


def resource_rule(function: ResourceRule) -> ResourceRule:
    """Register a rule about one resource; rules run in registration order."""
    RESOURCE_RULES.append(function)
    return function
