"""Typed keys for every sound a track plays: speech (text, engine, voice, language) or a beep.

Stages refer to sounds by these keys, never by their spoken text alone, so a second voice, a
second language or a beep whose name is also a sentence can never be mistaken for another sound.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal, Union

from .settings import VoiceSettings


@dataclass(frozen=True)
class SpeechKey:
    """A sentence as one voice says it."""

    text: str
    """What the engine is asked to say."""
    voice: VoiceSettings
    """The engine, its voice and its settings."""
    language: str = "en"
    """The language the text is in."""


@dataclass(frozen=True)
class BeepKey:
    """One of the two beeps."""

    name: Literal["start", "end"]


SoundKey = Union[SpeechKey, BeepKey]
START_BEEP = BeepKey("start")
END_BEEP = BeepKey("end")


@dataclass(frozen=True)
class Voicing:
    """How a routine's written text becomes speech keys: its voice, language and pronunciations."""

    voice: VoiceSettings
    language: str = "en"
    pronounce: tuple[tuple[str, str], ...] = ()
    """Written word (or phrase) -> spoken form, for whole words, case-sensitive."""

    def key(self, text: str) -> SpeechKey:
        """The speech key of a sentence as written in the script: what the engine says, in this voice."""
        return SpeechKey(self.spoken(text), self.voice, self.language)

    def spoken(self, text: str) -> str:
        """The text as the engine is asked to say it: every whole written word of `pronounce` in its spoken form."""
        if not self.pronounce:
            return text
        forms = dict(self.pronounce)
        return _pattern(tuple(forms)).sub(lambda m: forms[m.group()], text)


@functools.lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the words where it is a whole word (longest first, so a phrase wins over a word inside it)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
