"""The track-length rule, applied to a loaded collection: no track longer than four hours."""

from __future__ import annotations

from ..errors import Problem, RoutineError
from ..routine.model import Collection, Rest, Routine
from .rules import work_length_ms
from .walk import compile_routine

MAX_TRACK_MS = 4 * 3600 * 1000


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
        ms = compile_routine(routine).estimate_ms
    if ms <= MAX_TRACK_MS:
        return []
    w = routine.where
    message = (
        f"routine '{routine.id}' would last about {ms // 60000} minutes; a track may be at most 4 hours "
        "(240 minutes): use fewer rounds, sets or shorter holds"
    )
    return [Problem(w.file, w.line, w.column, message)]


def check_lengths(collection: Collection) -> Collection:
    """The collection, or RoutineError when a routine's track would pass the 4-hour limit."""
    problems = [p for routine in collection.routines for p in length_problems(routine)]
    if problems:
        raise RoutineError(problems)
    return collection
