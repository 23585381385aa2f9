"""The routine format's definitions, declared once.

The loader checks a file against these kinds and the JSON Schema shipped for
editors is generated from the same kinds (`json_schema()`), so the two cannot
drift apart.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import Problem
from .yamlsource import Y

MS_PER_S = 1000
MAX_DURATION_MS = 4 * 3600 * MS_PER_S

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


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
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


_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$")


def parse_duration_ms(value: Any) -> int | None:
    """Parse `30s`, `1m`, `1m30s`, `2.5s`, `1h` or a bare number of seconds into whole milliseconds.

    Returns None when the text is not a duration; the value may still be zero.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return round(value * MS_PER_S) if abs(value) < 1e9 else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "")
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return round(float(text) * MS_PER_S) if len(text) < 12 else None
    sign = -1 if text.startswith("-") else 1  # '-5s' is a negative duration, reported as such
    text = text.removeprefix("-")
    match = _DURATION.match(text)
    if not text or not match or not any(match.groups()):
        return None
    if len(text) > 24:
        return None
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return sign * round((hours * 3600 + minutes * 60 + seconds) * MS_PER_S)


@dataclass
class Duration(Kind):
    """A length of time: `30s`, `1m`, `1m30s`, `2.5s` or a bare number of seconds."""

    description: str = "a length of time such as 30s, 1m, 1m30s, 2.5s or a number of seconds"
    minimum_ms: int = 500

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        ms = parse_duration_ms(y.value)
        if ms is None:
            ctx.add(y.line, y.column, path, f"{_shown(y.value)} is not a duration; write it like 30s, 1m or 1m30s")
            return INVALID
        if ms < self.minimum_ms:
            if ms <= 0:
                ctx.add(y.line, y.column, path, f"{_shown(y.value)} is zero or negative; a duration must be above 0, like 30s")
            else:
                ctx.add(y.line, y.column, path, f"{_shown(y.value)} is too short; a duration must be at least {self.minimum_ms / 1000:g}s")
            return INVALID
        if ms > MAX_DURATION_MS:
            ctx.add(y.line, y.column, path, f"{_shown(y.value)} is longer than 4 hours, the longest a track may be")
            return INVALID
        return ms

    def json_schema(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "oneOf": [
                {"type": "number", "minimum": self.minimum_ms / MS_PER_S, "maximum": MAX_DURATION_MS // MS_PER_S},
                {"type": "string", "pattern": r"^(\d+(\.\d+)?h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?$"},
            ],
        }


@dataclass
class Count(Kind):
    """A whole number in a range."""

    minimum: int = 1
    maximum: int = 1000
    description: str = "a whole number"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        value = y.value
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.add(y.line, y.column, path, f"must be a whole number from {self.minimum} to {self.maximum}, got {_shown(value)}")
            return INVALID
        if not self.minimum <= value <= self.maximum:
            ctx.add(y.line, y.column, path, f"must be a whole number from {self.minimum} to {self.maximum}, got {value}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum, "description": self.description}


@dataclass(frozen=True)
class RepRange:
    """A number of repetitions, or a range such as 8-10 (timed for the upper bound)."""

    low: int
    high: int


@dataclass
class Reps(Kind):
    """`8` or `8-10`."""

    maximum: int = 1000
    description: str = "a number of repetitions (8) or a range (8-10), timed for the upper bound"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        value = y.value
        if isinstance(value, int) and not isinstance(value, bool):
            low = high = value
        elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}\s*(-|to)\s*\d{1,6}\s*", value):
            low, high = (int(p) for p in re.split(r"-|to", value))
        else:
            ctx.add(y.line, y.column, path, f"must be a whole number above 0 or a range like 8-10, got {_shown(value)}")
            return INVALID
        if low < 1:
            what = f"a whole number above 0, got {value}" if isinstance(value, int) else f"a range starting at 1 or more, like 8-10, got {_shown(value)}"
            ctx.add(y.line, y.column, path, f"must be {what}")
            return INVALID
        if high < low:
            ctx.add(y.line, y.column, path, f"{_shown(value)} counts down; put the smaller number first: {high}-{low}")
            return INVALID
        if high > self.maximum:
            ctx.add(y.line, y.column, path, f"must be at most {self.maximum} repetitions, got {high}")
            return INVALID
        return RepRange(low, high)

    def json_schema(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "oneOf": [
                {"type": "integer", "minimum": 1, "maximum": self.maximum},
                {"type": "string", "pattern": r"^\s*\d+\s*(-|to)\s*\d+\s*$"},
            ],
        }


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass
class Text(Kind):
    """Text, spoken or shown; one line or a few sentences."""

    max_length: int = 200
    description: str = "text"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        value = y.value
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            ctx.add(y.line, y.column, path, f"must be text, got {_shown(value) if value is not None else 'nothing'}")
            return INVALID
        text = " ".join(str(value).split())
        bad = _CONTROL.search(str(value).replace("\n", " ").replace("\t", " "))
        if bad:
            ctx.add(y.line, y.column, path, f"contains the control character U+{ord(bad.group()):04X}; remove it")
            return INVALID
        if not text:
            ctx.add(y.line, y.column, path, "must not be empty")
            return INVALID
        if len(text) > self.max_length:
            ctx.add(y.line, y.column, path, f"is {len(text)} characters long; shorten it to {self.max_length} or fewer")
            return INVALID
        return unicodedata.normalize("NFC", text)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length, "description": self.description}


