"""Real protocols written in routine format version 2 (docs/examples/), timed as their authors wrote them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import RATE, ROOT, SEED, fake_schedule
from voiceguide.builder.track import estimated_timeline
from voiceguide.coaching.script import Say, Window
from voiceguide.coaching.walk import compile_routine
from voiceguide.routine import load_collection, parse_collection
from voiceguide.timeline.plan import plan_text
from voiceguide.timeline.schedule import Timeline

EXAMPLES = ROOT / "docs" / "examples"
GOLDEN = Path(__file__).parent / "golden"
PROTOCOLS = ["seven-minute-workout", "mcgill-big-3", "couch-to-5k-week-1", "tabata"]


def example(name: str):
    return load_collection(EXAMPLES / f"{name}.yaml").routines[0]


def timeline_of(name: str) -> Timeline:
    routine = example(name)
    return estimated_timeline(compile_routine(routine), routine)


def counted(timeline: Timeline) -> tuple[int, int]:
    """The first start beep and the last end beep, in samples: where the workout's counted time starts and ends."""
    beeps = [e.start for e in timeline.events if e.kind == "beep"]
    return beeps[0], beeps[-1]


def seconds(samples: int) -> float:
    return samples / RATE


def test_seven_minute_workout_is_12_stations_of_30_s_with_10_s_between() -> None:
    timeline = timeline_of("seven-minute-workout")
    first, last = counted(timeline)
    assert last - first == (12 * 30 + 11 * 10) * RATE
    work = [w for w in timeline.windows if w.counted and w.kind in ("timed", "hold")]
    between = [w for w in timeline.windows if w.kind == "transition"]
    assert [w.end - w.start for w in work] == [30 * RATE] * 12 and [w.end - w.start for w in between] == [
        10 * RATE
    ] * 11
    assert seconds(timeline.length) <= 8 * 60 + 30
    side_plank = work[-1]
    switch = [e for e in timeline.events if e.kind == "side" and side_plank.start < e.start < side_plank.end]
    assert [seconds(e.start - side_plank.start) for e in switch] == [15.0]  # one station, sides change halfway
    texts = [e.text for e in timeline.events]
    assert "Based on Klika and Jordan, twenty thirteen." in texts and not any("Coached by" in t for t in texts)


def test_mcgill_big_3_holds_and_relaxes_every_rep_of_the_pyramid_on_each_side() -> None:
    timeline = timeline_of("mcgill-big-3")
    holds = [w for w in timeline.windows if w.kind == "hold"]
    relaxes = [w for w in timeline.windows if w.kind == "relax"]
    assert len(holds) == len(relaxes) == 12 + 2 * 12 + 2 * 12  # curl-up; side plank and bird dog per side
    assert {w.end - w.start for w in holds} == {10 * RATE} and {w.end - w.start for w in relaxes} == {2 * RATE}
    for name, sides in (
        ("Curl-up", [None]),
        ("Side plank", ["right side", "left side"]),
        ("Bird dog", ["right side", "left side"]),
    ):
        for set_no, reps in enumerate((6, 4, 2), 1):
            for side in sides:
                label = f"{name}, set {set_no} of 3" + (f", {side}" if side else "")
                assert [w.label for w in holds if w.label.startswith(label + ", rep")] == [
                    f"{label}, rep {n}" for n in range(1, reps + 1)
                ]
    said = [e.text for e in timeline.events]
    assert said.count("Relax.") == 60 and "Next: set two of three. Four reps, hold each for ten seconds." in said


def test_couch_to_5k_week_1_is_eight_runs_and_eight_walks_in_20_minutes() -> None:
    timeline = timeline_of("couch-to-5k-week-1")
    runs = [w for w in timeline.windows if w.label == "Run and walk: Run."]
    walks = [w for w in timeline.windows if w.label == "Run and walk: Walk."]
    assert len(runs) == len(walks) == 8
    assert walks[-1].end - runs[0].start == 20 * 60 * RATE
    starts = {e.start: e.text for e in timeline.events if e.kind == "phase"}
    assert all(starts.get(w.start + round(0.4 * RATE)) == "Walk." for w in walks)
    assert [starts[w.start + round(0.4 * RATE)] for w in runs] == [
        f"{n} of eight. Run." for n in "One Two Three Four Five Six Seven Eight".split()
    ]
    assert not any("Rest" in e.text for e in timeline.events)


