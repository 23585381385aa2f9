"""Read YAML into values that remember where they came from (line and column).

PyYAML's composer gives nodes with marks; we expand them ourselves so that
anchors, aliases and merge keys work as users expect while duplicate keys,
alias bombs, deep nesting and non-UTF-8 bytes become ordinary problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, RoutineError

MAX_FILE_BYTES = 2_000_000
"""A routine file larger than this is refused before parsing."""
MAX_NODES = 200_000
"""The most values a document may expand to once aliases are followed."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists a document may have."""


@dataclass
class Y:
    """A YAML value with its position: a dict of Y, a list of Y, or a plain scalar."""

    value: Any
    line: int
    column: int
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    """For a mapping: where each key was written (line, column)."""

    def plain(self) -> Any:
        """The value with positions stripped (dicts, lists and scalars)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


class _Expander:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0
        self.scalars = SafeConstructor()

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(
            Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, message)
        )

    def expand(self, node: Node, depth: int = 0) -> Y:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, ScalarNode):
            return Y(self.scalar(node), line, column)
        if isinstance(node, SequenceNode):
            return Y([self.expand(item, depth + 1) for item in node.value], line, column)
        assert isinstance(node, MappingNode)
        result = Y({}, line, column)
        explicit: dict[str, Y] = {}
        merged: dict[str, Y] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.merge(value_node, merged, depth)
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "a key must be a plain word, not a list or mapping")
                continue
            key = str(self.scalar(key_node))
            if key in explicit:
                first = result.keys[key]
                self.problem(
                    key_node,
                    f"duplicate key '{key}' (first written at line {first[0]}); remove one of them",
                )
                continue
            explicit[key] = self.expand(value_node, depth + 1)
            result.keys[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        for key, value in merged.items():
            if key not in explicit:
                result.value[key] = value
                result.keys[key] = (value.line, value.column)
        for key, value in explicit.items():
            result.value[key] = value
        return result

    def merge(self, value_node: Node, into: dict[str, Y], depth: int) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, MappingNode):
                self.problem(source, "'<<' merges mappings only: write '<<: *name' for an anchored mapping")
                continue
            expanded = self.expand(source, depth + 1)
            for key, value in expanded.value.items():
                into.setdefault(key, value)  # earlier sources win, as in YAML's merge spec

    def scalar(self, node: ScalarNode) -> Any:
        try:
            return self.scalars.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value


class _TooBig(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _TooDeep(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def decode_source(data: bytes, file: str) -> str:
    """Decode a routine file's bytes as UTF-8, or raise a RoutineError at the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError([Problem(file, 1, 1, f"the file is {len(data):,} bytes; a routine file may be at most {MAX_FILE_BYTES:,}")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise RoutineError(
            [Problem(file, line, column, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")]
        ) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise RoutineError([Problem(file, 1, 1, "the file is empty; it needs at least 'routines:' with one routine")])
    return text


def parse_yaml(text: str, file: str) -> Y:
    """Parse one YAML document into a located value tree; raise RoutineError on bad YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}, {what}"
        raise RoutineError([Problem(file, line, column, f"this is not valid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise RoutineError([Problem(file, 1, 1, f"this is not valid YAML: {exc}")]) from None
    except RecursionError:
        raise RoutineError([Problem(file, 1, 1, f"the document nests deeper than {MAX_DEPTH} levels")]) from None
    if node is None:
        raise RoutineError([Problem(file, 1, 1, "the file is empty; it needs at least 'routines:' with one routine")])
    expander = _Expander(file)
    try:
        tree = expander.expand(node)
    except _TooBig as exc:
        m = exc.node.start_mark
        raise RoutineError(
            [Problem(file, m.line + 1, m.column + 1, f"the document expands to more than {MAX_NODES:,} values (an alias bomb?); use fewer aliases")]
        ) from None
    except _TooDeep as exc:
        m = exc.node.start_mark
        raise RoutineError([Problem(file, m.line + 1, m.column + 1, f"the document nests deeper than {MAX_DEPTH} levels")]) from None
    except RecursionError:
        raise RoutineError([Problem(file, 1, 1, f"the document nests deeper than {MAX_DEPTH} levels")]) from None
    if expander.problems:
        raise RoutineError(expander.problems)
    return tree
