"""A true-peak limiter for a track with music: where voice and music together would pass the ceiling, both give way.

With music under it, a track's gated loudness counts the music's blocks, so a sparse track needs its
voice a little louder to stay on target (the seed's sparsest, 0.8 dB) and a music peak can meet a
voice peak. The gain at such a place is the least any nearby inter-sample peak needs, held and smoothed
so it never clicks; blocks are limited with their neighbours' samples as context, one block behind the
render. Nothing is touched where the track is under the ceiling: almost everywhere.
"""

from __future__ import annotations

import itertools
from typing import Iterable, Iterator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import loudness

HOLD = 64
"""Samples the gain is held down either side of the point that needs it, and smoothed over."""
TAPS = 32
CONTEXT = 2 * HOLD + 2 * TAPS
"""Samples of the neighbouring blocks a block's guard looks at."""


def _points(x: np.ndarray, at: np.ndarray) -> np.ndarray:
    """x at each index and at the 4x-interpolated points on both sides of it: shape (len(at), 7)."""
    weights = loudness._interpolator(4, TAPS)
    padded = np.pad(x.astype(np.float64), TAPS)
    columns = [padded[at + TAPS][:, None]]
    for offset in (-1, 0):
        starts = at + offset + TAPS - TAPS // 2 + 1
        windows = padded[starts[:, None] + np.arange(TAPS)[None, :]]
        columns.append(windows @ weights.T)
    return np.concatenate(columns, axis=1)


def peak_gains(x: np.ndarray, ceiling: float) -> np.ndarray:
    """The gain per sample (1 almost everywhere) that keeps every true peak of x under `ceiling`."""
    n = len(x)
    near = np.flatnonzero(np.abs(x) > ceiling * 0.7)
    if not len(near):
        return np.ones(n)
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(_points(x, near)), 1e-12)).min(axis=1)
    if need.min() >= 1.0:
        return np.ones(n)
    required = np.ones(n)
    np.minimum.at(required, near, need)
    reach = HOLD + TAPS // 2  # the interpolation at a point uses the samples this far either side
    held = sliding_window_view(np.pad(required, reach, constant_values=1.0), 2 * reach + 1).min(axis=1)
    smooth = sliding_window_view(np.pad(held, HOLD, mode="edge"), 2 * HOLD + 1).mean(axis=1)
    return np.asarray(smooth)


def guarded(pairs: Iterable[tuple[np.ndarray, np.ndarray]], ceiling: float) -> Iterator[np.ndarray]:
    """Voice + bed, block by block (one block behind), limited where the sum would pass `ceiling`."""
    before = np.zeros(0, dtype=np.float32)
    held: np.ndarray | None = None
    for voice, bed in itertools.chain(pairs, [(np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32))]):
        mixed = (voice + bed).astype(np.float32)
        if held is not None:
            context = np.concatenate((before, held, mixed[:CONTEXT]))
            gains = peak_gains(context, ceiling)[len(before) : len(before) + len(held)]
            yield (held * gains).astype(np.float32)
            before = held[-CONTEXT:]
        held = mixed if len(mixed) else None
