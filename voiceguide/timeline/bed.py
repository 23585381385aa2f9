"""The music bed's plan: where each music plays, how loud, and every duck, in samples, from the timeline.

The timeline knows where every cue and beep will be before a sample is rendered, so each duck
looks ahead: its ramp down ends `lead_ms` before the cue's first sample, the bed comes back after
the cue, and it stays down across gaps shorter than `hold_ms`. `during` turns the bed off outside
(or inside) counted work the same way. Gains are relative to the music's level (1.0 = `level`).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..coaching.script import NOT_WORK
from ..routine.model import Music
from ..settings import DEFAULTS, MusicBed, to_samples
from .schedule import Span, Timeline


@dataclass(frozen=True)
class Valley:
    """The bed turned down: from 1 at `down_from` to `depth` by `down_at`, held, back to 1 from `up_from` to `up_at`."""

    down_from: int
    down_at: int
    up_from: int
    up_at: int
    depth: float
    """The gain at the bottom, relative to the music's level (0: off)."""
    kind: str
    """duck (under cues and beeps) or off (where `during` keeps the music out)."""


@dataclass(frozen=True)
class BedSpan:
    """One music's stretch of the track: faded in at `start`, faded out from `end`, silent from `stop`."""

    music: Music
    start: int
    fade_in: int
    end: int
    fade_out: int
    valleys: tuple[Valley, ...]
    """Sorted by down_from."""

    @property
    def stop(self) -> int:
        """One past the span's last audible sample."""
        return self.end + self.fade_out

    @functools.cached_property
    def _index(self) -> tuple[list[int], np.ndarray]:
        """Valley starts, and the latest end reached by each prefix of valleys (to find those overlapping a range)."""
        downs = [v.down_from for v in self.valleys]
        reach = np.maximum.accumulate(np.array([v.up_at for v in self.valleys] or [0]))
        return downs, reach

    def overlapping(self, first: int, last: int) -> list[Valley]:
        """The valleys that touch samples first..last."""
        downs, reach = self._index
        hi = bisect.bisect_right(downs, last)
        lo = int(np.searchsorted(reach[:hi], first, side="right")) if hi else 0
        return [v for v in self.valleys[lo:hi] if v.up_at > first]


@dataclass(frozen=True)
class Piece:
    """One play of one of a span's files: its first sample plays at `start`; equal-power crossfades at both ends."""

    file: int
    """Index into the span's music.files."""
    start: int
    length: int
    fade_in: int
    fade_out: int

    @property
    def end(self) -> int:
        """One past the piece's last sample."""
        return self.start + self.length


@dataclass(frozen=True)
class BedPlan:
    """Every music span of a track, at the track's rate."""

    rate: int
    spans: tuple[BedSpan, ...]


