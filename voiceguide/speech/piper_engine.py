"""The Piper engine: Piper's own program (`python -m piper`) in long-lived child processes, one clip per line.

Piper (piper-tts) is GPL-3.0; voiceguide is MIT. So Piper is never imported here or anywhere in
voiceguide: it runs as a separate program, installed by the user (`pip install piper-tts`), and
voiceguide only writes lines of text to it and reads the WAV files it writes. Its command line
reads one utterance per line on stdin and, with `-d DIR`, logs `INFO:__main__:Wrote DIR/N.wav` on
stderr once each file is closed; there is no ready message, so the first clip waits for the
model to load. Noise scales are 0, so the same text gives the same bytes every time.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..audio.wav import UnreadableAudio, read_wav
from ..errors import SynthesisError
from ..settings import DEFAULTS, VoiceSettings
from .cache import FileContent, scratch_folder
from .engine import ANY_LANGUAGE, EngineHint, EngineInfo
from .piper_voices import PiperVoice, download, find_voice, list_voices, read_voice, voice_folders
from .process import LineProcess, clip_timeout_s

log = logging.getLogger(__name__)
PART = "speech"
"""The part a failed clip names (the CLI says how to check it)."""
PYTHON_ENV = "VOICEGUIDE_PIPER_PYTHON"
"""The Python that has piper-tts installed (default: the one running voiceguide)."""
WROTE = "INFO:__main__:Wrote "
INSTALL = "install it with: pip install piper-tts"
_PROBE = (
    "import importlib.util, importlib.metadata as m, sys\n"
    "if importlib.util.find_spec('piper') is None: sys.exit(3)\n"
    "try: print(m.version('piper-tts'))\n"
    "except m.PackageNotFoundError: print('unknown')\n"
)
"""Run by Piper's Python: whether it has Piper, and which version (read from its metadata, not imported)."""


def piper_python() -> str:
    """The Python that runs Piper: $VOICEGUIDE_PIPER_PYTHON, else this one."""
    return os.environ.get(PYTHON_ENV) or sys.executable


