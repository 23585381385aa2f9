"""The pyttsx3 engine: pyttsx3 in a child process per driver (`pyttsx3_worker`), a timeout and one retry per clip."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..audio.decode import UnknownAudioFormat, UnreadableAudio, decode_audio
from ..errors import SynthesisError
from ..settings import DEFAULTS, VoiceSettings
from .cache import CLIP_PREFIX
from .engine import EngineHint, EngineInfo
from .process import LineProcess

log = logging.getLogger(__name__)
PART = "speech"
"""The part these errors are about (`VoiceguideError.option`): the CLI adds how to check it, except in doctor."""


def speech_timeout_s() -> float:
    """Seconds allowed per short clip: VOICEGUIDE_SPEECH_TIMEOUT, else the default."""
    return float(os.environ.get("VOICEGUIDE_SPEECH_TIMEOUT", DEFAULTS.speech.timeout_s))


def clip_timeout_s(base_s: float, text: str) -> float:
    """Seconds allowed for one clip: the base, and more for each character (a long text takes longer to make)."""
    return round(base_s + DEFAULTS.speech.timeout_per_char_s * len(text), 2)


def _late(timeout_s: float) -> str:
    return f"did not answer within {timeout_s:g} s"


def worker_command(driver: str) -> list[str]:
    """The worker for one driver: voiceguide's own, or the program VOICEGUIDE_SPEECH_WORKER names.

    A Python script there runs with this Python (Windows cannot start a script by itself).
    """
    override = os.environ.get("VOICEGUIDE_SPEECH_WORKER")
    if not override:
        return [sys.executable, "-m", "voiceguide.speech.pyttsx3_worker", "--driver", driver]
    program = [sys.executable, override] if override.endswith(".py") else [override]
    return [*program, "--driver", driver]


class _Driver:
    """One driver's worker process and what it said about itself."""

    def __init__(self, driver: str, hint: EngineHint | None, timeout_s: float) -> None:
        self.driver = driver
        self.timeout_s = timeout_s
        fix = "reinstall with: pip install --force-reinstall voiceguide"
        self.process = LineProcess(worker_command(driver), "the speech engine", fix)
        self.info: EngineInfo | None = hint.info if hint else None
        self.resolved: dict[str, str] = dict(hint.resolved) if hint else {}

    def ask(self, request: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        line = self.process.ask(json.dumps(request), timeout_s)
        if line is None:
            raise SynthesisError("the speech engine stopped unexpectedly", option=PART)
        try:
            reply = json.loads(line)
        except json.JSONDecodeError:
            self.process.stop()
            raise SynthesisError("the speech engine replied with something unreadable", option=PART) from None
        if not reply.get("ok"):
            if reply.get("fatal"):
                self.process.stop()
            raise SynthesisError(reply.get("error", "the speech engine failed"))
        return reply

    def started(self) -> EngineInfo:
        """The driver's name, version and voices (starts its process once)."""
        if self.info is None:
            start_s = DEFAULTS.speech.start_timeout_s
            try:
                reply = self.ask({"op": "info"}, start_s)
            except TimeoutError:
                raise SynthesisError(f"the speech engine did not start within {start_s:.0f} s", option=PART) from None
            voices = tuple(reply["voices"])
            self.info = EngineInfo(reply["engine"], reply["version"], reply.get("library", ""), voices)
        return self.info

    def resolve(self, name: str) -> str:
        if name not in self.resolved:
            self.started()
            self.resolved[name] = self.ask({"op": "resolve", "voice": name}, self.timeout_s)["voice"]
        return self.resolved[name]

    def hint(self) -> EngineHint:
        return EngineHint(self.started(), dict(self.resolved))


class Pyttsx3Engine:
    """pyttsx3 (espeak-ng, or the system's voices on macOS and Windows) in a process of its own per driver."""

    def __init__(self, hint: EngineHint | None = None, scratch: Path | None = None) -> None:
        """A hint from another instance spares starting the engine until a clip is needed.

        Clips are written into `scratch` (else the system's temp folder) and removed at once.
        """
        self.timeout_s = speech_timeout_s()
        self.scratch = scratch
        self._hints = dict(hint.variants) if hint else {}
        if hint and not hint.variants:
            self._hints[DEFAULTS.voice.pyttsx3_driver(sys.platform)] = hint
        self._drivers: dict[str, _Driver] = {}

    def _driver(self, voice: VoiceSettings | None) -> _Driver:
        """The worker of the voice's driver (the platform's default when the voice names none)."""
        name = (voice or DEFAULTS.voice).pyttsx3_driver(sys.platform)
        if name not in self._drivers:
            self._drivers[name] = _Driver(name, self._hints.get(name), self.timeout_s)
        return self._drivers[name]

    def info(self, voice: VoiceSettings | None = None) -> EngineInfo:
        """The driver's name, version and voices (starts the engine once)."""
        return self._driver(voice).started()

    def resolve(self, voice: VoiceSettings) -> str:
        """The driver's id for the voice's name or language tag (SynthesisError when it has none)."""
        return self._driver(voice).resolve(voice.name)

    def languages(self, voice: VoiceSettings) -> tuple[str, ...]:
        """The language tags of the voice that voice.name resolves to."""
        voice_id = self.resolve(voice)
        found = next((v for v in self.info(voice).voices if v["id"] == voice_id), None)
        return tuple(str(lang) for lang in (found or {}).get("languages", ()))

    def cache_parts(self, voice: VoiceSettings) -> list[Any]:
        """The driver and its version, the resolved voice id and the rate."""
        info = self.info(voice)
        return [f"{info.engine}/{info.version}", self.resolve(voice), voice.rate]

    def processes(self) -> int:
        """pyttsx3 mostly waits in its event loop, so several processes fill the cache faster than one."""
        return DEFAULTS.speech.processes

    def hint(self) -> EngineHint:
        """What this instance learnt about each driver it started, for others."""
        if not self._drivers:
            self.info()
        variants = {name: driver.hint() for name, driver in self._drivers.items()}
        first = next(iter(variants.values()))
        return EngineHint(first.info, dict(first.resolved), variants)

    def synthesize(self, text: str, voice: VoiceSettings) -> tuple[np.ndarray, int]:
        """Speak text; a clip that does not arrive in time, or arrives empty, is tried once more."""
        driver = self._driver(voice)
        voice_id = driver.resolve(voice.name)
        if not driver.process.running:
            driver.info = None
            driver.started()  # the first reply waits for the engine to start, with the longer timeout
        problem = ""
        timeout_s = clip_timeout_s(self.timeout_s, text)
        for attempt in (1, 2):
            pcm, problem = self._attempt(driver, text, voice_id, voice.rate, attempt, timeout_s)
            if pcm is not None:
                return pcm
            if attempt == 1 and problem == _late(timeout_s):
                log.warning("the speech engine %s; trying once more", problem)
        raise SynthesisError(f"the speech engine {problem} for {text[:60]!r}, twice", option=PART)

    def _attempt(
        self, driver: _Driver, text: str, voice_id: str, rate: int, attempt: int, timeout_s: float
    ) -> tuple[Any, str]:
        """One try: (samples and rate, '') or (None, what went wrong)."""
        path = self._clip_file()
        try:
            try:
                request = {"op": "say", "text": text, "voice": voice_id, "rate": rate, "path": str(path)}
                driver.ask(request, timeout_s)
            except TimeoutError:
                log.debug("speech attempt %d for %r timed out", attempt, text)
                return None, _late(timeout_s)
            try:
                pcm, sample_rate = decode_audio(path.read_bytes(), f"pyttsx3's {driver.driver} driver")
            except UnknownAudioFormat as exc:
                raise SynthesisError(f"{exc}; choose another voice.driver") from None
            except (OSError, UnreadableAudio) as exc:
                return None, f"wrote no readable audio ({exc})"
        finally:
            with contextlib.suppress(OSError):  # Windows: a file another program still holds stays behind
                path.unlink(missing_ok=True)
        if len(pcm) and np.max(np.abs(pcm.astype(np.int32))) > 32:
            return (pcm, sample_rate), ""
        return None, "returned empty audio"

    def _clip_file(self) -> Path:
        """A new file for one clip, named after this process so that a later build can tell it was abandoned."""
        prefix = f"{CLIP_PREFIX}{os.getpid()}-"
        fd = None
        if self.scratch is not None:
            try:
                self.scratch.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(dir=self.scratch, prefix=prefix, suffix=".wav")
            except OSError:
                pass  # a cache that cannot be written (the build warns about it once): the system's temp folder
        if fd is None:
            fd, name = tempfile.mkstemp(prefix=prefix, suffix=".wav")
        os.close(fd)
        return Path(name)

    def close(self) -> None:
        """Stop every driver's process."""
        for driver in self._drivers.values():
            driver.process.stop()
