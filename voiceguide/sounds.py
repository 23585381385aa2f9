"""Typed keys for every sound a track plays: speech (text, engine, voice, language) or a beep.

Stages refer to sounds by these keys, never by their spoken text alone, so a second voice, a
second language or a beep whose name is also a sentence can never be mistaken for another sound.
"""

from __future__ import annotations

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
    """How a routine's written text becomes speech keys: its voice and language."""

    voice: VoiceSettings
    language: str = "en"

    def key(self, text: str) -> SpeechKey:
        """The speech key of a sentence as written in the script."""
        return SpeechKey(text, self.voice, self.language)
