"""The speech engines by name: the only place an engine is constructed."""

from __future__ import annotations

from typing import Callable

from ..errors import SynthesisError
from .command_engine import CommandEngine
from .engine import Engine, EngineHint
from .piper_engine import PiperEngine
from .pyttsx3_engine import Pyttsx3Engine

ENGINES: dict[str, Callable[[EngineHint | None], Engine]] = {
    "pyttsx3": Pyttsx3Engine,
    "piper": PiperEngine,
    "command": CommandEngine,
}
"""Engine name (the routine file's `voice.engine`) to the class that runs it."""


def open_engine(name: str, hint: EngineHint | None = None) -> Engine:
    """An engine by name (it starts on first use); SynthesisError lists the choices for an unknown name."""
    try:
        make = ENGINES[name]
    except KeyError:
        raise SynthesisError(
            f"there is no speech engine {name!r}; choose one of {', '.join(sorted(ENGINES))}"
        ) from None
    return make(hint)
