"""The routine walk: a routine compiled into its Script, section by section and step by step (stage 2).

The walk knows nothing about samples or files. It says what is spoken, in what order, and
what happens inside each counted window at which offset; the timeline places it in samples.
"""

from __future__ import annotations

from ..routine.model import Breaths, Exercise, Hold, Phases, Reps, Rest, Routine, Section, Side, Step, Timed, Work
from .estimate import estimate_script_ms
from .rules import (
    RULES,
    breath_cues,
    countdown_cues,
    cycle_cues,
    hold_cues,
    other_side,
    rep_count_cues,
    rest_cues,
    work_length_ms,
)
from .script import ANNOUNCE, Chapter, Cue, Item, Say, Script, Window, drop_silent
from .words import Words, words_for


def compile_routine(routine: Routine, coaching: str | None = None, words: Words | None = None) -> Script:
    """Compile a routine into its Script, once.

    The length spoken at the start and the end ("about N minutes") comes from the engine-free
    estimate of the compiled items (counted time exactly, speech from its letters and pauses at
    the voice's rate), so compiling never waits for a speech engine. The words are the routine's
    language's phrase pack with the routine file's phrases over it, unless `words` is given.
    """
    words = words or words_for(routine)
    brief = (coaching or routine.coaching) == "brief"
    head: list[Item] = [Chapter(routine.title), Say(words.title(routine.title), "title")]
    if routine.coach:
        head.append(Say(words.credit(routine.coach), "credit"))
    body: list[Item] = []
    if routine.intro:
        body.append(Say(words.spoken(routine.intro), "intro"))
    body += _rounds(words, routine, brief)
    body.append(Chapter(words.complete_chapter()))
    tail: list[Item] = [Say(words.spoken(routine.outro), "outro")] if routine.outro else []
    estimate = 0
    for _ in range(3):  # the length sentences' own length depends, a little, on the number they say
        items = drop_silent(
            (*head, Say(words.length(estimate), "length"), *body, Say(words.end(estimate), "end"), *tail)
        )
        estimate, spoken = estimate_script_ms(items, routine.voice), estimate
        if words.length(estimate) == words.length(spoken):
            break
    items = drop_silent((*head, Say(words.length(estimate), "length"), *body, Say(words.end(estimate), "end"), *tail))
    return Script(routine.id, routine.title, items, estimate_script_ms(items, routine.voice))


def _rounds(words: Words, routine: Routine, brief: bool) -> list[Item]:
    """Every round of the routine, and in it every round of each section."""
    items: list[Item] = []
    first = True
    for round_no in range(1, routine.rounds + 1):
        round_suffix = words.round_suffix(round_no, routine.rounds)
        if round_no > 1:
            items.append(Chapter(words.rest_before_round(round_no)))
            next_text = words.next_round(round_no, routine.rounds)
            items.append(_rest_window(words, routine.pace.rest_ms, None, next_text, words.rounds_rest_label()))
        if routine.rounds > 1:
            items.append(Say(words.round_of(round_no, routine.rounds), "round"))
        for section in routine.sections:
            words_here = words.within(section.phrases)
            for section_round in range(1, section.rounds + 1):
                items.extend(_section_start(words_here, section, section_round, routine.pace.rest_ms))
                suffix = round_suffix + words_here.round_suffix(section_round, section.rounds)
                items.extend(_steps_items(words_here, section.steps, suffix, first, brief))
                first = first and not any(isinstance(step, Exercise) for step in section.steps)
    return items


def _section_start(words: Words, section: Section, section_round: int, rest_ms: int) -> list[Item]:
    """A section's title (and its round), after a rest when the section repeats."""
    items: list[Item] = []
    if section_round > 1:
        items.append(Chapter(words.rest_before_section(section.title)))
        next_text = words.next_section_round(section_round, section.rounds, section.title)
        items.append(_rest_window(words, rest_ms, None, next_text, words.rounds_rest_label()))
    if section.title:
        items.append(Say(words.section_start(section.title, section_round, section.rounds), "section"))
    return items


def _steps_items(words: Words, steps: tuple[Step, ...], suffix: str, first: bool, brief: bool) -> list[Item]:
    """The items of a run of steps; `first` says whether the routine's first exercise is among them."""
    items: list[Item] = []
    section_words = words
    for i, step in enumerate(steps):
        words = section_words.within(step.phrases)
        if isinstance(step, Rest):
            following = next((s for s in steps[i + 1 :] if isinstance(s, Exercise)), None)
            items.append(Chapter(words.rest_chapter() + suffix))
            next_text = words.next_exercise(following.name) if following else None
            items.append(_rest_window(words, step.ms, step.say, next_text, words.rest_chapter()))
            continue
        items.extend(_exercise_items(words, step, first, suffix, brief))
        first = False
    return items


