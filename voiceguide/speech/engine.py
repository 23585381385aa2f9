"""What every speech engine is to the rest of voiceguide: a protocol, and what it tells about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..settings import VoiceSettings


@dataclass(frozen=True)
class EngineInfo:
    """What a speech engine is, for cache keys and `voiceguide voices`."""

    engine: str
    """The engine's own name for itself (pyttsx3's driver, such as espeak)."""
    version: str
    library: str
    voices: tuple[dict[str, Any], ...]
    """Each voice's id, name and languages."""


@dataclass(frozen=True)
class EngineHint:
    """What one engine learnt about itself, handed to others so they start only for a cache miss."""

    info: EngineInfo
    resolved: dict[str, str] = field(default_factory=dict)
    """Voice names already resolved to the engine's ids."""


class Engine(Protocol):
    """A speech engine: says text into 16-bit mono PCM."""

    def info(self) -> EngineInfo:
        """The engine's name, version and voices."""
        ...

    def cache_parts(self, voice: VoiceSettings) -> list[Any]:
        """Everything about this voice that changes the audio (engine version, resolved voice, settings)."""
        ...

    def synthesize(self, text: str, voice: VoiceSettings) -> tuple[np.ndarray, int]:
        """The text spoken: int16 samples and their rate."""
        ...

    def processes(self) -> int:
        """How many of this engine's processes pay off at once when the speech cache is filled."""
        ...

    def hint(self) -> EngineHint:
        """What another instance needs to know to start without asking the engine again."""
        ...

    def close(self) -> None:
        """Stop the engine."""
        ...
