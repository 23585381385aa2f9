"""Phrase templates: parsed and checked once (in a pack or a routine file), then filled in with values.

A phrase is written as a template, "Rest, {time}.", or as a mapping of forms: plural forms
{one: "{n} rep", other: "{n} reps"} (an exact "=N" first, then the number's CLDR category, then
`other`), or side forms {right: "Right side.", left: "Left side."}. `gender:` says how its
numbers are spelt (one form, or a form per placeholder). A placeholder written with a capital,
{Side}, starts the value with a capital letter; {{ and }} are braces.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any, Mapping, Protocol

from .catalogue import Entry
from .numbers import FORMS
from .plurals import CATEGORIES, categories, category, whole_number_examples

SIDES = ("right", "left")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXACT = re.compile(r"=(\d{1,7})")


class PhraseError(ValueError):
    """A phrase that cannot be used; `key` is the key inside the phrase's mapping at fault (None: the phrase)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


@dataclass(frozen=True)
class Slot:
    """A placeholder in a template."""

    name: str
    capital: bool = False
    """Written {Name}: the value starts with a capital letter."""


@dataclass(frozen=True)
class Template:
    """A template's text and placeholders, in order."""

    parts: tuple[str | Slot, ...]

    @property
    def empty(self) -> bool:
        """Whether the template says nothing."""
        return not self.parts


@dataclass(frozen=True)
class Phrase:
    """A phrase, checked: its forms, what picks one, and how its numbers are spelt."""

    forms: tuple[tuple[str, Template], ...]
    """('other', template) for a plain template; plural forms ('=1', 'one', 'other'), or side forms."""
    count: str | None = None
    """The number placeholder that picks a plural form (None: no plural forms)."""
    gender: tuple[tuple[str, str], ...] = ()
    """(placeholder, form) pairs; the placeholder '*' stands for every number."""
    written: str = ""
    """The phrase as YAML, as `voiceguide phrases` shows it."""

    @property
    def silent(self) -> bool:
        """Whether every form says nothing (the cue is turned off)."""
        return all(t.empty for _, t in self.forms)

    def form_of(self, placeholder: str) -> str:
        """How this placeholder's number is spelt."""
        forms = dict(self.gender)
        return forms.get(placeholder, forms.get("*", "count"))


Overrides = tuple[tuple[str, Phrase], ...]
"""A routine file's own phrases at one level, by name."""


class Language(Protocol):
    """What filling in a phrase needs from its language."""

    @property
    def language(self) -> str:
        """The language's code."""
        ...

    def number(self, n: int, form: str) -> str:
        """n in words."""
        ...

    def side(self, side: str) -> str:
        """The word for a side."""
        ...


def parse_template(text: str, entry: Entry) -> Template:
    """A template's parts; PhraseError for a brace left open or closed alone, or an unknown placeholder."""
    parts: list[str | Slot] = []
    literal, i = "", 0
    while i < len(text):
        char = text[i]
        if text.startswith("{{", i) or text.startswith("}}", i):
            literal, i = literal + char, i + 2
            continue
        if char == "}":
            raise PhraseError(f"{text!r} has a '}}' without its '{{' (write '}}}}' for a brace)")
        if char != "{":
            literal, i = literal + char, i + 1
            continue
        end = text.find("}", i)
        if end < 0:
            raise PhraseError(f"{text!r} has a '{{' without its closing '}}' (write '{{{{' for a brace)")
        name = text[i + 1 : end]
        if "{" in name:
            raise PhraseError(f"{text!r}: the '{{' of '{{{name.split('{')[0]}' has no closing '}}'")
        if not _NAME.fullmatch(name):
            raise PhraseError(f"{text!r} has {{{name}}}, which is not a placeholder (write '{{{{' for a brace)")
        _check_placeholder(name, entry)
        if literal:
            parts.append(literal)
        parts.append(Slot(name.lower(), name[0].isupper()))
        literal, i = "", end + 1
    if literal:
        parts.append(literal)
    return Template(tuple(parts))


def _check_placeholder(name: str, entry: Entry) -> None:
    if name.lower() in entry.placeholders:
        return
    close = difflib.get_close_matches(name.lower(), entry.placeholders, n=1, cutoff=0.6)
    takes = ", ".join(f"{{{p}}}" for p in entry.placeholders)
    hint = f"; did you mean {{{close[0]}}}?" if close else (f"; it takes {takes}" if takes else "; it takes none")
    raise PhraseError(f"'{entry.name}' has no placeholder {{{name}}}{hint}")


def parse_phrase(value: Any, entry: Entry) -> Phrase:
    """A phrase as written (text, or a mapping of forms) checked against its catalogue entry."""
    if value is None:
        fix = "write '' to turn this cue off" if entry.kind == "cue" else "write its text"
        raise PhraseError(f"'{entry.name}' has no text; {fix}")
    if isinstance(value, str):
        template = parse_template(value, entry)
        _check_not_empty(template, entry)
        return Phrase((("other", template),), written=_written(value))
    if not isinstance(value, dict):
        raise PhraseError(f"'{entry.name}' must be text, or a mapping of forms like {{one: ..., other: ...}}")
    return _parse_forms(value, entry)


def _check_not_empty(template: Template, entry: Entry, key: str | None = None) -> None:
    if template.empty and entry.kind != "cue":
        what = "is shown, not spoken" if entry.kind == "label" else "is part of a longer sentence"
        raise PhraseError(f"'{entry.name}' {what}, so it cannot be empty", key)


