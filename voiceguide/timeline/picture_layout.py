"""Where the timeline picture puts things: rows of minutes, the lanes of a row, colour groups, rounds, short labels."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..coaching.script import NOT_WORK
from ..settings import DEFAULTS, Picture
from .schedule import ChapterMark, Span, Timeline

_GROUPS = {k: k for k in ("hold", "breaths", "rest", "relax", "switch", "transition")}


def group(span: Span) -> str:
    """The colour group a window is drawn in: work, hold, breaths, rest, relax, switch, transition or get-ready."""
    if not span.counted:
        return "get-ready"
    return _GROUPS.get(span.kind, "rest" if span.kind in NOT_WORK else "work")


def alternates(windows: tuple[Span, ...]) -> set[int]:
    """Which windows are every other phase of a cycle (the walks between runs): their indices.

    In a run of adjacent phase windows, the phases are numbered by their label's first appearance;
    the even-numbered ones (the second, the fourth) are the alternates.
    """
    found: set[int] = set()
    labels: list[str] = []
    for i, span in enumerate(windows):
        if span.kind != "phase":
            labels = []
            continue
        if labels and windows[i - 1].end != span.start:
            labels = []
        if span.label not in labels:
            labels.append(span.label)
        if labels.index(span.label) % 2:
            found.add(i)
    return found


@dataclass(frozen=True)
class Lanes:
    """The lanes of one row as (top, height) from the row's top, and the row's height."""

    part: tuple[float, float]
    """Rounds: a bracket over the chapters of each (no height when the track has none)."""
    chapter: tuple[float, float]
    window: tuple[float, float]
    speech: tuple[float, float]
    beep: tuple[float, float]
    bed: tuple[float, float]
    """A music bed's level and ducks (no height: nothing draws in it yet)."""
    axis: tuple[float, float]
    height: float

    @staticmethod
    def for_text(size: float, parts: bool) -> Lanes:
        """Lanes tall enough for text of this size; a lane for rounds only when there are rounds."""
        spans: list[tuple[float, float]] = []
        y = 0.0
        heights = ((1.25 if parts else 0.0, 0.0), (1.3, 0.1), (1.9, 0.15), (0.5, 0.1), (0.35, 0.0), (0.0, 0.05))
        for height, gap in (*heights, (1.3, 0.0)):
            spans.append((y, height * size))
            y += (height + gap) * size
        part, chapter, window, speech, beep, bed, axis = spans
        return Lanes(part, chapter, window, speech, beep, bed, axis, y)


@dataclass(frozen=True)
class Layout:
    """Where each moment of the track is drawn: rows of `row_seconds`, each running from x0 to x1."""

    width: float
    height: float
    seconds: float
    """The track's length."""
    row_seconds: int
    rows: int
    x0: float
    x1: float
    top: float
    """The first row's top."""
    pitch: float
    """From one row's top to the next one's."""
    lanes: Lanes
    legend_top: float
    text: float
    """The largest text size, which every lane is made to hold."""

    def x(self, t: float, row: int) -> float:
        """Where time t falls, on the given row."""
        return self.x0 + (t - row * self.row_seconds) / self.row_seconds * (self.x1 - self.x0)

    def row_top(self, row: int) -> float:
        """The y of a row's top."""
        return self.top + row * self.pitch

    def pieces(self, start: float, end: float) -> list[tuple[int, float, float]]:
        """(row, x from, x to) of each row a stretch of time covers: one, unless it runs past a row's end."""
        found = []
        first = min(self.rows - 1, int(start // self.row_seconds))
        for row in range(first, self.rows):
            a, b = max(start, row * self.row_seconds), min(end, (row + 1) * self.row_seconds)
            if b > a or row == first:
                found.append((row, self.x(a, row), self.x(max(a, b), row)))
            if end <= (row + 1) * self.row_seconds:
                break
        return found


def layout(timeline: Timeline, legend_rows: int, parts: bool, style: Picture = DEFAULTS.picture) -> Layout:
    """The picture's geometry: the shortest row that keeps the track within `max_rows` rows, lanes for the text."""
    seconds = timeline.seconds(timeline.length)
    row_seconds = next((r for r in style.row_seconds if seconds <= r * style.max_rows), style.row_seconds[-1])
    rows = max(1, math.ceil(seconds / row_seconds))
    big = max(style.text_sizes)
    margin = style.width * 0.025
    lanes = Lanes.for_text(big, parts)
    legend_top = big * 1.8
    top = legend_top + legend_rows * big * 1.35 + big * 0.5
    pitch = lanes.height + big * 0.55
    return Layout(
        width=style.width,
        height=top + rows * pitch,
        seconds=seconds,
        row_seconds=row_seconds,
        rows=rows,
        x0=margin,
        x1=style.width - margin,
        top=top,
        pitch=pitch,
        lanes=lanes,
        legend_top=legend_top,
        text=big,
    )


def split_title(title: str) -> tuple[str, str]:
    """A chapter title as its exercise and its closing parenthesis: ('Good mornings', 'round 1 of 3')."""
    if title.endswith(")") and " (" in title:
        cut = title.rindex(" (")
        return title[:cut], title[cut + 2 : -1]
    return title, ""


@dataclass(frozen=True)
class Part:
    """A run of chapters that make up one round (their titles end in the same '(round 2 of 3)')."""

    text: str
    start: int
    end: int


def parts(chapters: tuple[ChapterMark, ...]) -> list[Part]:
    """The rounds: runs of chapters with one closing parenthesis, counted as rounds when an exercise comes back.

    An exercise named 'Bird dog (slow)' that is done once is not a round.
    """
    split = [split_title(c.title) for c in chapters]
    seen: dict[str, set[str]] = {}
    for base, tail in split:
        seen.setdefault(base, set()).add(tail)
    rounds = {tail for tails in seen.values() if len(tails) > 1 for tail in tails if tail}
    runs: list[Part] = []
    for chapter, (_, tail) in zip(chapters, split):
        if tail not in rounds:
            continue
        if runs and runs[-1].text == tail and runs[-1].end == chapter.start:
            runs[-1] = Part(tail, runs[-1].start, chapter.end)
        else:
            runs.append(Part(tail, chapter.start, chapter.end))
    return runs


def chapter_label(title: str, rounds: set[str]) -> str:
    """What a chapter's lane says: its title, without the round when the round lane shows it."""
    base, tail = split_title(title)
    return base if tail and tail in rounds else title


def short_label(span: Span, chapter_title: str) -> str:
    """What a window's band says: its label without the exercise its chapter names ('right side', 'rest')."""
    base = split_title(chapter_title)[0]
    if base and span.label.startswith(base):
        rest = span.label[len(base) :].lstrip(" ,:;\u00b7-")
        if rest:
            return rest
    return span.label
