"""Clip-sized audio work: trim, resample, compress and level speech and beeps before mixing."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import loudness

TRACK_RATE = 44100
"""Every track is mono 44.1 kHz."""
TARGET_LUFS = -16.0
"""Integrated loudness of every clip, and so of every track (spoken audio on phones)."""
CEILING_DBTP = -2.5
"""True-peak ceiling of a levelled clip."""
TRACK_CEILING_DBTP = -1.4
"""True-peak ceiling of the mixed track before encoding; MP3 adds a few tenths of a dB, the file stays under -1 dBTP."""
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
    sample_rate: int = TRACK_RATE
    sample_width: int = 2
    channels: int = 1

    @property
    def length(self) -> int:
        """Length in samples."""
        return len(self.pcm)


def trim_silence(x: np.ndarray, threshold_dbfs: float = SILENCE_DBFS) -> np.ndarray:
    """x without its leading and trailing samples below the threshold (so a cue starts where speech does)."""
    loud = np.flatnonzero(np.abs(x) > 10 ** (threshold_dbfs / 20))
    if not len(loud):
        return x[:0]
    return x[loud[0] : loud[-1] + 1]


def resample(x: np.ndarray, rate: int, target: int = TRACK_RATE) -> np.ndarray:
    """x at the target rate, through pedalboard's windowed-sinc stream resampler; exact length."""
    if rate == target:
        return x
    from pedalboard.io import StreamResampler

    resampler = StreamResampler(rate, target, 1)
    y = np.concatenate((resampler.process(x[None, :].astype(np.float32))[0], resampler.process(None)[0]))
    want = round(len(x) * target / rate)
    return y[:want] if len(y) >= want else np.pad(y, (0, want - len(y)))


def _speech_dynamics(x: np.ndarray, rate: int) -> np.ndarray:
    """Gentle compression and limiting: an even voice that is loud on a phone speaker without clipping."""
    from pedalboard import Compressor, Limiter, Pedalboard

    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak <= 0:
        return x
    board = Pedalboard([Compressor(threshold_db=-24, ratio=4, attack_ms=1, release_ms=60), Limiter(threshold_db=-3, release_ms=50)])
    return board((x / peak * 0.9)[None, :].astype(np.float32), rate)[0]


def to_int16(x: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0) as int16, rounded and clipped."""
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)


def prepare_speech(text: str, pcm: np.ndarray, rate: int) -> Clip:
    """An engine's int16 output as a Clip: trimmed, resampled, compressed and levelled."""
    x = trim_silence(pcm.astype(np.float32) / 32768.0)
    x = resample(x, rate)
    x = _speech_dynamics(x, TRACK_RATE)
    x = trim_silence(loudness.level(x, TRACK_RATE, TARGET_LUFS, CEILING_DBTP))
    return Clip(text, to_int16(x), loudness.true_peak_db(x))


def prepare_beep(name: str, pcm: np.ndarray, rate: int) -> Clip:
    """A beep as a Clip at the voice's loudness, never above it."""
    x = resample(trim_silence(pcm.astype(np.float32) / 32768.0), rate)
    x = loudness.level(x, TRACK_RATE, TARGET_LUFS, CEILING_DBTP)
    return Clip(name, to_int16(x), loudness.true_peak_db(x))
