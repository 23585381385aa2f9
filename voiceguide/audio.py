"""Clip-sized audio work: trim, resample, compress and level speech and beeps before mixing."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from . import loudness
from .parts import need

TRACK_RATE = 44100
"""Every track is mono 44.1 kHz."""
TARGET_LUFS = -16.0
"""Integrated loudness of every clip, and so of every track (spoken audio on phones)."""
CEILING_DBTP = -3.0
"""True-peak ceiling of a levelled clip."""
TRACK_CEILING_DBTP = -2.5
"""True-peak ceiling of the track going into the encoder. MP3 raises true peaks (by up to 0.8 dB in seed tracks at
96 kbps), so 1.5 dB are kept below the -1 dBTP that phones expect in the file."""
SILENCE_DBFS = -55.0
"""Below this, an engine's leading and trailing samples count as silence and are trimmed."""


@dataclass(frozen=True, eq=False)
class Clip:
    """A sound ready to mix: mono int16 PCM at the track's rate, levelled."""

    text: str
    """The spoken text, or the beep's name."""
    pcm: np.ndarray = field(repr=False)
    true_peak_db: float = float("-inf")
    """The clip's true peak in dBTP (it limits how far the track's gain may go up)."""
    energy: np.ndarray = field(default_factory=lambda: np.zeros(1), repr=False)
    """Cumulative K-weighted energy in 10 ms bins (loudness.energy_bins), to predict the track's loudness."""
    sample_rate: int = TRACK_RATE
    sample_width: int = 2
    channels: int = 1

    @property
    def length(self) -> int:
        """Length in samples."""
        return len(self.pcm)


def read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """WAV bytes as mono int16 samples and their rate (stdlib wave to read, pydub to convert); wave.Error or EOFError when unreadable.

    pydub's own file reader falls back to ffmpeg for WAVs it cannot parse, and
    voiceguide must never need ffmpeg, so the container is read here.
    """
    import io
    import wave

    with wave.open(io.BytesIO(data)) as w:
        channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        frames = w.readframes(w.getnframes())
    segment = need("pydub").AudioSegment(data=frames, sample_width=width, frame_rate=rate, channels=channels)
    segment = segment.set_channels(1).set_sample_width(2)
    return np.frombuffer(segment.raw_data, dtype=np.int16).copy(), rate


def trim_silence(x: np.ndarray, threshold_dbfs: float = SILENCE_DBFS) -> np.ndarray:
    """x without its leading and trailing samples below the threshold (so a cue starts where speech does)."""
    loud = np.flatnonzero(np.abs(x) > 10 ** (threshold_dbfs / 20))
    if not len(loud):
        return x[:0]
    return x[loud[0] : loud[-1] + 1]


def _fast_length(n: int, multiple: int) -> int:
    """The smallest `multiple` x 2**k or x 3 * 2**k at or above n: fast transform sizes, few enough to cache filters for."""
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


def resample(x: np.ndarray, rate: int, target: int = TRACK_RATE) -> np.ndarray:
    """x at the target rate by band-limited (ideal sinc) interpolation in the frequency domain; exact length.

    The clip is padded with silence so the transform's wrap-around never touches it.
    """
    if rate == target or not len(x):
        return x.astype(np.float32)
    _, _, resized, n_out, start, length = _spectra(x, rate, target)
    return np.fft.irfft(resized, n_out)[start : start + length].astype(np.float32)


def resample_weighted(x: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray, int]:
    """x at the track's rate, and x K-weighted (at the source rate when energy bins fit it: half the work).

    Returns (x at the track rate, K-weighted x, the K-weighted signal's rate).
    """
    spectrum, n, resized, n_out, start, length = _spectra(x, rate, TRACK_RATE)
    y = np.fft.irfft(resized, n_out)[start : start + length].astype(np.float32)
    if loudness.bin_fits(rate):
        source_start = start * rate // TRACK_RATE
        k = np.fft.irfft(spectrum * loudness.k_response(n, rate).astype(spectrum.dtype), n)
        return y, k[source_start : source_start + len(x)], rate
    k = np.fft.irfft(resized * loudness.k_response(n_out, TRACK_RATE).astype(resized.dtype), n_out)
    return y, k[start : start + length], TRACK_RATE


def _speech_dynamics(x: np.ndarray, rate: int) -> np.ndarray:
    """Gentle compression and limiting: an even voice that is loud on a phone speaker without clipping."""
    pb = need("pedalboard")
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak <= 0:
        return x
    board = pb.Pedalboard([pb.Compressor(threshold_db=-24, ratio=4, attack_ms=1, release_ms=60), pb.Limiter(threshold_db=-3, release_ms=50)])
    return board((x / peak * 0.9)[None, :].astype(np.float32), rate)[0]


def to_int16(x: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0) as int16, rounded and clipped."""
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)


def level_clip(name: str, x: np.ndarray, k: np.ndarray, k_rate: int) -> Clip:
    """x at the target loudness (measured with silence around it, as in a track), true peak under the ceiling.

    k is x K-weighted, at k_rate.
    """
    pad = np.zeros(int(loudness.BLOCK_S * k_rate))
    measured = loudness.loudness_of_weighted(np.concatenate((pad, k, pad)), k_rate)
    gain_db = TARGET_LUFS - measured if np.isfinite(measured) else 0.0
    peak = loudness.true_peak_db(x) + gain_db
    if peak > CEILING_DBTP:
        gain_db -= peak - CEILING_DBTP
        peak = CEILING_DBTP
    gain = 10 ** (gain_db / 20)
    return Clip(name, to_int16(x * gain), peak, loudness.energy_bins(k * gain, k_rate, TRACK_RATE))


def prepare_speech(text: str, pcm: np.ndarray, rate: int) -> Clip:
    """An engine's int16 output as a Clip: trimmed, resampled, compressed and levelled."""
    x = _speech_dynamics(trim_silence(pcm.astype(np.float32) / 32768.0), rate)
    return level_clip(text, *resample_weighted(x, rate))


def prepare_beep(name: str, pcm: np.ndarray, rate: int) -> Clip:
    """A beep as a Clip at the voice's loudness, never above it."""
    return level_clip(name, *resample_weighted(trim_silence(pcm.astype(np.float32) / 32768.0), rate))
