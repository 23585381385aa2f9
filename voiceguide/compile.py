"""Compile a routine into a Script of spoken cues and timed windows: the coaching rules (stage 2).

Compile knows nothing about samples or files. It says what is spoken, in what
order, and what happens inside each counted window at which offset; the
timeline places it all in samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

from . import words
from .errors import Problem
from .routine import Breaths, Exercise, Hold, Phases, Reps, Rest, Routine, Section, Side, Step, Timed, Work

LEAD_MS = 400
"""Beat cues sit this long after a window's start, so the start beep is heard first."""
SPEECH_GAP_MS = 400
"""Silence after each spoken sentence outside counted time (used by the estimate)."""
MAX_TRACK_MS = 4 * 3600 * 1000

# Priorities of cues inside a window: when two collide, the lower number is kept.
ANNOUNCE = 1
PACE = 2
COUNTDOWN = 3
TEN_LEFT = 4
HALFWAY = 5
NEXT = 6


@dataclass(frozen=True)
class Say:
    """Speech outside counted time, placed after the previous sound."""

    text: str
    kind: str
    """title, credit, length, intro, section, round, preview, how, cue, side, set, end, outro."""


@dataclass(frozen=True)
class Cue:
    """Speech inside a window, at an offset from the window's start."""

    at_ms: int
    text: str
    kind: str
    """count, breath, cycle, phase, announce, countdown, ten-left, halfway, next."""
    priority: int
    align: Literal["start", "end"] = "start"
    """start: the cue begins at at_ms; end: the cue must have finished by at_ms."""


@dataclass(frozen=True)
class Window:
    """A stretch of exact length: counted work, rest or switch (beeped), or an uncounted get-ready."""

    kind: str
    """reps, hold, breaths, timed, phase, rest, switch or get-ready."""
    ms: int
    label: str
    cues: tuple[Cue, ...] = ()
    counted: bool = True

    @property
    def is_work(self) -> bool:
        """Work windows start with the start beep; rests and switches end with the end beep."""
        return self.counted and self.kind not in ("rest", "switch")


@dataclass(frozen=True)
class Chapter:
    """A chapter starts here (at the next sound or window)."""

    title: str


Item = Union[Say, Window, Chapter]


@dataclass(frozen=True)
class Script:
    """A routine compiled to speech and windows, in order."""

    routine_id: str
    title: str
    items: tuple[Item, ...]

    def texts(self) -> list[str]:
        """Every distinct text spoken, in first-use order."""
        seen: dict[str, None] = {}
        for item in self.items:
            if isinstance(item, Say):
                seen.setdefault(item.text, None)
            elif isinstance(item, Window):
                for cue in item.cues:
                    seen.setdefault(cue.text, None)
        return list(seen)


# --- small named rules, each table-tested -----------------------------------------------------


def countdown_cues(end_ms: int, countdown: int) -> list[Cue]:
    """'three', 'two', 'one' on the last seconds before end_ms."""
    return [Cue(end_ms - n * 1000, words.number(n), "countdown", COUNTDOWN) for n in range(countdown, 0, -1) if end_ms - n * 1000 >= 0]


