"""Table tests of the coaching rules; no speech engine involved."""

from __future__ import annotations

import pytest

from helpers import SEED
from voiceguide.coaching import rules, script
from voiceguide.coaching.estimate import estimate_script_ms
from voiceguide.coaching.script import Chapter, Cue, Say, Window
from voiceguide.coaching.walk import compile_routine
from voiceguide.coaching.words import ENGLISH as EN
from voiceguide.routine import load_collection, parse_collection
from voiceguide.routine.model import Breaths, CycleCue, Exercise, Hold, Phase, Phases, Reps, Timed, Where

W = Where("t.yaml", 1, 1)


def cues(cue_list: list[Cue]) -> list[tuple[int, str, str]]:
    return [(q.at_ms, q.text, q.kind) for q in cue_list]


@pytest.mark.parametrize(
    "end_ms, countdown, expected",
    [
        (10_000, 3, [(7000, "three", "countdown"), (8000, "two", "countdown"), (9000, "one", "countdown")]),
        (10_000, 0, []),
        (2_000, 3, [(0, "two", "countdown"), (1000, "one", "countdown")]),
    ],
)
def test_countdown_cues(end_ms: int, countdown: int, expected: list) -> None:
    assert cues(rules.countdown_cues(EN, end_ms, countdown)) == expected


@pytest.mark.parametrize(
    "ms, kinds",
    [
        (10_000, ["countdown"] * 3),
        (19_999, ["countdown"] * 3),
        (20_000, ["halfway"] + ["countdown"] * 3),
        (30_000, ["halfway", "ten-left"] + ["countdown"] * 3),
    ],
)
def test_hold_cues_by_length(ms: int, kinds: list[str]) -> None:
    result = rules.hold_cues(EN, ms, 3)
    assert [q.kind for q in result] == kinds
    if ms >= 20_000:
        assert result[0].at_ms == ms // 2
    if ms >= 30_000:
        assert result[1].at_ms == ms - 10_000


def test_rep_counts_fall_on_each_beat() -> None:
    assert cues(rules.rep_count_cues(EN, Reps(2, 3, 3000))) == [
        (400, "one", "count"),
        (3400, "two", "count"),
        (6400, "three", "count"),
    ]


def test_alternating_reps_name_the_side_and_count_each_side() -> None:
    texts = [q.text for q in rules.rep_count_cues(EN, Reps(2, 2, 2000), alternating_from="left")]
    assert texts == ["Left, one.", "Right, one.", "Left, two.", "Right, two."]


def test_breath_cues_pace_in_and_out() -> None:
    result = cues(rules.breath_cues(EN, Breaths(2, 5000)))
    assert result == [
        (400, "Breathe in.", "breath"),
        (2900, "Breathe out.", "breath"),
        (5400, "Last breath, in.", "breath"),
        (7900, "Breathe out.", "breath"),
    ]


def test_cycle_cues_repeat_in_turn_until_time_is_up() -> None:
    timed = Timed(10_000, (CycleCue("Inhale.", 4000), CycleCue("Exhale.", 4000)))
    assert cues(rules.cycle_cues(EN, timed)) == [
        (400, "Inhale.", "cycle"),
        (4400, "Exhale.", "cycle"),
        (8400, "Inhale.", "cycle"),
    ]


def test_rest_cues_announce_then_next_then_countdown() -> None:
    result = rules.rest_cues(EN, 15_000, "Rest, fifteen seconds.", "Next: set two of three.", 3)
    assert [(q.at_ms, q.kind, q.align) for q in result] == [
        (400, "announce", "start"),
        (11_700, "next", "end"),
        (12_000, "countdown", "start"),
        (13_000, "countdown", "start"),
        (14_000, "countdown", "start"),
    ]
    assert sorted(q.priority for q in result) == [
        script.ANNOUNCE,
        script.COUNTDOWN,
        script.COUNTDOWN,
        script.COUNTDOWN,
        script.NEXT,
    ]


def ex(work, **kw) -> Exercise:
    return Exercise("Glute bridge", work, W, **kw)


@pytest.mark.parametrize(
    "exercise, sentence",
    [
        (ex(Reps(8, 10, 3000), sets=3), "Three sets of eight to ten reps."),
        (ex(Reps(5, 5, 3000), sides="each"), "Five reps per side."),
        (ex(Reps(8, 8, 3000), sides="alternating"), "Eight reps per side, alternating sides."),
        (ex(Hold(30_000), sides="each"), "Hold for thirty seconds per side."),
        (ex(Breaths(8, 5000)), "Hold for eight deep breaths."),
        (ex(Timed(60_000)), "Keep going for one minute."),
        (
            ex(Phases((Phase("Lean forward.", Hold(20_000)), Phase("Lean back.", Hold(20_000)))), sides="each"),
            "In two parts: lean forward, twenty seconds, then lean back, twenty seconds, on each side.",
        ),
    ],
)
def test_preview_sentence(exercise: Exercise, sentence: str) -> None:
    assert EN.preview(False, exercise) == f"Next: Glute bridge. {sentence}"


