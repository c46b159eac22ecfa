"""Safe YAML loading that remembers where each key and list item was written."""

from __future__ import annotations

import re
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

#: Deepest nesting of lists and mappings accepted. Front matter needs two or three levels;
#: libyaml's composer recurses in C and crashes the process somewhere past 20,000.
MAX_DEPTH = 100
#: Characters that can open a list or mapping; fewer than MAX_DEPTH of them cannot nest
#: deeper, so most notes skip the exact (slower) depth check.
_OPENERS = re.compile(r"[\[{]|[-?:](?=[ \t\n]|$)", re.MULTILINE)
#: The tags front matter may use, written or implied; anything else (!!binary, !!set,
#: !!python/...) is refused before a constructor runs.
_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
)


#: The characters without which YAML can write no tag, anchor or alias.
_MARKS = re.compile(r"[!&*]")


class _Loader(_BaseLoader):
    """Safe loader that leaves dates and numbers as written.

    Dates stay text so an impossible date gets a precise message. Numbers stay text
    because no front-matter field is a number, and YAML's reading of them loses what was
    written: ``id: 012`` would become ``10`` (octal), ``0x1F`` 31 and ``number: 1.10`` 1.1.
    """


#: Implicit types not resolved: their scalars are read as the text they are (a lone "=",
#: YAML 1.1's "value" key, too: ``title: =`` is the text "=").
_AS_WRITTEN = {
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:value",
}

_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _AS_WRITTEN]
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


def _refuse(root: yaml.Node, line_offset: int) -> YamlError | None:
    """An error for the first node reached twice (an alias) or with a refused tag; linear."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return YamlError(
                "YAML anchors and aliases (& and *) are not allowed here; write the values out",
                *_pos(node, line_offset),
            )
        seen.add(id(node))
        if node.tag not in _TAGS:
            return YamlError(
                f"invalid YAML: tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not "
                "allowed in front matter; write plain text, numbers, dates and lists",
                *_pos(node, line_offset),
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


_STR, _NULL, _BOOL = (f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool"))
_BOOLS = yaml.constructor.SafeConstructor.bool_values
#: What :func:`_plain` returns for a document it leaves to PyYAML's constructor.
_UNPLAIN: Any = object()


def _plain(node: yaml.Node) -> Any:
    """What PyYAML's safe constructor makes of a document of text, true/false, empty values,
    lists and mappings with text keys; :data:`_UNPLAIN` for anything else (merge keys,
    keys that are not text), which the constructor then builds."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return _BOOLS.get(node.value.lower(), _UNPLAIN)
        return _UNPLAIN
    if isinstance(node, yaml.SequenceNode):
        items = [_plain(item) for item in node.value]
        return _UNPLAIN if any(item is _UNPLAIN for item in items) else items
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key, value in node.value:
            if not (isinstance(key, yaml.ScalarNode) and key.tag == _STR):
                return _UNPLAIN
            built = _plain(value)
            if built is _UNPLAIN:
                return _UNPLAIN
            mapping[key.value] = built
        return mapping
    return _UNPLAIN


def _check_depth(text: str, line_offset: int) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before libyaml's recursive composer runs."""
    if 2 * len(_OPENERS.findall(text)) < MAX_DEPTH:
        return
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line, mark.column) if mark else (0, 0)
                    raise YamlError(
                        f"invalid YAML: lists and mappings nested more than {MAX_DEPTH} deep",
                        line + 1 + line_offset,
                        column + 1,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def load(text: str, line_offset: int = 0) -> Located:
    """Load one YAML document from ``text``; positions are shifted by ``line_offset`` lines.

    Raises :class:`YamlError` for syntax errors and for anchors/aliases, which front matter
    never needs and which could expand without bound.
    """
    try:
        _check_depth(text, line_offset)
        loader = _Loader(text)
    except yaml.YAMLError as exc:
        raise _syntax(exc, text, line_offset) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None)
        # A tag needs a '!', an anchor a '&' and an alias a '*': most notes have none of
        # them, need no walk over their nodes, and are built by _plain, without PyYAML's
        # constructor (a third of the loader's time).
        marked = _MARKS.search(text) is not None
        refused = _refuse(node, line_offset) if marked else None
        if refused is not None:
            raise refused
        try:
            data = _UNPLAIN if marked else _plain(node)
            if data is _UNPLAIN:
                data = loader.construct_document(node)
        except (ValueError, KeyError, TypeError, OverflowError) as exc:
            # A value its tag cannot hold: `!!bool maybe`, `!!float abc`, a 5,000-digit number.
            why = str(exc)
            if "digits" in why:
                why = "a number longer than 4,300 digits"
            elif isinstance(exc, KeyError):
                why = f"{exc.args[0]!r} does not fit its tag"
            raise YamlError(
                f"invalid YAML: a value cannot be read ({why})", *_pos(node, line_offset)
            ) from None
    except yaml.YAMLError as exc:
        raise _syntax(exc, text, line_offset) from None
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
            # List items only: a scalar's one item (a lone value where a list is expected)
            # is at the value's position, where Origin.where looks when it has no items.
            if isinstance(value_node, yaml.SequenceNode):
                located.items[key] = [_pos(item, line_offset) for item in value_node.value]
    return located


def _syntax(exc: yaml.YAMLError, text: str, line_offset: int) -> YamlError:
    """A one-line :class:`YamlError` at the place PyYAML stopped."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:
            # Newer libyaml stops deep nesting itself, in its own words; keep ours.
            problem = f"lists and mappings nested more than {MAX_DEPTH} deep"
        lines = text.split("\n")
        at = (
            lines[mark.line][mark.column : mark.column + 1]
            if mark and mark.line < len(lines)
            else ""
        )
        if at == "\t" and "tab" not in problem:
            problem = "a tab character where YAML needs spaces; indent with spaces"
        return YamlError(f"invalid YAML: {problem}", line, column)
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1 + line_offset
        column = len(before) - (before.rfind("\n") + 1) + 1
        return YamlError(f"invalid YAML: {exc.reason} (character {exc.character!r})", line, column)
    return YamlError(f"invalid YAML: {exc}".split("\n")[0], line_offset + 1, 1)
