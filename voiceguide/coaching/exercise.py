"""One exercise's items: what is said before it (or inside the transition to it), then every set on every side."""

from __future__ import annotations

from dataclasses import dataclass

from ..routine.model import Exercise, Reps, Side, Timed
from ..routine.model import Hold as HoldWork
from .rules import RULES, countdown_cues, other_side, rest_cues
from .script import ANNOUNCE, FIRM, NEXT, Chapter, Cue, Item, Say, Window
from .words import Words
from .work import work_windows


@dataclass
class Flow:
    """What the walk knows about the items before the next exercise."""

    first: bool = True
    """No exercise has been said yet (its preview says 'First')."""
    after_work: bool = False
    """The last item is counted work, so a `pace.between` transition may follow it."""
    announced: bool = False
    """A rest before the exercise has already said what comes next."""
    direct: bool = False
    """That rest counted down into the work: no get-ready window."""
    later_round: bool = False
    """A second or later round: no how, short previews."""
    section: str | None = None
    """A section title still to be said before the next exercise."""


def exercise_items(words: Words, exercise: Exercise, flow: Flow, suffix: str, brief: bool) -> list[Item]:
    """An exercise: its chapter, what is said before it, then every set on every side."""
    items: list[Item] = [Chapter(exercise.name + suffix)]
    sides = _side_order(exercise)
    between = exercise.pace.between_ms
    if between is not None and flow.after_work and not flow.announced:
        items.append(_transition(words, exercise, flow, between, sides[0], brief))
    else:
        items += _said_before(words, exercise, flow, sides[0], brief)
    items += _all_sets(words, exercise, sides, brief)
    flow.first, flow.after_work, flow.announced, flow.direct, flow.section = False, True, False, False, None
    return items


def announcement(
    words: Words,
    exercise: Exercise,
    flow: Flow,
    first_side: Side | None,
    round_start: bool = False,
    after_rest: bool = False,
) -> str:
    """Everything said about an exercise just before it, in one sentence group: preview, side, first set.

    In a later round the preview is short; at the start of a round it follows the round's number.
    """
    preview = words.next_exercise(exercise) if after_rest else _preview(words, exercise, flow, round_start)
    parts = [words.title(flow.section)] if flow.section else []
    parts.append(preview)
    parts += [text for _, text in _side_and_set(words, exercise, first_side)]
    return " ".join(parts)


def _transition_announcement(words: Words, exercise: Exercise, flow: Flow, first_side: Side | None) -> str:
    """The compact form said inside an exact transition, which a whole countdown follows."""
    parts = [words.title(flow.section)] if flow.section else []
    if flow.later_round or flow.first:
        return announcement(words, exercise, flow, first_side)
    parts.append(words.transition_preview(exercise))
    if exercise.sides == "alternating" and first_side and not isinstance(exercise.work, Reps):
        parts.append(words.first_side(first_side, exercise.side_names))
        if exercise.sets > 1:
            parts.append(words.set_of(1, exercise.sets, exercise.set_name))
    else:
        parts += [text for _, text in _side_and_set(words, exercise, first_side)]
    return " ".join(parts)


def _preview(words: Words, exercise: Exercise, flow: Flow, round_start: bool = False) -> str:
    if not flow.later_round:
        return words.preview(flow.first, exercise)
    return words.short_preview(exercise) if round_start else words.next_short(exercise)


def _side_and_set(words: Words, exercise: Exercise, first_side: Side | None) -> list[tuple[str, str]]:
    """(kind, text) of what is said about the first side and the first set."""
    parts = []
    if exercise.sides in ("each", "each_set") and first_side:
        parts.append(("side", words.side_named(first_side, exercise.side_names)))
    elif exercise.sides == "alternating" and first_side:
        parts.append(("side", words.start_side_named(first_side, exercise.side_names)))
    if exercise.sets > 1 and exercise.every_ms is None:
        parts.append(("set", words.set_of(1, exercise.sets, exercise.set_name)))
    return parts


def _transition(words: Words, exercise: Exercise, flow: Flow, ms: int, first_side: Side | None, brief: bool) -> Window:
    """`pace.between`: one exact window with everything about the exercise, its `how`, and a whole countdown."""
    countdown = exercise.pace.countdown
    cues = [Cue(RULES.lead_ms, _transition_announcement(words, exercise, flow, first_side), "preview", ANNOUNCE)]
    if exercise.how and not brief and not flow.later_round:
        timed = isinstance(exercise.work, (HoldWork, Timed))
        cues.append(Cue(RULES.lead_ms, words.spoken(exercise.how), "how", NEXT, align="follow", carry=timed))
    cues += countdown_cues(words, ms, countdown, FIRM)
    return Window("transition", ms, words.get_ready_label(exercise.name), tuple(cues))