def test_work_length_is_exact() -> None:
    assert rules.work_length_ms(Reps(8, 10, 3000)) == 30_000
    assert rules.work_length_ms(Breaths(8, 5000)) == 40_000
    assert rules.work_length_ms(Phases((Phase("a", Hold(20_000)), Phase("b", Reps(2, 2, 2500))))) == 25_000


def load(text: str):
    return parse_collection(text.encode(), "t.yaml")


def windows(script) -> list[tuple[str, int]]:
    return [(i.kind, i.ms) for i in script.items if isinstance(i, Window)]


def test_per_side_sets_do_one_side_then_a_whole_rest_then_the_other() -> None:
    routine = load("""
title: T
routines:
  - id: a
    title: A
    pace: {transition: 5s, switch: 5s, rest: 15s}
    steps:
      - exercise: Lunge
        reps: 2
        tempo: 3s
        sets: 2
        per_side: true
""").routines[0]
    script = compile_routine(routine)
    assert windows(script) == [
        ("get-ready", 5000),
        ("reps", 6000),
        ("rest", 15000),
        ("reps", 6000),
        ("rest", 15000),
        ("reps", 6000),
        ("rest", 15000),
        ("reps", 6000),
    ]
    says = [i.text for i in script.items if isinstance(i, Say)]
    assert "Right side." in says and "Set one of two." in says
    between_sides = [i for i in script.items if isinstance(i, Window) and i.kind == "rest"][1]
    assert [q.text for q in between_sides.cues][:2] == [
        "Rest, fifteen seconds.",
        "Switch sides. Left side. Set one of two.",
    ]


def test_later_rounds_flow_from_the_rest_into_the_work() -> None:
    routine = load("""
title: T
pace: {rest: 20s}
routines:
  - id: a
    title: A
    rounds: 3
    steps:
      - exercise: Superman
        reps: 5
""").routines[0]
    script = compile_routine(routine)
    rests = [i for i in script.items if isinstance(i, Window) and i.kind == "rest"]
    assert [r.ms for r in rests] == [20_000, 20_000]
    assert [q.text for q in rests[0].cues] == [
        "Rest, twenty seconds.",
        "Round two of three. Superman, five reps.",
        "three",
        "two",
        "one",
    ]
    assert [i.text for i in script.items if isinstance(i, Say) and i.kind == "round"] == ["Round one of three."]
    assert [i.kind for i in script.items if isinstance(i, Window)].count("get-ready") == 1  # later rounds flow
    assert [i.title for i in script.items if isinstance(i, Chapter)].count("Superman (round 2 of 3)") == 1


def test_brief_coaching_leaves_out_how_and_rep_counts() -> None:
    routine = load("""
title: T
routines:
  - id: a
    title: A
    steps:
      - exercise: Bridge
        how: Lift your hips.
        reps: 3
""").routines[0]
    full, brief = compile_routine(routine), compile_routine(routine, coaching="brief")

    def counts(script) -> list[str]:
        return [q.text for i in script.items if isinstance(i, Window) for q in i.cues if q.kind == "count"]

    assert "Lift your hips." in full.texts() and counts(full) == ["one", "two", "three"]
    assert "Lift your hips." not in brief.texts() and counts(brief) == []
    assert full.counted_ms() == brief.counted_ms() == 9000


def test_start_and_end_say_title_coach_and_length() -> None:
    routine = load("""
title: T
routines:
  - id: a
    title: Pilates
    coach: Alexis Perkins
    intro: Core work.
    steps:
      - exercise: Bridge
        hold: 30s
""").routines[0]
    script = compile_routine(routine)
    says = [(i.kind, i.text) for i in script.items if isinstance(i, Say)]
    assert says[:4] == [
        ("title", "Pilates."),
        ("credit", "Coached by Alexis Perkins."),
        ("length", "This workout takes about one minute."),
        ("intro", "Core work."),
    ]
    assert says[-1] == ("end", "Workout complete. That was about one minute. Well done.")
    assert script.estimate_ms == estimate_script_ms(script.items, routine.voice)


def test_counted_time_follows_the_article_counts_for_the_seed() -> None:
    pilates = load_collection(SEED).routine("pilates-for-lower-back-pain")
    script = compile_routine(pilates)
    # glute bridge and pelvic tilt: 3 sets x 10 reps x 3 s, 2 rests of 15 s each; hamstring 30 s per side + 5 s switch
    assert script.counted_ms() == 2 * (3 * 30_000 + 2 * 15_000) + 2 * 30_000 + 5_000


def test_the_same_routine_compiles_to_the_same_script() -> None:
    first, second = load_collection(SEED), load_collection(SEED)
    for a, b in zip(first.routines, second.routines):
        assert compile_routine(a) == compile_routine(b)
