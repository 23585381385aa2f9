"""Fill the speech cache before tracks are built: several engine processes at once, track by track."""

from __future__ import annotations

import queue
import threading
from typing import Iterator

from ..audio.wav import wav_bytes
from ..sounds import SpeechKey
from .cache import SpeechCache
from .engine import Engine, EngineHint, check_language
from .registry import open_engine


class CacheFiller:
    """Synthesizes every text not yet cached, with several engine processes at once, group by group.

    pyttsx3 spends most of each clip waiting in its event loop, so several of its processes fill
    the cache in a fraction of the time one would take; Piper keeps a core busy, so it gets one
    process per core. Each engine says how many pay off (`Engine.processes`). Texts come in groups
    (one per track, in build order); `ready()` yields each group's index as soon as that group and
    every group before it are cached, so a track can be built while the next ones are still spoken.
    """

    def __init__(self, cache: SpeechCache, parallel: int | None = None) -> None:
        """`parallel` caps every engine's number of processes (None: as many as each engine says pay off)."""
        self.cache = cache
        self.parallel = parallel
        self.engines: list[Engine] = []
        self.count = 0
        """How many clips were synthesized."""
        self._done: queue.Queue[int | BaseException] = queue.Queue()
        self._lock = threading.Lock()
        self._remaining: list[int] = []
        self._announced = 0
        self._keys: list[list[str]] = []
        """Each group's cache keys."""

    def start(self, groups: list[list[SpeechKey]]) -> dict[str, EngineHint]:
        """Start synthesizing; returns at once with what workers need to know about each engine."""
        scratch = self.cache.scratch
        first = {
            name: open_engine(name, None, scratch)
            for name in sorted({key.voice.engine for group in groups for key in group})
        }
        self.engines += first.values()
        todo: dict[str, queue.Queue[tuple[int, SpeechKey, str]]] = {name: queue.Queue() for name in first}
        self._remaining = [0] * len(groups)
        self._keys = [[] for _ in groups]
        seen: set[str] = set()
        for key in {(k.voice, k.language): k for group in groups for k in group}.values():
            check_language(first[key.voice.engine], key)  # before anything is spoken
        for index, group in enumerate(groups):
            for key in group:
                cache_key = self.cache.clip_key(first[key.voice.engine].cache_parts(key.voice), key.text)
                self._keys[index].append(cache_key)
                if cache_key not in seen and not self.cache.has(cache_key):
                    seen.add(cache_key)
                    todo[key.voice.engine].put((index, key, cache_key))
                    self._remaining[index] += 1
        self.count = sum(q.qsize() for q in todo.values())
        hints = {name: engine.hint() for name, engine in first.items()}
        with self._lock:
            self._announce()
        for name, engine in first.items():
            wanted = engine.processes() if self.parallel is None else min(self.parallel, engine.processes())
            for n in range(min(max(1, wanted), todo[name].qsize())):
                mine = engine if n == 0 else None
                threading.Thread(target=self._work, args=(todo[name], name, mine, hints[name]), daemon=True).start()
        return hints

    def _announce(self) -> None:
        """Report every leading group that is complete (called under the lock)."""
        while self._announced < len(self._remaining) and self._remaining[self._announced] == 0:
            self._done.put(self._announced)
            self._announced += 1

    def _work(
        self, todo: queue.Queue[tuple[int, SpeechKey, str]], name: str, engine: Engine | None, hint: EngineHint
    ) -> None:
        while True:
            try:
                index, key, cache_key = todo.get_nowait()
            except queue.Empty:
                return
            try:
                if engine is None:
                    engine = open_engine(name, hint, self.cache.scratch)
                    with self._lock:
                        self.engines.append(engine)
                pcm, sample_rate = engine.synthesize(key.text, key.voice)
                self.cache.put(cache_key, wav_bytes(pcm, sample_rate))
            except BaseException as exc:  # noqa: BLE001 - raised again in the thread that reads ready()
                self._done.put(exc)
                return
            with self._lock:
                self._remaining[index] -= 1
                self._announce()

    def unsaved(self, index: int) -> dict[str, bytes]:
        """The group's clips that only this process holds, because the cache could not be written."""
        return self.cache.unsaved(self._keys[index])

    def ready(self, n_groups: int) -> Iterator[int]:
        """Each group's index, in order, once it is cached; raises what a synthesis raised."""
        for _ in range(n_groups):
            yield self.next_ready()

    def next_ready(self, timeout: float | None = None) -> int:
        """The next cached group's index (queue.Empty after timeout); raises what a synthesis raised."""
        item = self._done.get(timeout=timeout)
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        """Stop every engine process."""
        with self._lock:
            engines = list(self.engines)
        for engine in engines:
            engine.close()
