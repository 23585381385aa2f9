"""The loudness meter against BS.1770's reference signals, and the placed-loudness prediction."""

import numpy as np
import pytest

from voiceguide.audio import loudness

RATE = 44100


def sine(freq: float, seconds: float, amplitude: float = 1.0, phase: float = 0.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return amplitude * np.sin(2 * np.pi * freq * t + phase)


def test_full_scale_997_hz_sine_reads_minus_3_lufs() -> None:
    # BS.1770: a 0 dBFS 997 Hz sine in one channel measures -3.01 LKFS
    assert loudness.integrated_loudness(sine(997, 5), RATE) == pytest.approx(-3.01, abs=0.05)


def test_level_changes_move_loudness_one_for_one() -> None:
    assert loudness.integrated_loudness(sine(997, 5, 0.1), RATE) == pytest.approx(-23.01, abs=0.05)


def test_silence_is_minus_infinity() -> None:
    assert loudness.integrated_loudness(np.zeros(RATE * 2), RATE) == float("-inf")
    assert loudness.true_peak_db(np.zeros(100)) == float("-inf")


def test_true_peak_finds_the_peak_between_samples() -> None:
    # a sine at a quarter of the rate, sampled 45 degrees off its crests: samples reach 0.707, the wave 1.0
    x = sine(RATE / 4, 0.1, 1.0, np.pi / 4)
    assert 20 * np.log10(np.abs(x).max()) == pytest.approx(-3.01, abs=0.05)
    assert loudness.true_peak_db(x) == pytest.approx(0.0, abs=0.3)


def test_placed_loudness_predicts_the_rendered_track() -> None:
    rng = np.random.default_rng(7)
    sounds = [rng.standard_normal(int(RATE * d)) * a for d, a in [(0.3, 0.1), (2.0, 0.05), (0.6, 0.2)]]
    length = RATE * 40
    track = np.zeros(length)
    placements: dict[int, list[int]] = {0: [], 1: [], 2: []}
    at = RATE // 2
    for i in range(20):
        k = i % 3
        track[at : at + len(sounds[k])] = sounds[k]
        placements[k].append(at)
        at += len(sounds[k]) + int(RATE * (0.5 + 0.25 * (i % 5)))
    groups = [
        (loudness.energy_bins(loudness.k_weighted(s, RATE), RATE, RATE), placements[k]) for k, s in enumerate(sounds)
    ]
    assert loudness.placed_loudness(groups, length, RATE) == pytest.approx(
        loudness.integrated_loudness(track, RATE), abs=0.05
    )