def hold_cues(ms: int, countdown: int) -> list[Cue]:
    """'halfway' in holds of 20 s or more, 'ten seconds left' in holds of 30 s or more, then the countdown."""
    cues = []
    if ms >= 20_000:
        cues.append(Cue(ms // 2, "Halfway.", "halfway", HALFWAY))
    if ms >= 30_000:
        cues.append(Cue(ms - 10_000, "Ten seconds left.", "ten-left", TEN_LEFT))
    return cues + countdown_cues(ms, countdown)


def rep_count_cues(reps: Reps, alternating_from: Side | None = None) -> list[Cue]:
    """One count per repetition, each on its beat; alternating reps name the side."""
    if alternating_from is None:
        return [Cue(i * reps.tempo_ms + LEAD_MS, words.number(i + 1), "count", PACE) for i in range(reps.high)]
    sides = (alternating_from, other_side(alternating_from))
    return [
        Cue(i * reps.tempo_ms + LEAD_MS, f"{sides[i % 2].capitalize()}, {words.number(i // 2 + 1)}.", "count", PACE)
        for i in range(2 * reps.high)
    ]


def breath_cues(breaths: Breaths) -> list[Cue]:
    """'Breathe in' at each breath's start and 'breathe out' halfway through it."""
    cues = []
    for i in range(breaths.count):
        start = i * breaths.breath_ms + LEAD_MS
        inhale = "Last breath, in." if i == breaths.count - 1 and breaths.count > 1 else "Breathe in."
        cues.append(Cue(start, inhale, "breath", PACE))
        cues.append(Cue(start + breaths.breath_ms // 2, "Breathe out.", "breath", PACE))
    return cues


def cycle_cues(timed: Timed) -> list[Cue]:
    """Each cycle cue at the start of its slot, in turn, until the time is up."""
    cues, at, i = [], 0, 0
    while timed.cycle and at < timed.ms:
        slot = timed.cycle[i % len(timed.cycle)]
        cues.append(Cue(at + LEAD_MS, slot.say, "cycle", PACE))
        at += slot.ms
        i += 1
    return cues


def rest_cues(ms: int, announce: str, next_text: str | None, countdown: int) -> list[Cue]:
    """A rest: what it is at its start, what comes next near its end, and a countdown when work follows."""
    cues = [Cue(LEAD_MS, announce, "announce", ANNOUNCE)]
    tail = countdown * 1000 if countdown else 0
    if next_text:
        cues.append(Cue(ms - tail - 300, next_text, "next", NEXT, align="end"))
    if countdown:
        cues += countdown_cues(ms, countdown)
    return cues


def other_side(side: Side) -> Side:
    """The side that is not this one."""
    return "left" if side == "right" else "right"


def work_length_ms(work: Work) -> int:
    """The counted length of one set of this work on one side."""
    if isinstance(work, Reps):
        return work.high * work.tempo_ms
    if isinstance(work, Hold):
        return work.ms
    if isinstance(work, Breaths):
        return work.count * work.breath_ms
    if isinstance(work, Timed):
        return work.ms
    return sum(work_length_ms(p.work) for p in work.phases)


def describe_work(work: Work) -> str:
    """How much work, in words: 'eight to ten reps', 'thirty seconds', 'eight deep breaths'."""
    if isinstance(work, Reps):
        n = words.number(work.high) if work.low == work.high else f"{words.number(work.low)} to {words.number(work.high)}"
        return f"{n} {'rep' if work.high == 1 else 'reps'}"
    if isinstance(work, Hold):
        return words.seconds(work.ms)
    if isinstance(work, Breaths):
        return words.count(work.count, "deep breath")
    if isinstance(work, Timed):
        return words.seconds(work.ms)
    return ", then ".join(f"{_mid_sentence(p.say.rstrip('.!'))}, {describe_work(p.work)}" for p in work.phases)


def _mid_sentence(text: str) -> str:
    """A cue's first letter in lower case, to read inside a sentence ('DNS' stays as it is)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def describe(exercise: Exercise) -> str:
    """The preview sentence: 'Three sets of eight to ten reps.', 'Hold for thirty seconds per side.'"""
    work = exercise.work
    amount = describe_work(work)
    if isinstance(work, (Hold, Breaths)):
        amount = f"hold for {amount}"
    elif isinstance(work, Timed):
        amount = f"keep going for {amount}"
    elif isinstance(work, Phases):
        amount = f"in {words.number(len(work.phases))} parts: {amount}"
    if exercise.sets > 1:
        amount = f"{words.number(exercise.sets)} sets: {amount}" if not isinstance(work, Reps) else f"{words.number(exercise.sets)} sets of {amount}"
    if exercise.sides == "each":
        amount += " per side" if not isinstance(work, Phases) else ", on each side"
    elif exercise.sides == "alternating":
        amount += " per side, alternating sides"
    return amount[0].upper() + amount[1:] + "."


# --- compiling a routine ----------------------------------------------------------------------


def _work_windows(exercise: Exercise, label: str, side: Side | None, brief: bool) -> list[Window]:
    """The counted windows of one set on one side (several for phases)."""
    work, countdown = exercise.work, exercise.pace.countdown

    def single(w: Work, kind_label: str, extra: list[Cue]) -> Window:
        if isinstance(w, Reps):
            cues = [] if brief else rep_count_cues(w, side if exercise.sides == "alternating" else None)
            return Window("reps", work_length_ms(w) * (2 if exercise.sides == "alternating" else 1), kind_label, tuple(extra + cues))
        if isinstance(w, Hold):
            return Window("hold", w.ms, kind_label, tuple(extra + hold_cues(w.ms, countdown)))
        if isinstance(w, Breaths):
            return Window("breaths", work_length_ms(w), kind_label, tuple(extra + breath_cues(w)))
        assert isinstance(w, Timed)
        cues = cycle_cues(w) if w.cycle else hold_cues(w.ms, 0)
        return Window("timed", w.ms, kind_label, tuple(extra + cues + countdown_cues(w.ms, countdown)))

    if isinstance(work, Phases):
        windows = []
        for phase in work.phases:
            inner = single(phase.work, f"{label}: {phase.say}", [Cue(LEAD_MS, phase.say, "phase", ANNOUNCE)])
            windows.append(Window("phase", inner.ms, inner.label, inner.cues))
        return windows
    return [single(work, label, [])]


def _exercise_items(exercise: Exercise, first: bool, suffix: str, brief: bool) -> list[Item]:
    name = words.speakable(exercise.name)
    pace = exercise.pace
    items: list[Item] = [
        Chapter(exercise.name + suffix),
        Say(f"{'First' if first else 'Next'}: {name}. {describe(exercise)}", "preview"),
    ]
    if exercise.how and not brief:
        items.append(Say(words.speakable(exercise.how), "how"))
    if exercise.say:
        items.append(Say(words.speakable(exercise.say), "cue"))
    sides: list[Side | None]
    if exercise.sides == "each":
        sides = [exercise.first_side, other_side(exercise.first_side)]
        items.append(Say(f"{exercise.first_side.capitalize()} side.", "side"))
    elif exercise.sides == "alternating":
        sides = [exercise.first_side]
        items.append(Say(f"Start on your {exercise.first_side} side.", "side"))
    else:
        sides = [None]
    if exercise.sets > 1:
        items.append(Say(f"Set one of {words.number(exercise.sets)}.", "set"))
    get_ready = max(pace.transition_ms, pace.countdown * 1000)
    items.append(Window("get-ready", get_ready, f"{exercise.name}: get ready", tuple(countdown_cues(get_ready, pace.countdown)), counted=False))
    for side_index, side in enumerate(sides):
        if side_index:
            announce = f"Switch sides. {side.capitalize()} side." if side else "Switch sides."
            items.append(Window("switch", pace.switch_ms, f"{exercise.name}: switch sides", tuple(rest_cues(pace.switch_ms, announce, None, pace.countdown))))
        for set_no in range(1, exercise.sets + 1):
            if set_no > 1:
                next_text = f"Next: {words.ordinal_of(set_no, exercise.sets, 'set')}."
                announce = f"Rest, {words.seconds(exercise.set_rest_ms)}."
                items.append(Window("rest", exercise.set_rest_ms, f"{exercise.name}: rest", tuple(rest_cues(exercise.set_rest_ms, announce, next_text, pace.countdown))))
            label = exercise.name
            if exercise.sets > 1:
                label += f", set {set_no} of {exercise.sets}"
            if side and exercise.sides == "each":
                label += f", {side} side"
            items.extend(_work_windows(exercise, label, side, brief))
    return items


def compile_routine(routine: Routine, total_ms: int | None = None, coaching: str | None = None) -> Script:
    """Compile a routine into its Script; total_ms is the length spoken at the start and the end.

    When total_ms is None the engine-free estimate is used (see `estimate_ms`).
    """
    brief = (coaching or routine.coaching) == "brief"
    if total_ms is None:
        total_ms = estimate_ms(routine, coaching)
    items: list[Item] = [Chapter(routine.title), Say(words.speakable(routine.title) + ".", "title")]
    if routine.coach:
        items.append(Say(f"Coached by {words.speakable(routine.coach)}.", "credit"))
    items.append(Say(f"This workout takes {words.minutes(total_ms)}.", "length"))
    if routine.intro:
        items.append(Say(words.speakable(routine.intro), "intro"))
    first = True
    for round_no in range(1, routine.rounds + 1):
        round_suffix = f" (round {round_no} of {routine.rounds})" if routine.rounds > 1 else ""
        if round_no > 1:
            items.append(Chapter(f"Rest before round {round_no}"))
            items.append(_rest_window(routine.pace.rest_ms, None, f"Next: {words.ordinal_of(round_no, routine.rounds, 'round')}.", "Rest between rounds"))
        if routine.rounds > 1:
            items.append(Say(words.ordinal_of(round_no, routine.rounds, "round").capitalize() + ".", "round"))
        for section in routine.sections:
            for section_round in range(1, section.rounds + 1):
                items.extend(_section_start(section, section_round, routine.pace.rest_ms))
                suffix = round_suffix + (f" (round {section_round} of {section.rounds})" if section.rounds > 1 else "")
                items.extend(_steps_items(section.steps, suffix, first, brief))
                first = first and not any(isinstance(step, Exercise) for step in section.steps)
    items.append(Chapter("Workout complete"))
    items.append(Say(f"Workout complete. That was {words.minutes(total_ms)}. Well done.", "end"))
    if routine.outro:
        items.append(Say(words.speakable(routine.outro), "outro"))
    return Script(routine.id, routine.title, tuple(items))


def _section_start(section: Section, section_round: int, rest_ms: int) -> list[Item]:
    """A section's title (and its round), after a rest when the section repeats."""
    items: list[Item] = []
    if section_round > 1:
        items.append(Chapter(f"Rest: {section.title or 'section'}"))
        next_text = f"Next: {words.ordinal_of(section_round, section.rounds, 'round')} of {words.speakable(section.title or 'this section')}."
        items.append(_rest_window(rest_ms, None, next_text, "Rest between rounds"))
    if section.title:
        text = words.speakable(section.title) + "."
        if section.rounds > 1:
            text += f" {words.ordinal_of(section_round, section.rounds, 'round').capitalize()}."
        items.append(Say(text, "section"))
    return items


def _steps_items(steps: tuple[Step, ...], suffix: str, first: bool, brief: bool) -> list[Item]:
    """The items of a run of steps; `first` says whether the routine's first exercise is among them."""
    items: list[Item] = []
    for i, step in enumerate(steps):
        if isinstance(step, Rest):
            following = next((s for s in steps[i + 1 :] if isinstance(s, Exercise)), None)
            items.append(Chapter("Rest" + suffix))
            next_text = f"Next: {words.speakable(following.name)}." if following else None
            items.append(_rest_window(step.ms, step.say, next_text, "Rest"))
            continue
        items.extend(_exercise_items(step, first, suffix, brief))
        first = False
    return items


def _rest_window(ms: int, say: str | None, next_text: str | None, label: str) -> Window:
    announce = words.speakable(say) if say else f"Rest, {words.seconds(ms)}."
    return Window("rest", ms, label, tuple(rest_cues(ms, announce, next_text, 0)))


def spoken_ms_estimate(text: str, rate_wpm: int) -> int:
    """How long an engine takes to say this, roughly: words at the rate, plus a pause."""
    n_words = max(1, len(text.split()))
    return round(n_words * 60_000 / rate_wpm) + 300


def estimate_ms(routine: Routine, coaching: str | None = None) -> int:
    """The track's length without a speech engine: exact counted time plus estimated speech."""
    script = compile_routine(routine, total_ms=0, coaching=coaching)
    total = 0
    for item in script.items:
        if isinstance(item, Say):
            total += spoken_ms_estimate(item.text, routine.voice.rate) + SPEECH_GAP_MS
        elif isinstance(item, Window):
            total += item.ms
    return total + 1000


def counted_ms(script: Script) -> int:
    """The exact total of every counted window (work, rests and switches)."""
    return sum(i.ms for i in script.items if isinstance(i, Window) and i.counted)


def counted_bound_ms(routine: Routine) -> int:
    """The routine's counted time by arithmetic alone (no cues made): cheap even for absurd routines."""
    total = 0
    for section in routine.sections:
        section_ms = 0
        for step in section.steps:
            if isinstance(step, Rest):
                section_ms += step.ms
                continue
            sides = 2 if step.sides == "each" else 1
            per_set = work_length_ms(step.work) * (2 if step.sides == "alternating" else 1)
            section_ms += step.pace.transition_ms + sides * (step.sets * per_set + (step.sets - 1) * step.set_rest_ms)
            section_ms += (sides - 1) * step.pace.switch_ms
        total += section.rounds * section_ms + (section.rounds - 1) * routine.pace.rest_ms
    return routine.rounds * total + (routine.rounds - 1) * routine.pace.rest_ms


def length_problems(routine: Routine) -> list[Problem]:
    """A problem when the routine's track would be longer than 4 hours."""
    ms = counted_bound_ms(routine)
    if ms <= MAX_TRACK_MS:
        ms = estimate_ms(routine)
    if ms <= MAX_TRACK_MS:
        return []
    w = routine.where
    return [Problem(w.file, w.line, w.column, f"routine '{routine.id}' would last about {ms // 60000} minutes; a track may be at most 4 hours (240 minutes): use fewer rounds, sets or shorter holds")]
