"""Loudness (ITU-R BS.1770 / EBU R128) and true peak of a clip, with numpy.

Clips are short, so K-weighting is applied in the frequency domain (the two
biquads' exact response at every FFT bin) instead of sample by sample.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
BLOCK_S = 0.4
STEP_S = 0.1


def _biquad_response(b: tuple[float, float, float], a: tuple[float, float, float], w: np.ndarray) -> np.ndarray:
    z1 = np.exp(-1j * w)
    z2 = z1 * z1
    return (b[0] + b[1] * z1 + b[2] * z2) / (a[0] + a[1] * z1 + a[2] * z2)


def _k_weighting(n_fft: int, rate: int) -> np.ndarray:
    """The K-weighting filter's complex response at the rfft bins (BS.1770 stage 1 and 2)."""
    w = 2 * np.pi * np.fft.rfftfreq(n_fft, 1.0 / rate) / rate
    # Stage 1: high shelf, +4 dB above ~1.7 kHz (the head's acoustic effect).
    gain_db, q, fc = 3.99984385397, 0.7071752369554193, 1681.9744509555319
    big_a = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * fc / rate
    alpha = np.sin(w0) / (2 * q)
    cos_w0, sqrt_a = np.cos(w0), np.sqrt(big_a)
    shelf_b = (
        big_a * ((big_a + 1) + (big_a - 1) * cos_w0 + 2 * sqrt_a * alpha),
        -2 * big_a * ((big_a - 1) + (big_a + 1) * cos_w0),
        big_a * ((big_a + 1) + (big_a - 1) * cos_w0 - 2 * sqrt_a * alpha),
    )
    shelf_a = (
        (big_a + 1) - (big_a - 1) * cos_w0 + 2 * sqrt_a * alpha,
        2 * ((big_a - 1) - (big_a + 1) * cos_w0),
        (big_a + 1) - (big_a - 1) * cos_w0 - 2 * sqrt_a * alpha,
    )
    # Stage 2: the RLB high pass at ~38 Hz.
    q, fc = 0.5003270373253953, 38.13547087613982
    w0 = 2 * np.pi * fc / rate
    alpha = np.sin(w0) / (2 * q)
    cos_w0 = np.cos(w0)
    hp_b = ((1 + cos_w0) / 2, -(1 + cos_w0), (1 + cos_w0) / 2)
    hp_a = (1 + alpha, -2 * cos_w0, 1 - alpha)
    return _biquad_response(shelf_b, shelf_a, w) * _biquad_response(hp_b, hp_a, w)


def k_weighted(x: np.ndarray, rate: int) -> np.ndarray:
    """The K-weighted signal (same length as x; x is padded so the filter's tail does not wrap)."""
    pad = int(0.5 * rate)
    n_fft = 1 << int(np.ceil(np.log2(len(x) + pad)))
    spectrum = np.fft.rfft(x.astype(np.float64), n_fft) * _k_weighting(n_fft, rate)
    return np.fft.irfft(spectrum, n_fft)[: len(x)]


def integrated_loudness(x: np.ndarray, rate: int) -> float:
    """Gated integrated loudness in LUFS of a mono float signal (full scale 1.0); -inf for silence."""
    y = k_weighted(x, rate)
    block, step = int(BLOCK_S * rate), int(STEP_S * rate)
    if len(y) < block:
        y = np.pad(y, (0, block - len(y)))
    squares = np.concatenate(([0.0], np.cumsum(y * y)))
    starts = np.arange(0, len(y) - block + 1, step)
    z = (squares[starts + block] - squares[starts]) / block
    with np.errstate(divide="ignore"):
        lk = -0.691 + 10 * np.log10(z)
    z = z[lk > ABSOLUTE_GATE_LUFS]
    if not len(z):
        return float("-inf")
    relative = -0.691 + 10 * np.log10(z.mean()) + RELATIVE_GATE_LU
    with np.errstate(divide="ignore"):
        z = z[-0.691 + 10 * np.log10(z) > relative]
    return float(-0.691 + 10 * np.log10(z.mean()))


def true_peak_db(x: np.ndarray) -> float:
    """True peak in dBTP by 4x band-limited oversampling; -inf for silence."""
    if not len(x):
        return float("-inf")
    n = 1 << int(np.ceil(np.log2(len(x) + 64)))
    spectrum = np.fft.rfft(x.astype(np.float64), n)
    up = np.fft.irfft(spectrum, 4 * n) * 4
    peak = max(float(np.max(np.abs(up))), float(np.max(np.abs(x))))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def level(x: np.ndarray, rate: int, target_lufs: float, ceiling_dbtp: float) -> np.ndarray:
    """x scaled to target_lufs (measured with silence around it, as in the track), its true peak kept under the ceiling."""
    pad = np.zeros(int(BLOCK_S * rate), dtype=x.dtype)
    loudness = integrated_loudness(np.concatenate((pad, x, pad)), rate)
    if not np.isfinite(loudness):
        return x
    y = x * 10 ** ((target_lufs - loudness) / 20)
    peak = true_peak_db(y)
    if peak > ceiling_dbtp:
        y = y * 10 ** ((ceiling_dbtp - peak) / 20)
    return y.astype(np.float32)


def placed_loudness(groups: Iterable[tuple[np.ndarray, Sequence[int]]], length: int, rate: int) -> float:
    """Integrated loudness of a track made of non-overlapping sounds at sample offsets, without rendering it.

    Each group is (a sound as float samples, the offsets where it starts). Blocks of
    400 ms every 100 ms are summed from each sound's cumulative K-weighted energy,
    then gated as BS.1770 does, so the track's loudness is known before a single
    block is mixed. One sound's energy is held at a time.
    """
    block, step = int(BLOCK_S * rate), int(STEP_S * rate)
    n_blocks = max(1, (length - block) // step + 1)
    energy = np.zeros(n_blocks)
    for sound, starts in groups:
        y = k_weighted(sound, rate)
        cum = np.concatenate(([0.0], np.cumsum(y * y)))
        for start in starts:
            end = start + len(sound)
            first = max(0, -(-(start - block + 1) // step))
            last = min(n_blocks - 1, (end - 1) // step)
            if last < first:
                continue
            b = np.arange(first, last + 1)
            lo = np.clip(b * step - start, 0, len(sound))
            hi = np.clip(b * step + block - start, 0, len(sound))
            energy[first : last + 1] += cum[hi] - cum[lo]
    z = energy / block
    with np.errstate(divide="ignore"):
        lk = -0.691 + 10 * np.log10(z)
    z = z[lk > ABSOLUTE_GATE_LUFS]
    if not len(z):
        return float("-inf")
    relative = -0.691 + 10 * np.log10(z.mean()) + RELATIVE_GATE_LU
    with np.errstate(divide="ignore"):
        z = z[-0.691 + 10 * np.log10(z) > relative]
    return float(-0.691 + 10 * np.log10(z.mean()))
