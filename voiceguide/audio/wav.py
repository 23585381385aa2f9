"""WAV bytes in and out: WAVs read through `decode` (by content, pydub converting), the cache's written by `wave`."""

from __future__ import annotations

import io
import wave

import numpy as np

from .decode import UnreadableAudio, decode_audio, sniff

__all__ = ["UnreadableAudio", "read_wav", "wav_bytes"]


def read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """RIFF/WAVE bytes (8, 16, 24 or 32-bit PCM, any channels) as mono int16 samples and their rate.

    UnreadableAudio when the bytes are not a PCM WAV (an engine's output is read by its content
    with `decode.decode_audio`, which also reads AIFF).
    """
    if sniff(data) != "wav":
        raise UnreadableAudio("not a PCM WAV file (no RIFF/WAVE header)")
    try:
        return decode_audio(data)
    except UnreadableAudio as exc:
        raise UnreadableAudio(f"not a PCM WAV file ({exc})") from None


def wav_bytes(pcm: np.ndarray, rate: int) -> bytes:
    """Mono int16 samples as WAV bytes."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    return buffer.getvalue()
