"""Speech keys to levelled clips, each synthesized once and kept in the speech cache."""

from __future__ import annotations

import logging

from ..audio.clips import Clip, prepare_speech
from ..audio.wav import read_wav, wav_bytes
from ..settings import VoiceSettings
from ..sounds import SpeechKey
from .cache import SpeechCache
from .engine import Engine, EngineHint, EngineInfo, check_language
from .registry import open_engine

log = logging.getLogger(__name__)


class Speaker:
    """Turns speech keys into levelled clips, synthesizing each distinct one once and caching it."""

    def __init__(self, cache: SpeechCache, hints: dict[str, EngineHint] | None = None) -> None:
        self.cache = cache
        self.hints = dict(hints or {})
        self.engines: dict[str, Engine] = {}
        self.synthesized = 0
        """How many clips this speaker asked an engine for (the rest came from the cache)."""
        self._clips: dict[str, Clip] = {}
        self._checked: set[tuple[VoiceSettings, str]] = set()

    def engine(self, name: str) -> Engine:
        """The engine of this name, opened on first use."""
        if name not in self.engines:
            self.engines[name] = open_engine(name, self.hints.get(name), self.cache.scratch)
        return self.engines[name]

    def clips(self, keys: list[SpeechKey]) -> dict[SpeechKey, Clip]:
        """A clip for every key, from the cache or the engine.

        Only these clips stay in memory afterwards (the next track's shared sentences are reused),
        so a worker's memory holds one track's clips, however many tracks it builds.
        """
        result = {}
        used: dict[str, Clip] = {}
        for key in keys:
            engine = self.engine(key.voice.engine)
            if (key.voice, key.language) not in self._checked:
                check_language(engine, key)
                self._checked.add((key.voice, key.language))
            cache_key = self.cache.clip_key(engine.cache_parts(key.voice), key.text)
            clip = self._clips.get(cache_key)
            if clip is None:
                data = self.cache.get(cache_key)
                if data is None:
                    log.debug("not in the speech cache, synthesizing: %r", key.text)
                    pcm, sample_rate = engine.synthesize(key.text, key.voice)
                    self.synthesized += 1
                    data = wav_bytes(pcm, sample_rate)
                    self.cache.put(cache_key, data)
                pcm, sample_rate = read_wav(data)
                clip = prepare_speech(key, pcm, sample_rate)
                self._clips[cache_key] = clip
            result[key] = used[cache_key] = clip
        self._clips = used
        return result

    @property
    def held(self) -> int:
        """How many prepared clips this speaker keeps in memory."""
        return len(self._clips)

    def close(self) -> None:
        """Stop every engine."""
        for engine in self.engines.values():
            engine.close()
        self.engines.clear()


def engine_info(voice: VoiceSettings) -> EngineInfo:
    """What the voice's engine (and its driver) is and which voices it has (for `voiceguide voices`)."""
    engine = open_engine(voice.engine)
    try:
        return engine.info(voice)
    finally:
        engine.close()


def probe(voice: VoiceSettings) -> str:
    """Say a test sentence with this voice: what the engine is and how long the sentence lasted (for doctor)."""
    engine = open_engine(voice.engine)
    try:
        info = engine.info(voice)
        pcm, rate = engine.synthesize("Testing, one, two, three.", voice)
    finally:
        engine.close()
    voices = f", {len(info.voices)} voices" if info.voices else ""
    return f"{info.version} via {info.library}: {len(pcm) / rate:.2f} s of speech at {rate} Hz{voices}"
