"""The routine format's `voice:` and `pronounce:` keys: which engine speaks, its own settings, and spoken forms.

Each engine has its own keys (settings.ENGINE_KEYS); a key of another engine is an error at its
place in the file. A routine's voice overrides the collection's; a routine that names a different
engine starts from that engine's defaults instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..settings import DEFAULTS, ENGINE_KEYS
from .kinds import INVALID, Checked, Ctx, FieldSpec, Kind, ListOf, Obj, shown
from .values import Choice, Count, Number, Text
from .yamlsource import Y

VOICE = DEFAULTS.voice
PLACEHOLDERS = ("text", "out", "voice")
"""What a command engine's arguments may name in braces."""
SPOKEN_FORM = Text(max_length=200, description="how the word is said")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Pronunciations(Kind):
    """A mapping from a written word (or phrase) to how it is said: `{WRKOUT: work out}`."""

    max_items: int = 500
    max_length: int = 60
    description: str = "written word or phrase -> how the coach says it (whole words, case-sensitive)"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if not isinstance(y.value, dict):
            got = shown(y.value) if y.value is not None else "nothing"
            ctx.add(
                y.line,
                y.column,
                path,
                f"must be a mapping of written words to spoken forms, like {{WRKOUT: work out}}, got {got}",
            )
            return INVALID
        if len(y.value) > self.max_items:
            ctx.add(y.line, y.column, path, f"has {len(y.value)} words; at most {self.max_items}")
            return INVALID
        result: dict[str, str] = {}
        for written, value in y.value.items():
            line, column = y.keys.get(written, (value.line, value.column))
            if not re.search(r"\w", written) or _CONTROL.search(written) or len(written) > self.max_length:
                ctx.add(
                    line,
                    column,
                    path,
                    f"{shown(written)} must be a word or phrase of up to "
                    f"{self.max_length} characters, with a letter or digit in it",
                )
                continue
            spoken = SPOKEN_FORM.check(value, f"{path}.{written}", ctx)
            if spoken is not INVALID:
                result[" ".join(written.split())] = spoken
        return result if len(result) == len(y.value) else INVALID

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.description,
            "additionalProperties": SPOKEN_FORM.json_schema(),
            "maxProperties": self.max_items,
        }


def _voice_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    line, column = obj.key_positions.get("command", (obj.line, obj.column))
    for arg in obj.get("command", []):
        for name in re.findall(r"\{(\w*)\}", arg):
            if name not in PLACEHOLDERS:
                allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                ctx.add(line, column, f"{path}.command", f"unknown placeholder {{{name}}}; use {allowed}")
    if "data_dir" in obj and ctx.base is not None:
        folder = resolve_path(obj.get("data_dir"), ctx.base)
        if not Path(folder).is_dir():
            line, column = obj.key_positions["data_dir"]
            ctx.add(line, column, f"{path}.data_dir", f"{shown(obj.get('data_dir'))} is not a folder ({folder})")


