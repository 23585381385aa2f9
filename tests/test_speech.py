"""The speech cache, the engine process's timeouts and retries (with stub engines), and the real engine."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.wav import wav_bytes
from voiceguide.errors import SynthesisError
from voiceguide.settings import DEFAULTS, VoiceSettings
from voiceguide.sounds import SpeechKey
from voiceguide.speech import ENGINES, CacheFiller, EngineHint, EngineInfo, Speaker, SpeechCache, open_engine
from voiceguide.speech.pyttsx3_engine import Pyttsx3Engine

VOICE = DEFAULTS.voice


def test_a_hanging_engine_is_retried_once_then_reported(stub_engine) -> None:
    stub_engine("hang")
    voice = Pyttsx3Engine()
    try:
        with pytest.raises(SynthesisError, match=r"did not answer within 0.56 s for 'Hello.', twice$") as caught:
            voice.synthesize("Hello.", VOICE)
        assert caught.value.option == "speech"  # the CLI adds: run 'voiceguide doctor' to check it
    finally:
        voice.close()


@pytest.mark.parametrize("mode", ["empty", "silent"])
def test_empty_audio_is_retried_once_then_reported(stub_engine, mode: str) -> None:
    stub_engine(mode)
    voice = Pyttsx3Engine()
    try:
        with pytest.raises(SynthesisError, match="returned empty audio for 'Hello.', twice"):
            voice.synthesize("Hello.", VOICE)
    finally:
        voice.close()


def test_an_engine_that_cannot_start_names_the_install_command(stub_engine) -> None:
    stub_engine("fatal")
    voice = Pyttsx3Engine()
    try:
        with pytest.raises(SynthesisError, match="pip install espeakng-loader"):
            voice.info()
    finally:
        voice.close()


def test_cache_round_trip_and_keys(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    key = SpeechCache.key(["espeak/1", "gmw/en-us", 165], "Hello.")
    assert key != SpeechCache.key(["espeak/1", "gmw/en-us", 166], "Hello.")
    assert key != SpeechCache.key(["espeak/2", "gmw/en-us", 165], "Hello.")
    assert key != SpeechCache.key(["espeak/1", "gmw/en-gb", 165], "Hello.")
    assert key != SpeechCache.key(["espeak/1", "gmw/en-us", 165], "Hello!")
    assert cache.get(key) is None
    cache.put(key, b"RIFF-data")
    assert cache.get(key) == b"RIFF-data"
    assert not [p for p in cache.root.rglob("*") if p.name.startswith(".tmp-")]


def test_a_damaged_cache_entry_is_not_used(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    key = SpeechCache.key(["v", "x", 1], "t")
    cache.put(key, b"good bytes")
    wav = next(cache.root.rglob("*.wav"))
    wav.write_bytes(b"bad  bytes")
    assert cache.get(key) is None
    assert not wav.exists()


class CountingEngine:
    """A fake engine for Speaker tests: a 0.2 s tone per text, and a count of calls."""

    def __init__(self, hint: EngineHint | None = None) -> None:
        self.calls: list[str] = []

    def info(self) -> EngineInfo:
        return EngineInfo("fake", "1", "none", ())

    def cache_parts(self, voice: VoiceSettings) -> list[object]:
        return ["fake/1", voice.name, voice.rate]

    def languages(self, voice: VoiceSettings) -> tuple[str, ...]:
        return ("en-us",)

    def hint(self) -> EngineHint:
        return EngineHint(self.info())

    def synthesize(self, text: str, voice: VoiceSettings) -> tuple[np.ndarray, int]:
        self.calls.append(text)
        t = np.arange(4410) / 22050
        return (np.sin(2 * np.pi * 300 * t) * 8000).astype(np.int16), 22050

    def close(self) -> None:
        pass


def counting(monkeypatch: pytest.MonkeyPatch) -> CountingEngine:
    """A CountingEngine registered as the engine 'fake'."""
    engine = CountingEngine()
    monkeypatch.setitem(ENGINES, "fake", lambda hint, scratch: engine)
    return engine


FAKE = VoiceSettings(engine="fake")


def keys(*texts: str, voice: VoiceSettings = FAKE) -> list[SpeechKey]:
    return [SpeechKey(t, voice) for t in texts]


def test_speaker_synthesizes_each_text_once_and_remakes_a_damaged_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = counting(monkeypatch)
    clips = Speaker(SpeechCache(tmp_path)).clips(keys("one", "two", "one"))
    assert [k.text for k in clips] == ["one", "two"] and engine.calls == ["one", "two"]
    again = counting(monkeypatch)
    Speaker(SpeechCache(tmp_path)).clips(keys("one", "two"))
    assert again.calls == []
    for wav in SpeechCache(tmp_path).root.rglob("*.wav"):
        wav.write_bytes(wav.read_bytes()[:-10] + b"0123456789")
    third = counting(monkeypatch)
    Speaker(SpeechCache(tmp_path)).clips(keys("one", "two"))
    assert third.calls == ["one", "two"]


def test_a_different_rate_is_a_different_clip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = counting(monkeypatch)
    speaker = Speaker(SpeechCache(tmp_path))
    speaker.clips(keys("one") + keys("one", voice=VoiceSettings(engine="fake", rate=140)))
    assert engine.calls == ["one", "one"]


def test_an_unknown_engine_lists_the_choices() -> None:
    with pytest.raises(SynthesisError, match="there is no speech engine 'nope'; choose one of .*pyttsx3"):
        open_engine("nope")


@pytest.mark.engine
def test_the_real_engine_speaks_from_pip_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("VOICEGUIDE_ESPEAK", "wheel")  # the espeakng-loader wheel, even where espeak-ng is installed
    voice = Pyttsx3Engine()
    try:
        info = voice.info()
        resolved = voice.resolve(VOICE)  # en-us: espeak's voice of that id, or the system's US English voice
        pcm, rate = voice.synthesize("Next: glute bridge. Three sets of eight to ten reps.", VOICE)
    finally:
        voice.close()
    english = [v for v in info.voices if v["id"] == resolved][0]
    assert any(lang.lower().replace("_", "-") == "en-us" for lang in english["languages"]), english
    assert info.engine == VOICE.pyttsx3_driver(sys.platform)
    assert rate >= 16000 and 2.0 < len(pcm) / rate < 8.0
    assert np.abs(pcm).max() > 3000


def fill_cache(cache: SpeechCache, wanted: list[SpeechKey], parallel: int) -> tuple[dict[str, EngineHint], int]:
    """Synthesize every key not yet cached, as a build's CacheFiller does; the hints and how many were made."""
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
    wanted = keys(*(f"Cue number {i}." for i in range(12)), voice=VOICE)
    hints, made = fill_cache(cache, wanted, parallel=4)
    assert made == 12 and isinstance(hints["pyttsx3"], EngineHint)
    assert fill_cache(cache, wanted, parallel=4)[1] == 0


@pytest.mark.engine
def test_the_engine_never_prints_to_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    voice = Pyttsx3Engine()
    try:
        voice.synthesize("Quiet please.", VOICE)
    finally:
        voice.close()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_wav_bytes_are_plain_16_bit_mono() -> None:
    data = wav_bytes(np.array([0, 1000, -1000], dtype=np.int16), 22050)
    assert data[:4] == b"RIFF" and len(data) == 44 + 6