@dataclass
class Pattern(Text):
    """Text that must match a regular expression (ids, file names)."""

    pattern: str = ".*"
    explain: str = ""
    suggest: Callable[[str], str] | None = None
    """Makes a valid value from an invalid one, offered as 'try ...' (or '' for no offer)."""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        text = super().check(y, path, ctx)
        if text is INVALID:
            return INVALID
        if not re.fullmatch(self.pattern, text):
            offer = self.suggest(text) if self.suggest else ""
            ctx.add(y.line, y.column, path, f"{_shown(text)} {self.explain}" + (f"; try {offer!r}" if offer else ""))
            return INVALID
        return text

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "pattern": f"^{self.pattern}$"}


@dataclass
class LocalFile(Pattern):
    """A file named relative to the routine file, which must exist inside the routine file's folder."""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        text = super().check(y, path, ctx)
        if text is INVALID:
            return INVALID
        candidate = Path(text)
        if candidate.is_absolute() or ".." in candidate.parts:
            ctx.add(y.line, y.column, path, f"{_shown(text)} must be a file inside the routine file's folder (no absolute paths, no '..')")
            return INVALID
        if ctx.base is None:
            return candidate
        base = ctx.base.resolve()
        try:
            resolved = (base / candidate).resolve()
            found = resolved.is_file()
        except (OSError, RuntimeError) as exc:  # a name too long for the file system, a symlink loop
            ctx.add(y.line, y.column, path, f"{_shown(text)} cannot be opened ({getattr(exc, 'strerror', None) or exc}); rename the file")
            return INVALID
        if not resolved.is_relative_to(base):
            ctx.add(y.line, y.column, path, f"{_shown(text)} leads outside the routine file's folder; copy the file into {base}")
            return INVALID
        if not found:
            ctx.add(y.line, y.column, path, f"{_shown(text)} was not found in {base}")
            return INVALID
        return resolved


@dataclass
class Choice(Kind):
    """One of a few words (or booleans)."""

    choices: tuple[Any, ...] = ()
    description: str = ""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if y.value in self.choices and type(y.value) in {type(c) for c in self.choices}:
            return y.value
        shown = ", ".join(str(c).lower() if isinstance(c, bool) else str(c) for c in self.choices)
        hint = ""
        if isinstance(y.value, str):
            close = difflib.get_close_matches(y.value, [str(c) for c in self.choices if isinstance(c, str)], n=1)
            if close:
                hint = f"; did you mean '{close[0]}'?"
        ctx.add(y.line, y.column, path, f"must be one of {shown}, got {_shown(y.value)}{hint}")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices), "description": self.description}


@dataclass
class ListOf(Kind):
    """A list of values of one kind."""

    item: Kind = field(default_factory=Kind)
    min_items: int = 1
    max_items: int = 500
    description: str = ""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if not isinstance(y.value, list):
            ctx.add(y.line, y.column, path, f"must be a list (each item on a line starting with '- '), got {_shown(y.value) if y.value is not None else 'nothing'}")
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
        ctx.add(y.line, y.column, path, f"{self.explain}, got {_shown(y.value) if y.value is not None else 'nothing'}")
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

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if not isinstance(y.value, dict):
            shown = _shown(y.value) if y.value is not None else "nothing"
            names = [f.name for f in self.fields if f.required] + [f.name for f in self.fields if not f.required]
            listed = ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")
            ctx.add(y.line, y.column, path or "(top level)", f"must be a mapping of keys ({listed}), got {shown}")
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
                    hint += f" (or name it 'x-{key}' to have it ignored)"
                if value.value is None and not close:
                    hint += " (inside {...} a comma starts a new key: put text with commas in quotes)"
                ctx.add(line, column, path or "(top level)", f"unknown key '{key}'{hint}")
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
