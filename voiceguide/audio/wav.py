"""WAV bytes in and out: pydub reads and converts engines' and users' WAVs; the standard library writes the cache's."""

from __future__ import annotations

import io
import wave

import numpy as np

from ..parts import need


class UnreadableAudio(ValueError):
    """Raised when bytes are not audio this module reads; the text says what was found."""


def read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """RIFF/WAVE bytes (8, 16, 24 or 32-bit PCM, any channels) as mono int16 samples and their rate.

    pydub parses the container itself (`AudioSegment(data=...)`), never through ffmpeg, and
    converts channels and sample width; UnreadableAudio when the bytes are not a PCM WAV.
    """
    pydub = need("pydub")
    try:
        segment = pydub.AudioSegment(data=data)
    except (pydub.exceptions.CouldntDecodeError, ValueError, EOFError, IndexError) as exc:
        raise UnreadableAudio(f"not a PCM WAV file ({exc})") from None
    segment = segment.set_channels(1).set_sample_width(2)
    return np.frombuffer(segment.raw_data, dtype=np.int16).copy(), segment.frame_rate


def wav_bytes(pcm: np.ndarray, rate: int) -> bytes:
    """Mono int16 samples as WAV bytes."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    return buffer.getvalue()
