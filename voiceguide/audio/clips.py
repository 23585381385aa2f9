"""Clip-sized audio work: trim, compress and level speech and beeps before mixing."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..parts import need
from ..settings import DEFAULTS
from ..sounds import SoundKey
from . import loudness
from .resample import resample_weighted

AUDIO = DEFAULTS.audio


@dataclass(frozen=True, eq=False)
class Clip:
    """A sound ready to mix: mono int16 PCM at the track's rate, levelled."""

    key: SoundKey
    """Which sound this is."""
    pcm: np.ndarray = field(repr=False)
    true_peak_db: float = float("-inf")
    """The clip's true peak in dBTP (it limits how far the track's gain may go up)."""
    energy: np.ndarray = field(default_factory=lambda: np.zeros(1), repr=False)
    """Cumulative K-weighted energy in 10 ms bins (loudness.energy_bins), to predict the track's loudness."""
    sample_rate: int = AUDIO.track_rate
    sample_width: int = 2
    channels: int = 1

    @property
    def length(self) -> int:
        """Length in samples."""
        return len(self.pcm)


def trim_silence(x: np.ndarray, threshold_dbfs: float = AUDIO.silence_dbfs) -> np.ndarray:
    """x without its leading and trailing samples below the threshold (so a cue starts where speech does)."""
    loud = np.flatnonzero(np.abs(x) > 10 ** (threshold_dbfs / 20))
    if not len(loud):
        return x[:0]
    return x[loud[0] : loud[-1] + 1]


def _speech_dynamics(x: np.ndarray, rate: int) -> np.ndarray:
    """Gentle compression and limiting: an even voice that is loud on a phone speaker without clipping."""
    pb = need("pedalboard")
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak <= 0:
        return x
    threshold, ratio, attack, release = AUDIO.compressor
    limit, limit_release = AUDIO.limiter
    board = pb.Pedalboard(
        [
            pb.Compressor(threshold_db=threshold, ratio=ratio, attack_ms=attack, release_ms=release),
            pb.Limiter(threshold_db=limit, release_ms=limit_release),
        ]
    )
    return board((x / peak * 0.9)[None, :].astype(np.float32), rate)[0]


def to_int16(x: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0) as int16, rounded and clipped."""
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)


def level_clip(key: SoundKey, x: np.ndarray, k: np.ndarray, k_rate: int) -> Clip:
    """x at the target loudness (measured with silence around it, as in a track), true peak under the ceiling.

    k is x K-weighted, at k_rate.
    """
    pad = np.zeros(int(loudness.BLOCK_S * k_rate))
    measured = loudness.loudness_of_weighted(np.concatenate((pad, k, pad)), k_rate)
    gain_db = AUDIO.target_lufs - measured if np.isfinite(measured) else 0.0
    peak = loudness.true_peak_db(x) + gain_db
    if peak > AUDIO.clip_ceiling_dbtp:
        gain_db -= peak - AUDIO.clip_ceiling_dbtp
        peak = AUDIO.clip_ceiling_dbtp
    gain = 10 ** (gain_db / 20)
    return Clip(key, to_int16(x * gain), peak, loudness.energy_bins(k * gain, k_rate, AUDIO.track_rate))


def prepare_speech(key: SoundKey, pcm: np.ndarray, rate: int) -> Clip:
    """An engine's int16 output as a Clip: trimmed, resampled, compressed and levelled."""
    x = _speech_dynamics(trim_silence(pcm.astype(np.float32) / 32768.0), rate)
    return level_clip(key, *resample_weighted(x, rate, AUDIO.track_rate))


def prepare_beep(key: SoundKey, pcm: np.ndarray, rate: int) -> Clip:
    """A beep as a Clip at the voice's loudness, never above it."""
    return level_clip(key, *resample_weighted(trim_silence(pcm.astype(np.float32) / 32768.0), rate, AUDIO.track_rate))
