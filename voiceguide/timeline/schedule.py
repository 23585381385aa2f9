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

from ..coaching.script import Chapter, Cue, Say, Script, Window
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
    placer = _Placer(voicing, lengths, rate)
    for item in script.items:
        if isinstance(item, Chapter):
            placer.pending.append(item.title)
        elif isinstance(item, Say):
            placer.say(item)
        else:
            placer.window(item)
    return placer.finish(script)


class _Placer:
    """The schedule's state while a script is placed item by item."""

    def __init__(self, voicing: Voicing, lengths: Mapping[SoundKey, int], rate: int) -> None:
        self.voicing, self.lengths, self.rate = voicing, lengths, rate
        self.events: list[Event] = []
        self.windows: list[Span] = []
        self.dropped: list[Dropped] = []
        self.chapter_starts: list[tuple[str, int]] = []
        self.pending: list[str] = []
        """Chapters that start at the next sound or window."""
        self.gap, self.cue_gap = to_samples(TIMING.speech_gap_ms, rate), to_samples(TIMING.cue_gap_ms, rate)
        self.cursor = to_samples(TIMING.head_ms, rate)
        self.open_window: Span | None = None
        """The last window, while nothing has followed it yet."""
        self.carry: list[Cue] = []
        """Cues the last window could not hold, said at the start of the next one."""

    def flush_chapters(self, at: int) -> None:
        for title in self.pending:
            self.chapter_starts.append((title, at if self.chapter_starts else 0))  # the first chapter starts the track
        self.pending.clear()

    def beep(self, at: int, sound: BeepKey) -> Event:
        event = Event(at, self.lengths[sound], sound, "beep")
        self.events.append(event)
        return event

    def close_window(self) -> int:
        """End the open window (end beep if counted); return where the next sound may start."""
        assert self.open_window is not None
        after = self.open_window.end
        if self.open_window.counted:
            after = self.beep(self.open_window.end, END_BEEP).end
        self.open_window = None
        return after + self.gap

    def say(self, item: Say) -> None:
        """Speech outside counted time, after the previous sound."""
        if self.open_window is not None:
            self.cursor = self.close_window()
        self.flush_chapters(self.cursor)
        key = self.voicing.key(item.text)
        length = self.lengths[key]
        self.events.append(Event(self.cursor, length, key, item.kind, item.text))
        self.cursor += length + self.gap

    def window(self, item: Window) -> None:
        """A window of exact length, right after the previous one or after the previous sound."""
        start = self.open_window.end if self.open_window is not None else self.cursor
        shared = self.open_window is not None and self.open_window.counted
        self.flush_chapters(start)
        ms = stretched_ms(item, self.lengths, self.voicing, self.rate)
        span = Span(item.kind, item.label, start, start + to_samples(ms, self.rate), item.counted)
        self.windows.append(span)
        occupied = _Occupancy()
        if item.counted or shared:
            b = self.beep(start, START_BEEP if item.is_work else END_BEEP)
            occupied.add(b.start, b.end + self.cue_gap, "")
        lead = DEFAULTS.coaching.lead_ms
        carried = [Cue(lead, c.text, c.kind, c.priority) for c in self.carry]
        place = _Cues(self.voicing, self.lengths, occupied, self.events, self.dropped, self.cue_gap, self.rate)
        self.carry = _place_cues(item, carried + list(item.cues), span, ms - item.ms, place)
        self.open_window = span
        self.cursor = span.end

    def finish(self, script: Script) -> Timeline:
        """Close the last window, end the chapters and the track."""
        for cue in self.carry:
            self.dropped.append(Dropped(self.cursor, cue.text, cue.kind, "no window after it to say it in"))
        if self.open_window is not None:
            self.cursor = self.close_window()
        self.flush_chapters(self.cursor)
        length = max([self.cursor - self.gap + to_samples(TIMING.tail_ms, self.rate)] + [e.end for e in self.events])
        events = sorted(self.events, key=lambda e: (e.start, e.text))
        starts = self.chapter_starts
        chapters = tuple(
            ChapterMark(title, start, starts[i + 1][1] if i + 1 < len(starts) else length)
            for i, (title, start) in enumerate(starts)
        )
        return Timeline(
            script.routine_id,
            script.title,
            self.rate,
            length,
            tuple(events),
            tuple(self.windows),
            chapters,
            tuple(self.dropped),
        )


def stretched_ms(window: Window, lengths: Mapping[SoundKey, int], voicing: Voicing, rate: int) -> int:
    """A stretching window's length: its own, or more when its announcement and countdown need the room."""
    if not window.stretch:
        return window.ms
    announce = [c for c in window.cues if c.kind == "announce"]
    countdown = [c for c in window.cues if c.kind == "countdown"]
    if not announce:
        return window.ms
    first = min(announce, key=lambda c: c.at_ms)
    spoken_ms = -(-lengths[voicing.key(first.text)] * 1000 // rate)  # rounded up, and 10 ms for sample rounding
    after = window.ms - min(c.at_ms for c in countdown) if countdown else 0
    need = first.at_ms + spoken_ms + TIMING.cue_gap_ms + 10 + after
    return max(window.ms, need)


@dataclass
class _Cues:
    """What a window's cue placement needs to know beyond the window."""

    voicing: Voicing
    lengths: Mapping[SoundKey, int]
    occupied: _Occupancy
    events: list[Event]
    dropped: list[Dropped]
    cue_gap: int
    rate: int


def _place_cues(window: Window, cues: list[Cue], span: Span, shift_ms: int, place: _Cues) -> list[Cue]:
    """Place cues by priority; drop those that collide or do not fit, saying why; return those to carry on.

    shift_ms moves a stretched window's countdown to its new end. A `follow` cue starts after the cue
    listed before it; a `carry` cue that does not fit here is returned, to be said in the next window.
    """
    limit = span.end - place.cue_gap if span.counted else span.end
    placed: dict[int, int] = {}  # cue's index in `cues` -> its end
    carried = []
    order = sorted(range(len(cues)), key=lambda i: (cues[i].priority, cues[i].at_ms, cues[i].text))
    for i in order:
        cue = cues[i]
        key = place.voicing.key(cue.text)
        length = place.lengths[key]
        at = span.start + to_samples(cue.at_ms + (shift_ms if cue.kind == "countdown" else 0), place.rate)
        if cue.align == "follow" and i - 1 in placed:
            at = placed[i - 1] + place.cue_gap
        start = at - length if cue.align == "end" else at
        reason = None
        if start < span.start or start + length > limit:
            reason = f"does not fit in the {span.kind} window ({span.label})"
        elif (clash := place.occupied.clash(start, start + length + place.cue_gap)) is not None:
            other = f"'{clash[2]}'" if clash[2] else "the beep"
            reason = f"would overlap {other} at {clock((clash[0]) / place.rate)}"
        if reason is None:
            place.occupied.add(start, start + length + place.cue_gap, cue.text)
            place.events.append(Event(start, length, key, cue.kind, cue.text))
            placed[i] = start + length
        elif cue.carry:
            carried.append(Cue(0, cue.text, cue.kind, cue.priority))
        else:
            place.dropped.append(Dropped(max(start, span.start), cue.text, cue.kind, reason))
    return carried
