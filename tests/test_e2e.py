"""End to end with the real speech engine and encoder, checked by an independent decoder (ffmpeg)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from helpers import TINY, cue_lags, decode, expected_pcm, require, run_voiceguide

pytestmark = pytest.mark.engine
RATE = 44100
MS5 = int(0.005 * RATE)


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory: pytest.TempPathFactory, speech_cache: Path):
    require("ffmpeg")
    folder = tmp_path_factory.mktemp("tiny")
    routines = folder / "routines.yaml"
    routines.write_text(TINY)
    out = folder / "build"
    result = run_voiceguide("build", "--routines", str(routines), "--out", str(out), "--cache", str(speech_cache))
    assert result.returncode == 0, result.stderr
    plan = run_voiceguide("plan", "tiny", "--routines", str(routines), "--cache", str(speech_cache), "--json")
    assert plan.returncode == 0, plan.stderr
    return routines, out, json.loads(plan.stdout), result


def test_build_writes_one_mp3_per_routine_numbered_in_file_order(tiny_build) -> None:
    _, out, _, result = tiny_build
    assert sorted(p.name for p in out.glob("*.mp3")) == ["01-tiny.mp3", "02-breathe.mp3"]
    assert sorted(p.name for p in out.glob("*.vtt")) == ["01-tiny.vtt", "02-breathe.vtt"]
    assert (out / "index.json").is_file() and (out / "playlist.m3u8").is_file()
    assert "2 built, 0 up to date" in result.stdout
    assert not [p for p in out.iterdir() if p.name.startswith(".vg-tmp-")]
    # not a terminal: plain progress lines, no redrawn bar
    progress = result.stderr.splitlines()
    assert progress[0] == "Building 2 tracks (0 up to date)..." and "\r" not in result.stderr
    assert sorted(line.split()[2] for line in progress[1:]) == ["01-tiny.mp3", "02-breathe.mp3"]


def test_quiet_prints_nothing(tiny_build, speech_cache: Path, tmp_path: Path) -> None:
    routines, _, _, _ = tiny_build
    result = run_voiceguide(
        "build", "--routines", str(routines), "--out", str(tmp_path / "q"), "--cache", str(speech_cache), "-q"
    )
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_decoded_track_is_mono_44k_and_as_long_as_the_timeline(tiny_build) -> None:
    _, out, plan, _ = tiny_build
    pcm, rate, channels = decode(out / "01-tiny.mp3")
    assert (rate, channels) == (RATE, 1)
    assert abs(len(pcm) - plan["length_samples"]) <= MS5, (len(pcm), plan["length_samples"])


def test_every_cue_starts_within_5_ms_of_its_timeline_time(tiny_build, speech_cache: Path) -> None:
    routines, out, plan, _ = tiny_build
    decoded, _, _ = decode(out / "01-tiny.mp3")
    wanted = expected_pcm(routines, speech_cache, "tiny")
    assert len(wanted) == plan["length_samples"]
    for event, best, lag in cue_lags(decoded, wanted, plan["events"]):
        assert best > 0.9, (event, best)
        assert abs(lag) <= MS5, (event, lag)


def test_speech_is_audible_where_the_timeline_places_it_and_silence_elsewhere(tiny_build) -> None:
    _, out, plan, _ = tiny_build
    decoded, _, _ = decode(out / "01-tiny.mp3")
    events = sorted((e["start_sample"], e["start_sample"] + e["length_samples"]) for e in plan["events"])
    for start, end in events:
        rms = float(np.sqrt(np.mean(decoded[start:end] ** 2)))
        assert 20 * np.log10(rms) > -40, (start, end)
    margin = int(0.03 * RATE)  # MP3 spreads a little energy around each sound
    gaps = [(a_end + margin, b_start - margin) for (_, a_end), (b_start, _) in zip(events, events[1:])]
    gaps.append((events[-1][1] + margin, len(decoded)))
    checked = 0
    for lo, hi in gaps:
        if hi - lo > int(0.02 * RATE):
            peak = float(np.max(np.abs(decoded[lo:hi])))
            assert peak < 10 ** (-50 / 20), (lo / RATE, hi / RATE, 20 * np.log10(peak + 1e-12))
            checked += 1
    assert checked > 5


def test_captions_hold_every_spoken_cue(tiny_build) -> None:
    _, out, plan, _ = tiny_build
    vtt = (out / "01-tiny.vtt").read_text()
    assert vtt.startswith("WEBVTT")
    spoken = [e["text"] for e in plan["events"] if e["kind"] != "beep"]
    assert vtt.count(" --> ") == len(spoken)
    for text in spoken:
        assert text in vtt


def test_a_second_build_synthesizes_and_encodes_nothing(tiny_build, speech_cache: Path) -> None:
    routines, out, _, _ = tiny_build
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")}
    again = run_voiceguide("build", "--routines", str(routines), "--out", str(out), "--cache", str(speech_cache))
    assert again.returncode == 0, again.stderr
    assert "0 built, 2 up to date" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")} == before


def test_changing_one_routine_rebuilds_only_its_track(tiny_build, speech_cache: Path, tmp_path: Path) -> None:
    routines, out, _, _ = tiny_build
    changed = tmp_path / "routines.yaml"
    changed.write_text(routines.read_text().replace("hold: {breaths: 2}", "hold: {breaths: 3}"))
    work = tmp_path / "build"
    work.mkdir()
    for p in out.iterdir():
        (work / p.name).write_bytes(p.read_bytes())
    first = (work / "01-tiny.mp3").read_bytes()
    result = run_voiceguide("build", "--routines", str(changed), "--out", str(work), "--cache", str(speech_cache))
    assert result.returncode == 0, result.stderr
    assert "1 built, 1 up to date" in result.stdout
    rows = {
        line.split()[0]: line.split()[-1] for line in result.stdout.splitlines() if line.endswith(("built", "date"))
    }
    assert rows == {"01-tiny.mp3": "date", "02-breathe.mp3": "built"}
    assert (work / "01-tiny.mp3").read_bytes() == first
    assert (work / "02-breathe.mp3").read_bytes() != (out / "02-breathe.mp3").read_bytes()


def test_each_track_has_its_picture_as_plan_draws_it(tiny_build, speech_cache: Path) -> None:
    routines, out, _, _ = tiny_build
    index = json.loads((out / "index.json").read_text())
    assert [t["picture"] for t in index["tracks"]] == ["01-tiny.svg", "02-breathe.svg"]
    assert {"01-tiny.svg", "02-breathe.svg"} <= set(index["files"])  # what `serve` may send
    drawn = run_voiceguide("plan", "tiny", "--routines", str(routines), "--cache", str(speech_cache), "--svg", "-")
    assert drawn.returncode == 0, drawn.stderr
    assert (out / "01-tiny.svg").read_text(encoding="utf-8") == drawn.stdout


def test_a_missing_picture_makes_its_track_stale(tiny_build, speech_cache: Path, tmp_path: Path) -> None:
    routines, out, _, _ = tiny_build
    work = tmp_path / "build"
    shutil.copytree(out, work)
    (work / "02-breathe.svg").unlink()
    result = run_voiceguide("build", "--routines", str(routines), "--out", str(work), "--cache", str(speech_cache))
    assert result.returncode == 0, result.stderr
    assert "1 built, 1 up to date" in result.stdout
    assert (work / "02-breathe.svg").read_bytes() == (out / "02-breathe.svg").read_bytes()
