"""The AOS template language: parsing with positions, the model, functions and the
dependency graph. Pure Python: nothing here imports Qt."""

from .document import TemplateDocument, TextEdit, apply_edits
from .graph import CycleError, Link, creation_order, dependency_graph, find_cycles, format_cycle, layers
from .model import Input, Output, Requirement, Resource, Template, parse_template
from .source import Path, SourceMap, Span, json_pointer
from .yamlsource import YamlSyntaxError, parse_yaml

__all__ = [
    "CycleError",
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
    "YamlSyntaxError",
    "apply_edits",
    "creation_order",
    "dependency_graph",
    "find_cycles",
    "format_cycle",
    "json_pointer",
    "layers",
    "parse_template",
    "parse_yaml",
]
