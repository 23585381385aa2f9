"""What the coaching stage hands on: a Script of spoken sentences, timed windows and chapters."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal, Union

# Priorities of cues inside a window: when two collide, the lower number is kept.
FIRM = 0
"""A countdown that must be heard whole (before work that follows exactly)."""
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
    align: Literal["start", "end", "follow"] = "start"
    """start: the cue begins at at_ms; end: it must have finished by at_ms; follow: it starts right after the cue
    listed before it in the window (at_ms is where it starts when that one was left out)."""
    carry: bool = False
    """When it does not fit, say it at the start of the next window instead (a `how` before timed work)."""


NOT_WORK = ("rest", "switch", "relax", "transition")


@dataclass(frozen=True)
class Window:
    """A stretch of exact length: counted work, rest or switch (beeped), or an uncounted get-ready."""

    kind: str
    """Work: reps, hold, breaths, timed, phase, interval. Not work: rest, switch, relax, transition, get-ready."""
    ms: int
    label: str
    cues: tuple[Cue, ...] = ()
    counted: bool = True
    stretch: bool = False
    """The window grows, when it must, so that its announcement and a complete countdown both fit (a switch)."""

    @property
    def is_work(self) -> bool:
        """Work windows start with the start beep; rests, switches, relaxes and transitions end with the end beep."""
        return self.counted and self.kind not in NOT_WORK


@dataclass(frozen=True)
class Chapter:
    """A chapter starts here (at the next sound or window)."""

    title: str


Item = Union[Say, Window, Chapter]


def drop_silent(items: tuple[Item, ...]) -> tuple[Item, ...]:
    """The items without the sentences and cues that say nothing (a phrase set to '' turns its cue off)."""
    kept: list[Item] = []
    for item in items:
        if isinstance(item, Say) and not item.text:
            continue
        if isinstance(item, Window) and any(not cue.text for cue in item.cues):
            item = dataclasses.replace(item, cues=tuple(c for c in item.cues if c.text))
        kept.append(item)
    return tuple(kept)


@dataclass(frozen=True)
class Script:
    """A routine compiled to speech and windows, in order."""

    routine_id: str
    title: str
    items: tuple[Item, ...]
    estimate_ms: int = 0
    """The track's length as the engine-free estimate predicts it (the spoken length is based on it)."""

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

    def counted_ms(self) -> int:
        """The exact total of every counted window (work, rests and switches)."""
        return sum(i.ms for i in self.items if isinstance(i, Window) and i.counted)
