"""Small named coaching rules, each table-tested: which cues go where inside a window."""

from __future__ import annotations

from ..routine.model import Breaths, Hold, Reps, Side, Timed, Work
from ..settings import DEFAULTS
from .script import ANNOUNCE, COUNTDOWN, HALFWAY, NEXT, PACE, TEN_LEFT, Cue
from .words import Words

RULES = DEFAULTS.coaching


def countdown_cues(words: Words, end_ms: int, countdown: int) -> list[Cue]:
    """'three', 'two', 'one' on the last seconds before end_ms."""
    return [
        Cue(end_ms - n * 1000, words.countdown(n), "countdown", COUNTDOWN)
        for n in range(countdown, 0, -1)
        if end_ms - n * 1000 >= 0
    ]


def hold_cues(words: Words, ms: int, countdown: int) -> list[Cue]:
    """'halfway' in holds of 20 s or more, 'ten seconds left' in holds of 30 s or more, then the countdown."""
    cues = []
    if ms >= RULES.halfway_from_ms:
        cues.append(Cue(ms // 2, words.halfway(), "halfway", HALFWAY))
    if ms >= RULES.ten_left_from_ms:
        cues.append(Cue(ms - 10_000, words.ten_left(), "ten-left", TEN_LEFT))
    return cues + countdown_cues(words, ms, countdown)


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


def cycle_cues(timed: Timed) -> list[Cue]:
    """Each cycle cue at the start of its slot, in turn, until the time is up."""
    cues, at, i = [], 0, 0
    while timed.cycle and at < timed.ms:
        slot = timed.cycle[i % len(timed.cycle)]
        cues.append(Cue(at + RULES.lead_ms, slot.say, "cycle", PACE))
        at += slot.ms
        i += 1
    return cues


def rest_cues(words: Words, ms: int, announce: str, next_text: str | None, countdown: int) -> list[Cue]:
    """A rest: what it is at its start, what comes next near its end, and a countdown when work follows."""
    cues = [Cue(RULES.lead_ms, announce, "announce", ANNOUNCE)]
    tail = countdown * 1000 if countdown else 0
    if next_text:
        cues.append(Cue(ms - tail - RULES.next_margin_ms, next_text, "next", NEXT, align="end"))
    if countdown:
        cues += countdown_cues(words, ms, countdown)
    return cues


def other_side(side: Side) -> Side:
    """The side that is not this one."""
    return "left" if side == "right" else "right"


def work_length_ms(work: Work) -> int:
    """The counted length of one set of this work on one side."""
    if isinstance(work, Reps):
        return work.high * work.tempo_ms
    if isinstance(work, Breaths):
        return work.count * work.breath_ms
    if isinstance(work, (Hold, Timed)):
        return work.ms
    return sum(work_length_ms(p.work) for p in work.phases)
