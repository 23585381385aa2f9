"""The 4-hour limit holds for the track as really spoken, and long texts get the time they need.

`check` estimates speech from its letters, digits counted as the words an engine says; the build
measures the real clips and refuses, before encoding, a track the estimate let through; an engine
gets more time for a longer text; and a worker keeps one track's clips in memory, not every track's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from helpers import STUB_ENGINE, use_stub_engine
from voiceguide.cli import cli
from voiceguide.coaching.estimate import spoken_ms_estimate
from voiceguide.settings import DEFAULTS
from voiceguide.sounds import SpeechKey
from voiceguide.speech import SpeechCache
from voiceguide.speech.pyttsx3_engine import Pyttsx3Engine
from voiceguide.speech.speaker import Speaker

VOICE = DEFAULTS.voice


def routine_file(folder: Path, steps: list[str]) -> Path:
    path = folder / "routines.yaml"
    path.write_text("title: Long\nroutines:\n  - id: long\n    title: Long\n    steps:\n" + "".join(steps))
    return path


def test_digits_are_estimated_as_the_words_an_engine_says() -> None:
    assert spoken_ms_estimate("9" * 600, VOICE) == spoken_ms_estimate(" ".join(["nine"] * 600), VOICE) > 150_000
    assert spoken_ms_estimate("Do 3x.", VOICE) == spoken_ms_estimate("Do threex.", VOICE)


def test_sixty_exercises_with_600_digits_of_how_fail_check(tmp_path: Path) -> None:
    step = "      - exercise: Hold\n        hold: 3m30s\n        how: '" + "1234567890" * 60 + "'\n"
    path = routine_file(tmp_path, [step] * 60)

    result = CliRunner().invoke(cli, ["check", str(path)])

    assert result.exit_code == 2, result.output
    assert "routine 'long' would last about" in result.stderr
    assert "a track may be at most 4 hours" in result.stderr


def test_a_track_longer_than_4_hours_as_spoken_is_refused_before_encoding(tmp_path: Path) -> None:
    """The estimate takes 40 one-letter words for under 3 s; the stand-in engine says them in 40 s."""
    step = "      - exercise: Hold\n        hold: 3h59m20s\n        how: " + " ".join(["a"] * 40) + "\n"
    path = routine_file(tmp_path, [step])
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0  # the estimate: under 4 hours
    env = {**os.environ, "VOICEGUIDE_SPEECH_WORKER": str(STUB_ENGINE), "VOICEGUIDE_STUB_MODE": "drawl"}
    command = [sys.executable, "-m", "voiceguide", "build", "--routines", str(path), "--out", str(out), "-q"]

    try:
        result = subprocess.run(
            [*command, "--cache", str(tmp_path / "cache")], capture_output=True, text=True, env=env, timeout=90
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the build encoded the track instead of refusing it")

    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"{path}:3:5: routine 'long' lasts 4:00:39 as spoken (estimated 3:59:44); a track may be at most 4 hours: "
        "shorten its texts, or use fewer rounds, sets or exercises",
        "Error: 1 problem in the routine file.",
    ]
    assert not list(out.glob("*.mp3"))


def test_a_clip_s_timeout_grows_with_its_text() -> None:
    from voiceguide.speech.pyttsx3_engine import clip_timeout_s

    assert clip_timeout_s(5.0, "Hello.") == 5.06
    assert clip_timeout_s(5.0, "x" * 3000) == 35.0


def test_a_long_text_gets_the_time_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in takes 5 ms a character: 1.5 s for this text, three times the base timeout of 0.5 s."""
    use_stub_engine(monkeypatch, "slow", timeout_s=0.5)
    engine = Pyttsx3Engine()
    try:
        pcm, rate = engine.synthesize("Breathe in slowly and let it go. " * 9, VOICE)
    finally:
        engine.close()
    assert rate == 22050 and len(pcm) > 0


def test_a_speaker_keeps_one_track_s_clips_not_every_track_s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_stub_engine(monkeypatch, "tone")
    speaker = Speaker(SpeechCache(tmp_path))
    first = [SpeechKey(f"First track, sentence {i}.", VOICE) for i in range(5)] + [SpeechKey("Breathe in.", VOICE)]
    second = [SpeechKey(f"Second track, sentence {i}.", VOICE) for i in range(3)] + [SpeechKey("Breathe in.", VOICE)]
    try:
        clips_a = speaker.clips(first)
        assert speaker.held == 6
        clips_b = speaker.clips(second)
    finally:
        speaker.close()
    assert speaker.held == 4
    assert clips_b[second[-1]] is clips_a[first[-1]]  # a sentence both tracks say is prepared once
    assert all(c.pcm.dtype == np.int16 for c in clips_b.values())
