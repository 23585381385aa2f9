"""What every speech engine is to the rest of voiceguide: a protocol, and what it tells about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..errors import SynthesisError
from ..settings import VoiceSettings
from ..sounds import SpeechKey


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
    variants: dict[str, EngineHint] = field(default_factory=dict)
    """The same for each variant of the engine that was started, by name (pyttsx3: one per driver)."""


class Engine(Protocol):
    """A speech engine: says text into 16-bit mono PCM."""

    def info(self, voice: VoiceSettings | None = None) -> EngineInfo:
        """The engine's name, version and voices (of the variant this voice uses, such as pyttsx3's driver)."""
        ...

    def languages(self, voice: VoiceSettings) -> tuple[str, ...]:
        """The language tags this voice speaks, as the engine lists them."""
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


ANY_LANGUAGE = "*"
"""What `Engine.languages` answers for a voice whose language voiceguide cannot know (a command's program)."""


def check_language(engine: Engine, key: SpeechKey) -> None:
    """SynthesisError unless the key's voice speaks the key's language (its tags' first part: en-us speaks en)."""
    spoken = engine.languages(key.voice)
    if ANY_LANGUAGE in spoken or any(tag.lower().replace("_", "-").split("-")[0] == key.language for tag in spoken):
        return
    if key.voice.engine == "piper":
        raise SynthesisError(
            f"the Piper voice {key.voice.model!r} speaks {', '.join(spoken) or 'no language its config names'}, not "
            f"{key.language!r}, the routine's language; set voice.model to a Piper voice for {key.language!r} "
            "(list them with: voiceguide voices)"
        )
    raise SynthesisError(
        f"the voice {key.voice.name!r} speaks {', '.join(spoken) or 'no language the engine names'}, not "
        f"{key.language!r}, the routine's language; set voice.name to a voice for {key.language!r} (list them with: "
        "voiceguide voices), or leave voice.name out to use the language's default voice"
    )
