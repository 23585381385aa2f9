"""The track's length without a speech engine: counted time exactly, speech estimated from its text."""

from __future__ import annotations

import re
from typing import Iterable

from ..phrases.numbers import english
from ..settings import DEFAULTS, VoiceSettings
from .script import Item, Say, Window

_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_PAUSE = re.compile(r"[.,;:!?]")
END_BEEP_MS = 260
"""About how long the end beep that closes a counted window lasts."""


def spoken_ms_estimate(text: str, voice: VoiceSettings) -> int:
    """How long an engine takes to say this, from its letters (digits as words) and pauses at the voice's rate."""
    model = DEFAULTS.estimate
    # digits left as digits (runs of seven or more, '3x') are said as words: counted by their (English) letters
    letters = len(_LETTER.findall(text)) + sum(len(english(int(d))) for d in _DIGIT.findall(text))
    seconds = model.base_s + model.per_letter_s * letters + model.per_pause_s * len(_PAUSE.findall(text))
    return max(200, round(seconds * 1000 * model.at_rate / voice.rate))


def estimate_script_ms(items: Iterable[Item], voice: VoiceSettings) -> int:
    """The length the timeline will give these items: speech estimated, windows exact, silences as placed."""
    timing = DEFAULTS.timing
    total = timing.head_ms
    closing_beep = False  # a counted window not followed by another ends with the end beep
    for item in items:
        if isinstance(item, Say):
            if closing_beep:
                total += END_BEEP_MS + timing.speech_gap_ms
            total += spoken_ms_estimate(item.text, voice) + timing.speech_gap_ms
            closing_beep = False
        elif isinstance(item, Window):
            total += item.ms
            closing_beep = item.counted
    if closing_beep:
        total += END_BEEP_MS + timing.speech_gap_ms
    return total - timing.speech_gap_ms + timing.tail_ms
