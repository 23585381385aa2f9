"""The scalar kinds of the routine format: durations, counts, reps, text, file names and choices.

Each checks a located YAML value (recording a problem with its line and column
when it is wrong) and describes itself as JSON Schema; see schema.py for the
structural kinds (objects, lists) and format.py for where each is used.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..reading import file_kind
from ..text import forbidden_character
from .kinds import INVALID, Ctx, Kind, shown
from .yamlsource import Y

MS_PER_S = 1000
MAX_DURATION_MS = 4 * 3600 * MS_PER_S


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
            ctx.add(y.line, y.column, path, f"{shown(y)} is not a duration; write it like 30s, 1m or 1m30s")
            return INVALID
        if ms < self.minimum_ms:
            if ms <= 0:
                ctx.add(
                    y.line,
                    y.column,
                    path,
                    f"{shown(y)} is zero or negative; a duration must be above 0, like 30s",
                )
            else:
                ctx.add(
                    y.line,
                    y.column,
                    path,
                    f"{shown(y)} is too short; a duration must be at least {self.minimum_ms / 1000:g}s",
                )
            return INVALID
        if ms > MAX_DURATION_MS:
            ctx.add(y.line, y.column, path, f"{shown(y)} is longer than 4 hours, the longest a track may be")
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
            ctx.add(
                y.line,
                y.column,
                path,
                f"must be a whole number from {self.minimum} to {self.maximum}, got {shown(y)}",
            )
            return INVALID
        if not self.minimum <= value <= self.maximum:
            ctx.add(
                y.line, y.column, path, f"must be a whole number from {self.minimum} to {self.maximum}, got {value}"
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum, "description": self.description}


@dataclass
class Number(Kind):
    """A number (whole or decimal) in a range."""

    minimum: float = 0.0
    maximum: float = 1.0
    description: str = "a number"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        value, wanted = y.value, f"must be a number from {self.minimum:g} to {self.maximum:g}"
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            ctx.add(y.line, y.column, path, f"{wanted}, got {shown(value)}")
            return INVALID
        if not self.minimum <= value <= self.maximum:
            ctx.add(y.line, y.column, path, f"{wanted}, got {value:g}")
            return INVALID
        return float(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum, "description": self.description}


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
            ctx.add(y.line, y.column, path, f"must be a whole number above 0 or a range like 8-10, got {shown(y)}")
            return INVALID
        if low < 1:
            what = (
                f"a whole number above 0, got {value}"
                if isinstance(value, int)
                else f"a range starting at 1 or more, like 8-10, got {shown(y)}"
            )
            ctx.add(y.line, y.column, path, f"must be {what}")
            return INVALID
        if high < low:
            ctx.add(y.line, y.column, path, f"{shown(y)} counts down; put the smaller number first: {high}-{low}")
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


@dataclass
class Text(Kind):
    """Text, spoken or shown; one line or a few sentences."""

    max_length: int = 200
    description: str = "text"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        value = y.value
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            ctx.add(y.line, y.column, path, f"must be text, got {shown(y)}")
            return INVALID
        text = " ".join(str(value).split())
        bad = forbidden_character(str(value).replace("\n", " ").replace("\t", " "))
        if bad:
            ctx.add(y.line, y.column, path, f"contains {bad[1]}; remove it")
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
            ctx.add(y.line, y.column, path, f"{shown(text)} {self.explain}" + (f"; try {offer!r}" if offer else ""))
            return INVALID
        return text

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "pattern": f"^{self.pattern}$"}


@dataclass
class LocalFile(Pattern):
    """A file named relative to the routine file, which must exist inside the routine file's folder."""

    content: Callable[[Path], str | None] | None = None
    """Reads the file and says what is wrong with it, after its name (None: nothing); None: not read."""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        text = super().check(y, path, ctx)
        if text is INVALID:
            return INVALID
        candidate = Path(text)
        if candidate.is_absolute() or ".." in candidate.parts:
            ctx.add(
                y.line,
                y.column,
                path,
                f"{shown(text)} must be a file inside the routine file's folder (no absolute paths, no '..')",
            )
            return INVALID
        if ctx.base is None:
            return candidate
        base = ctx.base.resolve()
        try:
            resolved = (base / candidate).resolve()
            found = resolved.is_file()
        except (OSError, RuntimeError) as exc:  # a name too long for the file system, a symlink loop
            ctx.add(
                y.line,
                y.column,
                path,
                f"{shown(text)} cannot be opened ({getattr(exc, 'strerror', None) or exc}); rename the file",
            )
            return INVALID
        if not resolved.is_relative_to(base):
            ctx.add(
                y.line,
                y.column,
                path,
                f"{shown(text)} leads outside the routine file's folder; copy the file into {base}",
            )
            return INVALID
        problem = _not_a_file(resolved, base) if not found else self.content(resolved) if self.content else None
        if problem:
            ctx.add(y.line, y.column, path, f"{shown(text)} {problem}")
            return INVALID
        return resolved


