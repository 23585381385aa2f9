"""Render a timeline into PCM blocks, one block at a time (stage 5).

Memory does not grow with the track: a block is built from the few sounds that
overlap it, then handed on. The renderer knows nothing about exercises.
"""

from __future__ import annotations

from typing import Iterator, Mapping

import numpy as np

from .audio import loudness
from .audio.bed import BedMix
from .audio.clips import Clip
from .audio.guard import guarded
from .settings import DEFAULTS
from .sounds import SoundKey
from .timeline.schedule import Timeline

AUDIO = DEFAULTS.audio


def track_gain_db(
    timeline: Timeline, clips: Mapping[SoundKey, Clip], after_db: float = 0.0, bed: BedMix | None = None
) -> float:
    """The gain that brings the placed clips to the target loudness, capped so no true peak passes the ceiling.

    Clips are already levelled one by one; this corrects for the silence between
    short cues, which lowers a track's gated loudness a little. `after_db` is the
    gain that comes after this one (the encoder's), so the targets hold in the file.
    A music bed (already at its own level) adds its energy to the prediction (sounds over it add up in energy).
    """
    starts: dict[SoundKey, list[int]] = {}
    for event in timeline.events:
        starts.setdefault(event.sound, []).append(event.start)
    groups = ((clips[sound].energy, at) for sound, at in starts.items())
    if bed is not None:
        return _gain_with_bed(
            timeline, clips, after_db, bed, loudness.placed_block_energy(groups, timeline.length, timeline.sample_rate)
        )
    measured = loudness.placed_loudness(groups, timeline.length, timeline.sample_rate)
    if not np.isfinite(measured):
        return 0.0
    peak = max(clips[sound].true_peak_db for sound in starts)
    return min(AUDIO.target_lufs - measured, AUDIO.track_ceiling_dbtp - peak) - after_db


def _gain_with_bed(
    timeline: Timeline, clips: Mapping[SoundKey, Clip], after_db: float, bed: BedMix, voice: np.ndarray
) -> float:
    """The voice's gain with the bed (at its own level) under it: both together on the loudness target.

    The voice's own peaks cap it as without a bed, but for `limit_db` more: a sparse track, whose gated
    loudness counts the music's blocks, needs its voice a little louder, and the render's true-peak limiter
    (audio/guard.py) keeps voice and music together under the ceiling.
    """
    rate = timeline.sample_rate
    music = loudness.block_energy(bed.energy_per_bin(timeline.length), rate, len(voice))
    want = AUDIO.target_lufs - after_db
    alone = want - loudness.gated_loudness(voice, rate)
    if not np.isfinite(alone):
        return 0.0
    # The gated loudness rises with the voice's gain, but in steps where the gate passes the music's blocks
    # (a step of 3 LU in the seed's sparsest track): bisect, since a Newton step would jump between them.
    low, high = alone - 20.0, alone + 20.0
    for _ in range(40):
        gain = (low + high) / 2
        if loudness.gated_loudness(voice * 10 ** (gain / 10) + music, rate) < want:
            low = gain
        else:
            high = gain
    gain = (low + high) / 2
    peak = max(clips[event.sound].true_peak_db for event in timeline.events)
    return float(min(gain, AUDIO.track_ceiling_dbtp - peak - after_db + DEFAULTS.music.limit_db))


def render_blocks(
    timeline: Timeline,
    clips: Mapping[SoundKey, Clip],
    gain_db: float = 0.0,
    block: int = AUDIO.block,
    bed: BedMix | None = None,
    after_db: float = 0.0,
) -> Iterator[np.ndarray]:
    """Yield the track as float32 mono blocks (full scale 1.0), clips scaled by gain_db; timeline.length samples.

    A music bed, at its own level, is read block by block as it plays and mixed under the clips; where
    the two together would pass the true-peak ceiling (`after_db` is the encoder's gain), they are limited.
    """
    voice = _voice_blocks(timeline, clips, gain_db, block)
    if bed is None:
        return voice
    pairs = ((v, bed.read(start, start + len(v))) for start, v in zip(range(0, timeline.length, block), voice))
    return guarded(pairs, 10 ** ((AUDIO.track_ceiling_dbtp - after_db) / 20))


def _voice_blocks(
    timeline: Timeline, clips: Mapping[SoundKey, Clip], gain_db: float, block: int
) -> Iterator[np.ndarray]:
    """The clips alone, block by block."""
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