def _said_before(words: Words, exercise: Exercise, flow: Flow, first_side: Side | None, brief: bool) -> list[Item]:
    """Version-1 timing: the preview and instructions as speech, then a get-ready countdown."""
    items: list[Item] = []
    if flow.section:
        items.append(Say(words.title(flow.section), "section"))
    if not flow.announced:
        items.append(Say(_preview(words, exercise, flow), "preview"))
    if exercise.how and not brief and not flow.later_round:
        items.append(Say(words.spoken(exercise.how), "how"))
    if exercise.say:
        items.append(Say(words.spoken(exercise.say), "cue"))
    if not flow.announced:
        items += [Say(text, kind) for kind, text in _side_and_set(words, exercise, first_side)]
    if not flow.direct:
        pace = exercise.pace
        get_ready = max(pace.transition_ms, pace.countdown * 1000)
        ready = tuple(countdown_cues(words, get_ready, pace.countdown))
        items.append(Window("get-ready", get_ready, words.get_ready_label(exercise.name), ready, counted=False))
    return items


def _side_order(exercise: Exercise) -> list[Side | None]:
    if exercise.sides in ("each", "each_set"):
        return [exercise.first_side, other_side(exercise.first_side)]
    if exercise.sides == "alternating":
        return [exercise.first_side]
    return [None]


def _all_sets(words: Words, exercise: Exercise, sides: list[Side | None], brief: bool) -> list[Item]:
    """Every set on every side: one side then the other, or (each_set) both sides in every set."""
    items: list[Item] = []
    if exercise.sides == "each_set":
        for set_no in range(1, exercise.sets + 1):
            if set_no > 1:
                items.append(_set_rest(words, exercise, set_no, None))
            for i, side in enumerate(sides):
                if i:
                    items.append(_switch(words, exercise, side))
                items += _one_set(words, exercise, set_no, side, brief)
        return items
    for i, side in enumerate(sides):
        if i:
            items.append(_switch_between_sides(words, exercise, side))
        for set_no in range(1, exercise.sets + 1):
            if set_no > 1 and exercise.every_ms is None:
                items.append(_set_rest(words, exercise, set_no, None))
            items += _one_set(words, exercise, set_no, side, brief)
    return items


def _one_set(words: Words, exercise: Exercise, set_no: int, side: Side | None, brief: bool) -> list[Item]:
    labelled = side if exercise.sides != "alternating" else None
    label = words.work_label(exercise.name, set_no, exercise.sets, labelled, exercise.set_name, exercise.side_names)
    return list(work_windows(words, exercise, set_no, label, side, brief))


def _set_rest(words: Words, exercise: Exercise, set_no: int, then: str | None) -> Window:
    """The rest before a set: its name, what comes next (a pyramid's new count), and the countdown."""
    ms, countdown = exercise.set_rest_ms, exercise.pace.countdown
    announce = words.spoken(exercise.set_rest_say) if exercise.set_rest_say else words.rest(ms)
    work = exercise.set_work(set_no)
    amount = words.describe_work(work) if exercise.set_counts and isinstance(work, Reps) else None
    next_text = then or words.next_set_of(set_no, exercise.sets, exercise.set_name, amount)
    return Window(
        "rest", ms, words.rest_label(exercise.name), tuple(rest_cues(words, ms, announce, next_text, countdown))
    )


def _switch(words: Words, exercise: Exercise, side: Side | None) -> Window:
    """Changing sides: the announcement and a whole countdown (the window grows when they need more room)."""
    pace = exercise.pace
    cues = rest_cues(words, pace.switch_ms, words.switch_to(side, exercise.side_names), None, pace.countdown, firm=True)
    return Window("switch", pace.switch_ms, words.switch_label(exercise.name), tuple(cues), stretch=True)


def _switch_between_sides(words: Words, exercise: Exercise, side: Side | None) -> Window:
    """After every set of one side: a switch, or a whole rest when there are several sets."""
    if exercise.sets <= 1 or exercise.every_ms is not None:
        return _switch(words, exercise, side)
    then = f"{words.switch_to(side, exercise.side_names)} {words.set_of(1, exercise.sets, exercise.set_name)}"
    return _set_rest(words, exercise, 1, then)
