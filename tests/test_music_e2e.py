"""The music bed in built tracks, with the real engine and encoder, measured by an independent decoder (ffmpeg).

Each routine is built twice, with the synthetic loop (scripts/make-music, an MP3 mastered at -8 LUFS)
and without it; the same voice is sample-aligned in both, so subtracting the track without music
leaves the bed (and the two encodings' noise). Where a voice's coding noise is louder than the ducked
bed (under speech, and in the MP3's pre-echo just before a cue), the bed's part of that difference is
found by projecting it on the bed as planned, unducked: the noise is not correlated with the music.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from helpers import SEED, decode, ebur128, make_music, require, run_voiceguide
from voiceguide.audio import loudness
from voiceguide.audio.bed import BedMix
from voiceguide.audio.beeps import load_beeps, sound_paths
from voiceguide.audio.music import measure
from voiceguide.builder.track import plan_track
from voiceguide.coaching.walk import compile_routine
from voiceguide.output.mp3 import ENCODER
from voiceguide.routine import load_collection
from voiceguide.settings import DEFAULTS, to_samples
from voiceguide.speech import Speaker, SpeechCache
from voiceguide.timeline.bed import is_work, plan_bed, span_gains

pytestmark = pytest.mark.engine
RATE = 44100
MUSIC = DEFAULTS.music
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}

ROUTINES = """\
title: Music drill
source: voiceguide tests
{music}
pace: {{transition: 2s, rest: 8s, switch: 3s, countdown: 3}}
routines:
  - id: drill
    title: Music drill
    coach: Test Coach
    steps:
      - exercise: Glute bridge
        how: Lift your hips and squeeze.
        reps: 4
        tempo: 2s
        sets: 2
      - exercise: Side plank
        hold: 12s
        per_side: true
      - rest: 10s
      - exercise: Plank
        hold: 20s
"""


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("ffmpeg")
    return make_music(tmp_path_factory.mktemp("loop") / "loop.mp3")


def build(folder: Path, name: str, music: str, cache: Path) -> Path:
    routines = folder / f"{name}.yaml"
    routines.write_text(ROUTINES.format(music=music))
    out = folder / name
    result = run_voiceguide("build", "--routines", str(routines), "--out", str(out), "--cache", str(cache), env=EPOCH)
    assert result.returncode == 0, result.stderr
    return routines


@dataclasses.dataclass
class Measured:
    """A track with music, the same without, and what the plan says about its bed."""

    with_music: np.ndarray
    voice: np.ndarray
    """The track without music, scaled to the voice in the track with music."""
    bed: np.ndarray
    """with_music - voice: the bed and the two encodings' noise."""
    reference: np.ndarray
    """The bed as planned but never ducked nor turned off (in memory, not decoded)."""
    timeline: object
    plan: object
    out: Path


def measured(folder: Path, loop: Path, cache: Path, music: str) -> Measured:
    (folder / "loop.mp3").write_bytes(loop.read_bytes())
    routines = build(folder, "music", music, cache)
    build(folder, "plain", "", cache)
    a = decode(folder / "music" / "01-drill.mp3")[0].astype(np.float64)
    b = decode(folder / "plain" / "01-drill.mp3")[0].astype(np.float64)
    assert len(a) == len(b)
    voice = b * (a @ b) / (b @ b)
    collection = load_collection(routines)
    routine = collection.routines[0]
    speaker = Speaker(SpeechCache(cache))
    try:
        timeline = plan_track(compile_routine(routine), routine, speaker, load_beeps(sound_paths(collection))).timeline
    finally:
        speaker.close()
    plan = plan_bed(timeline)
    assert plan is not None
    files = {p: measure(p, RATE) for m in routine.music_used() for p in m.files}
    flat = [
        dataclasses.replace(m, music=dataclasses.replace(m.music, duck_db=0.0, during="all")) for m in timeline.beds
    ]
    unducked = plan_bed(dataclasses.replace(timeline, beds=tuple(flat)))
    assert unducked is not None
    reference = BedMix(unducked, files, ENCODER.gain_db).read(0, timeline.length).astype(np.float64)
    return Measured(a, voice, a - voice, reference, timeline, plan, folder / "music")


@pytest.fixture(scope="module")
def ducked(tmp_path_factory: pytest.TempPathFactory, loop: Path, speech_cache: Path) -> Measured:
    music = "music: {file: loop.mp3, credit: Synthetic loop by voiceguide's scripts/make-music}"
    return measured(tmp_path_factory.mktemp("ducked"), loop, speech_cache, music)


def test_between_cues_the_bed_is_at_its_level(ducked: Measured) -> None:
    span = ducked.plan.spans[0]
    open_ = span_gains(span, np.arange(len(ducked.bed))) > 0.999
    assert open_.sum() > 20 * RATE
    measured_lufs = loudness.loudness_of_weighted(loudness.k_weighted(ducked.bed, RATE)[open_], RATE)
    assert measured_lufs == pytest.approx(MUSIC.level_lufs, abs=1.0)


def test_under_speech_the_bed_is_at_least_20_db_below_the_voice(ducked: Measured) -> None:
    span = ducked.plan.spans[0]
    k_voice, k_ref = loudness.k_weighted(ducked.voice, RATE), loudness.k_weighted(ducked.reference, RATE)
    k_bed = loudness.k_weighted(ducked.bed, RATE)
    below = []
    for event in ducked.timeline.events:
        if event.kind == "beep" or event.start < span.start + span.fade_in or event.end > span.end:
            continue
        s, e = event.start, event.end
        share = max((k_bed[s:e] @ k_ref[s:e]) / (k_ref[s:e] @ k_ref[s:e]), 0.0)  # the bed's part of the difference
        bed_energy = share**2 * np.mean(k_ref[s:e] ** 2)
        below.append(10 * np.log10(np.mean(k_voice[s:e] ** 2) / max(bed_energy, 1e-20)))
    assert len(below) > 20 and min(below) >= 20.0, sorted(below)[:5]


