"""Small named coaching rules, each table-tested: which cues go where inside a window."""

from __future__ import annotations

from ..routine.model import Breaths, Hold, Reps, Side, Timed, TimedCue, Work
from ..settings import DEFAULTS
from .script import ANNOUNCE, COUNTDOWN, FIRM, HALFWAY, NEXT, PACE, TEN_LEFT, Cue
from .words import Words

RULES = DEFAULTS.coaching
LONG_WORK_MS = 120_000
"""Holds and durations at least this long hear the time left at each whole minute and at thirty seconds."""
CYCLE_CLEAR_MS = 2000
"""No cycle cue starts this close before the countdown: the countdown is heard whole."""


def countdown_cues(words: Words, end_ms: int, countdown: int, priority: int = COUNTDOWN) -> list[Cue]:
    """'three', 'two', 'one' on the last seconds before end_ms."""
    return [
        Cue(end_ms - n * 1000, words.countdown(n), "countdown", priority)
        for n in range(countdown, 0, -1)
        if end_ms - n * 1000 >= 0
    ]


def hold_cues(words: Words, ms: int, countdown: int, min_ms: int | None = None, halfway: bool = True) -> list[Cue]:
    """A hold's milestones, then the countdown.

    'halfway' in holds of 20 s or more, 'ten seconds left' in holds of 30 s or more; holds of two
    minutes or more hear the time left at each whole minute and at thirty seconds instead of
    'halfway'; a range (min_ms) says when its lower bound is reached.
    """
    cues = []
    if ms >= LONG_WORK_MS:
        for left in [*range(60_000 * (ms // 60_000), 0, -60_000), 30_000]:
            if left < ms - 5000:
                cues.append(Cue(ms - left, words.time_left(left), "time-left", TEN_LEFT))
    elif halfway and ms >= RULES.halfway_from_ms and (min_ms is None or abs(min_ms - ms // 2) > 3000):
        cues.append(Cue(ms // 2, words.halfway(), "halfway", HALFWAY))
    if ms >= RULES.ten_left_from_ms:
        cues.append(Cue(ms - 10_000, words.ten_left(), "ten-left", TEN_LEFT))
    if min_ms is not None:
        cues.append(Cue(min_ms, words.range_reached(min_ms), "range", ANNOUNCE))
    return cues + countdown_cues(words, ms, countdown)


def switch_halfway_cue(words: Words, ms: int, to: Side, names: tuple[str, str] | None) -> Cue:
    """Alternating timed work changes sides at half time, with a spoken cue."""
    return Cue(ms // 2, words.switch_to(to, names), "side", ANNOUNCE)


def rep_count_cues(words: Words, reps: Reps, alternating_from: Side | None = None) -> list[Cue]:
    """One count per repetition, each on its beat; alternating reps name the side."""
    lead = RULES.lead_ms
    if alternating_from is None:
        return [Cue(i * reps.tempo_ms + lead, words.rep_count(i + 1), "count", PACE) for i in range(reps.high)]
    sides = (alternating_from, other_side(alternating_from))
    return [
        Cue(i * reps.tempo_ms + lead, words.alternating_count(sides[i % 2], i // 2 + 1), "count", PACE)
        for i in range(2 * reps.high)
    ]


def breath_cues(words: Words, breaths: Breaths) -> list[Cue]:
    """'Breathe in' at each breath's start and 'breathe out' halfway through it."""
    cues = []
    for i in range(breaths.count):
        start = i * breaths.breath_ms + RULES.lead_ms
        last = i == breaths.count - 1 and breaths.count > 1
        cues.append(Cue(start, words.breathe_in(last), "breath", PACE))
        cues.append(Cue(start + breaths.breath_ms // 2, words.breathe_out(), "breath", PACE))
    return cues


def cycle_cues(words: Words, timed: Timed, countdown: int = 0) -> list[Cue]:
    """Each cycle cue at the start of its slot, in turn, until the time is up.

    With `repeat`, each time through starts with its number ('Two of five. Inhale.'). No slot's
    cue starts just before the countdown, so the countdown is always heard whole.
    """
    cues, at, i = [], 0, 0
    clear_from = timed.ms - countdown * 1000 - CYCLE_CLEAR_MS if countdown else timed.ms
    while timed.cycle and at < timed.ms:
        slot = timed.cycle[i % len(timed.cycle)]
        if at < clear_from:
            text = slot.say
            if timed.repeat > 1 and i % len(timed.cycle) == 0:
                text = words.repeat_progress(i // len(timed.cycle) + 1, timed.repeat, slot.say)
            cues.append(Cue(at + RULES.lead_ms, text, "cycle", PACE))
        at += slot.ms
        i += 1
    return cues


def rest_cues(
    words: Words, ms: int, announce: str, next_text: str | None, countdown: int, firm: bool = False
) -> list[Cue]:
    """A rest: what it is at its start, what comes next near its end, and a countdown when work follows."""
    cues = [Cue(RULES.lead_ms, announce, "announce", ANNOUNCE)]
    tail = countdown * 1000 if countdown else 0
    if next_text:
        cues.append(Cue(ms - tail - RULES.next_margin_ms, next_text, "next", NEXT, align="end"))
    if countdown:
        cues += countdown_cues(words, ms, countdown, FIRM if firm else COUNTDOWN)
    return cues


def timed_cues(cues: tuple[TimedCue, ...], window_ms: int) -> list[Cue]:
    """The routine file's own cues, at their times (or at half time) inside one window of work."""
    return [Cue(c.at_ms if c.at_ms is not None else window_ms // 2, c.say, "cue", ANNOUNCE) for c in cues]


def other_side(side: Side) -> Side:
    """The side that is not this one."""
    return "left" if side == "right" else "right"


def work_length_ms(work: Work) -> int:
    """The counted length of one set of this work on one side (held reps with their relaxes)."""
    if isinstance(work, Reps):
        if work.hold_ms is not None:
            return work.high * (work.hold_ms + work.relax_ms)
        return work.high * work.tempo_ms
    if isinstance(work, Breaths):
        return work.count * work.breath_ms
    if isinstance(work, (Hold, Timed)):
        return work.ms
    return work.repeat * sum(work_length_ms(p.work) for p in work.phases)