def test_tabata_is_eight_rounds_of_20_s_with_10_s_rests() -> None:
    timeline = timeline_of("tabata")
    first, last = counted(timeline)
    assert last - first == (8 * 20 + 7 * 10) * RATE
    said = [e.text for e in timeline.events]
    assert "Round one of eight." in said
    assert [f"Next: round {n} of eight." in said for n in "two three four five six seven eight".split()] == [True] * 7
    assert not any(text.startswith("Next: round") and "of Tabata" in text for text in said)


@pytest.mark.parametrize("name", PROTOCOLS)
def test_check_s_estimate_is_within_2_percent_of_the_scheduled_track(name: str) -> None:
    routine = example(name)
    script = compile_routine(routine)
    assert (
        abs(script.estimate_ms / 1000 - seconds(estimated_timeline(script, routine).length))
        <= 0.02 * script.estimate_ms / 1000
    )


def every_track() -> list[tuple[str, object]]:
    tracks = [(r.id, r) for r in load_collection(SEED).routines]
    return tracks + [(name, example(name)) for name in PROTOCOLS]


@pytest.mark.parametrize("name, routine", every_track(), ids=[n for n, _ in every_track()])
def test_no_cue_is_left_out_at_default_settings(name: str, routine) -> None:
    dropped = estimated_timeline(compile_routine(routine), routine).dropped
    assert [f"{d.text!r}: {d.reason}" for d in dropped] == []


