"""A true-peak guard for the music bed: where voice and music together would pass the ceiling, the music gives way.

The voice alone is already under the ceiling (the track's gain is capped for it), so turning the bed
down at the few places where a music peak meets a voice peak always fits, and the voice is never touched.
The bed's gain there is the least any nearby inter-sample peak needs, held and smoothed so it never
clicks; the blocks are guarded with their neighbours' samples as context, one block behind the render.
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


def bed_gains(voice: np.ndarray, bed: np.ndarray, ceiling: float) -> np.ndarray:
    """The bed's gain per sample (1 almost everywhere) so that no true peak of voice + bed passes `ceiling`."""
    n = len(voice)
    near = np.flatnonzero(np.abs(voice + bed) > ceiling * 0.7)
    if not len(near):
        return np.ones(n)
    v, b = _points(voice, near), _points(bed, near)
    over = np.abs(v + b) > ceiling
    need = np.where(over, np.clip((ceiling - np.abs(v)) / np.maximum(np.abs(b), 1e-12), 0.0, 1.0), 1.0).min(axis=1)
    if need.min() >= 1.0:
        return np.ones(n)
    required = np.ones(n)
    np.minimum.at(required, near, need)
    reach = HOLD + TAPS // 2  # the interpolation at a point uses the bed's samples this far either side
    held = sliding_window_view(np.pad(required, reach, constant_values=1.0), 2 * reach + 1).min(axis=1)
    smooth = sliding_window_view(np.pad(held, HOLD, mode="edge"), 2 * HOLD + 1).mean(axis=1)
    return np.asarray(smooth)


def guarded(pairs: Iterable[tuple[np.ndarray, np.ndarray]], ceiling: float) -> Iterator[np.ndarray]:
    """Voice + bed, block by block (one block behind), with the bed turned down where the sum would pass `ceiling`."""
    before_v = before_b = np.zeros(0, dtype=np.float32)
    held: tuple[np.ndarray, np.ndarray] | None = None
    end = (np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32))
    for voice, bed in itertools.chain(pairs, [end]):
        if held is not None:
            v, b = held
            context_v = np.concatenate((before_v, v, voice[:CONTEXT]))
            context_b = np.concatenate((before_b, b, bed[:CONTEXT]))
            gains = bed_gains(context_v, context_b, ceiling)[len(before_v) : len(before_v) + len(v)]
            yield (v + b * gains).astype(np.float32)
            before_v, before_b = v[-CONTEXT:], b[-CONTEXT:]
        held = (voice, bed) if len(voice) else None
