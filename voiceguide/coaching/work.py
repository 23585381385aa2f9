"""The counted windows of one set of an exercise on one side: reps, held reps, holds, breaths, timed work, phases."""

from __future__ import annotations

from ..routine.model import Breaths, Exercise, Hold, Phases, Reps, Side, Timed, Work
from .rules import (
    RULES,
    breath_cues,
    countdown_cues,
    cycle_cues,
    hold_cues,
    other_side,
    rep_count_cues,
    switch_halfway_cue,
    timed_cues,
    work_length_ms,
)
from .script import ANNOUNCE, Cue, Window
from .words import Words


def work_windows(
    words: Words, exercise: Exercise, set_no: int, label: str, side: Side | None, brief: bool
) -> list[Window]:
    """The counted windows of one set on one side (several for phases and held reps)."""
    work = exercise.set_work(set_no)
    if isinstance(work, Phases):
        return _phase_windows(words, exercise, work, label, side, brief)
    if isinstance(work, Reps) and work.hold_ms is not None:
        return _held_rep_windows(words, exercise, work, label, brief)
    if isinstance(work, Reps) and exercise.every_ms is not None:
        announce = Cue(
            RULES.lead_ms,
            words.interval(set_no, exercise.sets, exercise.set_name, work, exercise),
            "announce",
            ANNOUNCE,
        )
        cues = [announce, *countdown_cues(words, exercise.every_ms, exercise.pace.countdown)]
        return [Window("interval", exercise.every_ms, label, tuple(cues + _own_cues(exercise, exercise.every_ms)))]
    return [_single_window(words, exercise, work, label, side, brief, [])]


def _own_cues(exercise: Exercise, window_ms: int) -> list[Cue]:
    return timed_cues(exercise.cues, window_ms)


def _phase_windows(
    words: Words, exercise: Exercise, work: Phases, label: str, side: Side | None, brief: bool
) -> list[Window]:
    """Each phase in turn, `repeat` times; each time through starts with its number when there are several."""
    windows = []
    for time_through in range(1, work.repeat + 1):
        for i, phase in enumerate(work.phases):
            say = phase.say
            if work.repeat > 1 and i == 0:
                say = words.repeat_progress(time_through, work.repeat, phase.say)
            announce = Cue(RULES.lead_ms, say, "phase", ANNOUNCE)
            inner = _single_window(
                words, exercise, phase.work, words.phase_label(label, phase.say), side, brief, [announce]
            )
            windows.append(Window("phase", inner.ms, inner.label, inner.cues))
    return windows


def _held_rep_windows(words: Words, exercise: Exercise, reps: Reps, label: str, brief: bool) -> list[Window]:
    """Isometric reps: each rep a hold the listener hears start ('One.') and end ('Relax.'), then the relax time."""
    assert reps.hold_ms is not None
    windows = []
    for n in range(1, reps.high + 1):
        start = [] if brief else [Cue(RULES.lead_ms, words.held_rep(n), "count", ANNOUNCE)]
        cues = start + _own_cues(exercise, reps.hold_ms)
        windows.append(Window("hold", reps.hold_ms, words.rep_label(label, n), tuple(cues)))
        relax = Cue(RULES.lead_ms, words.relax(), "relax", ANNOUNCE)
        windows.append(Window("relax", reps.relax_ms, words.relax_label(words.rep_label(label, n)), (relax,)))
    return windows


def _single_window(
    words: Words, exercise: Exercise, w: Work, label: str, side: Side | None, brief: bool, extra: list[Cue]
) -> Window:
    """One counted window of reps, a hold, breaths or timed movement."""
    countdown = exercise.pace.countdown
    alternating = exercise.sides == "alternating"
    if isinstance(w, Reps):
        cues = [] if brief else rep_count_cues(words, w, side if alternating else None)
        length = work_length_ms(w) * (2 if alternating else 1)
        return Window("reps", length, label, tuple(extra + cues + _own_cues(exercise, length)))
    if isinstance(w, Breaths):
        return Window("breaths", work_length_ms(w), label, tuple(extra + breath_cues(words, w)))
    assert isinstance(w, (Hold, Timed))
    switch = []
    if alternating and side is not None:
        switch = [switch_halfway_cue(words, w.ms, other_side(side), exercise.side_names)]
    own = extra + switch + _own_cues(exercise, w.ms)
    if isinstance(w, Hold):
        cues = hold_cues(words, w.ms, countdown, w.min_ms, halfway=not switch)
        return Window("hold", w.ms, label, tuple(own + cues))
    assert isinstance(w, Timed)
    if w.cycle:
        cues = cycle_cues(words, w, countdown) + countdown_cues(words, w.ms, countdown)
    else:
        cues = hold_cues(words, w.ms, countdown, halfway=not switch)
    return Window("timed", w.ms, label, tuple(own + cues))
