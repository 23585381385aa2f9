"""Schedule a Script in samples: every sound at an absolute offset, windows and chapters (stage 4).

Rules:
- Speech outside windows follows the previous sound after a short gap.
- A window has exactly its length in samples. Adjacent windows share their
  boundary, and the boundary gets one beep: the start beep when work begins
  there, the end beep otherwise. A counted window not followed by another ends
  with the end beep.
- Cues inside a window are placed by priority (then time); a cue that would
  overlap a placed sound or run past the window's end is dropped, and the
  drop is recorded with its reason.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Mapping

from ..coaching.script import Chapter, Say, Script, Window
from ..settings import DEFAULTS, to_samples
from ..sounds import END_BEEP, START_BEEP, BeepKey, SoundKey, Voicing

TIMING = DEFAULTS.timing


@dataclass(frozen=True)
class Event:
    """One sound in the track."""

    start: int
    """First sample."""
    length: int
    """Length in samples."""
    sound: SoundKey
    """Which clip plays."""
    kind: str
    """What it is: a Say or Cue kind, or 'beep'."""
    text: str = ""
    """What is said, as written (captions and plans show it); empty for a beep."""

    @property
    def end(self) -> int:
        """One past the last sample."""
        return self.start + self.length


@dataclass(frozen=True)
class Span:
    """A window placed in the track."""

    kind: str
    label: str
    start: int
    end: int
    counted: bool


@dataclass(frozen=True)
class Dropped:
    """A cue left out because it did not fit, and why."""

    at: int
    text: str
    kind: str
    reason: str


@dataclass(frozen=True)
class ChapterMark:
    """A chapter with its sample range."""

    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Timeline:
    """A track, fully placed."""

    routine_id: str
    title: str
    sample_rate: int
    length: int
    events: tuple[Event, ...]
    windows: tuple[Span, ...]
    chapters: tuple[ChapterMark, ...]
    dropped: tuple[Dropped, ...]

    def seconds(self, samples: int) -> float:
        """A sample offset in seconds."""
        return samples / self.sample_rate


def clock(seconds: float) -> str:
    """mm:ss.s (h:mm:ss.s past an hour)."""
    tenths = int(round(seconds * 10))
    minutes, tenth_s = divmod(tenths, 600)
    hours, minutes = divmod(minutes, 60)
    text = f"{minutes:02d}:{tenth_s // 10:02d}.{tenth_s % 10}"
    return f"{hours}:{text}" if hours else text


class _Occupancy:
    """Sorted, non-overlapping sample intervals inside one window."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[tuple[int, int, str]] = []
        """(start, end, what): the text said there, or '' for a beep."""

    def clash(self, start: int, end: int) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(self.starts, start)
        for j in (i - 1, i):
            if 0 <= j < len(self.items):
                s, e, text = self.items[j]
                if start < e and s < end:
                    return self.items[j]
        return None

    def add(self, start: int, end: int, text: str) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.items.insert(i, (start, end, text))


def schedule(script: Script, voicing: Voicing, lengths: Mapping[SoundKey, int], rate: int) -> Timeline:
    """Place a script's sounds; `lengths` gives each sound's clip length in samples, `voicing` the key of each text."""
    events: list[Event] = []
    windows: list[Span] = []
    dropped: list[Dropped] = []
    chapter_starts: list[tuple[str, int]] = []
    pending: list[str] = []
    gap, cue_gap = to_samples(TIMING.speech_gap_ms, rate), to_samples(TIMING.cue_gap_ms, rate)
    cursor = to_samples(TIMING.head_ms, rate)
    open_window: Span | None = None  # the last window, while nothing has followed it yet

    def flush_chapters(at: int) -> None:
        for title in pending:
            chapter_starts.append((title, at if chapter_starts else 0))  # the first chapter starts the track
        pending.clear()

    def beep(at: int, sound: BeepKey) -> Event:
        event = Event(at, lengths[sound], sound, "beep")
        events.append(event)
        return event

    def close_window() -> int:
        """End the open window (end beep if counted); return where the next sound may start."""
        nonlocal open_window
        assert open_window is not None
        after = open_window.end
        if open_window.counted:
            after = beep(open_window.end, END_BEEP).end
        open_window = None
        return after + gap

    for item in script.items:
        if isinstance(item, Chapter):
            pending.append(item.title)
        elif isinstance(item, Say):
            if open_window is not None:
                cursor = close_window()
            flush_chapters(cursor)
            key = voicing.key(item.text)
            length = lengths[key]
            events.append(Event(cursor, length, key, item.kind, item.text))
            cursor += length + gap
        else:
            start = open_window.end if open_window is not None else cursor
            shared = open_window is not None and open_window.counted
            flush_chapters(start)
            span = Span(item.kind, item.label, start, start + to_samples(item.ms, rate), item.counted)
            windows.append(span)
            occupied = _Occupancy()
            if item.counted or shared:
                b = beep(start, START_BEEP if item.is_work else END_BEEP)
                occupied.add(b.start, b.end + cue_gap, "")
            _place_cues(item, span, voicing, lengths, occupied, events, dropped, cue_gap, rate)
            open_window = span
            cursor = span.end
    if open_window is not None:
        cursor = close_window()
    flush_chapters(cursor)
    length = max([cursor - gap + to_samples(TIMING.tail_ms, rate)] + [e.end for e in events])
    events.sort(key=lambda e: (e.start, e.text))
    chapters = tuple(
        ChapterMark(title, start, chapter_starts[i + 1][1] if i + 1 < len(chapter_starts) else length)
        for i, (title, start) in enumerate(chapter_starts)
    )
    return Timeline(script.routine_id, script.title, rate, length, tuple(events), tuple(windows), chapters, tuple(dropped))


def _place_cues(
    window: Window,
    span: Span,
    voicing: Voicing,
    lengths: Mapping[SoundKey, int],
    occupied: _Occupancy,
    events: list[Event],
    dropped: list[Dropped],
    cue_gap: int,
    rate: int,
) -> None:
    """Place a window's cues by priority; drop those that collide or do not fit, saying why."""
    limit = span.end - cue_gap if span.counted else span.end
    for cue in sorted(window.cues, key=lambda c: (c.priority, c.at_ms, c.text)):
        key = voicing.key(cue.text)
        length = lengths[key]
        at = span.start + to_samples(cue.at_ms, rate)
        start = at if cue.align == "start" else at - length
        if start < span.start or start + length > limit:
            dropped.append(Dropped(max(start, span.start), cue.text, cue.kind, f"does not fit in the {span.kind} window ({span.label})"))
            continue
        clash = occupied.clash(start, start + length + cue_gap)
        if clash is not None:
            other = f"'{clash[2]}'" if clash[2] else "the beep"
            dropped.append(Dropped(start, cue.text, cue.kind, f"would overlap {other} at {clock((clash[0]) / rate)}"))
            continue
        occupied.add(start, start + length + cue_gap, cue.text)
        events.append(Event(start, length, key, cue.kind, cue.text))
