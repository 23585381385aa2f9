"""Shared fixtures: a fake clip-length provider, small routine files, and the real tools' helpers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

from voiceguide.audio import TRACK_RATE
from voiceguide.compile import Script
from voiceguide.timeline import END_BEEP, START_BEEP, to_samples

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "routines.yaml"

TINY = """\
title: Tiny collection
source: voiceguide tests
year: 2026
pace: {transition: 2s, rest: 4s, switch: 3s, countdown: 2}
routines:
  - id: tiny
    title: Tiny workout
    coach: Test Coach
    steps:
      - exercise: Glute bridge
        how: Lift your hips.
        reps: 2
        tempo: 2s
        sets: 2
      - exercise: Side plank
        hold: 5s
        per_side: true
  - id: breathe
    title: Breathing
    steps:
      - exercise: Child's pose
        hold: {breaths: 2}
        pace: {breath: 4s}
"""


STUB_ENGINE = """\
#!{python}
# A stand-in speech engine speaking voiceguide's worker protocol: mode hang, empty, silent, tone or fatal.
import json, math, struct, sys, wave, time
mode = {mode!r}
if mode == "fatal":
    print(json.dumps({{"ok": False, "fatal": True, "error": "no speech engine: espeak-ng is not installed; install it with: pip install espeakng-loader"}}), flush=True)
    sys.exit(0)
for line in sys.stdin:
    req = json.loads(line)
    if req["op"] == "info":
        print(json.dumps({{"ok": True, "engine": "stub", "version": "1", "library": "stub", "voices": [{{"id": "en-us", "name": "Stub", "languages": ["en-us"]}}]}}), flush=True)
    elif req["op"] == "resolve":
        print(json.dumps({{"ok": True, "voice": "en-us"}}), flush=True)
    elif mode == "hang":
        time.sleep(3600)
    else:
        n = {{"empty": 0, "silent": 2205, "tone": 2205 + 441 * len(req["text"].split())}}[mode]
        amp = 0 if mode != "tone" else 8000
        with wave.open(req["path"], "wb") as w:
            w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
            w.writeframes(b"".join(struct.pack("<h", int(amp * math.sin(i / 7.0))) for i in range(n)))
        print(json.dumps({{"ok": True}}), flush=True)
"""


@pytest.fixture
def stub_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point voiceguide at a stand-in engine (mode: hang, empty, silent, tone, fatal); returns its path."""

    def make(mode: str) -> Path:
        path = tmp_path / f"stub-{mode}"
        path.write_text(STUB_ENGINE.format(python=sys.executable, mode=mode))
        path.chmod(0o755)
        monkeypatch.setenv("VOICEGUIDE_SPEECH_WORKER", str(path))
        monkeypatch.setenv("VOICEGUIDE_SPEECH_TIMEOUT", "0.5")
        return path

    return make


def fake_lengths(script: Script, rate: int = TRACK_RATE) -> dict[str, int]:
    """A deterministic stand-in for clip lengths: 150 ms plus 300 ms per word; beeps 170 and 260 ms."""
    lengths = {text: to_samples(150 + 300 * len(text.split()), rate) for text in script.texts()}
    lengths[START_BEEP] = to_samples(170, rate)
    lengths[END_BEEP] = to_samples(260, rate)
    return lengths


def require(tool: str) -> str:
    """The tool's path; skip when it is missing, or fail when CI demands every part (VOICEGUIDE_REQUIRE_ALL)."""
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool} is not installed (scripts/test installs it)"
    if os.environ.get("VOICEGUIDE_REQUIRE_ALL"):
        pytest.fail(message)
    pytest.skip(message)


def decode(path: Path) -> tuple[np.ndarray, int, int]:
    """An MP3 decoded by ffmpeg (an independent decoder): float samples, sample rate and channels."""
    ffprobe = require("ffprobe")
    info = json.loads(subprocess.run([ffprobe, "-v", "error", "-show_streams", "-of", "json", str(path)], capture_output=True, check=True).stdout)
    stream = info["streams"][0]
    raw = subprocess.run([require("ffmpeg"), "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768, int(stream["sample_rate"]), int(stream["channels"])


def run_voiceguide(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "voiceguide", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    """A small valid routine file."""
    path = tmp_path / "routines.yaml"
    path.write_text(TINY)
    return path


@pytest.fixture(scope="session")
def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech cache shared by the session's real-engine tests."""
    return tmp_path_factory.mktemp("speech-cache")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, speech_cache: Path) -> Iterator[Path]:
    """The seven seed workouts built once with the real engine (for loudness, chapters, tags)."""
    require("ffmpeg")
    out = tmp_path_factory.mktemp("seed-build")
    result = run_voiceguide("build", "--routines", str(SEED), "--out", str(out), "--cache", str(speech_cache), "-q", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    yield out
