"""The speech engines by name: the only place an engine is constructed."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import SynthesisError
from .engine import Engine, EngineHint
from .pyttsx3_engine import Pyttsx3Engine

ENGINES: dict[str, Callable[[EngineHint | None, Path | None], Engine]] = {
    "pyttsx3": Pyttsx3Engine,
}
"""Engine name (the routine file's `voice.engine`) to the class that runs it, made with (hint, scratch folder)."""


def open_engine(name: str, hint: EngineHint | None = None, scratch: Path | None = None) -> Engine:
    """An engine by name (it starts on first use); SynthesisError lists the choices for an unknown name.

    `scratch` is where the engine may write files of its own while it speaks (the speech cache's
    scratch folder, swept by the next build); None: the system's temp folder.
    """
    try:
        make = ENGINES[name]
    except KeyError:
        raise SynthesisError(
            f"there is no speech engine {name!r}; choose one of {', '.join(sorted(ENGINES))}"
        ) from None
    return make(hint, scratch)
