"""The command engine: any text-to-speech program, run once per clip, that writes a WAV file or prints one.

`voice: {engine: command, command: [PROGRAM, ARG, ...]}`: in each argument `{text}` becomes the
sentence, `{out}` the path of a WAV file to write and `{voice}` voice.name. Without `{text}` the
sentence goes to the program's stdin; without `{out}` the WAV is read from its stdout. The program
runs without a shell, in its own process group, with a timeout and one retry, like the other engines.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from ..audio.wav import UnreadableAudio, read_wav
from ..errors import SynthesisError
from ..settings import VoiceSettings
from .cache import FileContent, scratch_folder
from .engine import ANY_LANGUAGE, EngineHint, EngineInfo
from .process import clip_timeout_s

log = logging.getLogger(__name__)
FIX = "fix voice.command in the routine file"


def fill(argument: str, text: str, out: str, voice: str) -> str:
    """One argument with its placeholders filled in."""
    return argument.replace("{text}", text).replace("{out}", out).replace("{voice}", voice)


class CommandEngine:
    """A speech program named in the routine file, started for every clip."""

    def __init__(self, hint: EngineHint | None = None, scratch: Path | None = None) -> None:
        """A hint from another instance spares finding the programs again; clips are written inside `scratch`."""
        self.scratch = scratch
        self._info = hint.info if hint else None
        self._programs: dict[str, str] = dict(hint.resolved) if hint else {}
        self._running: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._busy = threading.Lock()
        """Held while a clip is made, so close() can wait for its files to be removed."""

    def info(self, voice: VoiceSettings | None = None) -> EngineInfo:
        """The command engine has no voices of its own: the program named in the routine file has."""
        if self._info is None:
            self._info = EngineInfo("command", "1", "any program that writes a WAV", ())
        return self._info

    def languages(self, voice: VoiceSettings) -> tuple[str, ...]:
        """Any language: voiceguide cannot ask a program which languages it speaks."""
        return (ANY_LANGUAGE,)

    def processes(self) -> int:
        """As many programs at once as there are cores: each is a process of its own anyway."""
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    def program(self, voice: VoiceSettings) -> str:
        """The full path of the program voice.command runs; SynthesisError when there is none."""
        if not voice.command:
            raise SynthesisError(f"the command engine has no command to run; {FIX}")
        name = voice.command[0]
        if name not in self._programs:
            found = shutil.which(name)
            if found is None:
                raise SynthesisError(f"cannot find the speech program {name!r}; install it, or {FIX}")
            self._programs[name] = os.path.abspath(found)
        return self._programs[name]

    def cache_parts(self, voice: VoiceSettings) -> list[Any]:
        """The command as written, the program's own bytes (a new version is a new voice) and the voice name."""
        return ["command", list(voice.command), FileContent(self.program(voice)), voice.name]

    def hint(self) -> EngineHint:
        """The programs already found."""
        return EngineHint(self.info(), dict(self._programs))

    def synthesize(self, text: str, voice: VoiceSettings) -> tuple[np.ndarray, int]:
        """Run the program for one clip; a run that is late or writes nothing is tried once more."""
        program = self.program(voice)
        problem = ""
        for attempt in (1, 2):
            pcm, problem = self._attempt(text, voice, program)
            if pcm is not None:
                return pcm
            log.debug("speech command attempt %d for %r: %s", attempt, text, problem)
        raise SynthesisError(f"the speech program {voice.command[0]!r} {problem} for {text[:60]!r}, twice; {FIX}")

    def _attempt(self, text: str, voice: VoiceSettings, program: str) -> tuple[Any, str]:
        """One run: (samples and rate, '') or (None, what went wrong); a failing program raises at once."""
        with self._busy:
            if self._closed:
                raise SynthesisError("the speech program was stopped")
            folder = tempfile.mkdtemp(prefix="voiceguide-command-", dir=scratch_folder(self.scratch))
            try:
                data, to_file = self._write(text, voice, program, folder)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        if data is None:
            return None, to_file
        return _audio(data, voice, bool(to_file))

    def _write(self, text: str, voice: VoiceSettings, program: str, folder: str) -> tuple[Any, str]:
        """Run the program in folder: (its WAV bytes, '{out}' when it wrote a file) or (None, what went wrong)."""
        out = str(Path(folder) / "clip.wav")
        args = [program, *(fill(a, text, out, voice.name) for a in voice.command[1:])]
        to_file = any("{out}" in a for a in voice.command)
        to_stdin = not any("{text}" in a for a in voice.command)
        timeout_s = clip_timeout_s(text)
        status, stdout, stderr = self._run(args, text if to_stdin else None, timeout_s)
        if status is None:
            return None, f"did not finish within {timeout_s:g} s"
        if status != 0:
            why = next((line.strip() for line in reversed(stderr.splitlines()) if line.strip()), "no message")
            raise SynthesisError(
                f"the speech program {voice.command[0]!r} failed (exit status {status}: {why[-160:]}); {FIX}, "
                f"or run it by hand to see why: {shlex.join(args)}"
            )
        if not to_file:
            return stdout, ""
        return (Path(out).read_bytes() if os.path.exists(out) else b""), "{out}"

    def _run(self, args: list[str], stdin: str | None, timeout_s: float) -> tuple[int | None, bytes, str]:
        """Run the program: (exit status, stdout, stderr), or (None, ...) when it was killed for being late."""
        try:
            process = subprocess.Popen(
                args,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=os.name == "posix",  # its children are stopped with it
            )
        except OSError as exc:
            raise SynthesisError(f"cannot run the speech program {args[0]!r} ({exc.strerror}); {FIX}") from None
        self._running = process
        try:
            data = stdin.encode("utf-8") if stdin is not None else None
            stdout, stderr = process.communicate(data, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _kill(process)
            return None, b"", ""
        finally:
            self._running = None
        return process.returncode, stdout, stderr.decode("utf-8", "replace")

    def close(self) -> None:
        """Stop a program that is running (a build that fails or is interrupted leaves none behind)."""
        self._closed = True
        process = self._running
        if process is not None and process.poll() is None:
            _signal_kill(process)  # the thread waiting for it sees it end and removes its files
        if self._busy.acquire(timeout=10):
            self._busy.release()


def _audio(data: bytes, voice: VoiceSettings, to_file: bool) -> tuple[Any, str]:
    """What the program wrote, as samples: (samples and rate, '') or (None, what was wrong)."""
    if not data:
        return None, "wrote no audio " + ("to {out}" if to_file else "on its output")
    try:
        pcm, rate = read_wav(data)
    except UnreadableAudio:
        raise SynthesisError(
            f"the speech program {voice.command[0]!r} wrote audio that is not a PCM WAV file; make it write one "
            "(macOS say: --data-format=LEI16@22050 -o '{out}')"
        ) from None
    if len(pcm) and np.max(np.abs(pcm.astype(np.int32))) > 32:
        return (pcm, rate), ""
    return None, "wrote silent audio"


def _signal_kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the program and whatever it started."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
            return
        except OSError:
            pass
    process.kill()


def _kill(process: subprocess.Popen[bytes]) -> None:
    _signal_kill(process)
    try:
        process.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass
