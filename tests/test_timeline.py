"""Scheduling with a fake clip-length provider: exact windows, no overlaps, documented collisions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import RATE, SEED, fake_schedule
from voiceguide.coaching.script import COUNTDOWN, HALFWAY, PACE, Cue, Say, Script, Window
from voiceguide.coaching.walk import compile_routine
from voiceguide.routine import load_collection
from voiceguide.settings import to_samples
from voiceguide.sounds import END_BEEP, START_BEEP
from voiceguide.timeline.plan import plan_text

GOLDEN = Path(__file__).parent / "golden"


def seed_timeline(routine_id: str):
    routine = load_collection(SEED).routine(routine_id)
    script = compile_routine(routine)
    return script, fake_schedule(script)


@pytest.mark.parametrize("routine_id", [r.id for r in load_collection(SEED).routines])
def test_every_window_has_exactly_its_length_in_samples(routine_id: str) -> None:
    script, timeline = seed_timeline(routine_id)
    wanted = [w.ms for w in script.items if isinstance(w, Window)]
    assert [w.end - w.start for w in timeline.windows] == [to_samples(ms, RATE) for ms in wanted]


@pytest.mark.parametrize("routine_id", [r.id for r in load_collection(SEED).routines])
def test_no_two_sounds_overlap(routine_id: str) -> None:
    _, timeline = seed_timeline(routine_id)
    for before, after in zip(timeline.events, timeline.events[1:]):
        assert before.end <= after.start, (before, after)
    assert timeline.events[-1].end <= timeline.length


@pytest.mark.parametrize("routine_id", [r.id for r in load_collection(SEED).routines])
def test_counted_windows_are_bounded_by_beeps_and_speech_stays_out(routine_id: str) -> None:
    _, timeline = seed_timeline(routine_id)
    beeps = {e.start for e in timeline.events if e.kind == "beep"}
    for w in timeline.windows:
        if w.counted:
            assert w.start in beeps and w.end in beeps, w
    outside = [e for e in timeline.events if e.kind in ("preview", "how", "title", "intro", "side", "set")]
    for e in outside:
        for w in timeline.windows:
            if w.counted:
                assert e.end <= w.start or e.start >= w.end + 1, (e, w)


def test_adjacent_windows_share_one_beep() -> None:
    _, timeline = seed_timeline("pilates-for-lower-back-pain")
    reps, rest = timeline.windows[1], timeline.windows[2]
    assert (reps.kind, rest.kind) == ("reps", "rest") and rest.start == reps.end
    assert [e.sound for e in timeline.events if e.start == rest.start] == [END_BEEP]
    assert [e.sound for e in timeline.events if e.start == rest.end] == [START_BEEP]


def test_chapters_cover_the_track_in_order() -> None:
    _, timeline = seed_timeline("prone-strength")
    chapters = timeline.chapters
    assert chapters[0].start == 0 and chapters[-1].end == timeline.length
    for a, b in zip(chapters, chapters[1:]):
        assert a.end == b.start and a.start < b.start


def one_window(ms: int, cue_list: list[Cue]) -> Script:
    return Script("t", "T", (Say("Go.", "preview"), Window("hold", ms, "Plank", tuple(cue_list))))


@pytest.mark.parametrize(
    "cue_list, kept, dropped",
    [
        # a long cue at the midpoint of a 10 s hold leaves no room for the countdown's 'three': the countdown wins
        (
            [
                Cue(5000, "Halfway there, keep breathing slowly and deeply.", "halfway", HALFWAY),
                Cue(7000, "three", "countdown", COUNTDOWN),
            ],
            ["three"],
            ["Halfway there, keep breathing slowly and deeply."],
        ),
        # pacing beats the countdown when both want the same moment
        (
            [Cue(7000, "three", "countdown", COUNTDOWN), Cue(6900, "Breathe out.", "breath", PACE)],
            ["Breathe out."],
            ["three"],
        ),
        # a cue that would run past the end beep is dropped
        ([Cue(9800, "one", "countdown", COUNTDOWN)], [], ["one"]),
        # a cue at the very start would overlap the start beep
        ([Cue(0, "Go go go.", "announce", 1)], [], ["Go go go."]),
    ],
)
def test_collisions_are_resolved_by_priority_and_reported(
    cue_list: list[Cue], kept: list[str], dropped: list[str]
) -> None:
    script = one_window(10_000, cue_list)
    timeline = fake_schedule(script)
    assert [e.text for e in timeline.events if e.kind not in ("beep", "preview")] == kept
    assert [d.text for d in timeline.dropped] == dropped
    assert all(d.reason for d in timeline.dropped)


def test_the_same_script_gives_the_same_timeline() -> None:
    a = seed_timeline("standing-strength")[1]
    b = seed_timeline("standing-strength")[1]
    assert a == b


@pytest.mark.parametrize("routine_id", ["yoga-poses-for-lower-back-pain", "prone-strength"])
def test_golden_timelines(routine_id: str) -> None:
    """Reviewed plans of two seed workouts (breaths and sides; rounds). VOICEGUIDE_UPDATE_GOLDEN=1 rewrites them."""
    text = plan_text(seed_timeline(routine_id)[1]) + "\n"
    path = GOLDEN / f"{routine_id}.plan.txt"
    if os.environ.get("VOICEGUIDE_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert text == path.read_text()
