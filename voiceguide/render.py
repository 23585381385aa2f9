"""Render a timeline into PCM blocks, one block at a time (stage 5).

Memory does not grow with the track: a block is built from the few sounds that
overlap it, then handed on. The renderer knows nothing about exercises.
"""

from __future__ import annotations

from typing import Iterator, Mapping

import numpy as np

from .audio import loudness
from .audio.clips import Clip
from .settings import DEFAULTS
from .sounds import SoundKey
from .timeline.schedule import Timeline

AUDIO = DEFAULTS.audio


def track_gain_db(timeline: Timeline, clips: Mapping[SoundKey, Clip], after_db: float = 0.0) -> float:
    """The gain that brings the placed clips to the target loudness, capped so no true peak passes the ceiling.

    Clips are already levelled one by one; this corrects for the silence between
    short cues, which lowers a track's gated loudness a little. `after_db` is the
    gain that comes after this one (the encoder's), so the targets hold in the file.
    """
    starts: dict[SoundKey, list[int]] = {}
    for event in timeline.events:
        starts.setdefault(event.sound, []).append(event.start)
    groups = ((clips[sound].energy, at) for sound, at in starts.items())
    measured = loudness.placed_loudness(groups, timeline.length, timeline.sample_rate)
    if not np.isfinite(measured):
        return 0.0
    peak = max(clips[sound].true_peak_db for sound in starts)
    return min(AUDIO.target_lufs - measured, AUDIO.track_ceiling_dbtp - peak) - after_db


def render_blocks(
    timeline: Timeline, clips: Mapping[SoundKey, Clip], gain_db: float = 0.0, block: int = AUDIO.block
) -> Iterator[np.ndarray]:
    """Yield the track as float32 mono blocks (full scale 1.0), clips scaled by gain_db; timeline.length samples."""
    events = timeline.events  # sorted by start, never overlapping
    first = 0
    scale = np.float32(10 ** (gain_db / 20) / 32768)
    for block_start in range(0, timeline.length, block):
        block_end = min(block_start + block, timeline.length)
        out = np.zeros(block_end - block_start, dtype=np.float32)
        while first < len(events) and events[first].end <= block_start:
            first += 1
        i = first
        while i < len(events) and events[i].start < block_end:
            event = events[i]
            pcm = clips[event.sound].pcm
            lo, hi = max(event.start, block_start), min(event.end, block_end)
            out[lo - block_start : hi - block_start] += pcm[lo - event.start : hi - event.start] * scale
            i += 1
        yield out