def _rest_window(words: Words, ms: int, say: str | None, next_text: str | None, label: str) -> Window:
    announce = words.spoken(say) if say else words.rest(ms)
    return Window("rest", ms, label, tuple(rest_cues(words, ms, announce, next_text, 0)))


def _exercise_items(words: Words, exercise: Exercise, first: bool, suffix: str, brief: bool) -> list[Item]:
    """An exercise: its chapter, preview and instructions, then every set on every side."""
    items: list[Item] = [Chapter(exercise.name + suffix), Say(words.preview(first, exercise), "preview")]
    if exercise.how and not brief:
        items.append(Say(words.spoken(exercise.how), "how"))
    if exercise.say:
        items.append(Say(words.spoken(exercise.say), "cue"))
    sides: list[Side | None]
    if exercise.sides == "each":
        sides = [exercise.first_side, other_side(exercise.first_side)]
        items.append(Say(words.side(exercise.first_side), "side"))
    elif exercise.sides == "alternating":
        sides = [exercise.first_side]
        items.append(Say(words.start_side(exercise.first_side), "side"))
    else:
        sides = [None]
    if exercise.sets > 1:
        items.append(Say(words.first_set(exercise.sets), "set"))
    pace = exercise.pace
    get_ready = max(pace.transition_ms, pace.countdown * 1000)
    ready_cues = tuple(countdown_cues(words, get_ready, pace.countdown))
    items.append(Window("get-ready", get_ready, words.get_ready_label(exercise.name), ready_cues, counted=False))
    for side_index, side in enumerate(sides):
        if side_index:
            cues = rest_cues(words, pace.switch_ms, words.switch(side), None, pace.countdown)
            items.append(Window("switch", pace.switch_ms, words.switch_label(exercise.name), tuple(cues)))
        items.extend(_sets(words, exercise, side, brief))
    return items


def _sets(words: Words, exercise: Exercise, side: Side | None, brief: bool) -> list[Item]:
    """Every set of an exercise on one side, with the rests between them."""
    items: list[Item] = []
    rest_ms, countdown = exercise.set_rest_ms, exercise.pace.countdown
    for set_no in range(1, exercise.sets + 1):
        if set_no > 1:
            cues = rest_cues(words, rest_ms, words.rest(rest_ms), words.next_set(set_no, exercise.sets), countdown)
            items.append(Window("rest", rest_ms, words.rest_label(exercise.name), tuple(cues)))
        labelled_side = side if exercise.sides == "each" else None
        label = words.work_label(exercise.name, set_no, exercise.sets, labelled_side)
        items.extend(_work_windows(words, exercise, label, side, brief))
    return items


def _work_windows(words: Words, exercise: Exercise, label: str, side: Side | None, brief: bool) -> list[Window]:
    """The counted windows of one set on one side (several for phases)."""
    work = exercise.work
    if isinstance(work, Phases):
        windows = []
        for phase in work.phases:
            announce = Cue(RULES.lead_ms, phase.say, "phase", ANNOUNCE)
            inner = _single_window(
                words, exercise, phase.work, words.phase_label(label, phase.say), side, brief, [announce]
            )
            windows.append(Window("phase", inner.ms, inner.label, inner.cues))
        return windows
    return [_single_window(words, exercise, work, label, side, brief, [])]


def _single_window(
    words: Words, exercise: Exercise, w: Work, label: str, side: Side | None, brief: bool, extra: list[Cue]
) -> Window:
    """One counted window of reps, a hold, breaths or timed movement."""
    countdown = exercise.pace.countdown
    if isinstance(w, Reps):
        alternating = exercise.sides == "alternating"
        cues = [] if brief else rep_count_cues(words, w, side if alternating else None)
        return Window("reps", work_length_ms(w) * (2 if alternating else 1), label, tuple(extra + cues))
    if isinstance(w, Hold):
        return Window("hold", w.ms, label, tuple(extra + hold_cues(words, w.ms, countdown)))
    if isinstance(w, Breaths):
        return Window("breaths", work_length_ms(w), label, tuple(extra + breath_cues(words, w)))
    assert isinstance(w, Timed)
    cues = cycle_cues(w) if w.cycle else hold_cues(words, w.ms, 0)
    return Window("timed", w.ms, label, tuple(extra + cues + countdown_cues(words, w.ms, countdown)))
