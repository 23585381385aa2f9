"""Music under the coach as audio: files measured and read as they play, the bed mixed, predicted and peak-guarded."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from helpers import RATE, fake_schedule, music_like, write_audio
from voiceguide.audio import loudness
from voiceguide.audio.bed import BedMix
from voiceguide.audio.clips import level_clip
from voiceguide.audio.guard import guarded, peak_gains
from voiceguide.audio.music import MusicReader, measure
from voiceguide.builder.track import fingerprint
from voiceguide.cli import cli
from voiceguide.coaching.walk import compile_routine
from voiceguide.errors import MusicError
from voiceguide.output.feed import description
from voiceguide.output.index import TrackRecord, read_index, write_index
from voiceguide.output.tags import track_tags
from voiceguide.render import render_blocks, track_gain_db
from voiceguide.routine.loader import load_collection
from voiceguide.settings import DEFAULTS
from voiceguide.timeline.bed import plan_bed, span_gains

AFTER_DB = DEFAULTS.encoder.gain_db
CEILING = 10 ** ((DEFAULTS.audio.track_ceiling_dbtp - AFTER_DB) / 20)

ROUTINES = """\
title: Music test
source: Tests
music: {music}
pace: {{transition: 2s, rest: 6s, switch: 3s, countdown: 2}}
routines:
  - id: plain
    title: Plain
    steps:
      - {{exercise: Glute bridge, reps: 4, tempo: 2s, sets: 2}}
      - {{exercise: Side plank, hold: 8s, per_side: true}}
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Music files made with numpy: two stand-ins for songs (at 44.1 and 48 kHz) and the broken ones."""
    path = tmp_path_factory.mktemp("music")
    silence = np.zeros((2, 4410))
    write_audio(path / "song.flac", np.concatenate((silence, music_like(7.0), silence * 2), axis=1))
    write_audio(path / "other.wav", music_like(3.0, 48000, 0.1, seed=1), 48000)
    write_audio(path / "silent.wav", np.zeros((2, RATE * 2)))
    write_audio(path / "short.wav", music_like(0.5))
    write_audio(path / "loud.wav", np.clip(music_like(4.0, level=1.2, seed=2), -1, 1))
    write_audio(path / "cut-source.mp3", music_like(2.0))
    (path / "cut.mp3").write_bytes((path / "cut-source.mp3").read_bytes()[:600])
    (path / "text.mp3").write_text("this is not audio\n" * 50)
    (path / "empty.wav").write_bytes(b"")
    (path / "song.m4a").write_bytes(os.urandom(2000))
    (path / "folder.mp3").mkdir()
    return path


def routine_file(folder: Path, music: str, name: str = "routines.yaml") -> Path:
    path = folder / name
    path.write_text(ROUTINES.format(music=music))
    return path


def test_a_file_is_measured_as_it_plays(folder: Path) -> None:
    music = measure(folder / "song.flac", RATE)
    mono = music_like(7.0).mean(axis=0)
    assert music.sha256 == hashlib.sha256((folder / "song.flac").read_bytes()).hexdigest()
    assert music.skip <= 4410 < music.skip + 882  # the silence before it, to a whole energy bin
    assert music.skip + music.length >= 4410 + len(mono) and music.skip + music.length - (4410 + len(mono)) < 882
    assert music.loudness == pytest.approx(loudness.integrated_loudness(mono, RATE), abs=0.05)
    assert music.true_peak_db == pytest.approx(loudness.true_peak_db(mono), abs=0.1)
    assert len(music.energy) == music.length // 882


def test_a_file_at_another_rate_is_resampled_to_the_tracks(folder: Path) -> None:
    music = measure(folder / "other.wav", RATE)
    assert abs(music.length - 3 * RATE) <= 882
    played = np.concatenate([MusicReader(music).read(music.length)])
    assert loudness.integrated_loudness(played, RATE) == pytest.approx(music.loudness, abs=0.05)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nowhere.mp3", "is missing; put it back or change 'music:'"),
        ("folder.mp3", "is a folder; name an audio file in 'music:'"),
        ("text.mp3", 'is not audio that can be read (file "text.mp3" does not seem to contain audio data'),
        ("empty.wav", "is not audio that can be read ("),
        ("song.m4a", "is not audio that can be read (.m4a files cannot be read on this system); convert it to MP3"),
        (
            "cut.mp3",
            "holds no audio that can be decoded (is it cut short?); convert it to MP3, FLAC, Ogg Vorbis or WAV",
        ),
        ("silent.wav", "is silent; choose a file with music in it"),
        ("short.wav", "plays for 0.50 s, shorter than the 1 s crossfade it loops with; use a longer file"),
    ],
)
def test_a_file_that_cannot_be_a_bed_is_one_line_with_the_fix(folder: Path, name: str, expected: str) -> None:
    with pytest.raises(MusicError) as caught:
        measure(folder / name, RATE)
    message = str(caught.value)
    assert message.startswith(f"the music file {folder / name} ") and expected in message, message
    assert "\n" not in message


def test_a_stream_reads_the_same_samples_as_a_kept_file(folder: Path) -> None:
    music = measure(folder / "song.flac", RATE)
    streamed = MusicReader(music, dataclasses.replace(DEFAULTS.music, keep_s=0))
    kept = MusicReader(music)
    assert streamed.kept is None and kept.kept is not None
    sizes = [1, 1000, 65536, 70000, 300000]
    a = np.concatenate([streamed.read(n) for n in sizes])
    b = np.concatenate([kept.read(n) for n in sizes])
    assert np.array_equal(a, b) and np.all(a[music.length :] == 0) and np.abs(a[: music.length]).max() > 0.1
    streamed.close()


def fake_clips(timeline) -> dict:
    """A levelled tone per sound: a stand-in voice at -16 LUFS with room under the ceiling."""
    clips = {}
    for event in timeline.events:
        if event.sound not in clips:
            t = np.arange(event.length) / RATE
            edges = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.02)
            x = (np.sin(2 * np.pi * 440 * t) + 0.5 * np.sin(2 * np.pi * 1250 * t)) * edges * 0.2
            clips[event.sound] = level_clip(event.sound, x, loudness.k_weighted(x, RATE), RATE)
    return clips


def planned(folder: Path, music: str):
    collection = load_collection(routine_file(folder, music))
    routine = collection.routines[0]
    timeline = fake_schedule(compile_routine(routine))
    plan = plan_bed(timeline)
    assert plan is not None
    files = {p: measure(p, RATE) for m in routine.music_used() for p in m.files}
    return collection, routine, timeline, plan, files


def test_the_bed_is_the_same_whatever_the_block_size(folder: Path) -> None:
    _, _, timeline, plan, files = planned(folder, "[song.flac, other.wav]")
    length = timeline.length
    whole = BedMix(plan, files, AFTER_DB).read(0, length)
    mix = BedMix(plan, files, AFTER_DB)
    pieces = np.concatenate([mix.read(a, min(a + 12345, length)) for a in range(0, length, 12345)])
    assert np.allclose(whole, pieces, atol=1e-6) and np.abs(whole).max() > 0.01


def test_the_bed_sits_at_its_level_between_cues_and_has_no_gap(folder: Path) -> None:
    _, _, timeline, plan, files = planned(folder, "{file: [song.flac, other.wav], level: -32}")
    bed = BedMix(plan, files, AFTER_DB).read(0, timeline.length)
    span = plan.spans[0]
    open_ = span_gains(span, np.arange(timeline.length)) > 0.999
    assert open_.sum() > 10 * RATE
    k = loudness.k_weighted(bed, RATE)
    assert loudness.loudness_of_weighted(k[open_], RATE) == pytest.approx(-32 - AFTER_DB, abs=0.3)
    windows = bed[span.fade_in : span.end][: (span.end - span.fade_in) // 2205 * 2205].reshape(-1, 2205)
    quietest = 20 * np.log10(np.sqrt((windows**2).mean(axis=1)).min())
    assert quietest > -32 - 12 - 20  # every 50 ms of it plays (ducked 12 dB at most), loops and joins included


def test_the_prediction_with_the_bed_is_the_rendered_loudness(folder: Path) -> None:
    _, _, timeline, plan, files = planned(folder, "{file: song.flac, level: -22, duck: 6}")
    clips = fake_clips(timeline)
    bed = BedMix(plan, files, AFTER_DB)
    predicted = loudness.gated_loudness(
        loudness.block_energy(bed.energy_per_bin(timeline.length), RATE, loudness.block_count(timeline.length, RATE)),
        RATE,
    )
    music_only = bed.read(0, timeline.length)
    assert predicted == pytest.approx(loudness.integrated_loudness(music_only, RATE), abs=0.1)
    gain = track_gain_db(timeline, clips, AFTER_DB, BedMix(plan, files, AFTER_DB))
    track = np.concatenate(
        list(render_blocks(timeline, clips, gain, bed=BedMix(plan, files, AFTER_DB), after_db=AFTER_DB))
    )
    voice = np.concatenate(list(render_blocks(timeline, clips, gain)))
    assert loudness.integrated_loudness(track, RATE) == pytest.approx(DEFAULTS.audio.target_lufs - AFTER_DB, abs=0.1)
    # the bed counts: here its quieter blocks pass the gate and lower the mix, so the voice alone is louder
    assert abs(loudness.integrated_loudness(voice, RATE) - (DEFAULTS.audio.target_lufs - AFTER_DB)) > 0.5
    assert loudness.true_peak_db(track) <= 20 * np.log10(CEILING) + 0.05


def test_where_voice_and_music_together_pass_the_ceiling_they_are_limited() -> None:
    rng = np.random.default_rng(5)
    n = 3 * 65536
    voice = np.zeros(n, dtype=np.float32)
    for at in (1000, 65536 - 20, 100_000):  # one peak on a block boundary
        voice[at : at + 200] = 1.05 * CEILING * np.hanning(200)
    bed = (rng.standard_normal(n) * 0.08).astype(np.float32)
    x = voice + bed
    assert loudness.true_peak_db(x) > 20 * np.log10(CEILING) + 0.5
    gains = peak_gains(x, CEILING)
    assert loudness.true_peak_db(x * gains) <= 20 * np.log10(CEILING) + 0.01
    assert gains[30_000:60_000].min() == 1.0 and gains.min() < 1.0
    assert np.abs(np.diff(gains)).max() < 0.02  # smoothed: no click
    blocks = [(voice[a : a + 65536], bed[a : a + 65536]) for a in range(0, n, 65536)]
    out = np.concatenate(list(guarded(iter(blocks), CEILING)))
    assert len(out) == n and loudness.true_peak_db(out) <= 20 * np.log10(CEILING) + 0.01
    assert np.array_equal(out[30_000:60_000], x[30_000:60_000])


def test_a_loud_file_is_levelled_down_by_its_loudness(folder: Path) -> None:
    _, _, timeline, plan, files = planned(folder, "loud.wav")
    (music,) = files.values()
    assert music.loudness > -12
    bed = BedMix(plan, files, AFTER_DB)
    assert 20 * np.log10(bed.spans[0].gains[0]) == pytest.approx(-30 - music.loudness - AFTER_DB, abs=0.01)


def test_the_credit_goes_into_the_comment_tag_the_feed_and_the_index(folder: Path, tmp_path: Path) -> None:
    collection, routine, *_ = planned(folder, "{file: song.flac, credit: Song by Someone (CC BY 4.0)}")
    assert track_tags(collection, routine).comment == "Tests. Music: Song by Someone (CC BY 4.0)"
    base = dict(id="a", number=1, title="A", coach="C", file="01-a.mp3", captions="01-a.vtt", length=1.0)
    record = TrackRecord(**base, bytes=1, sha256="x", fingerprint="y", exercises=["Plank"], music="Song by S")
    assert description(record) == "Coached by C. Exercises: Plank. Music: Song by S."
    quiet = dataclasses.replace(record, music=None)
    assert description(quiet) == "Coached by C. Exercises: Plank."
    write_index(tmp_path, "T", [record, dataclasses.replace(quiet, id="b", number=2, file="02-b.mp3")], [])
    text = (tmp_path / "index.json").read_text()
    assert text.count('"music"') == 1 and read_index(tmp_path)["01-a"].music == "Song by S"


def test_the_fingerprint_holds_the_music_files_content(tmp_path: Path, folder: Path) -> None:
    (tmp_path / "song.flac").write_bytes((folder / "song.flac").read_bytes())
    collection = load_collection(routine_file(tmp_path, "song.flac"))
    routine = collection.routines[0]
    script = compile_routine(routine)
    before = fingerprint(collection, routine, script)
    assert fingerprint(collection, routine, script) == before
    (tmp_path / "song.flac").write_bytes((folder / "other.wav").read_bytes())
    assert fingerprint(collection, routine, script) != before


@pytest.mark.parametrize("name", ["text.mp3", "silent.wav", "short.wav"])
def test_a_bad_music_file_stops_the_build_before_anything_is_written(tmp_path: Path, folder: Path, name: str) -> None:
    (tmp_path / name).write_bytes((folder / name).read_bytes())
    out, cache = tmp_path / "out", tmp_path / "cache"
    path = routine_file(tmp_path, name)
    result = CliRunner().invoke(cli, ["build", "--routines", str(path), "--out", str(out), "--cache", str(cache), "-q"])
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: the music file {tmp_path / name} (named at {path}:3:1) ")
    assert list(out.iterdir()) == [] and not cache.exists()  # a failed first build leaves not even its lock


def test_the_docs_give_the_music_defaults() -> None:
    docs = " ".join((Path(__file__).resolve().parent.parent / "docs" / "routine-format.md").read_text().split())
    music = DEFAULTS.music
    for text in (
        f"level: {music.level_lufs:g} ",
        f"duck: {music.duck_db:g} ",
        f"during: {music.during} ",
        f"{music.crossfade_ms / 1000:g} s equal-power crossfade",
        f"fades in over the first {music.fade_in_ms / 1000:g} s",
        f"fades out over {music.fade_out_ms / 1000:g} s",
        f"{music.lead_ms} ms before each cue's first sample (a {music.attack_ms} ms ramp)",
        f"comes back over {music.release_ms} ms",
        f"shorter than {music.hold_ms / 1000:g} s",
        f"over {music.gate_ms / 1000:g} s before the window",
        f"less than {music.gate_gap_ms / 1000:g} s apart",
    ):
        assert text in docs, text
