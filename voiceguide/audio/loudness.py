"""Loudness (ITU-R BS.1770 / EBU R128) and true peak, with numpy, sized for clips.

Clips are short, so K-weighting is applied in the frequency domain (the two
biquads' exact response at every FFT bin) instead of sample by sample. A
track's loudness is predicted from its clips' energy and their places in the
timeline, so the track never has to be rendered twice.
"""

from __future__ import annotations

import functools
from typing import Iterable, Sequence

import numpy as np

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
BLOCK_S = 0.4
STEP_S = 0.1
BIN_S = 0.02
"""Seconds per energy bin kept with each clip (882 samples at 44.1 kHz, 441 at 22.05 kHz)."""


def _biquad_response(
    b: tuple[float, float, float], a: tuple[float, float, float], z1: np.ndarray, z2: np.ndarray
) -> np.ndarray:
    return (b[0] + b[1] * z1 + b[2] * z2) / (a[0] + a[1] * z1 + a[2] * z2)


@functools.lru_cache(maxsize=64)
def k_response(n_fft: int, rate: int) -> np.ndarray:
    """The K-weighting filter's complex response at the rfft bins (BS.1770 stage 1 and 2)."""
    w = 2 * np.pi * np.fft.rfftfreq(n_fft, 1.0 / rate) / rate
    z1 = np.exp(-1j * w)
    z2 = z1 * z1
    # The filters' analog parameters, bilinear-transformed for this rate (as libebur128 does);
    # at 48 kHz they give BS.1770's published coefficients.
    # Stage 1: high shelf, about +4 dB above 1.7 kHz (the head's acoustic effect).
    k = np.tan(np.pi * 1681.974450955533 / rate)
    q = 0.7071752369554196
    vh = 10 ** (3.999843853973347 / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf_b = ((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0)
    shelf_a = (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    # Stage 2: the RLB high pass at about 38 Hz.
    k = np.tan(np.pi * 38.13547087602444 / rate)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    hp_b = (1.0, -2.0, 1.0)
    hp_a = (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    return _biquad_response(shelf_b, shelf_a, z1, z2) * _biquad_response(hp_b, hp_a, z1, z2)


def k_weighted(x: np.ndarray, rate: int) -> np.ndarray:
    """The K-weighted signal (same length as x; x is padded so the filter's tail does not wrap)."""
    n_fft = 1 << int(np.ceil(np.log2(len(x) + rate // 10)))
    spectrum = np.fft.rfft(x.astype(np.float64), n_fft) * k_response(n_fft, rate)
    return np.fft.irfft(spectrum, n_fft)[: len(x)]


def _gated(z: np.ndarray) -> float:
    """Integrated loudness from block mean squares, with BS.1770's absolute and relative gates."""
    with np.errstate(divide="ignore"):
        z = z[-0.691 + 10 * np.log10(z) > ABSOLUTE_GATE_LUFS]
        if not len(z):
            return float("-inf")
        relative = -0.691 + 10 * np.log10(z.mean()) + RELATIVE_GATE_LU
        z = z[-0.691 + 10 * np.log10(z) > relative]
    return float(-0.691 + 10 * np.log10(z.mean()))


def loudness_of_weighted(y: np.ndarray, rate: int) -> float:
    """Integrated loudness of an already K-weighted signal."""
    block, step = int(BLOCK_S * rate), int(STEP_S * rate)
    if len(y) < block:
        y = np.pad(y, (0, block - len(y)))
    squares = np.concatenate(([0.0], np.cumsum(y * y)))
    starts = np.arange(0, len(y) - block + 1, step)
    return _gated((squares[starts + block] - squares[starts]) / block)


def integrated_loudness(x: np.ndarray, rate: int) -> float:
    """Gated integrated loudness in LUFS of a mono float signal (full scale 1.0); -inf for silence."""
    return loudness_of_weighted(k_weighted(x, rate), rate)


@functools.lru_cache(maxsize=4)
def _interpolator(factor: int = 4, taps: int = 32) -> np.ndarray:
    """Windowed-sinc weights for the values between samples at 1/factor steps: shape (factor-1, taps)."""
    k = np.arange(-taps // 2 + 1, taps // 2 + 1)
    rows = []
    for phase in range(1, factor):
        t = k - phase / factor
        rows.append(np.sinc(t) * np.kaiser(taps, 8.0))
    return np.array(rows)


def true_peak_db(x: np.ndarray) -> float:
    """True peak in dBTP by 4x band-limited interpolation around the loudest samples; -inf for silence.

    Inter-sample peaks sit next to large samples, so only the neighbourhoods of
    the largest samples are interpolated (32-tap windowed sinc), which keeps
    this cheap for every clip.
    """
    if not len(x):
        return float("-inf")
    magnitude = np.abs(x)
    peak = float(magnitude.max())
    if peak <= 0:
        return float("-inf")
    weights = _interpolator()
    taps = weights.shape[1]
    candidates = np.flatnonzero(magnitude >= peak * 0.7)
    if len(candidates) > 512:  # the 512 largest samples are where any inter-sample peak can top them
        candidates = candidates[np.argpartition(magnitude[candidates], -512)[-512:]]
    padded = np.pad(x.astype(np.float64), taps)
    for offset in (-1, 0):  # between i-1 and i, and between i and i+1
        starts = candidates + offset + taps - taps // 2 + 1
        windows = padded[starts[:, None] + np.arange(taps)[None, :]]
        peak = max(peak, float(np.abs(windows @ weights.T).max()))
    return 20 * np.log10(peak)


def bin_fits(rate: int) -> bool:
    """Whether an energy bin is a whole number of samples at this rate."""
    return abs(BIN_S * rate - round(BIN_S * rate)) < 1e-9


def energy_bins(y: np.ndarray, rate: int, track_rate: int) -> np.ndarray:
    """y's K-weighted energy per bin, cumulated with a leading 0, as it will be at the track's rate."""
    size = round(BIN_S * rate)
    n = -(-len(y) // size) * size
    y = y.astype(np.float64)
    per_bin = np.pad(y * y, (0, n - len(y))).reshape(-1, size).sum(axis=1) * (track_rate / rate)
    return np.concatenate(([0.0], np.cumsum(per_bin)))


def placed_loudness(groups: Iterable[tuple[np.ndarray, Sequence[int]]], length: int, rate: int) -> float:
    """Integrated loudness of a track of non-overlapping sounds at sample offsets, without rendering it.

    Each group is (a sound's cumulative energy bins from `energy_bins`, the
    offsets where it starts). The 400 ms blocks every 100 ms are summed from the
    bins (to within half a bin at each block's edges), then gated as BS.1770 does.
    """
    return gated_loudness(placed_block_energy(groups, length, rate), rate)


def gated_loudness(energy: np.ndarray, rate: int) -> float:
    """Integrated loudness from the K-weighted energy of each 400 ms block (every 100 ms)."""
    return _gated(energy / int(BLOCK_S * rate))


def block_energy(per_bin: np.ndarray, rate: int, n_blocks: int) -> np.ndarray:
    """The energy of each 400 ms block (every 100 ms) from energy per bin starting at sample 0."""
    block, step, bin_size = int(BLOCK_S * rate), int(STEP_S * rate), round(BIN_S * rate)
    cum = np.concatenate(([0.0], np.cumsum(per_bin)))
    starts = np.arange(n_blocks) * step
    lo = np.clip(np.round(starts / bin_size).astype(int), 0, len(cum) - 1)
    hi = np.clip(np.round((starts + block) / bin_size).astype(int), 0, len(cum) - 1)
    return np.asarray(cum[hi] - cum[lo])


def block_count(length: int, rate: int) -> int:
    """How many 400 ms blocks (every 100 ms) a track of this length is measured in."""
    return max(1, (length - int(BLOCK_S * rate)) // int(STEP_S * rate) + 1)


def placed_block_energy(groups: Iterable[tuple[np.ndarray, Sequence[int]]], length: int, rate: int) -> np.ndarray:
    """The K-weighted energy of each 400 ms block of a track of non-overlapping sounds (see placed_loudness)."""
    block, step, bin_size = int(BLOCK_S * rate), int(STEP_S * rate), round(BIN_S * rate)
    n_blocks = block_count(length, rate)
    energy = np.zeros(n_blocks)
    for cum, starts in groups:
        size = (len(cum) - 1) * bin_size
        for start in starts:
            first = max(0, -(-(start - block + 1) // step))
            last = min(n_blocks - 1, (start + size - 1) // step)
            if last < first:
                continue
            b = np.arange(first, last + 1)
            lo = np.clip(np.round((b * step - start) / bin_size).astype(int), 0, len(cum) - 1)
            hi = np.clip(np.round((b * step + block - start) / bin_size).astype(int), 0, len(cum) - 1)
            energy[first : last + 1] += cum[hi] - cum[lo]
    return energy


class BlockMeter:
    """K-weighted energy per bin and true peak of a long signal given block by block (flat memory).

    K-weighting is done in the frequency domain by overlap-save: each block is filtered with
    `HISTORY` samples of the signal before it, which the filter's response has long forgotten.
    """

    HISTORY = 8192

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.bin = round(BIN_S * rate)
        self.history = np.zeros(self.HISTORY)
        self.carry = np.zeros(0)
        self.bins: list[np.ndarray] = []
        self.peak_db = float("-inf")

    def add(self, x: np.ndarray) -> None:
        """Measure the next block."""
        if not len(x):
            return
        buf = np.concatenate((self.history, x.astype(np.float64)))
        n_fft = 1 << int(np.ceil(np.log2(len(buf))))
        y = np.fft.irfft(np.fft.rfft(buf, n_fft) * k_response(n_fft, self.rate), n_fft)[self.HISTORY : len(buf)]
        self.history = buf[-self.HISTORY :]
        squares = np.concatenate((self.carry, y * y))
        whole = len(squares) // self.bin * self.bin
        self.bins.append(squares[:whole].reshape(-1, self.bin).sum(axis=1))
        self.carry = squares[whole:]
        self.peak_db = max(self.peak_db, true_peak_db(x))

    def per_bin(self) -> np.ndarray:
        """Energy per bin so far (a last partial bin included)."""
        return np.concatenate([*self.bins, [self.carry.sum()] if len(self.carry) else []])


def loudness_of_bins(per_bin: np.ndarray, rate: int) -> float:
    """Integrated loudness of a signal from its K-weighted energy per bin (see BlockMeter)."""
    length = len(per_bin) * round(BIN_S * rate)
    return gated_loudness(block_energy(per_bin, rate, block_count(length, rate)), rate)
