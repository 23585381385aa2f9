"""The routine walk: a routine compiled into its Script, round by round, section by section, step by step (stage 2).

The walk knows nothing about samples or files. It says what is spoken, in what order, and
what happens inside each counted window at which offset; the timeline places it in samples.
"""

from __future__ import annotations

from ..routine.model import Exercise, Rest, Routine, Section, Side, Step
from .estimate import estimate_script_ms
from .exercise import Flow, announcement, exercise_items
from .rules import rest_cues
from .script import Chapter, Item, Say, Script, Window, drop_silent
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
    if routine.credit:
        head.append(Say(words.spoken(routine.credit), "credit"))
    elif routine.coach:
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
    flow = Flow()
    for round_no in range(1, routine.rounds + 1):
        if round_no > 1:
            items.append(Chapter(words.rest_before_round(round_no)))
            flow.later_round = True
            first = _first_exercise(routine.sections[0].steps)
            items.append(
                _round_rest(
                    words, routine.pace.rest_ms, round_no, routine.rounds, first, flow, words.rounds_rest_label()
                )
            )
        elif routine.rounds > 1:
            items.append(Say(words.round_of(round_no, routine.rounds), "round"))
        for section in routine.sections:
            here = words.within(section.phrases)
            for section_round in range(1, section.rounds + 1):
                flow.later_round = round_no > 1 or section_round > 1
                items += _section_start(here, section, section_round, routine.pace.rest_ms, flow, round_no > 1)
                suffix = here.round_suffix(round_no, routine.rounds) + here.round_suffix(section_round, section.rounds)
                items += _steps_items(here, section.steps, suffix, flow, brief)
    return items


def _first_exercise(steps: tuple[Step, ...]) -> Exercise | None:
    """The section's first step, when it is an exercise (a round that starts with a rest does not flow)."""
    return steps[0] if steps and isinstance(steps[0], Exercise) else None


def _round_rest(words: Words, ms: int, n: int, total: int, first: Exercise | None, flow: Flow, label: str) -> Window:
    """The rest before a later round; when the round starts with an exercise, it counts down straight into it."""
    if first is None:
        return Window("rest", ms, label, tuple(rest_cues(words, ms, words.rest(ms), words.next_round(n, total), 0)))
    then = announcement(words, first, flow, _first_side(first), round_start=True)
    cues = rest_cues(words, ms, words.rest(ms), words.round_flow(n, total, then), first.pace.countdown, firm=True)
    flow.announced, flow.direct, flow.after_work = True, True, False
    return Window("rest", ms, label, tuple(cues))


def _first_side(exercise: Exercise) -> Side | None:
    return exercise.first_side if exercise.sides != "none" else None


def _section_start(
    words: Words, section: Section, section_round: int, rest_ms: int, flow: Flow, later: bool
) -> list[Item]:
    """A section's title, or (in its later rounds) the rest that counts down into it."""
    if section_round > 1:
        first = _first_exercise(section.steps)
        label = words.rounds_rest_label()
        rest = _round_rest(words, rest_ms, section_round, section.rounds, first, flow, label)
        return [Chapter(words.rest_before_section(section.title)), rest]
    if not section.title or later:
        return []
    text = words.section_start(section.title, section_round, section.rounds)
    first = _first_exercise(section.steps)
    if first is not None and first.pace.between_ms is not None and flow.after_work and section.rounds == 1:
        flow.section = section.title  # said inside the transition, which must keep its exact length
        return []
    return [Say(text, "section")]


def _steps_items(words: Words, steps: tuple[Step, ...], suffix: str, flow: Flow, brief: bool) -> list[Item]:
    """The items of a run of steps."""
    items: list[Item] = []
    section_words = words
    for i, step in enumerate(steps):
        words = section_words.within(step.phrases)
        if isinstance(step, Rest):
            items.append(Chapter(words.rest_chapter() + suffix))
            items.append(
                _rest_step(words, step, next((s for s in steps[i + 1 :] if isinstance(s, Exercise)), None), flow)
            )
            continue
        items += exercise_items(words, step, flow, suffix, brief)
    return items


def _rest_step(words: Words, rest: Rest, following: Exercise | None, flow: Flow) -> Window:
    """A rest on its own: it says the whole preview of what follows, so the exercise does not say it again."""
    announce = words.spoken(rest.say) if rest.say else words.rest(rest.ms)
    next_text, countdown = None, 0
    if following is not None:
        next_text = announcement(words, following, flow, _first_side(following), after_rest=True)
        flow.announced, flow.direct = True, following.pace.between_ms is not None
        countdown = following.pace.countdown if flow.direct else 0
    flow.after_work = False
    cues = rest_cues(words, rest.ms, announce, next_text, countdown, firm=flow.direct)
    return Window("rest", rest.ms, words.rest_chapter(), tuple(cues))
