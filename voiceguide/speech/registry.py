"""The speech engines by name: the only place an engine is constructed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from ..errors import SynthesisError
from ..settings import VoiceSettings
from .command_engine import CommandEngine
from .engine import Engine, EngineHint
from .piper_engine import PiperEngine
from .piper_voices import find_voice
from .pyttsx3_engine import Pyttsx3Engine

ENGINES: dict[str, Callable[[EngineHint | None, Path | None], Engine]] = {
    "pyttsx3": Pyttsx3Engine,
    "piper": PiperEngine,
    "command": CommandEngine,
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


def voice_files(voice: VoiceSettings) -> list[tuple[str, int, int]]:
    """The files a voice speaks with (a Piper voice, a command's program) as (path, size, mtime), found without
    starting an engine: a track is rebuilt when one changes. A file that cannot be found is left out (the build
    then says how to get it)."""
    paths: list[str] = []
    if voice.engine == "piper":
        try:
            found = find_voice(voice)
            paths = [str(found.model), str(found.config)]
        except SynthesisError:
            pass
    elif voice.engine == "command" and voice.command:
        program = shutil.which(voice.command[0])
        paths = [program] if program else []
    stats = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        stats.append((path, stat.st_size, stat.st_mtime_ns))
    return stats
