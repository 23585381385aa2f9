"""What the stand-in drivers say: one tone burst per word, so every clip's length is known to the sample."""

from __future__ import annotations

import math

import numpy as np

RATE = 22050
"""The stand-ins' sample rate (SAPI's default file format, and macOS's compact voices)."""


def per_word_samples(words_per_minute: float) -> int:
    """Samples per word at a speaking rate."""
    return round(RATE * 60 / words_per_minute)


def sapi_words_per_minute(rate: int) -> float:
    """What SAPI's -10..10 rate means in words per minute (pyttsx3's coefficients for every modern voice)."""
    return 156.63 * 1.11**rate


def sapi_rate(words_per_minute: float) -> int:
    """pyttsx3's wpm to SAPI's rate: int(log(wpm / 156.63, 1.11)), truncated by SAPI to -10..10."""
    return max(-10, min(10, int(math.log(words_per_minute / 156.63, 1.11))))


def burst_per_word(text: str, per_word: int) -> np.ndarray:
    """int16 samples: per word, a tone over its first 80 % and silence after; per_word x words long."""
    words = text.split() or [text]
    t = np.arange(per_word) / RATE
    out = []
    for word in words:
        tone = np.sin(2 * np.pi * (180 + 40 * (sum(map(ord, word)) % 7)) * t) * np.hanning(per_word)
        tone[int(0.8 * per_word) :] = 0
        out.append(tone)
    return (np.concatenate(out) * 0.5 * 32767).astype(np.int16)


def clip_length(text: str, per_word: int) -> int:
    """How many samples a stand-in says for text."""
    return per_word * max(1, len(text.split()))