@pytest.mark.parametrize("name", PROTOCOLS)
def test_golden_timelines_of_the_protocols(name: str) -> None:
    """Reviewed plans of the four protocols, with fake clip lengths. VOICEGUIDE_UPDATE_GOLDEN=1 rewrites them."""
    text = plan_text(fake_schedule(compile_routine(example(name)))) + "\n"
    path = GOLDEN / f"{name}.plan.txt"
    if os.environ.get("VOICEGUIDE_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()


def load(text: str):
    return parse_collection(text.encode(), "t.yaml").routines[0]


def says(routine) -> list[str]:
    script = compile_routine(routine)
    texts = [i.text for i in script.items if isinstance(i, Say)]
    return texts + [c.text for i in script.items if isinstance(i, Window) for c in i.cues]


def test_a_hold_range_is_spoken_as_a_range_and_its_lower_bound_is_heard() -> None:
    routine = load(
        "title: T\nroutines:\n  - id: a\n    title: A\n    steps:\n      - {exercise: Quad stretch, hold: 45-60s}\n"
    )
    hold = next(i for i in compile_routine(routine).items if isinstance(i, Window) and i.kind == "hold")
    assert hold.ms == 60_000
    assert "First: Quad stretch. Hold for forty-five to sixty seconds." in says(routine)
    assert [(c.at_ms, c.text) for c in hold.cues if c.kind == "range"] == [
        (45_000, "Forty-five seconds. Hold on if you can.")
    ]


def test_long_work_hears_the_time_left_each_minute_and_at_thirty_seconds() -> None:
    routine = load("title: T\nroutines:\n  - id: a\n    title: A\n    steps:\n      - {exercise: Walk, duration: 3m}\n")
    work = next(i for i in compile_routine(routine).items if isinstance(i, Window) and i.kind == "timed")
    assert [(c.at_ms, c.text) for c in work.cues if c.kind == "time-left"] == [
        (60_000, "Two minutes left."),
        (120_000, "One minute left."),
        (150_000, "Thirty seconds left."),
    ]


def test_timed_cues_named_sides_each_set_and_named_rests() -> None:
    routine = load(
        "title: T\nroutines:\n  - id: a\n    title: A\n    steps:\n"
        "      - exercise: Straight-leg raise\n        reps: 2\n        sets: 2\n        per_side: each_set\n"
        "        sides: [affected leg, other leg]\n        rest: {time: 20s, say: Shake it out.}\n"
        "        cues: [{at: half, say: Keep the knee straight.}]\n"
    )
    script = compile_routine(routine)
    kinds = [w.kind for w in script.items if isinstance(w, Window)]
    assert kinds == ["get-ready", "reps", "switch", "reps", "rest", "reps", "switch", "reps"]
    said = says(routine)
    assert "Affected leg." in said and "Switch sides. Other leg." in said and "Shake it out." in said
    assert said.count("Keep the knee straight.") == 4


def test_every_minute_starts_each_set_on_the_clock() -> None:
    routine = load(
        "title: T\nroutines:\n  - id: a\n    title: A\n    steps:\n"
        "      - {exercise: Air squats, reps: 10, sets: 3, every: 1m, set_name: minute}\n"
    )
    windows = [w for w in compile_routine(routine).items if isinstance(w, Window) and w.counted]
    assert [(w.kind, w.ms) for w in windows] == [("interval", 60_000)] * 3
    assert windows[1].cues[0].text == "Minute two of three. Ten air squats."
    assert [c.text for c in windows[0].cues if c.kind == "countdown"] == ["three", "two", "one"]
    assert "First: Air squats. Every minute for three minutes: ten reps." in says(routine)


def test_words_never_say_zero_and_a_half_or_next_twice() -> None:
    routine = load(
        "title: T\nroutines:\n  - id: a\n    title: A\n    steps:\n"
        "      - {exercise: Curl-up, reps: [6, 4], hold_each: 10s, relax: 0.5s}\n      - rest: 30s\n"
        "      - {exercise: Side plank, hold: 20s}\n"
    )
    said = says(routine)
    assert not any("zero and a half" in t for t in said)
    assert said.count("Next: Side plank. Hold for twenty seconds.") == 1 and "Next: Side plank." not in said


@pytest.mark.engine
def test_with_the_real_voice_the_protocols_keep_their_timing_and_lose_no_cue(speech_cache: Path) -> None:
    import json

    from helpers import run_voiceguide

    ids = {"seven-minute-workout": "seven-minute-workout", "mcgill-big-3": "mcgill-big-3"}
    ids |= {"couch-to-5k-week-1": "couch-to-5k-week-1", "tabata": "tabata-burpees"}
    for name, routine_id in ids.items():
        args = (
            "plan",
            routine_id,
            "--routines",
            str(EXAMPLES / f"{name}.yaml"),
            "--cache",
            str(speech_cache),
            "--json",
        )
        result = run_voiceguide(*args)
        assert result.returncode == 0, result.stderr
        plan = json.loads(result.stdout)
        assert plan["dropped"] == [], (name, plan["dropped"])
        beeps = [e["start_sample"] for e in plan["events"] if e["kind"] == "beep"]
        if name == "seven-minute-workout":
            assert beeps[-1] - beeps[0] == (12 * 30 + 11 * 10) * RATE and plan["length"] <= 8 * 60 + 30
        if name == "tabata":
            assert beeps[-1] - beeps[0] == (8 * 20 + 7 * 10) * RATE
        estimate = compile_routine(example(name)).estimate_ms / 1000
        assert abs(estimate - plan["length"]) <= 0.02 * plan["length"], (name, estimate, plan["length"])


@pytest.mark.engine
def test_check_s_estimate_is_within_2_percent_of_every_built_seed_track(seed_build: Path) -> None:
    import json

    built = {t["id"]: t["length"] for t in json.loads((seed_build / "index.json").read_text())["tracks"]}
    for routine in load_collection(SEED).routines:
        estimate = compile_routine(routine).estimate_ms / 1000
        assert abs(estimate - built[routine.id]) <= 0.02 * built[routine.id], (routine.id, estimate, built[routine.id])
