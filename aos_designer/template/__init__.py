"""The AOS template language: parsing with positions, the model, functions and the
dependency graph. Pure Python: nothing here imports Qt."""

from .document import TemplateDocument, ValueOrigin
from .emit import EditError, TextStyle
from .graph import (
    CycleError,
    Link,
    creation_order,
    dependency_graph,
    find_cycles,
    format_cycle,
    layers,
)
from .model import Input, Output, Requirement, Resource, Template, parse_template
from .source import Path, SourceMap, Span, json_pointer
from .textedit import TextEdit, apply_edits, changed_range, inverse
from .yamlsource import YamlSyntaxError, parse_yaml

__all__ = [
    "CycleError",
    "EditError",
    "Input",
    "Link",
    "Output",
    "Path",
    "Requirement",
    "Resource",
    "SourceMap",
    "Span",
    "Template",
    "TemplateDocument",
    "TextEdit",
    "TextStyle",
    "ValueOrigin",
    "YamlSyntaxError",
    "apply_edits",
    "changed_range",
    "creation_order",
    "dependency_graph",
    "find_cycles",
    "format_cycle",
    "inverse",
    "json_pointer",
    "layers",
    "parse_template",
    "parse_yaml",
]
