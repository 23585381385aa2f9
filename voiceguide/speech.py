"""Text to clips: the speech engine in its own process, and a content-addressed cache (stage 3)."""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import tempfile
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Protocol

import numpy as np

from .audio import Clip, prepare_speech, read_wav
from .cache import SpeechCache, wav_bytes
from .errors import SynthesisError

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT_S = 5.0
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class EngineInfo:
    """What the speech engine is, for cache keys and `voiceguide voices`."""

    engine: str
    version: str
    library: str
    voices: tuple[dict[str, Any], ...]


class Voice(Protocol):
    """A speech engine: says text into 16-bit mono PCM."""

    def info(self) -> EngineInfo: ...

    def resolve(self, voice: str) -> str: ...

    def synthesize(self, text: str, voice: str, rate: int) -> tuple[np.ndarray, int]: ...

    def close(self) -> None: ...


class WorkerVoice:
    """pyttsx3 in a child process (voiceguide.speech_worker), with a timeout and one retry per clip."""

    def __init__(self, info: EngineInfo | None = None, resolved: dict[str, str] | None = None, timeout_s: float | None = None) -> None:
        """info and resolved, when another WorkerVoice already learnt them, spare starting the engine until a clip is needed."""
        self.timeout_s = timeout_s or float(os.environ.get("VOICEGUIDE_SPEECH_TIMEOUT", DEFAULT_TIMEOUT_S))
        override = os.environ.get("VOICEGUIDE_SPEECH_WORKER")
        self.command = [override] if override else [sys.executable, "-m", "voiceguide.speech_worker"]
        self.process: subprocess.Popen[str] | None = None
        self.replies: queue.Queue[str | None] = queue.Queue()
        self._info = info
        self._resolved: dict[str, str] = dict(resolved or {})

    def _start(self) -> None:
        try:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as exc:
            raise SynthesisError(f"cannot start the speech engine ({exc.strerror}); reinstall with: pip install --force-reinstall voiceguide") from None
        self.replies = queue.Queue()
        threading.Thread(target=self._pump, args=(self.process, self.replies), daemon=True).start()

    @staticmethod
    def _pump(process: subprocess.Popen[str], replies: "queue.Queue[str | None]") -> None:
        assert process.stdout is not None
        for line in process.stdout:
            replies.put(line)
        replies.put(None)

    def _stop(self) -> None:
        if self.process is not None:
            try:
                if self.process.stdin:
                    self.process.stdin.close()
            except OSError:
                pass
            self.process.kill()
            self.process.wait()
            self.process = None

    def _ask(self, request: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        if self.process is None or self.process.poll() is not None:
            self._start()
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            pass  # the worker died; its reply will be None below
        try:
            line = self.replies.get(timeout=timeout_s)
        except queue.Empty:
            self._stop()
            raise TimeoutError from None
        if line is None:
            self._stop()
            raise SynthesisError("the speech engine stopped unexpectedly; run 'voiceguide doctor' to check it")
        try:
            reply = json.loads(line)
        except json.JSONDecodeError:
            self._stop()
            raise SynthesisError("the speech engine replied with something unreadable; run 'voiceguide doctor'") from None
        if not reply.get("ok"):
            if reply.get("fatal"):
                self._stop()
            raise SynthesisError(reply.get("error", "the speech engine failed"))
        return reply

    def info(self) -> EngineInfo:
        """The engine's name, version and voices (starts the engine once)."""
        if self._info is None:
            try:
                reply = self._ask({"op": "info"}, START_TIMEOUT_S)
            except TimeoutError:
                raise SynthesisError(f"the speech engine did not start within {START_TIMEOUT_S:.0f} s; run 'voiceguide doctor'") from None
            self._info = EngineInfo(reply["engine"], reply["version"], reply.get("library", ""), tuple(reply["voices"]))
        return self._info

    def resolve(self, voice: str) -> str:
        """The engine's id for a voice name or language tag (SynthesisError when it has none)."""
        if voice not in self._resolved:
            self.info()
            self._resolved[voice] = self._ask({"op": "resolve", "voice": voice}, self.timeout_s)["voice"]
        return self._resolved[voice]

    def synthesize(self, text: str, voice: str, rate: int) -> tuple[np.ndarray, int]:
        """Speak text; a clip that does not arrive in time, or arrives empty, is tried once more."""
        if self.process is None or self.process.poll() is not None:
            self._start()
            self._info = None
            self.info()  # the first reply waits for the engine to start, with the longer timeout
        problem = ""
        for attempt in (1, 2):
            # a file of its own per clip, removed at once: nothing is left behind when a pool worker is killed
            fd, name = tempfile.mkstemp(prefix="voiceguide-clip-", suffix=".wav")
            os.close(fd)
            path = Path(name)
            try:
                try:
                    self._ask({"op": "say", "text": text, "voice": voice, "rate": rate, "path": str(path)}, self.timeout_s)
                except TimeoutError:
                    problem = f"did not answer within {self.timeout_s:g} s"
                    log.debug("speech attempt %d for %r timed out", attempt, text)
                    continue
                try:
                    pcm, sample_rate = read_wav(path.read_bytes())
                except (OSError, EOFError, wave.Error, ValueError) as exc:
                    problem = f"wrote no readable audio ({type(exc).__name__})"
                    continue
            finally:
                path.unlink(missing_ok=True)
            if len(pcm) and np.max(np.abs(pcm.astype(np.int32))) > 32:
                return pcm, sample_rate
            problem = "returned empty audio"
        raise SynthesisError(f"the speech engine {problem} for {text[:60]!r}, twice; run 'voiceguide doctor' to check it")

    def close(self) -> None:
        """Stop the engine's process."""
        self._stop()


@dataclass(frozen=True)
class EngineHint:
    """What one engine process learnt, handed to others so they start their engine only for a cache miss."""

    info: EngineInfo
    resolved: dict[str, str]


class CacheFiller:
    """Synthesizes every text not yet cached, with several engine processes at once, group by group.

    pyttsx3 spends most of each clip waiting in its event loop, so several engine
    processes fill the cache in a fraction of the time one would take. Texts come
    in groups (one per track, in build order); `ready()` yields each group's index
    as soon as that group and every group before it are cached, so a track can be
    built while the next ones are still being spoken.
    """

    def __init__(self, cache: SpeechCache, parallel: int) -> None:
        self.cache = cache
        self.parallel = parallel
        self.voices: list[WorkerVoice] = []
        self.count = 0
        """How many clips were synthesized."""
        self._done: queue.Queue[int | BaseException] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def start(self, groups: list[list[tuple[str, str, int]]]) -> EngineHint:
        """Start synthesizing; returns at once with what workers need to know about the engine."""
        first = WorkerVoice()
        self.voices.append(first)
        info = first.info()
        resolved = {name: first.resolve(name) for name in sorted({v for group in groups for _, v, _ in group})}
        todo: queue.Queue[tuple[int, str, str, int, str]] = queue.Queue()
        remaining = [0] * len(groups)
        seen: set[str] = set()
        for index, group in enumerate(groups):
            for text, voice, rate in group:
                key = SpeechCache.key(f"{info.engine}/{info.version}", resolved[voice], rate, text)
                if key not in seen and not self.cache.has(key):
                    seen.add(key)
                    todo.put((index, text, resolved[voice], rate, key))
                    remaining[index] += 1
        self.count = todo.qsize()
        lock = threading.Lock()
        announced = [0]

        def announce() -> None:  # under lock: report every leading group that is complete
            while announced[0] < len(groups) and remaining[announced[0]] == 0:
                self._done.put(announced[0])
                announced[0] += 1

        with lock:
            announce()
        self.voices += [WorkerVoice(info, resolved) for _ in range(max(0, min(self.parallel, self.count) - 1))]

        def work(voice: WorkerVoice) -> None:
            while True:
                try:
                    index, text, voice_id, rate, key = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    pcm, sample_rate = voice.synthesize(text, voice_id, rate)
                    self.cache.put(key, wav_bytes(pcm, sample_rate))
                except BaseException as exc:  # noqa: BLE001 - re-raised in the thread that reads ready()
                    self._done.put(exc)
                    return
                with lock:
                    remaining[index] -= 1
                    announce()

        self._threads = [threading.Thread(target=work, args=(v,), daemon=True) for v in self.voices]
        for t in self._threads:
            t.start()
        return EngineHint(info, resolved)

    def ready(self, n_groups: int) -> Iterator[int]:
        """Each group's index, in order, once it is cached; raises what a synthesis raised."""
        for _ in range(n_groups):
            item = self.next_ready()
            yield item

    def next_ready(self, timeout: float | None = None) -> int:
        """The next cached group's index (queue.Empty after timeout); raises what a synthesis raised."""
        item = self._done.get(timeout=timeout)
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        """Stop every engine process."""
        for voice in self.voices:
            voice.close()


class Speaker:
    """Turns texts into levelled clips, synthesizing each distinct text once and caching it."""

    def __init__(self, cache: SpeechCache, voice: Voice | None = None) -> None:
        self.cache = cache
        self.voice: Voice = voice or WorkerVoice()
        self.synthesized = 0
        """How many clips this speaker asked the engine for (the rest came from the cache)."""
        self._clips: dict[str, Clip] = {}

    def clips(self, texts: list[str], voice_name: str, rate: int) -> dict[str, Clip]:
        """A clip for every text, from the cache or the engine."""
        info = self.voice.info()
        voice_id = self.voice.resolve(voice_name)
        result = {}
        for text in texts:
            key = SpeechCache.key(f"{info.engine}/{info.version}", voice_id, rate, text)
            clip = self._clips.get(key)
            if clip is None:
                data = self.cache.get(key)
                if data is None:
                    pcm, sample_rate = self.voice.synthesize(text, voice_id, rate)
                    self.synthesized += 1
                    data = wav_bytes(pcm, sample_rate)
                    self.cache.put(key, data)
                pcm, sample_rate = read_wav(data)
                clip = prepare_speech(text, pcm, sample_rate)
            self._clips[key] = clip
            result[text] = clip
        return result

    def close(self) -> None:
        """Stop the engine."""
        self.voice.close()
