"""The speech cache, the engine process's timeouts and retries (with stub engines), and the real engine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

from voiceguide.errors import SynthesisError
from voiceguide.cache import SpeechCache, wav_bytes
from voiceguide.speech import CacheFiller, EngineHint, EngineInfo, Speaker, WorkerVoice

def test_a_hanging_engine_is_retried_once_then_reported(stub_engine) -> None:
    stub_engine("hang")
    voice = WorkerVoice()
    try:
        with pytest.raises(SynthesisError, match=r"did not answer within 0.5 s .*twice; run 'voiceguide doctor'"):
            voice.synthesize("Hello.", "en-us", 165)
    finally:
        voice.close()


@pytest.mark.parametrize("mode", ["empty", "silent"])
def test_empty_audio_is_retried_once_then_reported(stub_engine, mode: str) -> None:
    stub_engine(mode)
    voice = WorkerVoice()
    try:
        with pytest.raises(SynthesisError, match="returned empty audio for 'Hello.', twice"):
            voice.synthesize("Hello.", "en-us", 165)
    finally:
        voice.close()


def test_an_engine_that_cannot_start_names_the_install_command(stub_engine) -> None:
    stub_engine("fatal")
    voice = WorkerVoice()
    try:
        with pytest.raises(SynthesisError, match="pip install espeakng-loader"):
            voice.info()
    finally:
        voice.close()


def test_cache_round_trip_and_keys(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    key = SpeechCache.key("espeak/1", "gmw/en-us", 165, "Hello.")
    assert key != SpeechCache.key("espeak/1", "gmw/en-us", 166, "Hello.")
    assert key != SpeechCache.key("espeak/2", "gmw/en-us", 165, "Hello.")
    assert key != SpeechCache.key("espeak/1", "gmw/en-gb", 165, "Hello.")
    assert cache.get(key) is None
    cache.put(key, b"RIFF-data")
    assert cache.get(key) == b"RIFF-data"
    assert not [p for p in cache.root.rglob("*") if p.name.startswith(".tmp-")]


def test_a_damaged_cache_entry_is_not_used(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    key = SpeechCache.key("v", "x", 1, "t")
    cache.put(key, b"good bytes")
    wav = next(cache.root.rglob("*.wav"))
    wav.write_bytes(b"bad  bytes")
    assert cache.get(key) is None
    assert not wav.exists()


class CountingVoice:
    """A fake engine for Speaker tests: a 0.2 s tone per text, and a count of calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def info(self) -> EngineInfo:
        return EngineInfo("fake", "1", "none", ())

    def resolve(self, voice: str) -> str:
        return voice

    def synthesize(self, text: str, voice: str, rate: int) -> tuple[np.ndarray, int]:
        self.calls.append(text)
        t = np.arange(4410) / 22050
        return (np.sin(2 * np.pi * 300 * t) * 8000).astype(np.int16), 22050

    def close(self) -> None:
        pass


def test_speaker_synthesizes_each_text_once_and_remakes_a_damaged_entry(tmp_path: Path) -> None:
    voice = CountingVoice()
    clips = Speaker(SpeechCache(tmp_path), voice).clips(["one", "two", "one"], "en-us", 165)
    assert sorted(clips) == ["one", "two"] and voice.calls == ["one", "two"]
    again = CountingVoice()
    Speaker(SpeechCache(tmp_path), again).clips(["one", "two"], "en-us", 165)
    assert again.calls == []
    for wav in SpeechCache(tmp_path).root.rglob("*.wav"):
        wav.write_bytes(wav.read_bytes()[:-10] + b"0123456789")
    third = CountingVoice()
    Speaker(SpeechCache(tmp_path), third).clips(["one", "two"], "en-us", 165)
    assert third.calls == ["one", "two"]


@pytest.mark.engine
def test_the_real_engine_speaks_from_pip_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("VOICEGUIDE_ESPEAK", "wheel")  # the espeakng-loader wheel, even where espeak-ng is installed
    voice = WorkerVoice()
    try:
        info = voice.info()
        pcm, rate = voice.synthesize("Next: glute bridge. Three sets of eight to ten reps.", voice.resolve("en-us"), 165)
    finally:
        voice.close()
    assert any(v["id"].endswith("en-us") for v in info.voices)
    assert rate == 22050 and 2.0 < len(pcm) / rate < 8.0
    assert np.abs(pcm).max() > 3000


def fill_cache(cache: SpeechCache, wanted: list[tuple[str, str, int]], parallel: int) -> tuple[EngineHint, int]:
    """Synthesize every (text, voice, rate) not yet cached, as a build's CacheFiller does; the hint and how many were made."""
    filler = CacheFiller(cache, parallel)
    try:
        hint = filler.start([wanted])
        for _ in filler.ready(1):
            pass
        return hint, filler.count
    finally:
        filler.close()


@pytest.mark.engine
def test_fill_cache_uses_several_engines_and_then_nothing(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    wanted = [(f"Cue number {i}.", "en-us", 165) for i in range(12)]
    hint, made = fill_cache(cache, wanted, parallel=4)
    assert made == 12 and isinstance(hint, EngineHint)
    assert fill_cache(cache, wanted, parallel=4)[1] == 0


def test_the_engine_never_prints_to_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    if os.environ.get("VOICEGUIDE_SPEECH_WORKER"):
        pytest.skip("a stub engine is configured")
    voice = WorkerVoice()
    try:
        try:
            voice.synthesize("Quiet please.", voice.resolve("en-us"), 165)
        except SynthesisError:
            pytest.skip("no speech engine here")
    finally:
        voice.close()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_wav_bytes_are_plain_16_bit_mono() -> None:
    data = wav_bytes(np.array([0, 1000, -1000], dtype=np.int16), 22050)
    assert data[:4] == b"RIFF" and len(data) == 44 + 6