def _merged(intervals: Sequence[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    """Sorted intervals joined where less than `gap` separates them."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(intervals):
        if out and a - out[-1][1] < gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _off_intervals(timeline: Timeline, music: Music, first: int, last: int, gap: int) -> list[tuple[int, int]]:
    """Where `during` keeps this music out, between samples first and last."""
    if music.during == "all":
        return []
    work = _merged([(w.start, w.end) for w in timeline.windows if is_work(w) and w.end > first and w.start < last], gap)
    if music.during == "rests":
        return work
    edges = [first] + [x for a, b in work for x in (a, b)] + [last]
    return [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b > a]


def is_work(window: Span) -> bool:
    """Counted work (not a rest, switch, relax or transition)."""
    return window.counted and window.kind not in NOT_WORK


def _valleys(timeline: Timeline, music: Music, start: int, stop: int, s: MusicBed) -> tuple[Valley, ...]:
    rate = timeline.sample_rate
    lead, attack, release = (to_samples(ms, rate) for ms in (s.lead_ms, s.attack_ms, s.release_ms))
    reach = lead + attack
    cues = [(e.start, e.end) for e in timeline.events if e.end > start - reach and e.start < stop + reach]
    depth = 10 ** (-music.duck_db / 20)
    found = [
        Valley(a - reach, a - lead, b, b + release, depth, "duck")
        for a, b in _merged(cues, to_samples(s.hold_ms, rate))
    ]
    gate = to_samples(s.gate_ms, rate)
    for a, b in _off_intervals(timeline, music, start - reach, stop + gate, to_samples(s.gate_gap_ms, rate)):
        found.append(Valley(a - lead - gate, a - lead, b, b + gate, 0.0, "off"))
    return tuple(sorted(found, key=lambda v: (v.down_from, v.kind)))


def plan_bed(timeline: Timeline, settings: MusicBed = DEFAULTS.music) -> BedPlan | None:
    """The bed's plan from the timeline's music marks; None when the track has no music."""
    rate = timeline.sample_rate
    crossfade = to_samples(settings.crossfade_ms, rate)
    ends = [e.start for e in timeline.events if e.kind == "end"]
    marks = [m for i, m in enumerate(timeline.beds) if i == 0 or m.music != timeline.beds[i - 1].music]
    spans = []
    for i, mark in enumerate(marks):
        if mark.music is None:
            continue
        fade_in = to_samples(settings.fade_in_ms, rate) if mark.start == 0 or i == 0 else crossfade
        if i + 1 < len(marks):
            end, fade_out = marks[i + 1].start, crossfade
        else:
            fade_out = to_samples(settings.fade_out_ms, rate)
            end = ends[-1] if ends and ends[-1] >= mark.start else max(mark.start, timeline.length - fade_out)
        end = min(end, timeline.length)
        fade_out = min(fade_out, timeline.length - end)
        valleys = _valleys(timeline, mark.music, mark.start, end + fade_out, settings)
        spans.append(BedSpan(mark.music, mark.start, fade_in, end, fade_out, valleys))
    return BedPlan(rate, tuple(spans)) if spans else None


def _ramp(t: np.ndarray) -> np.ndarray:
    """A raised-cosine ramp from 0 (t <= 0) to 1 (t >= 1)."""
    return np.asarray((1 - np.cos(np.pi * np.clip(t, 0.0, 1.0))) / 2)


def _valley_gain(v: Valley, p: np.ndarray) -> np.ndarray:
    g = np.full(len(p), v.depth)
    down, up = p < v.down_at, p >= v.up_from
    width = max(1, v.down_at - v.down_from)
    g[down] = v.depth + (1 - v.depth) * (1 - _ramp((p[down] - v.down_from) / width))
    width = max(1, v.up_at - v.up_from)
    g[up] = v.depth + (1 - v.depth) * _ramp((p[up] - v.up_from) / width)
    return g


def span_gains(span: BedSpan, positions: np.ndarray, ducks: bool = True) -> np.ndarray:
    """The span's gain (relative to its music's level) at these sorted sample positions: fades, ducks, `during`."""
    p = positions.astype(np.float64)
    fade_in = np.sin(np.pi / 2 * np.clip((p - span.start) / max(1, span.fade_in), 0.0, 1.0))
    fade_out = np.cos(np.pi / 2 * np.clip((p - span.end) / max(1, span.fade_out), 0.0, 1.0))
    g = np.where((positions >= span.start) & (positions < span.stop), fade_in * fade_out, 0.0)
    if not len(positions):
        return g
    for v in span.overlapping(int(positions[0]), int(positions[-1])):
        if not ducks and v.kind == "duck":
            continue
        lo, hi = np.searchsorted(positions, [v.down_from, v.up_at])
        g[lo:hi] = np.minimum(g[lo:hi], _valley_gain(v, p[lo:hi]))
    return g


def lay_out(span: BedSpan, lengths: Sequence[int], crossfade: int) -> tuple[Piece, ...]:
    """The span's files played in order and looped to fill it, each joined to the next with a crossfade.

    `lengths` are the files' lengths in samples at the track's rate (each at least one crossfade); a join
    is shortened to half the shorter file so that no piece's two fades overlap.
    """
    pieces: list[Piece] = []
    at, before, i = span.start, 0, 0
    while at < span.stop:
        f = i % len(lengths)
        length, following = lengths[f], lengths[(i + 1) % len(lengths)]
        join = min(crossfade, length // 2, following // 2)
        pieces.append(Piece(f, at, length, before, join))
        at, before, i = at + length - join, join, i + 1
    return tuple(pieces)


def piece_gains(piece: Piece, positions: np.ndarray) -> np.ndarray:
    """A piece's crossfade gains at these track positions (inside the piece)."""
    local = (positions - piece.start).astype(np.float64)
    g = np.ones(len(positions))
    if piece.fade_in:
        g *= np.sin(np.pi / 2 * np.clip(local / piece.fade_in, 0.0, 1.0))
    if piece.fade_out:
        g *= np.cos(np.pi / 2 * np.clip((local - (piece.length - piece.fade_out)) / piece.fade_out, 0.0, 1.0))
    return g
