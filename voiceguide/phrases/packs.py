"""The phrase packs shipped in packs/: one YAML file per language, every phrase of the catalogue in its words."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Mapping

import yaml

from .catalogue import CATALOGUE
from .numbers import spell
from .templates import SIDES, Phrase, PhraseError, language_problems, parse_phrase

_META = ("language", "name", "code3", "lower_cues", "sides", "phrases")


class PackError(ValueError):
    """A phrase pack that does not hold every phrase of the catalogue in a usable form (a bug in the package)."""


@dataclass(frozen=True)
class Pack:
    """A language's phrases, number words and side words."""

    language: str
    """The language's code (BCP 47): the Babel locale and num2words' language."""
    name: str
    """The language's own name: Deutsch."""
    code3: str
    """ISO 639-2 (T) code, as ID3 tags write the language: deu."""
    phrases: Mapping[str, Phrase] = field(default_factory=dict)
    sides: tuple[tuple[str, str], ...] = (("right", "right"), ("left", "left"))
    """Each side's word, for {side}."""
    lower_cues: bool = True
    """Whether a routine's own cue starts lower-case inside a sentence (German keeps the capitals of nouns)."""

    def number(self, n: int, form: str) -> str:
        """n in words, in this form."""
        return spell(n, self.language, form)

    def side(self, side: str) -> str:
        """The word for a side."""
        return dict(self.sides)[side]


def languages() -> tuple[str, ...]:
    """The languages that have a phrase pack, by code."""
    folder = resources.files("voiceguide.phrases") / "packs"
    return tuple(sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml")))


@functools.lru_cache(maxsize=None)
def load_pack(language: str) -> Pack:
    """The shipped pack of a language (KeyError when there is none)."""
    if language not in languages():
        raise KeyError(language)
    path = resources.files("voiceguide.phrases") / "packs" / f"{language}.yaml"
    return read_pack(path.read_text(encoding="utf-8"), f"{language}.yaml")


def read_pack(text: str, source: str) -> Pack:
    """A pack from its YAML; PackError lists every phrase that is missing, unknown or unusable."""
    data: Any = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("phrases"), dict):
        raise PackError(f"{source}: a pack is a mapping with 'language' and 'phrases'")
    language = str(data.get("language"))
    problems = [f"unknown key '{k}'" for k in data if k not in _META]
    phrases: dict[str, Phrase] = {}
    for name, value in data["phrases"].items():
        entry = CATALOGUE.get(name)
        if entry is None:
            problems.append(f"phrase '{name}' is not in the catalogue")
            continue
        try:
            phrases[name] = parse_phrase(value, entry)
        except PhraseError as exc:
            problems.append(exc.message)
            continue
        problems += [f"'{name}': {message}" for _, message in language_problems(phrases[name], language)]
    problems += [f"phrase '{name}' is missing" for name in CATALOGUE if name not in data["phrases"]]
    sides = data.get("sides") or {}
    if sorted(sides) != sorted(SIDES):
        problems.append("'sides' must give a word for right and for left")
    if problems:
        raise PackError(f"{source}: " + "; ".join(problems))
    return Pack(
        language=language,
        name=str(data.get("name", language)),
        code3=str(data.get("code3", "und")),
        phrases=phrases,
        sides=tuple((side, str(sides[side])) for side in SIDES),
        lower_cues=bool(data.get("lower_cues", True)),
    )