def _not_a_file(resolved: Path, base: Path) -> str:
    """Why a name that passed every other check names no regular file."""
    try:
        return f"is {file_kind(resolved.stat().st_mode)}, not a regular file"
    except OSError:
        return f"was not found in {base}"


@dataclass
class Choice(Kind):
    """One of a few words (or booleans)."""

    choices: tuple[Any, ...] = ()
    description: str = ""

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if y.value in self.choices and type(y.value) in {type(c) for c in self.choices}:
            return y.value
        options = ", ".join(str(c).lower() if isinstance(c, bool) else str(c) for c in self.choices)
        hint = ""
        if isinstance(y.value, str):
            close = difflib.get_close_matches(y.value, [str(c) for c in self.choices if isinstance(c, str)], n=1)
            if close:
                hint = f"; did you mean '{close[0]}'?"
        ctx.add(y.line, y.column, path, f"must be one of {options}, got {shown(y)}{hint}")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices), "description": self.description}


@dataclass(frozen=True)
class MsRange:
    """A length of time between two bounds, such as a hold of 45-60s."""

    low_ms: int
    high_ms: int


_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?[hms]?)\s*(?:-|to)\s*(\d+(?:\.\d+)?[hms])\s*$")


@dataclass
class HoldLength(Duration):
    """A length of time (`30s`) or a range (`45-60s`, timed to the upper bound)."""

    description: str = "a length of time such as 30s, or a range such as 45-60s"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        match = _RANGE.match(y.value) if isinstance(y.value, str) else None
        if match is None:
            return super().check(y, path, ctx)
        low_text, high_text = match.groups()
        if low_text[-1].isdigit():
            low_text += high_text[-1]  # 45-60s: the unit is written once
        low, high = parse_duration_ms(low_text), parse_duration_ms(high_text)
        if low is None or high is None or low < self.minimum_ms or high > MAX_DURATION_MS:
            ctx.add(y.line, y.column, path, f"{shown(y)} is not a range of time; write it like 45-60s")
            return INVALID
        if low >= high:
            ctx.add(y.line, y.column, path, f"{shown(y)} must go from the shorter time to the longer, like 45-60s")
            return INVALID
        return MsRange(low, high)

    def json_schema(self) -> dict[str, Any]:
        single = super().json_schema()
        ranged = {"type": "string", "pattern": r"^\s*\d+(\.\d+)?[hms]?\s*(-|to)\s*\d+(\.\d+)?[hms]\s*$"}
        return {"description": self.description, "oneOf": [*single["oneOf"], ranged]}


@dataclass
class AtTime(Duration):
    """When a cue is said inside a window: a time from its start (`40s`) or `half`."""

    description: str = "a time from the start of the work, such as 40s, or half"
    minimum_ms: int = 1000

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if y.value == "half":
            return "half"
        return super().check(y, path, ctx)

    def json_schema(self) -> dict[str, Any]:
        single = super().json_schema()
        return {"description": self.description, "oneOf": [*single["oneOf"], {"const": "half"}]}
