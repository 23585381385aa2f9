"""pyttsx3's macOS and Windows drivers, played on any system by stand-ins of their shapes (tests/standin_drivers).

The stand-ins follow pyttsx3 2.99's nsss.py (AIFF-C into a .wav path, finished asynchronously) and
sapi5.py (a synchronous WAV, no finished-utterance for a saved clip); voiceguide's real worker
loads them by name through VOICEGUIDE_PYTTSX3_DRIVER_PATH, so its protocol, retries and timeouts
run as they would on a Mac or a Windows PC.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from helpers import TINY, cue_lags, decode, expected_pcm, require, run_voiceguide
from standin_drivers import speech as standin
from voiceguide.builder.track import speech_keys
from voiceguide.coaching.walk import compile_routine
from voiceguide.errors import SynthesisError
from voiceguide.routine import load_collection
from voiceguide.settings import DEFAULTS, VoiceSettings
from voiceguide.speech import SpeechCache
from voiceguide.speech.pyttsx3_engine import Pyttsx3Engine

STANDINS = Path(__file__).resolve().parent / "standin_drivers"
RATE = DEFAULTS.audio.track_rate
MS5 = int(0.005 * RATE)
pytestmark = pytest.mark.engine  # the real worker and pyttsx3 run (with stand-in drivers), and ffmpeg decodes


@pytest.fixture
def standins(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Stand-in drivers in place of the system's: the environment a build needs to use them."""
    env = {"VOICEGUIDE_PYTTSX3_DRIVER_PATH": str(STANDINS), "VOICEGUIDE_SPEECH_TIMEOUT": "5"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def per_word(driver: str, rate: int) -> int:
    """Samples per word a stand-in says at pyttsx3's words-per-minute rate."""
    if driver == "sapi5":
        return standin.per_word_samples(standin.sapi_words_per_minute(standin.sapi_rate(rate)))
    return standin.per_word_samples(rate)


def speak(driver: str, *clips: tuple[str, str, int]) -> list[np.ndarray]:
    """Each (text, voice, rate) said by one engine process in turn."""
    engine = Pyttsx3Engine()
    try:
        out = []
        for text, name, rate in clips:
            pcm, sample_rate = engine.synthesize(text, VoiceSettings(name=name, rate=rate, driver=driver))
            assert sample_rate == standin.RATE or not driver  # the system's own driver has its own rate
            out.append(pcm)
        return out
    finally:
        engine.close()


@pytest.mark.parametrize("driver", ["nsss", "sapi5"])
def test_clips_in_a_row_with_new_voices_and_rates_each_come_whole(standins, driver: str) -> None:
    """pyttsx3 ends each run idle: nsss then cuts the next clip to nothing, and sapi5 never ends a run."""
    clips = [("Glute bridge, three sets.", "en-us", 165), ("Breathe in.", "en-gb", 200), ("Rest now.", "en-us", 150)]
    for (text, _, rate), pcm in zip(clips, speak(driver, *clips)):
        assert len(pcm) == standin.clip_length(text, per_word(driver, rate)), text
        assert np.abs(pcm).max() > 10000


@pytest.mark.parametrize(
    "driver, default, wanted, expected",
    [
        ("nsss", "", "en-us", "com.apple.voice.compact.en-US.Samantha"),  # not Eddy or Albert, listed first
        ("nsss", "com.apple.eloquence.en-US.Eddy", "en-us", "com.apple.eloquence.en-US.Eddy"),  # the system's choice
        ("nsss", "", "en_GB", "com.apple.voice.compact.en-GB.Daniel"),
        ("nsss", "", "Samantha", "com.apple.voice.compact.en-US.Samantha"),
        ("nsss", "", "de", "com.apple.voice.compact.de-DE.Anna"),
        ("sapi5", "", "en-us", "TTS_MS_EN-US_DAVID_11.0"),  # Windows' default voice
        ("sapi5", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\TTS_MS_EN-GB_HAZEL_11.0", "en-US",
         "TTS_MS_EN-US_ZIRA_11.0"),
        ("sapi5", "", "zira", "TTS_MS_EN-US_ZIRA_11.0"),
        ("sapi5", "", "en-gb", "TTS_MS_EN-GB_HAZEL_11.0"),
    ],
)  # fmt: skip
def test_a_language_tag_finds_the_systems_clear_voice(
    standins, monkeypatch: pytest.MonkeyPatch, driver: str, default: str, wanted: str, expected: str
) -> None:
    if default:
        monkeypatch.setenv("STANDIN_DEFAULT_VOICE", default)
    engine = Pyttsx3Engine()
    try:
        assert engine.resolve(VoiceSettings(name=wanted, driver=driver)).endswith(expected)
    finally:
        engine.close()


@pytest.mark.parametrize("driver", ["nsss", "sapi5"])
def test_dropped_clips_are_asked_for_again_then_reported(standins, monkeypatch, driver: str) -> None:
    monkeypatch.setenv("STANDIN_DROP", "5")  # the worker's three tries, then the engine's second: two more
    assert len(speak(driver, ("Knee hug.", "en-us", 165))[0]) == standin.clip_length("Knee hug.", per_word(driver, 165))
    monkeypatch.setenv("STANDIN_DROP", "6")
    with pytest.raises(SynthesisError, match=r"^the speech engine returned empty audio for 'Knee hug.', twice"):
        speak(driver, ("Knee hug.", "en-us", 165))


@pytest.mark.parametrize("driver", ["nsss", "sapi5"])
def test_a_driver_that_never_finishes_is_restarted_once_then_reported(standins, monkeypatch, driver: str) -> None:
    monkeypatch.setenv("STANDIN_HANG", "1")
    monkeypatch.setenv("VOICEGUIDE_SPEECH_TIMEOUT", "0.5")
    with pytest.raises(
        SynthesisError, match=r"^the speech engine did not answer within 0.55 s for 'Hold.', twice"
    ):  # 0.5 s + 0.01 s a character
        speak(driver, ("Hold.", "en-us", 165))


def test_an_engine_that_writes_an_unknown_format_gets_a_clear_error(standins, monkeypatch) -> None:
    monkeypatch.setenv("STANDIN_FORMAT", "ogg")
    with pytest.raises(SynthesisError) as caught:
        speak("nsss", ("Hold.", "en-us", 165))
    assert str(caught.value) == (
        "pyttsx3's nsss driver wrote audio in a format voiceguide does not read: Ogg; first bytes 4f 67 67 53 00 02 "
        "00 00 00 00 00 00 ('OggS\\x00\\x02\\x00\\x00\\x00\\x00\\x00\\x00'); choose another voice.driver"
    )


@pytest.mark.parametrize("kind", ["NONE", "twos", "aiff"])
def test_every_aiff_variant_macos_may_write_is_read(standins, monkeypatch, kind: str) -> None:
    monkeypatch.setenv("STANDIN_FORMAT", kind)
    assert len(speak("nsss", ("Switch sides.", "en-us", 180))[0]) == standin.clip_length("Switch sides.", 7350)


def test_avspeech_cannot_save_and_says_to_use_nsss(standins) -> None:
    with pytest.raises(SynthesisError, match=r"^pyttsx3's avspeech driver cannot write .*; use voice.driver nsss"):
        speak("avspeech", ("Hold.", "en-us", 165))


def test_a_driver_of_another_system_names_the_ones_that_run_here() -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("shown where pyttsx3's sapi5 and nsss drivers cannot start")
    with pytest.raises(SynthesisError) as caught:
        speak("sapi5", ("Hold.", "en-us", 165))
    assert str(caught.value) == (
        "the speech engine did not start (No module named 'comtypes'); "
        "pyttsx3's sapi5 driver speaks only on Windows; on this system use espeak"
    )


def test_a_new_rate_does_not_make_the_engine_say_the_last_clip_again(tmp_path: Path, monkeypatch) -> None:
    """With the platform's own driver: a run of its own for new settings made espeak synthesize the last clip
    into its (deleted) file again, leaving it behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    speak("", ("One.", "en-us", 165), ("Two.", "en-us", 200), ("Three.", "en-us", 150))
    assert list(tmp_path.iterdir()) == []


def tiny_with(driver: str, folder: Path) -> Path:
    """The tiny routines spoken by a driver; 'nsss+sapi5': the first by nsss, the second by sapi5."""
    first, _, second = driver.partition("+")
    text = TINY.replace("year: 2026\n", f"year: 2026\nvoice: {{engine: pyttsx3, driver: {first}}}\n")
    if second:
        text = text.replace("    title: Breathing\n", f"    title: Breathing\n    voice: {{driver: {second}}}\n")
    path = folder / "routines.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("driver", ["nsss", "nsss+sapi5"])  # the second routine of nsss+sapi5 is sapi5 alone
def test_each_stand_in_builds_a_small_routine_end_to_end(standins, tmp_path: Path, driver: str) -> None:
    require("ffmpeg")
    routines, out, cache = tiny_with(driver, tmp_path), tmp_path / "build", tmp_path / "cache"
    args = ("--out", str(out), "--cache", str(cache), "--jobs", "2")  # the workers get both drivers' hints
    built = run_voiceguide("build", "--routines", str(routines), *args, env=standins)
    assert built.returncode == 0, built.stderr
    for number, routine_id in enumerate(("tiny", "breathe"), 1):
        args = ("--routines", str(routines), "--cache", str(cache), "--json")
        plan = run_voiceguide("plan", routine_id, *args, env=standins)
        assert plan.returncode == 0, plan.stderr
        timeline = json.loads(plan.stdout)
        decoded, rate, channels = decode(out / f"{number:02d}-{routine_id}.mp3")
        assert (rate, channels, len(decoded)) == (RATE, 1, timeline["length_samples"])
        wanted = expected_pcm(routines, cache, routine_id)
        assert len(wanted) == timeline["length_samples"]
        for event, best, lag in cue_lags(decoded, wanted, timeline["events"]):
            assert best > 0.9 and abs(lag) <= MS5, (routine_id, event, best, lag)
    assert_every_clip_has_its_exact_length(routines, cache, driver)


def assert_every_clip_has_its_exact_length(routines: Path, cache: Path, driver: str) -> None:
    """Every clip in the cache holds exactly the samples the stand-in said (read from AIFF-C or WAV)."""
    from voiceguide.audio.wav import read_wav

    collection, store, engine = load_collection(routines), SpeechCache(cache), Pyttsx3Engine()
    try:
        keys = [k for r in collection.routines for k in speech_keys(compile_routine(r), r)]
        assert {k.voice.driver for k in keys} == set(driver.split("+"))
        for key in keys:
            data = store.get(SpeechCache.key(engine.cache_parts(key.voice), key.text))
            assert data is not None, key.text
            pcm, rate = read_wav(data)
            length = standin.clip_length(key.text, per_word(key.voice.driver, key.voice.rate))
            assert (rate, len(pcm)) == (standin.RATE, length), key
    finally:
        engine.close()


def test_voices_and_doctor_name_the_driver(standins, tmp_path: Path) -> None:
    voices = run_voiceguide("voices", "--driver", "nsss", env=standins)
    assert voices.returncode == 0, voices.stderr
    first, *rows = voices.stdout.splitlines()
    assert first.startswith("engine: pyttsx3, driver: nsss (pyttsx3-") and "NSSpeechSynthesizer" in first
    assert any(row.startswith("com.apple.voice.compact.en-US.Samantha") for row in rows)
    checked = {}
    for driver in ("sapi5", "avspeech"):
        args = ("doctor", "--driver", driver, "--out", str(tmp_path / "o"), "--cache", str(tmp_path / "c"))
        result = run_voiceguide(*args, env=standins)
        checked[driver] = next(line for line in result.stdout.splitlines() if " speech " in line)
    assert checked["sapi5"].startswith("ok    speech         pyttsx3-") and "via SAPI 5" in checked["sapi5"]
    assert checked["avspeech"].startswith("FAIL  speech         pyttsx3's avspeech driver cannot write speech")
