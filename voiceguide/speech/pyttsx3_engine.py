"""The pyttsx3 engine: pyttsx3 in a child process (`pyttsx3_worker`), with a timeout and one retry per clip."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..audio.wav import UnreadableAudio, read_wav
from ..errors import SynthesisError
from ..settings import DEFAULTS, VoiceSettings
from .engine import EngineHint, EngineInfo
from .process import LineProcess

log = logging.getLogger(__name__)
DOCTOR = "run 'voiceguide doctor' to check it"


def speech_timeout_s() -> float:
    """Seconds allowed per clip: VOICEGUIDE_SPEECH_TIMEOUT, else the default."""
    return float(os.environ.get("VOICEGUIDE_SPEECH_TIMEOUT", DEFAULTS.speech.timeout_s))


class Pyttsx3Engine:
    """pyttsx3 (espeak-ng on Linux, the system's voices on macOS and Windows) in its own process."""

    def __init__(self, hint: EngineHint | None = None) -> None:
        """A hint from another instance spares starting the engine until a clip is needed."""
        self.timeout_s = speech_timeout_s()
        override = os.environ.get("VOICEGUIDE_SPEECH_WORKER")
        command = [override] if override else [sys.executable, "-m", "voiceguide.speech.pyttsx3_worker"]
        fix = "reinstall with: pip install --force-reinstall voiceguide"
        self.process = LineProcess(command, "the speech engine", fix)
        self._info = hint.info if hint else None
        self._resolved: dict[str, str] = dict(hint.resolved) if hint else {}

    def _ask(self, request: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        line = self.process.ask(json.dumps(request), timeout_s)
        if line is None:
            raise SynthesisError(f"the speech engine stopped unexpectedly; {DOCTOR}")
        try:
            reply = json.loads(line)
        except json.JSONDecodeError:
            self.process.stop()
            raise SynthesisError(f"the speech engine replied with something unreadable; {DOCTOR}") from None
        if not reply.get("ok"):
            if reply.get("fatal"):
                self.process.stop()
            raise SynthesisError(reply.get("error", "the speech engine failed"))
        return reply

    def info(self) -> EngineInfo:
        """The engine's name, version and voices (starts the engine once)."""
        if self._info is None:
            start_s = DEFAULTS.speech.start_timeout_s
            try:
                reply = self._ask({"op": "info"}, start_s)
            except TimeoutError:
                raise SynthesisError(f"the speech engine did not start within {start_s:.0f} s; {DOCTOR}") from None
            voices = tuple(reply["voices"])
            self._info = EngineInfo(reply["engine"], reply["version"], reply.get("library", ""), voices)
        return self._info

    def resolve(self, name: str) -> str:
        """The engine's id for a voice name or language tag (SynthesisError when it has none)."""
        if name not in self._resolved:
            self.info()
            self._resolved[name] = self._ask({"op": "resolve", "voice": name}, self.timeout_s)["voice"]
        return self._resolved[name]

    def cache_parts(self, voice: VoiceSettings) -> list[Any]:
        """The driver and its version, the resolved voice id and the rate."""
        info = self.info()
        return [f"{info.engine}/{info.version}", self.resolve(voice.name), voice.rate]

    def processes(self) -> int:
        """pyttsx3 mostly waits in its event loop, so several processes fill the cache faster than one."""
        return DEFAULTS.speech.processes

    def hint(self) -> EngineHint:
        """What this instance learnt, for others."""
        return EngineHint(self.info(), dict(self._resolved))

    def synthesize(self, text: str, voice: VoiceSettings) -> tuple[np.ndarray, int]:
        """Speak text; a clip that does not arrive in time, or arrives empty, is tried once more."""
        voice_id = self.resolve(voice.name)
        if not self.process.running:
            self._info = None
            self.info()  # the first reply waits for the engine to start, with the longer timeout
        problem = ""
        for attempt in (1, 2):
            pcm, problem = self._attempt(text, voice_id, voice.rate, attempt)
            if pcm is not None:
                return pcm
        raise SynthesisError(f"the speech engine {problem} for {text[:60]!r}, twice; {DOCTOR}")

    def _attempt(self, text: str, voice_id: str, rate: int, attempt: int) -> tuple[Any, str]:
        """One try: (samples and rate, '') or (None, what went wrong)."""
        # a file of its own per clip, removed at once: nothing is left behind when a pool worker is killed
        fd, name = tempfile.mkstemp(prefix="voiceguide-clip-", suffix=".wav")
        os.close(fd)
        path = Path(name)
        try:
            try:
                self._ask(
                    {"op": "say", "text": text, "voice": voice_id, "rate": rate, "path": str(path)}, self.timeout_s
                )
            except TimeoutError:
                log.debug("speech attempt %d for %r timed out", attempt, text)
                return None, f"did not answer within {self.timeout_s:g} s"
            try:
                pcm, sample_rate = read_wav(path.read_bytes())
            except (OSError, UnreadableAudio) as exc:
                return None, f"wrote no readable audio ({type(exc).__name__})"
        finally:
            path.unlink(missing_ok=True)
        if len(pcm) and np.max(np.abs(pcm.astype(np.int32))) > 32:
            return (pcm, sample_rate), ""
        return None, "returned empty audio"

    def close(self) -> None:
        """Stop the engine's process."""
        self.process.stop()
