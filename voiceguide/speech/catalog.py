"""Every engine's voices, for `voiceguide voices`: pyttsx3's, the Piper voices on disk, the commands in use."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import SynthesisError
from ..settings import VoiceSettings
from .piper_engine import piper_python, piper_version
from .piper_voices import download, list_voices, voice_folders
from .speaker import engine_info


@dataclass(frozen=True)
class EngineVoices:
    """One engine and what it can speak with."""

    engine: str
    """The engine's name, as `voice.engine` writes it."""
    about: str
    """What it is (version, library), or why it cannot be used and how to fix that."""
    voices: tuple[dict[str, Any], ...] = ()
    """Each voice's id (what the routine file writes), languages and a description."""
    ok: bool = True
    note: str = ""
    """Advice shown under the voices (how to get one when there is none)."""


def _pyttsx3(voice: VoiceSettings) -> EngineVoices:
    try:
        info = engine_info(voice)
    except SynthesisError as exc:
        return EngineVoices("pyttsx3", str(exc), ok=False)
    return EngineVoices("pyttsx3", f"driver: {info.engine} ({info.version}; {info.library})", info.voices)


def _piper(used: Sequence[VoiceSettings]) -> EngineVoices:
    piper = [v for v in used if v.engine == "piper"]
    named = [Path(v.model).parent for v in piper if VoiceSettings.names_file(v.model)]
    folders: list[Path] = []
    for folder in [f for v in piper for f in voice_folders(v.data_dir)] + named + voice_folders():
        if folder not in folders:
            folders.append(folder)
    voices = tuple(
        {"id": v.name, "languages": [v.language], "name": f"{v.quality or 'voice'}, {v.speakers} speaker(s), {v.model}"}
        for v in list_voices(folders)
    )
    where = ", ".join(map(str, folders))
    note = "" if voices else f"no voices in {where}; get one with: {download('en_US-joe-medium')}"
    python = piper_python()
    try:
        about, ok = f"piper-tts {piper_version(python)} ({python}, run as a separate program)", True
    except SynthesisError as exc:
        about, ok = str(exc), False
    return EngineVoices("piper", about, voices, ok, note)


def _command(used: Sequence[VoiceSettings]) -> EngineVoices:
    commands = list(dict.fromkeys(v.command for v in used if v.engine == "command" and v.command))
    voices = tuple({"id": shlex.join(c), "languages": [], "name": "in the routine file"} for c in commands)
    note = "" if voices else "no command in the routine file; write voice: {engine: command, command: [...]}"
    return EngineVoices("command", "any program that writes a WAV file", voices, True, note)


def catalog(pyttsx3: VoiceSettings, used: Sequence[VoiceSettings] = ()) -> list[EngineVoices]:
    """Each engine with its voices (pyttsx3's of that voice's driver); `used` (a routine file's voices) adds their
    voice folders and commands."""
    return [_pyttsx3(pyttsx3), _piper(used), _command(used)]
