"""Read YAML into values that remember where they came from (line and column).

PyYAML's composer gives nodes with marks; we expand them ourselves so that
anchors, aliases and merge keys work as users expect while duplicate keys,
alias bombs, deep nesting and non-UTF-8 bytes become ordinary problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from ..errors import Problem, RoutineError
from ..text import forbidden_character, quoted

MAX_FILE_BYTES = 2_000_000
"""A routine file larger than this is refused before parsing."""
MAX_NODES = 50_000
"""The most values a document may expand to once aliases are followed."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists a document may have."""
MAX_SCALAR_CHARS = 100_000
"""A single value longer than this is refused before parsing (the format's own text limits are far lower)."""
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
"""The only tags whose values are constructed; any other tag on a scalar leaves its text as written."""
EMPTY = "a routine file needs 'title:' and 'routines:' with at least one routine"
TOO_DEEP = (
    f"the document nests deeper than {MAX_DEPTH} levels of lists and mappings; flatten it (or remove an "
    "alias used inside its own anchor)"
)


@dataclass
class Y:
    """A YAML value with its position: a dict of Y, a list of Y, or a plain scalar."""

    value: Any
    line: int
    column: int
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    """For a mapping: where each key was written (line, column)."""
    written: str | None = None
    """For a scalar that YAML made into something other than text (a number, a date, true): its text as written."""

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
        self.problems.append(Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, message))

    def expand(self, node: Node, depth: int = 0) -> Y:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node.start_mark)
        if depth > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, ScalarNode):
            value = self.scalar(node)
            return Y(value, line, column, written=None if isinstance(value, str) else str(node.value))
        if isinstance(node, SequenceNode):
            return Y([self.expand(item, depth + 1) for item in node.value], line, column)
        assert isinstance(node, MappingNode)
        result = Y({}, line, column)
        explicit: dict[str, Y] = {}
        merged: dict[str, Y] = {}
        merge_line = 0
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                if merge_line:
                    self.problem(
                        key_node,
                        f"duplicate key '<<' (first written at line {merge_line}); merge several mappings "
                        "with one key: '<<: [*first, *second]'",
                    )
                    continue
                merge_line = key_node.start_mark.line + 1
                self.merge(key_node, value_node, merged, depth)
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)  # as written: 'on' stays 'on', not True
            bad = forbidden_character(key)
            if bad:
                self.problem(key_node, f"the key {quoted(key)} contains {bad[1]}; remove it")
                continue
            if key in explicit:
                first = result.keys[key]
                self.problem(
                    key_node,
                    f"duplicate key {quoted(key)} (first written at line {first[0]}); remove one of them",
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

    def merge(self, key_node: Node, value_node: Node, into: dict[str, Y], depth: int) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        if not all(isinstance(source, MappingNode) for source in sources):
            got = (
                "a list"
                if isinstance(value_node, SequenceNode)
                else repr(value_node.value)
                if value_node.value
                else "nothing"
            )
            self.problem(
                key_node,
                (
                    f"'<<' merges a mapping (or a list of mappings), got {got}; "
                    "put '&name' on a mapping and write '<<: *name'"
                ),
            )
            return
        for source in sources:
            expanded = self.expand(source, depth + 1)
            for key, value in expanded.value.items():
                into.setdefault(key, value)  # earlier sources win, as in YAML's merge spec

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:  # !!binary, !!set, !custom ...: the text as written
            return node.value
        try:
            return self.scalars.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, OverflowError, LookupError, AttributeError):
            return node.value  # an explicit tag that does not fit its text: !!int abc, !!bool maybe, !!timestamp 1


class _TooBig(Exception):
    def __init__(self, mark: Mark) -> None:
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark: Mark) -> None:
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting before Python's recursion limit can."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:  # the root is depth 1 here, 0 in _Expander
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _line_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


_PLAIN_EXPLANATIONS = (
    ("problem", "mapping values are not allowed here", "mark",
     "':' followed by a space is not allowed here; put text that contains ': ' in quotes, or check the indentation"),
    ("problem", "sequence entries are not allowed here", "mark",
     "a '- ' list item is not allowed here; check the indentation of this line and the ones above it"),
    ("problem", "expected '<document start>'", "mark",
     "this line comes after the document has ended; look above it for a stray line of text or a wrong indentation"),
    ("problem", "expected <block end>", "mark",
     "this line is indented differently from the lines above it; "
     "line up the keys of one mapping, and the '- ' items of one list"),
    ("context", "single document", "mark",
     "a routine file holds one YAML document; remove this '---' and what follows, or merge it into the first document"),
    ("problem", "could not find expected ':'", "opened",
     "this key has no ':' after it; write 'key: value', with a space after the colon"),
)  # fmt: skip
"""(which of the parser's texts, what it contains, which mark, what to tell the user)."""


def _explain(exc: yaml.MarkedYAMLError) -> tuple[Mark | None, str]:
    """Where a YAML syntax error is and what it means, in a user's words rather than the parser's."""
    problem, context = exc.problem or "", exc.context or ""
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark or exc.problem_mark
    char = re.search(r"found character '(.+)' that cannot start any token", problem)
    if char and char.group(1) == "\\t":
        return mark, "a tab character; indent with spaces, never tabs"
    if char:
        return mark, f"text cannot start with '{char.group(1)}'; put the text in quotes"
    if "quoted scalar" in context and "end of stream" in problem:
        return opened, "this quote is never closed; add the closing quote"
    texts = {"problem": problem, "context": context}
    for which, contains, at, message in _PLAIN_EXPLANATIONS:
        if contains in texts[which]:
            return (mark if at == "mark" else opened), message
    return _explain_named(exc, problem, context, mark, opened)


