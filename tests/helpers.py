"""Helpers shared by the tests (fixtures live in conftest.py): routine files, fake clip lengths, the real tools."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from voiceguide.coaching.script import Script
from voiceguide.settings import DEFAULTS, VoiceSettings, to_samples
from voiceguide.sounds import END_BEEP, START_BEEP, SoundKey, Voicing
from voiceguide.timeline.schedule import Timeline, schedule

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "routines.yaml"
STUB_ENGINE = Path(__file__).resolve().parent / "stub_engine.py"
RATE = DEFAULTS.audio.track_rate
VOICING = Voicing(DEFAULTS.voice)
"""How the seed's routines are voiced (the default voice)."""

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

PHONE = """\
title: Tiny Test
year: 2024
pace: {transition: 1s, countdown: 0, rest: 2s, switch: 1s}
routines:
  - id: first
    title: First Routine
    coach: Test Coach
    steps:
      - exercise: Knee hug
        hold: 4s
      - exercise: Bridge
        hold: 4s
  - id: second
    title: Second Routine
    steps:
      - exercise: Cat cow
        hold: 3s
"""
"""A routine file for the phone tests (feed, server, player): two short tracks."""

FAULTS = """\
title: Fault drill
year: 2026
pace: {transition: 2s, countdown: 0, switch: 2s}
routines:
""" + "".join(
    f"""\
  - id: drill-{n}
    title: Drill {n}
    steps:
      - exercise: Plank
        hold: {40 + 5 * n}s
      - exercise: Side plank
        hold: 30s
        per_side: true
"""
    for n in range(1, 6)
)
"""Five tracks of about two minutes with little speech: cheap to build again and again, long enough to interrupt."""


def fake_lengths(script: Script, voice: VoiceSettings = DEFAULTS.voice, rate: int = RATE) -> dict[SoundKey, int]:
    """A deterministic stand-in for clip lengths: 150 ms plus 300 ms per word; beeps 170 and 260 ms."""
    say = Voicing(voice)
    lengths: dict[SoundKey, int] = {say.key(t): to_samples(150 + 300 * len(t.split()), rate) for t in script.texts()}
    lengths[START_BEEP] = to_samples(170, rate)
    lengths[END_BEEP] = to_samples(260, rate)
    return lengths


def fake_schedule(script: Script, voice: VoiceSettings = DEFAULTS.voice) -> Timeline:
    """The script scheduled with fake clip lengths."""
    return schedule(script, Voicing(voice), fake_lengths(script, voice), RATE)


def png_bytes(width: int = 2, height: int = 2, extra: bytes = b"") -> bytes:
    """A whole PNG image (grey pixels), with `extra` bytes in an ancillary chunk to make it as large as a test needs."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress(b"".join(b"\0" + b"\x80" * width for _ in range(min(height, 64))))
    padding = chunk(b"tEXt", b"pad\0" + extra) if extra else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + padding + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def missing(what: str) -> None:
    """Skip for a missing part, or fail when VOICEGUIDE_REQUIRE_ALL is set (CI): a skip there is a hole."""
    if os.environ.get("VOICEGUIDE_REQUIRE_ALL"):
        pytest.fail(f"{what} is missing and VOICEGUIDE_REQUIRE_ALL is set")
    pytest.skip(f"{what} is missing")


def require(tool: str) -> str:
    """The tool's path; skip when it is missing, or fail when CI demands every part (VOICEGUIDE_REQUIRE_ALL)."""
    path = shutil.which(tool)
    if not path:
        missing(f"{tool} (scripts/test installs it)")
    assert path is not None
    return path


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    os.path.expandvars(r"%ProgramFiles%\Google\Chrome\Application\chrome.exe"),
    os.path.expandvars(r"%ProgramFiles(x86)%\Google\Chrome\Application\chrome.exe"),
)
"""Where Chrome or Chromium is, besides PATH (as scripts/test looks for it)."""


def browser_program() -> str | None:
    """Chrome or Chromium: on PATH, or where macOS and Windows install it."""
    found = next((p for p in map(shutil.which, BROWSERS) if p), None)
    return found or next((p for p in BROWSER_PATHS if os.path.isfile(p)), None)


def chromedriver() -> str | None:
    """chromedriver: on PATH, or in $CHROMEWEBDRIVER (where GitHub's runners keep it)."""
    folder = os.environ.get("CHROMEWEBDRIVER")
    return shutil.which("chromedriver") or (shutil.which("chromedriver", path=folder) if folder else None)


