"""The routine format's `language:` and `phrases:`: checked when the file is loaded, never when speech is made.

A phrase's name, its placeholders and its braces are checked where it is written; whether its
plural forms are the ones its language needs is checked once every routine's language is known
(a rule on the whole collection), for each language it is spoken in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..phrases import CATALOGUE, Overrides, Phrase, PhraseError, language_problems, languages, parse_phrase
from .kinds import INVALID, Checked, Ctx, Kind, shown
from .yamlsource import Y


@dataclass(frozen=True)
class Written:
    """A checked phrase and where it was written (its key, and each key of its forms)."""

    phrase: Phrase
    line: int
    column: int
    keys: dict[str, tuple[int, int]]


@dataclass
class Language(Kind):
    """A language that has a phrase pack: de, en, es, fr."""

    description: str = "the language the coach speaks: its phrases, numbers, default voice and output language"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        known = languages()
        if isinstance(y.value, str) and y.value in known:
            return y.value
        hint = ""
        if isinstance(y.value, str):
            primary = re.split(r"[-_]", y.value.strip().lower())[0]
            close = [primary] if primary in known else difflib.get_close_matches(y.value.lower(), known, n=1)
            if close:
                hint = f"; did you mean '{close[0]}'?"
                if primary in known and primary != y.value.lower():
                    hint += " (a region belongs in voice.name, like de-at)"
        got = shown(y.value) if y.value is not None else "nothing"
        ctx.add(
            y.line,
            y.column,
            path,
            f"must be a language voiceguide has phrases for ({', '.join(known)}), got {got}{hint}",
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(languages()), "description": self.description}


@dataclass
class Phrases(Kind):
    """Phrase names (see `voiceguide phrases`) to your own templates; '' turns a spoken cue off."""

    description: str = "your own phrases over the language's: a name from 'voiceguide phrases' and its template"

    def check(self, y: Y, path: str, ctx: Ctx) -> Any:
        if not isinstance(y.value, dict):
            ctx.add(
                y.line, y.column, path, "must be a mapping of phrase names to templates, like {rest: Shake it out.}"
            )
            return INVALID
        values: dict[str, Written] = {}
        failed = False
        for name, value in y.value.items():
            line, column = y.keys.get(name, (value.line, value.column))
            entry = CATALOGUE.get(name)
            if entry is None:
                close = difflib.get_close_matches(name, list(CATALOGUE), n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else "; list them with: voiceguide phrases"
                ctx.add(line, column, path, f"there is no phrase {shown(name)}{hint}")
                failed = True
                continue
            try:
                phrase = parse_phrase(value.plain(), entry)
            except PhraseError as exc:
                at_line, at_column = (
                    (value.keys.get(exc.key) or (line, column)) if exc.key else (value.line, value.column)
                )
                ctx.add(at_line, at_column, f"{path}.{name}", exc.message)
                failed = True
                continue
            values[name] = Written(phrase, line, column, dict(value.keys))
        return INVALID if failed else Checked(values, y.line, y.column, dict(y.keys))

    def json_schema(self) -> dict[str, Any]:
        form = {"type": "string"}
        choice = {"type": "object", "additionalProperties": form}
        return {
            "type": "object",
            "description": self.description,
            "properties": {name: {"description": e.when, "anyOf": [form, choice]} for name, e in CATALOGUE.items()},
            "additionalProperties": False,
        }


def overrides(checked: Checked | None) -> Overrides:
    """The phrases written at one level, for the routine model."""
    if checked is None:
        return ()
    return tuple((name, written.phrase) for name, written in checked.values.items())


def _written_at(routine: Checked, path: str) -> Iterator[tuple[str, Checked]]:
    """Every `phrases:` mapping inside a routine, with its path."""
    if "phrases" in routine:
        yield f"{path}.phrases", routine.get("phrases")
    for s, section in enumerate(routine.get("sections") or []):
        if "phrases" in section:
            yield f"{path}.sections[{s}].phrases", section.get("phrases")
        for t, step in enumerate(section.get("steps")):
            if "phrases" in step:
                yield f"{path}.sections[{s}].steps[{t}].phrases", step.get("phrases")
    for t, step in enumerate(routine.get("steps") or []):
        if "phrases" in step:
            yield f"{path}.steps[{t}].phrases", step.get("phrases")


def check_languages(y: Y, top: Checked, path: str, ctx: Ctx) -> None:
    """Every phrase has the plural forms of each language it is spoken in (a rule on the collection)."""
    seen: set[tuple[int, int, str]] = set()
    default = top.get("language", "en")
    for i, routine in enumerate(top.get("routines", [])):
        language = routine.get("language", default)
        mappings = list(_written_at(routine, f"routines[{i}]"))
        if "phrases" in top:
            mappings.insert(0, ("phrases", top.get("phrases")))
        for where, mapping in mappings:
            for name, written in mapping.values.items():
                for key, message in language_problems(written.phrase, language):
                    place = (written.line, written.column)
                    line, column = written.keys.get(key, place) if key else place
                    if (line, column, message) not in seen:
                        seen.add((line, column, message))
                        ctx.add(line, column, f"{where}.{name}", message)