def _explain_named(
    exc: yaml.MarkedYAMLError, problem: str, context: str, mark: Mark | None, opened: Mark | None
) -> tuple[Mark | None, str]:
    """The errors that name an alias, an anchor or an open bracket."""
    alias = re.fullmatch(r"found undefined alias '(.+)'", problem)
    if alias:
        name = alias.group(1)
        return mark, f"'*{name}' refers to no anchor; write '&{name}' on the value to reuse, above this line"
    anchor = re.match(r"found duplicate anchor '(.+)'", context)
    if anchor and exc.context_mark:
        line = exc.context_mark.line + 1
        return mark, f"the anchor '&{anchor.group(1)}' is already used at line {line}; give this one another name"
    flow = re.fullmatch(r"while parsing a flow (sequence|mapping)", context)
    if flow and opened:
        pair = "[]" if flow.group(1) == "sequence" else "{}"
        return mark, (
            f"expected ',' or '{pair[1]}' here, to go on with or close the '{pair[0]}' opened at line "
            f"{opened.line + 1}, column {opened.column + 1}; put text that contains ':', ',' or brackets in quotes"
        )
    return mark, f"{context}, {problem}" if context else problem or str(exc)


def too_large(size: int) -> str:
    """The message for a routine file of `size` bytes, over the limit."""
    return f"the file is {size:,} bytes; a routine file may be at most {MAX_FILE_BYTES:,}"


def decode_source(data: bytes, file: str) -> str:
    """Decode a routine file's bytes as UTF-8, or raise a RoutineError at the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError([Problem(file, 1, 1, too_large(len(data)))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise RoutineError(
            [
                Problem(
                    file, line, column, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
                )
            ]
        ) from None
    odd_break = re.search("[\x85\u2028\u2029]", text)  # YAML counts these as line breaks, editors mostly do not
    if odd_break:
        line, column = _line_column(text, odd_break.start())
        raise RoutineError(
            [
                Problem(
                    file,
                    line,
                    column,
                    f"the character U+{ord(odd_break.group()):04X} (an invisible line break) is not allowed; remove it",
                )
            ]
        )
    if not text.strip():
        raise RoutineError([Problem(file, 1, 1, f"the file is empty; {EMPTY}")])
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise RoutineError([Problem(file, 1, 1, f"the file has only comments; {EMPTY}")])
    return text


def _prescan(text: str, file: str) -> None:
    """Refuse a document with too many values, too deep a nesting or a giant value, in well under a second.

    PyYAML's pure-Python parser, whose errors we explain to users, needs seconds for a
    file of a few hundred thousand values; libyaml (when PyYAML has it) reads the same
    events in C. Its own syntax errors are left to the Python parser that follows.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return
    values = 0
    stack: list[list[int]] = []  # for each open collection: [is a mapping, nodes seen in it]

    def refuse(mark: Mark, message: str) -> RoutineError:
        return RoutineError([Problem(file, mark.line + 1, mark.column + 1, message)])

    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            is_key = bool(stack) and stack[-1][0] and stack[-1][1] % 2 == 0
            if stack:
                stack[-1][1] += 1
            if not is_key:
                values += 1
                if values > MAX_NODES:
                    raise refuse(
                        event.start_mark,
                        f"the document has more than {MAX_NODES:,} values; split it into smaller files",
                    )
            if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
                raise refuse(
                    event.start_mark,
                    f"this value is {len(event.value):,} characters long; a value may be at most {MAX_SCALAR_CHARS:,}",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([int(isinstance(event, yaml.MappingStartEvent)), 0])
                if len(stack) > MAX_DEPTH + 1:
                    raise refuse(event.start_mark, TOO_DEEP)
    except yaml.YAMLError:
        return


def parse_yaml(text: str, file: str) -> Y:
    """Parse one YAML document into a located value tree; raise RoutineError on bad YAML."""
    _prescan(text, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark, what = _explain(exc)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RoutineError([Problem(file, line, column, f"this is not valid YAML: {what}")]) from None
    except ReaderError as exc:
        line, column = _line_column(text, exc.position)
        raise RoutineError(
            [
                Problem(
                    file, line, column, f"the character U+{exc.character:04X} is not allowed in a YAML file; remove it"
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise RoutineError([Problem(file, 1, 1, f"this is not valid YAML: {exc}")]) from None
    except _TooDeep as exc:
        raise RoutineError([Problem(file, exc.mark.line + 1, exc.mark.column + 1, TOO_DEEP)]) from None
    except RecursionError:
        raise RoutineError([Problem(file, 1, 1, TOO_DEEP)]) from None
    if node is None or (node.tag == "tag:yaml.org,2002:null" and node.value == ""):
        raise RoutineError([Problem(file, 1, 1, f"the file is empty; {EMPTY}")])
    expander = _Expander(file)
    try:
        tree = expander.expand(node)
    except _TooBig as exc:
        m = exc.mark
        raise RoutineError(
            [
                Problem(
                    file,
                    m.line + 1,
                    m.column + 1,
                    f"the document expands to more than {MAX_NODES:,} values (an alias bomb?); use fewer aliases",
                )
            ]
        ) from None
    except _TooDeep as exc:
        raise RoutineError([Problem(file, exc.mark.line + 1, exc.mark.column + 1, TOO_DEEP)]) from None
    except RecursionError:
        raise RoutineError([Problem(file, 1, 1, TOO_DEEP)]) from None
    if expander.problems:
        raise RoutineError(expander.problems)
    return tree