def decode(path: Path) -> tuple[np.ndarray, int, int]:
    """An MP3 decoded by ffmpeg (an independent decoder): float samples, sample rate and channels."""
    ffprobe = require("ffprobe")
    probe = [ffprobe, "-v", "error", "-show_streams", "-of", "json", str(path)]
    stream = json.loads(subprocess.run(probe, capture_output=True, check=True).stdout)["streams"][0]
    raw = subprocess.run(
        [require("ffmpeg"), "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True
    ).stdout
    return (
        np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768,
        int(stream["sample_rate"]),
        int(stream["channels"]),
    )


def run_voiceguide(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "voiceguide", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=timeout,
    )


def expected_pcm(routines: Path, cache: Path, routine_id: str = "tiny") -> np.ndarray:
    """A track as its timeline says it should sound, rendered in memory from the speech cache (short tracks)."""
    from voiceguide.audio.beeps import load_beeps, sound_paths
    from voiceguide.builder.track import plan_track
    from voiceguide.coaching.walk import compile_routine
    from voiceguide.output.mp3 import ENCODER
    from voiceguide.render import render_blocks, track_gain_db
    from voiceguide.routine import load_collection
    from voiceguide.speech import Speaker, SpeechCache

    collection = load_collection(routines)
    routine = collection.routine(routine_id)
    assert routine is not None
    speaker = Speaker(SpeechCache(cache))
    try:
        planned = plan_track(compile_routine(routine), routine, speaker, load_beeps(sound_paths(collection)))
    finally:
        speaker.close()
    gain = track_gain_db(planned.timeline, planned.clips, after_db=ENCODER.gain_db)
    return np.concatenate(list(render_blocks(planned.timeline, planned.clips, gain)))


def cue_lags(decoded: np.ndarray, wanted: np.ndarray, events: list[dict], search_s: float = 0.03) -> list[tuple]:
    """Per planned event: (event, best correlation, lag in samples) of the decoded track against the wanted one."""
    search = int(search_s * RATE)
    found = []
    for event in events:
        start, length = event["start_sample"], min(event["length_samples"], int(0.3 * RATE))
        reference = wanted[start : start + length]
        best, best_lag = -1.0, 0
        for lag in range(-search, search + 1):
            lo = start + lag
            if lo < 0 or lo + length > len(decoded):
                continue
            segment = decoded[lo : lo + length]
            score = float(np.dot(segment, reference) / (np.linalg.norm(segment) * np.linalg.norm(reference) + 1e-12))
            if score > best:
                best, best_lag = score, lag
        found.append((event, best, best_lag))
    return found


def ctrl_c_reaches_it() -> None:
    """A subprocess's preexec_fn: Ctrl-C (SIGINT) reaches it as it would a terminal's foreground job.

    Tests started as a background job inherit SIGINT ignored, and an ignored signal stays
    ignored across exec: a build started from them would never see the Ctrl-C a test sends.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def use_stub_engine(monkeypatch: pytest.MonkeyPatch, mode: str, timeout_s: float = 0.5) -> None:
    """Point voiceguide's pyttsx3 engine at the stand-in engine in this mode."""
    monkeypatch.setenv("VOICEGUIDE_SPEECH_WORKER", f"{STUB_ENGINE}")
    monkeypatch.setenv("VOICEGUIDE_STUB_MODE", mode)
    monkeypatch.setenv("VOICEGUIDE_SPEECH_TIMEOUT", str(timeout_s))


def build_phone(out: Path, routines: Path, cache: Path, base_url: str | None = None) -> None:
    """Build a routine file into `out` with the real speech engine, in this process."""
    from voiceguide.builder import BuildOptions, run_build
    from voiceguide.errors import SynthesisError
    from voiceguide.routine import load_collection

    try:
        run_build(load_collection(routines), BuildOptions(out=out, cache=cache, jobs=1, base_url=base_url))
    except SynthesisError as exc:
        missing(f"the speech engine ({exc})")


def write_audio(path: Path, x: np.ndarray, rate: int = RATE) -> Path:
    """Write float samples (channels x frames, or mono frames) with pedalboard, as the format of path's suffix."""
    from pedalboard.io import AudioFile

    data = np.atleast_2d(np.asarray(x, dtype=np.float32))
    with AudioFile(str(path), "w", samplerate=rate, num_channels=data.shape[0]) as f:
        f.write(data)
    return path


def music_like(seconds: float, rate: int = RATE, level: float = 0.3, seed: int = 0) -> np.ndarray:
    """A stereo stand-in for music (chords and noise, the two channels different), `level` its RMS-ish scale."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    chord = sum(np.sin(2 * np.pi * f * t + p) for f, p in zip((220.0, 277.2, 329.6, 110.0), rng.uniform(0, 6, 4)))
    noise = rng.standard_normal((2, len(t))) * 0.3
    beat = 0.6 + 0.4 * np.cos(2 * np.pi * 2 * t) ** 2
    return level * np.stack([(chord / 4 + noise[0]) * beat, (chord / 4 + noise[1]) * beat]) / 1.2


def ebur128(mp3: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) as ffmpeg's ebur128=peak=true filter reads them.

    Read at 22,050 Hz: a track holds nothing above 11 kHz but coding noise (the voices speak at 22,050 Hz,
    the beeps and music beds are filtered), so the figures match the 44,100 Hz reading within 0.1 LU and
    0.1 dB, and ffmpeg's meter takes half the time.
    """
    import re

    meter = "aresample=22050,ebur128=peak=true:framelog=verbose"
    args = [require("ffmpeg"), "-nostats", "-i", str(mp3), "-af", meter, "-f", "null", "-"]
    log = subprocess.run(args, capture_output=True, text=True).stderr
    summary = log[log.rindex("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated.group(1)), float(peak.group(1))


def make_music(path: Path, *args: str) -> Path:
    """The synthetic loop nobody owns (scripts/make-music), written to path."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make-music"), str(path), *args], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return path