def _parse_forms(value: dict[str, Any], entry: Entry) -> Phrase:
    keys = [str(k) for k in value]
    sided = any(k in SIDES for k in keys)
    allowed = ["gender", *SIDES] if sided else ["count", "gender", *CATEGORIES]
    forms: list[tuple[str, Template]] = []
    for key, text in value.items():
        key = str(key)
        if key in ("count", "gender"):
            continue
        if key not in allowed and not (not sided and _EXACT.fullmatch(key)):
            raise PhraseError(_unknown_form(key, entry, sided, allowed), key)
        if not isinstance(text, str):
            raise PhraseError(f"'{entry.name}': the form '{key}' must be text", key)
        try:
            template = parse_template(text, entry)
        except PhraseError as exc:
            raise PhraseError(exc.message, key) from None
        _check_not_empty(template, entry, key)
        forms.append((key, template))
    count = _count(value, entry, sided, forms)
    return Phrase(tuple(forms), count, _gender(value.get("gender"), entry), _written(value))


def _unknown_form(key: str, entry: Entry, sided: bool, allowed: list[str]) -> str:
    if sided:
        return f"'{entry.name}' has side forms, which are right and left, not '{key}'"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"'{entry.name}' has no key '{key}'{hint} (plural forms are =N, {', '.join(CATEGORIES)}; and count, gender)"


def _count(value: dict[str, Any], entry: Entry, sided: bool, forms: list[tuple[str, Template]]) -> str | None:
    names = [k for k, _ in forms]
    if sided:
        if "side" not in entry.placeholders:
            raise PhraseError(f"'{entry.name}' is not about a side, so it cannot have right and left forms")
        missing = [s for s in SIDES if s not in names]
        if missing:
            raise PhraseError(f"'{entry.name}' has side forms but no '{missing[0]}' form")
        return None
    if "other" not in names:
        raise PhraseError(f"'{entry.name}' needs an 'other' form, said when no other form fits")
    if "count" in value:
        count = value["count"]
        if not isinstance(count, str) or count not in entry.numbers:
            numbers = ", ".join(entry.numbers) or "none"
            raise PhraseError(f"'{entry.name}': count must name one of its numbers ({numbers})", "count")
        return count
    if len(names) > 1 and entry.counted_by is None:
        raise PhraseError(f"'{entry.name}' takes no number, so it cannot have plural forms")
    return entry.counted_by if len(names) > 1 else None


def _gender(value: Any, entry: Entry) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    pairs = list(value.items()) if isinstance(value, dict) else [("*", value)]
    for placeholder, form in pairs:
        if placeholder != "*" and placeholder not in entry.numbers:
            numbers = ", ".join(entry.numbers) or "none"
            raise PhraseError(f"'{entry.name}': gender names a placeholder that is not a number ({numbers})", "gender")
        if form not in FORMS:
            raise PhraseError(f"'{entry.name}': gender {form!r} is not one of {', '.join(FORMS)}", "gender")
    return tuple((str(p), str(f)) for p, f in pairs)


def _written(value: Any, bare: bool = False) -> str:
    """The phrase as YAML (flow style): what a user can copy into a routine file; `bare` leaves words unquoted."""
    if isinstance(value, dict):
        items = ", ".join(f"{_key(k)}: {_written(v, bare or k == 'gender')}" for k, v in value.items())
        return "{" + items + "}"
    return _key(value) if bare else json.dumps(value, ensure_ascii=False)


def _key(key: Any) -> str:
    text = str(key)
    return text if re.fullmatch(r"[a-z_/]+", text) else json.dumps(text)


def language_problems(phrase: Phrase, language: str) -> list[tuple[str | None, str]]:
    """What a phrase lacks for a language: (key at fault or None, message) for each problem."""
    if phrase.count is None:
        return []
    names = {k for k, _ in phrase.forms}
    has = categories(language)
    problems: list[tuple[str | None, str]] = []
    for key in sorted(names & set(CATEGORIES) - has):
        problems.append((key, f"'{language}' has no '{key}' form; its plural forms are {', '.join(sorted(has))}"))
    exact = {int(k[1:]) for k in names if k.startswith("=")}
    for name, numbers in whole_number_examples(language).items():
        if name not in names and not set(numbers) <= exact:
            left = [n for n in numbers if n not in exact]
            shown = ", ".join(str(n) for n in left[:3]) + (", ..." if len(left) > 3 else "")
            problems.append((None, f"needs a '{name}' form for '{language}' (said for {shown})"))
    return problems


def render(phrase: Phrase, values: Mapping[str, object], speech: Language, digits: bool = False) -> str:
    """The phrase said with these values: numbers in words (digits for a label), sides in the language's words."""
    template = _choose(phrase, values, speech.language)
    out = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        value = values[part.name]
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value) if digits else speech.number(value, phrase.form_of(part.name))
        elif part.name == "side" and value in SIDES:
            text = speech.side(str(value))
        else:
            text = str(value)
        out.append(text[:1].upper() + text[1:] if part.capital else text)
    return "".join(out)


def _choose(phrase: Phrase, values: Mapping[str, object], language: str) -> Template:
    forms = dict(phrase.forms)
    if phrase.count is not None:
        n = values[phrase.count]
        assert isinstance(n, int)
        return forms.get(f"={n}") or forms.get(category(language, n)) or forms["other"]
    side = values.get("side")
    if isinstance(side, str) and side in forms:
        return forms[side]
    return forms["other"]
