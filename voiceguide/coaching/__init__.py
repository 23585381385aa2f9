"""Stage 2, coaching: a routine compiled into a Script of speech, timed windows and chapters.

`walk` goes through the routine, `rules` place cues inside windows, `words` holds every
sentence the coach says, `estimate` predicts the track's length without an engine and
`limits` applies the 4-hour rule to a loaded collection.
"""

from .estimate import spoken_ms_estimate
from .limits import check_lengths, length_problems
from .script import Chapter, Cue, Item, Say, Script, Window
from .walk import compile_routine

__all__ = [
    "Chapter",
    "Cue",
    "Item",
    "Say",
    "Script",
    "Window",
    "check_lengths",
    "compile_routine",
    "length_problems",
    "spoken_ms_estimate",
]
