"""YAML parsing with source positions, built on libyaml's event parser.

PyYAML's composer drops what an editor needs (where an alias stands, anchors, scalar
styles), so this module composes its own node tree from libyaml's events, then turns
the tree into plain Python values together with a `SourceMap` that knows the span of
every key and value, which values came through an alias or a merge key, and which keys
were written twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .source import Path, SourceEntry, SourceMap, Span
from .yamlerrors import describe

log = logging.getLogger(__name__)

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    log.warning("PyYAML has no libyaml binding; parsing uses the slower pure-Python parser")

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
_CORE_PREFIX = "tag:yaml.org,2002:"

_resolver = yaml.resolver.Resolver()
_constructor = SafeConstructor()
# Tags whose text becomes a typed value; every other scalar stays the string as written.
_TYPED_TAGS = {
    _CORE_PREFIX + "int": _constructor.construct_yaml_int,
    _CORE_PREFIX + "float": _constructor.construct_yaml_float,
    _CORE_PREFIX + "bool": _constructor.construct_yaml_bool,
    _CORE_PREFIX + "null": _constructor.construct_yaml_null,
}


class YamlSyntaxError(ValueError):
    """The text is not well-formed YAML. `line` and `column` are 1-based."""

    def __init__(self, message: str, line: int, column: int, offset: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset


class YamlNode:
    """One node of the document as written.

    `kind` is "scalar" (value: the text), "sequence" (value: list of nodes), "mapping"
    (value: list of (key, value) node pairs, duplicates kept) or "alias" (value: the
    anchored node it stands for). `style` is the scalar style (None for plain, or one of
    `'`, `"`, `|`, `>`) or, for collections, True when written in flow style.
    """

    __slots__ = ("kind", "tag", "value", "span", "style", "anchor")

    def __init__(
        self,
        kind: str,
        tag: str | None,
        value: Any,
        span: Span,
        style: Any = None,
        anchor: str | None = None,
    ) -> None:
        self.kind = kind
        self.tag = tag
        self.value = value
        self.span = span
        self.style = style
        self.anchor = anchor

    def __repr__(self) -> str:
        return f"YamlNode({self.kind}, {self.tag}, line {self.span.line})"

    @property
    def target(self) -> "YamlNode":
        """The node itself, or for an alias the node it stands for."""
        return self.value if self.kind == "alias" else self


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key written twice in one mapping; `second` is the later occurrence."""

    path: Path
    key: str
    first: Span
    second: Span


@dataclass(slots=True)
class ParsedYaml:
    """A parsed document: its node tree, its plain value and where each value stands."""

    root: YamlNode | None
    value: Any
    source_map: SourceMap
    duplicates: list[DuplicateKey] = field(default_factory=list)
    document_count: int = 0
    # Span of the second document, when the stream holds more than one.
    extra_document: Span | None = None


class _SpanMaker:
    """Turns libyaml marks into spans, undoing the shift of a stripped byte order mark."""

    def __init__(self, shift: int) -> None:
        self.shift = shift

    def __call__(self, start: Any, end: Any) -> Span:
        return Span(
            start.index + self.shift,
            end.index + self.shift,
            start.line + 1,
            start.column + 1 + (self.shift if start.line == 0 else 0),
            end.line + 1,
            end.column + 1 + (self.shift if end.line == 0 else 0),
        )


def _syntax_error(error: yaml.YAMLError, text: str, shift: int) -> YamlSyntaxError:
    if isinstance(error, yaml.reader.ReaderError):
        return YamlSyntaxError(error.reason, 1, error.position + 1, error.position)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return YamlSyntaxError(str(error), 1, 1, 0)
    if text[mark.index + shift : mark.index + shift + 1] == "\t":
        message = "a tab character; YAML indents with spaces only, so replace the tab with spaces"
    elif getattr(error, "problem_mark", None) is not None:
        described = describe(error, text[shift:], _Loader)
        message, mark = described.message, described.mark
    else:
        problem = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        message = f"{problem} ({context})" if context else problem
    column = mark.column + 1 + (shift if mark.line == 0 else 0)
    return YamlSyntaxError(message, mark.line + 1, column, mark.index + shift)


def compose(text: str) -> tuple[YamlNode | None, int, Span | None]:
    """Compose the first document of `text` into a node tree.

    Return the root node (None for an empty stream), the number of documents, and the
    span where a second document starts. Raise `YamlSyntaxError` on malformed text.
    """
    shift = 1 if text.startswith("\ufeff") else 0
    make_span = _SpanMaker(shift)
    anchors: dict[str, YamlNode] = {}
    # Each open collection: [kind, tag, items, start mark, style, anchor, pending key].
    stack: list[list[Any]] = []
    root: YamlNode | None = None
    documents = 0
    extra: Span | None = None

    def attach(node: YamlNode) -> None:
        nonlocal root
        if not stack:
            if documents == 1:
                root = node
            return
        top = stack[-1]
        if top[0] == "sequence":
            top[2].append(node)
        elif top[6] is None:
            top[6] = node
        else:
            top[2].append((top[6], node))
            top[6] = None

    try:
        for event in yaml.parse(text[shift:], Loader=_Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
                node = YamlNode(
                    "scalar",
                    tag,
                    event.value,
                    make_span(event.start_mark, event.end_mark),
                    event.style,
                    event.anchor,
                )
                if event.anchor is not None:
                    anchors[event.anchor] = node
                attach(node)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                collection = "mapping" if kind is yaml.MappingStartEvent else "sequence"
                tag = event.tag
                if tag is None or tag == "!":
                    tag = MAP_TAG if collection == "mapping" else SEQ_TAG
                stack.append(
                    [collection, tag, [], event.start_mark, event.flow_style,
                     event.anchor, None]
                )
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                collection, tag, items, start, style, anchor, _ = stack.pop()
                node = YamlNode(
                    collection, tag, items, make_span(start, event.end_mark),
                    bool(style), anchor,
                )
                if anchor is not None:
                    anchors[anchor] = node
                attach(node)
            elif kind is yaml.AliasEvent:
                span = make_span(event.start_mark, event.end_mark)
                target = anchors.get(event.anchor)
                if target is None:
                    raise YamlSyntaxError(
                        f"alias *{event.anchor} has no finished anchor &{event.anchor} "
                        "before it; define the anchor first (an alias inside its own "
                        "anchor is not allowed)",
                        span.line, span.column, span.start,
                    )
                attach(YamlNode("alias", target.tag, target, span, None, event.anchor))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 2:
                    extra = make_span(event.start_mark, event.end_mark)
                anchors = {}
    except yaml.YAMLError as error:
        raise _syntax_error(error, text, shift) from None
    return root, documents, extra


def _scalar_value(node: YamlNode) -> Any:
    construct = _TYPED_TAGS.get(node.tag or "")
    if construct is None:
        return node.value
    try:
        return construct(yaml.ScalarNode(node.tag, node.value))
    except (ValueError, ConstructorError):
        return node.value


def _key_text(node: YamlNode) -> str:
    target = node.target
    if target.kind == "scalar":
        return target.value
    # A collection as a key cannot name anything in a template; keep a readable form.
    return f"<{target.kind} key at line {node.span.line}>"


class _Converter:
    def __init__(self) -> None:
        self.source_map = SourceMap()
        self.duplicates: list[DuplicateKey] = []

    def convert(
        self,
        node: YamlNode,
        path: Path,
        key_span: Span | None,
        origin: str = "own",
        via: Span | None = None,
    ) -> Any:
        if node.kind == "alias":
            if via is None:
                origin, via = "alias", node.span
            node = node.value
        self.source_map.add(path, SourceEntry(node.span, key_span, origin, via))
        if node.kind == "scalar":
            return _scalar_value(node)
        if node.kind == "sequence":
            return [
                self.convert(item, path + (index,), None, origin, via)
                for index, item in enumerate(node.value)
            ]
        return self._mapping(node, path, origin, via)

    def _mapping(
        self, node: YamlNode, path: Path, origin: str, via: Span | None
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Span] = {}
        merges: list[tuple[YamlNode, YamlNode]] = []
        for key_node, value_node in node.value:
            if key_node.kind == "scalar" and key_node.tag == MERGE_TAG:
                merges.append((key_node, value_node))
                continue
            key = _key_text(key_node)
            if key in seen:
                if origin == "own":
                    self.duplicates.append(
                        DuplicateKey(path + (key,), key, seen[key], key_node.span)
                    )
                continue
            seen[key] = key_node.span
            result[key] = self.convert(value_node, path + (key,), key_node.span, origin, via)
        for merge_key, merge_value in merges:
            merge_via = via if via is not None else merge_key.span
            for key_node, value_node in _merged_pairs(merge_value, depth=0):
                key = _key_text(key_node)
                if key in result:
                    continue
                result[key] = self.convert(
                    value_node, path + (key,), key_node.span, "merge", merge_via
                )
        return result


def _merged_pairs(node: YamlNode, depth: int) -> list[tuple[YamlNode, YamlNode]]:
    """Return the key and value pairs a merge key brings in, in order of precedence.

    The value of `<<` is a mapping or a list of mappings; earlier mappings win, and a
    merged mapping's own keys win over the keys it merges in itself.
    """
    target = node.target
    if depth > 32:
        return []
    if target.kind == "sequence":
        pairs: list[tuple[YamlNode, YamlNode]] = []
        for item in target.value:
            pairs.extend(_merged_pairs(item, depth + 1))
        return pairs
    if target.kind != "mapping":
        return []
    own = [(k, v) for k, v in target.value if not (k.kind == "scalar" and k.tag == MERGE_TAG)]
    for key_node, value_node in target.value:
        if key_node.kind == "scalar" and key_node.tag == MERGE_TAG:
            own.extend(_merged_pairs(value_node, depth + 1))
    return own


def looks_like_json(text: str) -> bool:
    """Tell whether `text` is a JSON document: its first character, after a byte order
    mark and white space, opens a JSON object."""
    return text.lstrip("\ufeff \t\r\n").startswith("{")


_JSON_TAGS = {
    bool: _CORE_PREFIX + "bool",
    int: _CORE_PREFIX + "int",
    float: _CORE_PREFIX + "float",
    type(None): _CORE_PREFIX + "null",
}


def _retag_json_scalars(node: YamlNode) -> None:
    """Give plain scalars the types JSON gives them.

    YAML 1.1 reads `1e5` and `2.5E3` as strings, while JSON reads them as numbers, so a
    JSON template would otherwise change meaning. Quoted scalars stay strings.
    """
    pending = [node]
    while pending:
        current = pending.pop()
        if current.kind == "scalar":
            # libyaml gives a plain scalar the style None or "".
            if not current.style:
                try:
                    value = json.loads(current.value)
                except ValueError:
                    continue
                tag = _JSON_TAGS.get(type(value))
                if tag is not None:
                    current.tag = tag
        elif current.kind == "sequence":
            pending.extend(current.value)
        elif current.kind == "mapping":
            for key, value in current.value:
                pending.append(key)
                pending.append(value)


def parse_yaml(text: str) -> ParsedYaml:
    """Parse the first document of `text`; raise `YamlSyntaxError` when malformed.

    A JSON document (see `looks_like_json`) is parsed by the same YAML parser, since
    JSON is YAML flow syntax, but its plain scalars take JSON's types.
    """
    root, documents, extra = compose(text)
    if root is not None and looks_like_json(text):
        _retag_json_scalars(root)
    converter = _Converter()
    value = None if root is None else converter.convert(root, (), None)
    return ParsedYaml(root, value, converter.source_map, converter.duplicates, documents, extra)
