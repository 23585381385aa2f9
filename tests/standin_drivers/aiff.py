"""AIFF and AIFF-C written byte by byte (numpy only), as macOS's speech synthesizer writes them, for tests.

    aiff_bytes(samples, rate)            FORM/AIFF, big-endian PCM
    aiff_bytes(samples, rate, b"NONE")   FORM/AIFC, big-endian PCM (also b"twos")
    aiff_bytes(samples, rate, b"sowt")   FORM/AIFC, little-endian PCM; the chunk headers stay big-endian

`samples` are integers of 1, 2, 3 or 4 bytes (`width`), shaped [frames] or [frames, channels].
Chunk ids and sizes are big-endian, chunks padded to an even length, the rate an 80-bit float.
"""

from __future__ import annotations

import math
import struct

import numpy as np

AIFC_VERSION_1 = 0xA2805140
"""The FVER chunk's timestamp for AIFF-C version 1."""
NAMES = {b"NONE": b"not compressed", b"twos": b"", b"sowt": b""}


def ieee_extended(value: float) -> bytes:
    """An 80-bit IEEE 754 extended float, big-endian (AIFF's sample rate: 22050 -> 400dac44000000000000)."""
    if value == 0:
        return bytes(10)
    mantissa, exponent = math.frexp(value)
    return struct.pack(">HQ", exponent + 16382, int(mantissa * (1 << 64)))


def _chunk(cid: bytes, body: bytes) -> bytes:
    return cid + struct.pack(">I", len(body)) + body + (b"\0" if len(body) % 2 else b"")


def _pstring(text: bytes) -> bytes:
    out = bytes([len(text)]) + text
    return out + (b"\0" if len(out) % 2 else b"")


def pcm_bytes(samples: np.ndarray, width: int, little: bool) -> bytes:
    """Signed integer samples, interleaved, in `width` bytes each."""
    values = np.asarray(samples, dtype=np.int64).reshape(-1)
    raw = (values & ((1 << (8 * width)) - 1)).astype("<u8").tobytes()
    frames = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 8)[:, :width]
    return (frames if little else frames[:, ::-1]).tobytes()


def aiff_bytes(samples: np.ndarray, rate: int, compression: bytes | None = None, width: int = 2) -> bytes:
    """The samples as an AIFF (compression None) or AIFF-C file."""
    frames = np.asarray(samples)
    channels = 1 if frames.ndim == 1 else frames.shape[1]
    n = len(frames)
    comm = struct.pack(">hIh", channels, n, 8 * width) + ieee_extended(float(rate))
    chunks = b""
    if compression is not None:
        comm += compression + _pstring(NAMES.get(compression, b""))
        chunks = _chunk(b"FVER", struct.pack(">I", AIFC_VERSION_1))
    chunks += _chunk(b"COMM", comm)
    data = pcm_bytes(frames, width, little=compression == b"sowt")
    chunks += _chunk(b"SSND", struct.pack(">II", 0, 0) + data)
    return b"FORM" + struct.pack(">I", 4 + len(chunks)) + (b"AIFF" if compression is None else b"AIFC") + chunks


def wav_twin(samples: np.ndarray, rate: int, width: int = 2) -> bytes:
    """The same samples as a RIFF/WAVE file (8-bit WAV samples are unsigned)."""
    frames = np.asarray(samples, dtype=np.int64)
    channels = 1 if frames.ndim == 1 else frames.shape[1]
    if width == 1:
        data = (frames.reshape(-1) + 128).astype(np.uint8).tobytes()
    else:
        data = pcm_bytes(frames, width, little=True)
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * channels * width, channels * width, 8 * width)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data)) + data
    body += b"\0" if len(data) % 2 else b""
    return b"RIFF" + struct.pack("<I", len(body)) + body