def test_the_duck_is_at_its_depth_before_each_cue_starts(ducked: Measured) -> None:
    span = ducked.plan.spans[0]
    window = to_samples(20, RATE)
    depths = []
    for event in ducked.timeline.events:
        if event.start - window < span.start + span.fade_in or event.start > span.end:
            continue
        r = ducked.reference[event.start - window : event.start]
        depths.append(20 * np.log10(max((ducked.bed[event.start - window : event.start] @ r) / (r @ r), 1e-6)))
    assert len(depths) > 20
    assert max(depths) <= -MUSIC.duck_db + 1.0, sorted(depths)[-5:]
    assert min(depths) >= -MUSIC.duck_db - 1.0, sorted(depths)[:5]  # ducked by 12 dB, not silenced


def test_no_gap_of_silence_where_music_should_play(ducked: Measured) -> None:
    span = ducked.plan.spans[0]
    size = to_samples(50, RATE)
    starts = np.arange(span.start + span.fade_in, span.end - size, size)
    rms = np.array([np.sqrt(np.mean(ducked.bed[s : s + size] ** 2)) for s in starts])
    quietest = 20 * np.log10(rms.min())
    assert quietest > MUSIC.level_lufs - MUSIC.duck_db - 20, quietest  # loop joins (crossfades) included


def test_the_track_with_music_meets_the_loudness_and_peak_targets(ducked: Measured) -> None:
    integrated, peak = ebur128(ducked.out / "01-drill.mp3")
    assert -16.5 <= integrated <= -15.5 and peak <= -1.0, (integrated, peak)


def test_the_music_credit_is_in_the_comment_tag_and_the_feed(ducked: Measured) -> None:
    from mutagen.id3 import ID3

    comment = str(ID3(ducked.out / "01-drill.mp3").getall("COMM")[0])
    assert comment == "voiceguide tests. Music: Synthetic loop by voiceguide's scripts/make-music"
    feed = (ducked.out / "feed.xml").read_text()
    assert "Music: Synthetic loop by voiceguide&amp;#x27;s scripts/make-music." in feed or "Music: Synthetic" in feed


def test_plan_shows_the_music_as_the_build_plays_it(ducked: Measured, speech_cache: Path) -> None:
    routines = ducked.out.parent / "music.yaml"
    result = run_voiceguide("plan", "drill", "--routines", str(routines), "--cache", str(speech_cache))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    span = ducked.plan.spans[0]
    assert sum(" duck      -12 dB from " in line for line in lines) == len(
        {v.up_from for v in span.valleys if v.kind == "duck" and v.up_from > span.start and v.down_at < span.stop}
    )
    assert "  music     loop.mp3 at -30 LUFS, ducked 12 dB under every cue, during all; fades in until 00:02.0" in (
        result.stdout
    )
    windows = [line for line in lines if "  window  " in line]
    assert windows and all(line.endswith("; music -30 LUFS") for line in windows)


def test_during_work_keeps_the_music_out_of_rests(
    tmp_path_factory: pytest.TempPathFactory, loop: Path, speech_cache: Path
) -> None:
    m = measured(tmp_path_factory.mktemp("work"), loop, speech_cache, "music: {file: loop.mp3, during: work}")
    gate = to_samples(MUSIC.gate_ms, RATE)
    rests = [w for w in m.timeline.windows if w.kind == "rest" and w.end - w.start > 3 * gate]
    work = [w for w in m.timeline.windows if is_work(w) and w.end - w.start > 4 * gate]
    assert rests and work
    for w in rests:
        s, e = w.start + gate, w.end - gate
        share = (m.bed[s:e] @ m.reference[s:e]) / (m.reference[s:e] @ m.reference[s:e])
        assert abs(share) < 0.01, (w, share)  # the music is 40 dB down at least; the rest is the voice's coding noise
    span = m.plan.spans[0]
    for w in work:
        inside = np.arange(w.start, w.end)
        open_ = inside[span_gains(span, inside) > 0.999]
        assert len(open_) > RATE
        level = loudness.loudness_of_weighted(loudness.k_weighted(m.bed[w.start : w.end], RATE)[open_ - w.start], RATE)
        assert level == pytest.approx(MUSIC.level_lufs, abs=1.0), w


def test_the_seed_with_the_loop_under_it_meets_the_targets(
    tmp_path_factory: pytest.TempPathFactory, loop: Path, speech_cache: Path
) -> None:
    folder = tmp_path_factory.mktemp("seed-music")
    (folder / "loop.mp3").write_bytes(loop.read_bytes())
    routines = folder / "routines.yaml"
    routines.write_text(SEED.read_text().replace("\nroutines:\n", "\nmusic: loop.mp3\nroutines:\n", 1))
    out = folder / "build"
    # the sparsest seed track (long holds and stretches: the bed fills most of its time) and a dense one
    ids = ("hip-opening-mobility-flow", "prone-strength")
    args = ("--routines", str(routines), "--out", str(out), "--cache", str(speech_cache))
    result = run_voiceguide("build", *ids, *args)
    assert result.returncode == 0, result.stderr
    with ThreadPoolExecutor(2) as pool:  # one ffmpeg per core
        tracks = sorted(out.glob("*.mp3"))
        figures = dict(zip((t.name for t in tracks), pool.map(ebur128, tracks)))
    assert len(figures) == 2
    for name, (integrated, peak) in figures.items():
        assert -17.0 <= integrated <= -15.0 and peak <= -1.0, (name, integrated, peak)