VOICE_OBJ = Obj(
    name="voice",
    description="How the coach speaks: the engine, and that engine's own settings.",
    fields=(
        FieldSpec(
            "engine",
            Choice(tuple(ENGINE_KEYS), ", ".join(ENGINE_KEYS)),
            f"the speech engine: pyttsx3 (the system's voices, espeak-ng on Linux), piper (neural voices, run as a "
            f"separate program) or command (any program that writes a WAV); default {VOICE.engine}",
        ),
        FieldSpec(
            "driver",
            Choice(VOICE.DRIVERS),
            "pyttsx3's driver: espeak (espeak-ng, any system), nsss (macOS's voices), sapi5 (Windows'); avspeech "
            "cannot write files; default: the system's (nsss on macOS, sapi5 on Windows, espeak elsewhere)",
        ),
        FieldSpec(
            "name",
            Text(max_length=100),
            f"pyttsx3: a voice id or language tag the engine knows (see 'voiceguide voices'); default {VOICE.name}. "
            "command: what {voice} stands for",
        ),
        FieldSpec(
            "rate",
            Count(80, 400, "words per minute"),
            f"pyttsx3: speaking rate in words per minute; default {VOICE.rate}",
        ),
        FieldSpec(
            "model",
            Text(max_length=300),
            f"piper: a voice name looked up in data_dir, $VOICEGUIDE_VOICES and the current folder, or the path of a "
            f".onnx file (relative to this file); default {VOICE.model}",
        ),
        FieldSpec(
            "speed",
            Number(0.5, 2.0, description="times the voice's own pace"),
            f"piper: how fast; default {VOICE.speed:g}",
        ),
        FieldSpec("speaker", Count(0, 9999, "speaker number"), "piper: the speaker in a voice with several; default 0"),
        FieldSpec("data_dir", Text(max_length=300), "piper: a folder of voices (NAME.onnx and NAME.onnx.json)"),
        FieldSpec(
            "command",
            ListOf(Text(max_length=500), 1, 50),
            "command: the program and its arguments; {text} is the sentence (else it goes to the program's input), "
            "{out} a WAV file to write (else the WAV is read from its output), {voice} the name",
        ),
    ),
    rules=(_voice_rules,),
)

PRONOUNCE = Pronunciations()


def resolve_path(text: str, base: Path) -> str:
    """A path written in the routine file, made absolute against the routine file's folder."""
    path = Path(text).expanduser()
    return os.path.abspath(path if path.is_absolute() else base / path)


def _owners(key: str) -> str:
    return " or ".join(engine for engine, keys in ENGINE_KEYS.items() if key in keys)


def _level_keys(voice: Checked, engine: str, path: str, ctx: Ctx) -> None:
    allowed = ENGINE_KEYS[engine]
    for key in voice.values:
        if key != "engine" and key not in allowed:
            line, column = voice.key_positions.get(key, (voice.line, voice.column))
            ctx.add(
                line,
                column,
                f"{path}.{key}",
                f"'{key}' is a key of the {_owners(key)} engine; the {engine} engine takes {', '.join(allowed)}",
            )


def voice_rules(y: Y, top: Checked, path: str, ctx: Ctx) -> None:
    """Every level's voice keys belong to the engine that level speaks with, and a command engine has a command."""
    upper: Checked | None = top.get("voice")
    upper_engine = upper.get("engine", VOICE.engine) if upper is not None else VOICE.engine
    if upper is not None:
        _level_keys(upper, upper_engine, "voice", ctx)
    missing: set[tuple[int, int, str]] = set()
    for i, routine in enumerate(top.get("routines", [])):
        lower: Checked | None = routine.get("voice")
        engine = lower.get("engine", upper_engine) if lower is not None else upper_engine
        if lower is not None:
            _level_keys(lower, engine, f"routines[{i}].voice", ctx)
        values = voice_values(upper, lower)
        if engine == "command" and "command" not in values:
            if lower is not None and "engine" in lower:
                missing.add((*lower.key_positions["engine"], f"routines[{i}].voice"))
            elif upper is not None:
                missing.add((*upper.key_positions.get("engine", (upper.line, upper.column)), "voice"))
    for line, column, path in sorted(missing):
        ctx.add(
            line,
            column,
            path,
            "the command engine needs 'command': the program to run, like [say, -o, '{out}', "
            "--data-format=LEI16@22050, '{text}']",
        )


def switches_engine(upper: Checked | None, lower: Checked | None) -> bool:
    """Whether a routine's voice names another engine than the collection's (so the collection's keys are dropped)."""
    above = upper.get("engine", VOICE.engine) if upper is not None else VOICE.engine
    return lower is not None and "engine" in lower and lower.get("engine") != above


def voice_values(upper: Checked | None, lower: Checked | None) -> dict[str, Any]:
    """A routine's voice keys: the collection's, then its own (naming another engine drops the collection's)."""
    above = dict(upper.values) if upper is not None and not switches_engine(upper, lower) else {}
    below = dict(lower.values) if lower is not None else {}
    return {**above, **below}