def piper_version(python: str) -> str:
    """piper-tts's version for that Python; SynthesisError when it cannot run or has no Piper."""
    try:
        done = subprocess.run([python, "-c", _PROBE], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        why = getattr(exc, "strerror", None) or "it did not answer"
        raise SynthesisError(f"cannot run Piper's Python {python} ({why}); {INSTALL}, or set ${PYTHON_ENV}") from None
    if done.returncode != 0:
        raise SynthesisError(f"Piper is not installed for {python}; {INSTALL}")
    return done.stdout.strip() or "unknown"


def clean_text(text: str) -> str:
    """Text as one line Piper can say: whitespace collapsed, `[[` (Piper's phoneme markup) defused."""
    line = " ".join(text.split()).replace("[[", "[ [").replace("]]", "] ]")
    if not any(ch.isalnum() for ch in line):
        raise SynthesisError(f"Piper cannot say {text[:60]!r}: it has no letters or digits; write it in words")
    return line


def classify(tail: list[str], voice: PiperVoice) -> str | None:
    """What a Piper process's last words mean, as one line with the fix; None when they mean nothing known."""
    text = "\n".join(tail)
    again = download(voice.name, voice.model.parent)
    if "No module named" in text or "ModuleNotFoundError" in text or "ImportError" in text:
        last = next(line for line in reversed(tail) if "No module" in line or "Error" in line)
        return f"Piper cannot start ({last.strip()}); reinstall it with: pip install --force-reinstall piper-tts"
    if any(s in text for s in ("INVALID_PROTOBUF", "Protobuf parsing failed", "No graph was found")):
        return (
            f"the Piper voice file {voice.model} is damaged (not a readable ONNX model); download it again with: "
            f"{again} --force-redownload"
        )
    if any(s in text for s in ("missing from input feed", "Invalid Feed Input", "INVALID_ARGUMENT", "Invalid input")):
        return (
            f"{voice.model} is not a Piper voice (its model does not take Piper's inputs); use a Piper voice, such "
            f"as: {download('en_US-joe-medium')}"
        )
    return None


class PiperEngine:
    """Piper voices, each spoken by its own `python -m piper` process, with a timeout and one retry per clip."""

    def __init__(self, hint: EngineHint | None = None, scratch: Path | None = None) -> None:
        """A hint from another instance spares asking Piper for its version and finding voices again.

        Piper writes its clips into a folder of its own inside `scratch` (else the system's temp folder).
        """
        self.python = piper_python()
        self.scratch = scratch
        self._info = hint.info if hint else None
        self._resolved: dict[str, str] = dict(hint.resolved) if hint else {}
        self._voices: dict[str, PiperVoice] = {}
        self._processes: dict[tuple[Any, ...], LineProcess] = {}
        self._folder: Path | None = None
        self._closed = False

    def info(self, voice: VoiceSettings | None = None) -> EngineInfo:
        """Piper's version, and the voices in the voice folders ($VOICEGUIDE_VOICES, this folder)."""
        if self._info is None:
            version = piper_version(self.python)
            voices = tuple(
                {"id": v.name, "name": str(v.model), "languages": [v.language]} for v in list_voices(voice_folders())
            )
            self._info = EngineInfo("piper", f"piper-tts-{version}", self.python, voices)
        return self._info

    def languages(self, voice: VoiceSettings) -> tuple[str, ...]:
        """The language of the voice model these settings name (its config's code, such as en_US); any language
        when its config names none."""
        language = self.voice(voice).language
        return (language,) if language else (ANY_LANGUAGE,)

    def processes(self) -> int:
        """Piper processes worth running at once to fill the cache: one per core unless settings say otherwise."""
        if DEFAULTS.piper.processes:
            return DEFAULTS.piper.processes
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    def voice(self, voice: VoiceSettings) -> PiperVoice:
        """The voice model these settings name, found and checked (once per engine)."""
        lookup = f"{voice.model}\0{voice.data_dir}\0{os.getcwd()}"
        path = self._resolved.get(lookup)
        if path is None or path not in self._voices:
            found = find_voice(voice) if path is None else _read(path, voice)
            self._resolved[lookup] = str(found.model)
            self._voices[str(found.model)] = found
            path = str(found.model)
        found = self._voices[path]
        if not 0 <= voice.speaker < max(found.speakers, 1):
            raise SynthesisError(
                f"the Piper voice {found.name} has {found.speakers} speaker(s); set voice.speaker from 0 to "
                f"{found.speakers - 1}"
            )
        return found

    def cache_parts(self, voice: VoiceSettings) -> list[Any]:
        """Piper's version, the voice's files by content, and every setting that changes its audio."""
        found = self.voice(voice)
        piper = DEFAULTS.piper
        return [
            f"piper/{self.info().version}",
            FileContent(str(found.model)),
            FileContent(str(found.config)),
            voice.speaker if found.speakers > 1 else 0,
            _length_scale(voice),
            piper.noise_scale,
            piper.noise_w_scale,
            piper.sentence_silence_s,
        ]

    def hint(self) -> EngineHint:
        """What this instance learnt, for others."""
        return EngineHint(self.info(), dict(self._resolved))

    def synthesize(self, text: str, voice: VoiceSettings) -> tuple[np.ndarray, int]:
        """Speak text; a clip that does not arrive in time, or arrives empty, is tried once more."""
        found = self.voice(voice)
        line = clean_text(text)
        timeout_s = clip_timeout_s(line)
        problem = ""
        for attempt in (1, 2):
            process = self._process(found, voice)
            wait_s = timeout_s + (0 if process.running else DEFAULTS.speech.start_timeout_s)
            try:
                answer = process.ask(line, wait_s)
            except TimeoutError:
                log.debug("piper attempt %d for %r timed out", attempt, text)
                problem = f"did not answer within {wait_s:g} s"
                continue
            if answer is None:
                tail = list(process.tail)
                known = classify(tail, found)
                if known:
                    raise SynthesisError(known)
                last = next((t.strip() for t in reversed(tail) if t.strip()), "no message")
                problem = f"stopped ({last[-160:]})"
                continue
            pcm, problem = _read_clip(Path(answer.strip()))
            if pcm is not None:
                return pcm
        raise SynthesisError(f"Piper {problem} for {text[:60]!r}, twice", option=PART)

    def _process(self, found: PiperVoice, voice: VoiceSettings) -> LineProcess:
        """The process that speaks this voice with these settings (Piper takes them once, on its command line)."""
        if self._closed:
            raise SynthesisError("Piper was stopped")
        settings = (str(found.model), voice.speaker if found.speakers > 1 else None, _length_scale(voice))
        process = self._processes.get(settings)
        if process is None:
            if self._folder is None:
                # a private working folder: no ./piper.py can shadow Piper, nothing lands in the user's folder
                self._folder = Path(tempfile.mkdtemp(prefix="voiceguide-piper-", dir=scratch_folder(self.scratch)))
            out = self._folder / f"out-{len(self._processes)}"
            out.mkdir()
            piper = DEFAULTS.piper
            command = [self.python, "-m", "piper", "-m", str(found.model), "-d", str(out)]
            command += ["--length-scale", repr(settings[2]), "--sentence-silence", repr(piper.sentence_silence_s)]
            command += ["--noise-scale", repr(piper.noise_scale), "--noise-w-scale", repr(piper.noise_w_scale)]
            if settings[1] is not None:
                command += ["-s", str(settings[1])]
            env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
            fix = f"{INSTALL}, or set ${PYTHON_ENV} to the Python that has it"
            process = LineProcess(command, "Piper", fix, str(self._folder), channel="stderr", prefix=WROTE, env=env)
            self._processes[settings] = process
        return process

    def close(self) -> None:
        """Stop every Piper process and remove their working folder."""
        self._closed = True
        for process in self._processes.values():
            process.stop()
        self._processes.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _length_scale(voice: VoiceSettings) -> float:
    return round(1.0 / voice.speed, 6)


def _read(path: str, voice: VoiceSettings) -> PiperVoice:
    if not Path(path).is_file():
        return find_voice(voice)
    return read_voice(Path(path))


def _read_clip(path: Path) -> tuple[Any, str]:
    """The WAV Piper wrote, read and removed: (samples and rate, '') or (None, what went wrong)."""
    try:
        pcm, rate = read_wav(path.read_bytes())
    except (OSError, UnreadableAudio) as exc:
        return None, f"wrote no readable audio ({type(exc).__name__})"
    finally:
        path.unlink(missing_ok=True)
    if len(pcm) and np.max(np.abs(pcm.astype(np.int32))) > 32:
        return (pcm, rate), ""
    return None, "returned empty audio"
