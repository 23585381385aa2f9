"""Band-limited resampling in the frequency domain, with K-weighting done in the same transform."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from . import loudness


def _fast_length(n: int, multiple: int) -> int:
    """The smallest `multiple` x 2**k or x 3 * 2**k at or above n: fast transform sizes, few enough to cache."""
    size = 1
    while size * multiple < n:
        size *= 2
    three = 3 * size // 4
    return (three if three * multiple >= n and size >= 4 else size) * multiple


def _spectra(x: np.ndarray, rate: int, target: int) -> tuple[np.ndarray, int, np.ndarray, int, int, int]:
    """x's spectrum (transform size n) and the same spectrum resized for the target rate (size n_out).

    Returns (spectrum, n, resized, n_out, first sample at the target rate, length at the target rate).
    """
    ratio = Fraction(target, rate)
    pad = ratio.denominator * -(-512 // ratio.denominator)  # a whole number of samples at both rates
    # room for the K-weighting filter's tail; sizes that give whole samples at both rates
    n = _fast_length(len(x) + 2 * pad + rate // 10, ratio.denominator)
    n_out = n * ratio.numerator // ratio.denominator
    spectrum = np.fft.rfft(np.pad(x.astype(np.float32), (pad, n - len(x) - pad)))
    resized = np.zeros(n_out // 2 + 1, dtype=spectrum.dtype)
    keep = min(len(spectrum), len(resized))
    resized[:keep] = spectrum[:keep] * np.float32(n_out / n)
    return spectrum, n, resized, n_out, pad * ratio.numerator // ratio.denominator, round(len(x) * ratio)


def resample(x: np.ndarray, rate: int, target: int) -> np.ndarray:
    """x at the target rate by band-limited (ideal sinc) interpolation in the frequency domain; exact length.

    The clip is padded with silence so the transform's wrap-around never touches it.
    """
    if rate == target or not len(x):
        return x.astype(np.float32)
    _, _, resized, n_out, start, length = _spectra(x, rate, target)
    return np.fft.irfft(resized, n_out)[start : start + length].astype(np.float32)


def resample_weighted(x: np.ndarray, rate: int, target: int) -> tuple[np.ndarray, np.ndarray, int]:
    """x at the target rate, and x K-weighted (at the source rate when energy bins fit it: half the work).

    Returns (x at the target rate, K-weighted x, the K-weighted signal's rate).
    """
    spectrum, n, resized, n_out, start, length = _spectra(x, rate, target)
    y = np.fft.irfft(resized, n_out)[start : start + length].astype(np.float32)
    if loudness.bin_fits(rate):
        source_start = start * rate // target
        k = np.fft.irfft(spectrum * loudness.k_response(n, rate).astype(spectrum.dtype), n)
        return y, k[source_start : source_start + len(x)], rate
    k = np.fft.irfft(resized * loudness.k_response(n_out, target).astype(resized.dtype), n_out)
    return y, k[start : start + length], target
