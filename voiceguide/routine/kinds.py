"""The routine format's definitions, declared once.

The loader checks a file against these kinds and the JSON Schema shipped for
editors is generated from the same kinds (`json_schema()`), so the two cannot
drift apart.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import Problem
from ..text import printable, quoted
from .yamlsource import Y

INVALID: Any = object()
"""Returned by a kind's check when the value was wrong (the problem is already recorded)."""


@dataclass
class Ctx:
    """Where problems go while a file is checked."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    base: Path | None = None
    """The folder that files named in the routine file are relative to; None: do not look for them."""

    def add(self, line: int, column: int, path: str, message: str) -> None:
        prefix = f"{path}: " if path else ""
        self.problems.append(Problem(self.file, line, column, prefix + message))


def shown(value: Any) -> str:
    """A value as a message shows it: short quoted text (escaped), a number or date as written, or its kind.

    Given the located value (a Y), a scalar YAML turned into a number, a date or a boolean is
    shown as the user wrote it (2001-12-14, yes), never as Python would write it.
    """
    if isinstance(value, Y):
        if value.written is not None and not isinstance(value.value, (str, dict, list)):
            return printable(value.written) if value.written else "nothing"
        value = value.value
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value)


class Kind:
    """A kind of value in the format: checks a located value and describes itself as JSON Schema."""

    description = ""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass
class ListOf(Kind):
    """A list of values of one kind."""

    item: Kind = field(default_factory=Kind)
    min_items: int = 1
    max_items: int = 500
    description: str = ""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if not isinstance(y.value, list):
            ctx.add(
                y.line,
                y.column,
                path,
                (f"must be a list (each item on a line starting with '- '), got {shown(y)}"),
            )
            return INVALID
        if not self.min_items <= len(y.value) <= self.max_items:
            ctx.add(y.line, y.column, path, f"must have {self.min_items} to {self.max_items} items, has {len(y.value)}")
            return INVALID
        items = [self.item.check(v, f"{path}[{i}]", ctx) for i, v in enumerate(y.value)]
        return INVALID if any(i is INVALID for i in items) else items

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "array",
            "items": self.item.json_schema(),
            "minItems": self.min_items,
            "maxItems": self.max_items,
            "description": self.description,
        }


@dataclass
class Ref(Kind):
    """A named object kind, defined once and referenced from the schema's `$defs`."""

    name: str = ""
    registry: dict[str, "Obj"] = field(default_factory=dict, repr=False)

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        return self.registry[self.name].check(y, path, ctx)

    def json_schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.name}"}


@dataclass
class Either(Kind):
    """The first of several kinds that the value's YAML type fits."""

    options: tuple[tuple[Callable[[Any], bool], Kind], ...] = ()
    description: str = ""
    explain: str = ""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        for fits, kind in self.options:
            if fits(y.value):
                return kind.check(y, path, ctx)
        ctx.add(y.line, y.column, path, f"{self.explain}, got {shown(y)}")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"description": self.description, "anyOf": [k.json_schema() for _, k in self.options]}


@dataclass(frozen=True)
class FieldSpec:
    """One key of an object in the format."""

    name: str
    kind: Kind
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Checked:
    """A checked mapping: the values of the keys that were written, and where it was."""

    values: dict[str, Any]
    line: int
    column: int
    key_positions: dict[str, tuple[int, int]]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.values


Rule = Callable[[Y, Checked, str, Ctx], None]


@dataclass
class Obj(Kind):
    """A mapping with known keys; unknown keys are errors with the nearest valid key."""

    name: str = ""
    fields: tuple[FieldSpec, ...] = ()
    description: str = ""
    rules: tuple[Rule, ...] = ()
    extra_schema: dict[str, Any] = field(default_factory=dict)
    extensions: bool = False
    """Whether keys starting with 'x-' are allowed (and ignored): a place to keep YAML anchors."""
    raw_rules: tuple[Rule, ...] = ()
    """Rules that read the YAML as written and run even when other keys are wrong, so their problems are
    reported with the rest (`rules` run only on a mapping whose every key checked out)."""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if not isinstance(y.value, dict):
            got = shown(y)
            names = [f.name for f in self.fields if f.required] + [f.name for f in self.fields if not f.required]
            listed = ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")
            ctx.add(y.line, y.column, path or "(top level)", f"must be a mapping of keys ({listed}), got {got}")
            return INVALID
        known = {f.name: f for f in self.fields}
        values: dict[str, Any] = {}
        failed = False
        for key, value in y.value.items():
            line, column = y.keys.get(key, (value.line, value.column))
            sub = f"{path}.{key}" if path else key
            if self.extensions and key.startswith("x-"):
                continue
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; valid keys here: {', '.join(known)}"
                if self.extensions and not close:
                    hint += f" (or name it {shown('x-' + key)} to have it ignored)"
                if value.value is None and not close:
                    hint += " (inside {...} a comma starts a new key: put text with commas in quotes)"
                ctx.add(line, column, path or "(top level)", f"unknown key {shown(key)}{hint}")
                failed = True
                continue
            checked = known[key].kind.check(value, sub, ctx)
            if checked is INVALID:
                failed = True
            else:
                values[key] = checked
        for f in self.fields:
            if f.required and f.name not in y.value:
                ctx.add(y.line, y.column, path or "(top level)", f"missing required key '{f.name}' ({f.doc})")
                failed = True
        result = Checked(values, y.line, y.column, dict(y.keys))
        before = len(ctx.problems)
        for rule in self.raw_rules:
            rule(y, result, path, ctx)
        failed = failed or len(ctx.problems) > before
        if not failed:
            before = len(ctx.problems)
            for rule in self.rules:
                rule(y, result, path, ctx)
            failed = len(ctx.problems) > before  # a broken rule leaves nothing for later stages to build on
        return INVALID if failed else result

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "description": self.description,
            "properties": {f.name: {**f.kind.json_schema(), "description": f.doc} for f in self.fields},
            "additionalProperties": False,
        }
        if self.extensions:
            schema["patternProperties"] = {"^x-": {"description": "ignored: a place to keep YAML anchors for reuse"}}
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        schema.update(self.extra_schema)
        return schema
