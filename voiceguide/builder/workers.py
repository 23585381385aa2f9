"""Worker processes that build tracks: started early, stopped with the build, dying with their parent."""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from pathlib import Path
from typing import Any

from ..audio.beeps import load_beeps
from ..portable import die_with_parent, ignore_interrupts, start_method
from ..sounds import BeepKey
from ..speech.cache import SpeechCache
from ..speech.engine import EngineHint
from ..speech.speaker import Speaker
from .options import TrackOutcome
from .track import TrackJob, build_track

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_worker: dict[str, Any] = {}
"""A worker process's own state: its speech cache, beeps, speaker and the queue for progress messages."""


def is_main_thread() -> bool:
    """Whether signal handlers can be set from here."""
    return threading.current_thread() is threading.main_thread()


def _worker_init(cache: str, beep_paths: dict[BeepKey, str], messages: Any) -> None:
    ignore_interrupts()  # the parent handles Ctrl-C (and Ctrl-Break) and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # blocked while the parent made the pool
    die_with_parent()  # a worker ends when the build process dies, even by SIGKILL, on every system
    _worker["cache"] = SpeechCache(Path(cache))
    _worker["beeps"] = load_beeps({k: Path(v) for k, v in beep_paths.items()})
    _worker["messages"] = messages


def _worker_build(job: TrackJob, hints: dict[str, EngineHint], unsaved: dict[str, bytes]) -> TrackOutcome:
    """Build one track in a worker; its errors reach the build as they were raised.

    `unsaved` holds the track's clips that the build could not write to the speech cache.
    """
    _worker["cache"].remember(unsaved)
    if "speaker" not in _worker:
        _worker["speaker"] = Speaker(_worker["cache"], hints)
    speaker: Speaker = _worker["speaker"]
    messages = _worker["messages"]
    last = [0.0]

    def progress(slug: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] > 0.2 or done >= total:
            last[0] = now
            messages.put(("progress", slug, done, total))

    start, before = time.perf_counter(), speaker.synthesized
    record, dropped = build_track(job, speaker, _worker["beeps"], progress)
    return TrackOutcome(record, True, time.perf_counter() - start, speaker.synthesized - before, dropped)


class Pool:
    """Worker processes started early, so their imports overlap the speech synthesis."""

    def __init__(self, size: int, cache: Path, beep_paths: dict[BeepKey, Path]) -> None:
        load_beeps(beep_paths)  # a missing beep is reported once, before any worker starts
        # fork on Linux: workers start without importing everything again (no threads run yet);
        # spawn on macOS (fork is unsafe there) and Windows (no fork)
        self.context = multiprocessing.get_context(start_method())
        self.messages = self.context.Queue()
        self.size = size
        self.cache = str(cache)
        self.beep_paths = {k: str(v) for k, v in beep_paths.items()}
        self.pool: Any = None

    def start(self) -> Any:
        """The running pool, started now if need be."""
        if self.pool is None:
            # Workers start with Ctrl-C ignored (an ignored signal stays ignored across fork and exec),
            # so a Ctrl-C cannot print their tracebacks, and with SIGTERM's default action, so the
            # pool can stop them; the parent handles both signals itself.
            # Meanwhile both signals are blocked, not lost: one that arrives now is handled once the
            # parent's own handlers are back.
            saved = {}
            blocking = is_main_thread() and hasattr(signal, "pthread_sigmask")
            if blocking:
                signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            if is_main_thread():
                ignore = ((signal.SIGINT, signal.SIG_IGN), (signal.SIGTERM, signal.SIG_DFL))
                saved = {sig: signal.signal(sig, how) for sig, how in ignore}
            try:
                args = (self.cache, self.beep_paths, self.messages)
                self.pool = self.context.Pool(self.size, _worker_init, args)
            finally:
                for sig, handler in saved.items():
                    signal.signal(sig, handler)
                if blocking:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        return self.pool

    def submit(self, job: TrackJob, hints: dict[str, EngineHint], unsaved: dict[str, bytes] | None = None) -> Any:
        """Build a track in a worker, which opens engines with these hints; returns the pending result."""
        return self.start().apply_async(_worker_build, (job, hints, unsaved or {}))

    def stop(self) -> None:
        """Stop every worker at once."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
