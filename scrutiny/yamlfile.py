"""Safe YAML loading that remembers where each key and list item was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is much faster; fall back to the pure-Python parser where it is missing.
    from yaml import CSafeLoader as _BaseLoader

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    LIBYAML = False

Position = tuple[int, int]


class _Loader(_BaseLoader):
    """Safe loader that leaves dates as text, so impossible dates get a precise message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlError(ValueError):
    """YAML that cannot be read, with the 1-based line and column the parser stopped at."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Located:
    """A loaded mapping with the 1-based positions of its keys and of list items."""

    data: Any
    keys: dict[str, Position] = field(default_factory=dict)
    values: dict[str, Position] = field(default_factory=dict)
    items: dict[str, list[Position]] = field(default_factory=dict)
    duplicates: list[tuple[str, Position, Position]] = field(default_factory=list)


def _pos(node: yaml.Node, line_offset: int) -> Position:
    return (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def _has_alias(root: yaml.Node) -> bool:
    """Whether any node is reached twice (an anchor used by an alias); linear in nodes."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def load(text: str, line_offset: int = 0) -> Located:
    """Load one YAML document from ``text``; positions are shifted by ``line_offset`` lines.

    Raises :class:`YamlError` for syntax errors and for anchors/aliases, which front matter
    never needs and which could expand without bound.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None)
        if _has_alias(node):
            raise YamlError(
                "YAML anchors and aliases (& and *) are not allowed here; write the values out",
                *_pos(node, line_offset),
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", line_offset + 1, 1) from None
    except RecursionError:
        raise YamlError("invalid YAML: nested too deeply", line_offset + 1, 1) from None
    finally:
        loader.dispose()
    located = Located(data)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            where = _pos(key_node, line_offset)
            if key in located.keys:
                located.duplicates.append((key, located.keys[key], where))
            located.keys[key] = where
            located.values[key] = _pos(value_node, line_offset)
            if isinstance(value_node, yaml.SequenceNode):
                located.items[key] = [_pos(item, line_offset) for item in value_node.value]
            else:
                located.items[key] = [located.values[key]]
    return located
