"""Music under the coach, without audio: the `music:` key, where the bed plays, and every duck's look-ahead."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from helpers import RATE, fake_schedule
from voiceguide.coaching.script import Bed
from voiceguide.coaching.walk import compile_routine
from voiceguide.errors import RoutineError
from voiceguide.routine.loader import load_collection, parse_collection
from voiceguide.settings import DEFAULTS, to_samples
from voiceguide.timeline.bed import BedSpan, is_work, lay_out, piece_gains, plan_bed, span_gains
from voiceguide.timeline.plan import plan_json, plan_text
from voiceguide.timeline.schedule import Timeline

MUSIC = DEFAULTS.music
LEAD = to_samples(MUSIC.lead_ms, RATE)
DEPTH = 10 ** (-MUSIC.duck_db / 20)

ROUTINES = """\
title: Music test
music: {{file: loop.mp3, credit: A loop}}
pace: {{transition: 2s, rest: 6s, switch: 3s, countdown: 2}}
routines:
  - id: plain
    title: Plain
    steps:
      - {{exercise: Glute bridge, reps: 4, tempo: 2s, sets: 2}}
      - {{exercise: Side plank, hold: 8s, per_side: true}}
  - id: own
    title: Own music
    music: {music}
    sections:
      - title: Warm up
        steps: [{{exercise: Cat cow, duration: 10s}}]
      - title: Main
        music: second.flac
        steps: [{{exercise: Plank, hold: 10s}}]
      - title: Cool down
        steps: [{{exercise: Child's pose, hold: 10s}}]
"""


def write(folder: Path, music: str = "[loop.mp3, second.flac]", text: str = ROUTINES) -> Path:
    for name in ("loop.mp3", "second.flac"):
        (folder / name).write_bytes(b"not checked when loading")
    path = folder / "routines.yaml"
    path.write_text(text.format(music=music))
    return path


def timeline_of(path: Path, routine_id: str) -> Timeline:
    collection = load_collection(path)
    routine = next(r for r in collection.routines if r.id == routine_id)
    return fake_schedule(compile_routine(routine))


def problems(path: Path) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        load_collection(path)
    return [str(p) for p in caught.value.problems]


def test_music_is_read_at_every_level_and_inherited(tmp_path: Path) -> None:
    collection = load_collection(write(tmp_path))
    plain, own = collection.routines
    assert plain.music is not None and plain.music.names == ("loop.mp3",) and plain.music.credit == "A loop"
    assert plain.music.files == ((tmp_path / "loop.mp3").resolve(),)
    assert (plain.music.level_lufs, plain.music.duck_db, plain.music.during) == (-30.0, 12.0, "all")
    assert own.music is not None and own.music.names == ("loop.mp3", "second.flac")
    assert [s.music.names for s in own.sections if s.music] == [
        ("loop.mp3", "second.flac"),
        ("second.flac",),
        ("loop.mp3", "second.flac"),
    ]
    assert [m.names for m in own.music_used()] == [("loop.mp3", "second.flac"), ("second.flac",)]


def test_a_music_mapping_sets_level_duck_and_during(tmp_path: Path) -> None:
    path = write(tmp_path, "{file: [second.flac], level: -35.5, duck: 18, during: rests, credit: Me}")
    music = load_collection(path).routines[1].music
    assert music is not None
    assert (music.names, music.level_lufs, music.duck_db, music.during, music.credit) == (
        ("second.flac",),
        -35.5,
        18.0,
        "rests",
        "Me",
    )


def test_where_the_routine_file_sits_changes_nothing_the_fingerprint_sees(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b" / "deeper"
    a.mkdir()
    b.mkdir(parents=True)
    scripts = [repr(compile_routine(load_collection(write(folder)).routines[1])) for folder in (a, b)]
    assert scripts[0] == scripts[1] and "loop.mp3" in scripts[0] and str(tmp_path) not in scripts[0]


@pytest.mark.parametrize(
    ("music", "expected"),
    [
        ("missing.mp3", "routines[1].music: 'missing.mp3' was not found in"),
        ("loop.txt", "routines[1].music: 'loop.txt' must name an audio file (.mp3, .flac, .ogg, .wav, .aiff, .aif"),
        ("../loop.mp3", "must be a file inside the routine file's folder"),
        ("{file: loop.mp3, level: -10}", "routines[1].music.level: must be a number from -60 to -20 LUFS, got -10"),
        ("{file: loop.mp3, duck: loud}", "routines[1].music.duck: must be a number from 0 to 40 dB, got 'loud'"),
        ("{file: loop.mp3, during: rest}", "routines[1].music.during: must be one of all, work, rests, got 'rest'"),
        ("{file: loop.mp3, levle: -30}", "routines[1].music: unknown key 'levle'; did you mean 'level'?"),
        ("{level: -30}", "routines[1].music: missing required key 'file'"),
        ("[]", "routines[1].music: must have 1 to 50 items, has 0"),
        ("12", "routines[1].music: must name an audio file, a list of them, or {file: loop.mp3, level: -30}"),
    ],
)
def test_a_bad_music_key_is_reported_where_it_is_written(tmp_path: Path, music: str, expected: str) -> None:
    path = write(tmp_path, music)
    found = problems(path)
    assert len(found) == 1 and expected in found[0], found
    assert found[0].startswith(f"{path}:12:")


def test_the_mp3_extension_may_be_in_capitals(tmp_path: Path) -> None:
    (tmp_path / "LOOP.MP3").write_bytes(b"x")
    music = load_collection(write(tmp_path, "LOOP.MP3")).routines[1].music
    assert music is not None and music.names == ("LOOP.MP3",)


def test_the_script_marks_where_each_music_starts_and_none_without_music(tmp_path: Path) -> None:
    own = load_collection(write(tmp_path)).routines[1]
    script = compile_routine(own)
    beds = [
        (i, item.music.names if item.music else None) for i, item in enumerate(script.items) if isinstance(item, Bed)
    ]
    assert [names for _, names in beds] == [("loop.mp3", "second.flac"), ("second.flac",), ("loop.mp3", "second.flac")]
    assert beds[0][0] == 0
    quiet = parse_collection(b"title: T\nroutines:\n  - {id: a, title: A, steps: [{exercise: Plank, hold: 5s}]}\n", "r")
    assert not any(isinstance(i, Bed) for i in compile_routine(quiet.routines[0]).items)
    assert fake_schedule(compile_routine(quiet.routines[0])).beds == ()
    assert plan_bed(fake_schedule(compile_routine(quiet.routines[0]))) is None


def test_every_duck_is_at_its_depth_before_each_cue_starts_and_through_it(tmp_path: Path) -> None:
    timeline = timeline_of(write(tmp_path), "plain")
    bed = plan_bed(timeline)
    assert bed is not None and len(bed.spans) == 1
    span = bed.spans[0]
    for event in timeline.events:
        if event.start < span.start + span.fade_in or event.end > span.end:
            continue
        at = np.arange(event.start - LEAD, event.end)
        assert span_gains(span, at).max() <= DEPTH * span_gains(span, at, ducks=False).max() + 1e-9, event
        before = np.arange(event.start - LEAD - to_samples(MUSIC.attack_ms, RATE), event.start - LEAD)
        assert np.all(np.diff(span_gains(span, before)) <= 1e-12), "the ramp only goes down"


def test_the_bed_comes_back_between_cues_and_stays_down_across_short_gaps(tmp_path: Path) -> None:
    timeline = timeline_of(write(tmp_path), "plain")
    bed = plan_bed(timeline)
    assert bed is not None
    span = bed.spans[0]
    events = [e for e in timeline.events if span.start + span.fade_in < e.start and e.end < span.end]
    hold = to_samples(MUSIC.hold_ms, RATE)
    back = to_samples(MUSIC.release_ms + MUSIC.attack_ms + MUSIC.lead_ms, RATE)
    long_gaps = short_gaps = 0
    for a, b in zip(events, events[1:]):
        between = span_gains(span, np.arange(a.end, b.start))
        if b.start - a.end < hold:
            short_gaps += 1
            assert between.max() <= DEPTH + 1e-9, (a.text, b.text)
        elif b.start - a.end > back:
            long_gaps += 1
            assert between.max() == pytest.approx(1.0), (a.text, b.text)
    assert long_gaps >= 5 and short_gaps >= 5


def test_the_bed_fades_in_at_the_start_and_out_under_workout_complete(tmp_path: Path) -> None:
    timeline = timeline_of(write(tmp_path), "plain")
    bed = plan_bed(timeline)
    assert bed is not None
    span = bed.spans[0]
    end = next(e for e in timeline.events if e.kind == "end")
    assert end.text.startswith("Workout complete") and span.end == end.start
    assert (span.start, span.fade_in, span.fade_out) == (
        0,
        to_samples(MUSIC.fade_in_ms, RATE),
        to_samples(MUSIC.fade_out_ms, RATE),
    )
    gains = span_gains(span, np.arange(timeline.length), ducks=False)
    assert gains[0] == 0 and gains[span.fade_in] == pytest.approx(1.0)
    assert np.all(gains[span.stop :] == 0) and np.all(np.diff(gains[span.end : span.stop]) <= 1e-12)


def test_a_section_with_its_own_music_crossfades_from_the_music_before(tmp_path: Path) -> None:
    timeline = timeline_of(write(tmp_path), "own")
    bed = plan_bed(timeline)
    assert bed is not None
    first, second, third = bed.spans
    assert [s.music.names for s in bed.spans] == [("loop.mp3", "second.flac"), ("second.flac",)] * 1 + [
        ("loop.mp3", "second.flac")
    ]
    crossfade = to_samples(MUSIC.crossfade_ms, RATE)
    assert first.end == second.start and first.fade_out == second.fade_in == crossfade
    at = np.arange(second.start, second.start + crossfade)
    power = span_gains(first, at, ducks=False) ** 2 + span_gains(second, at, ducks=False) ** 2
    assert power == pytest.approx(np.ones(crossfade))
    section = next(e for e in timeline.events if e.text == "Main.")
    assert second.start == section.start


@pytest.mark.parametrize("during", ["work", "rests"])
def test_during_keeps_the_bed_to_work_or_to_the_rest(tmp_path: Path, during: str) -> None:
    timeline = timeline_of(write(tmp_path, f"{{file: loop.mp3, during: {during}}}"), "own")
    bed = plan_bed(timeline)
    assert bed is not None
    gate = to_samples(MUSIC.gate_ms, RATE)
    span = bed.spans[0]
    work = [w for w in timeline.windows if is_work(w) and w.end < span.end]
    assert work
    for w in work:
        inside = span_gains(span, np.arange(w.start + gate, w.end - LEAD - gate), ducks=False)
        assert (inside.min() == pytest.approx(1.0)) if during == "work" else (inside.max() == 0), w
    outside = span_gains(span, np.arange(span.fade_in, work[0].start - LEAD - gate), ducks=False)
    assert (outside.max() == 0) if during == "work" else (outside.min() == pytest.approx(1.0))


def test_the_files_loop_in_order_with_equal_power_crossfades() -> None:
    span = BedSpan(music=None, start=1000, fade_in=0, end=100_000, fade_out=500, valleys=())  # type: ignore[arg-type]
    pieces = lay_out(span, [30_000, 9_000], crossfade=4_000)
    assert [p.file for p in pieces] == [i % 2 for i in range(len(pieces))] and pieces[0].start == 1000
    assert pieces[-1].end >= span.stop and pieces[-2].end < span.stop
    for a, b in zip(pieces, pieces[1:]):
        assert a.fade_out == b.fade_in == min(4_000, a.length // 2, b.length // 2)
        assert b.start == a.end - a.fade_out
        at = np.arange(b.start, a.end)
        assert piece_gains(a, at) ** 2 + piece_gains(b, at) ** 2 == pytest.approx(np.ones(len(at)))
    assert pieces[0].fade_in == 0


def test_plan_shows_the_music_in_every_window_and_each_duck(tmp_path: Path) -> None:
    timeline = timeline_of(write(tmp_path, "{file: loop.mp3, during: work}"), "own")
    text = plan_text(timeline)
    lines = text.splitlines()
    windows = [line for line in lines if "  window  " in line]
    assert windows and all(line.endswith(("; music -30 LUFS", "; music off")) for line in windows)
    assert any("[hold 10s] Plank; music -30 LUFS" in line for line in windows)
    assert any("[get-ready" in line and line.endswith("; music off") for line in windows)
    assert any("  music     loop.mp3 at -30 LUFS, ducked 12 dB under every cue, during work" in line for line in lines)
    ducks = [line for line in lines if "  duck      -12 dB from " in line]
    bed = plan_bed(timeline)
    assert bed is not None and len(ducks) == len({v.up_from for s in bed.spans for v in s.valleys if v.kind == "duck"})
    data = plan_json(timeline)
    assert data["music"][0]["files"] == ["loop.mp3"] and data["music"][0]["valleys"][0]["kind"] in ("duck", "off")
    json.dumps(data)


def test_plan_without_music_is_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("title: T\nroutines:\n  - {id: a, title: A, steps: [{exercise: Plank, hold: 5s}]}\n")
    timeline = timeline_of(path, "a")
    assert "music" not in plan_text(timeline) and "duck" not in plan_text(timeline)
    assert "music" not in plan_json(timeline)
