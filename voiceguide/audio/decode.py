"""Audio read by its content, not its name: RIFF/WAVE, AIFF and AIFF-C, as mono int16 samples.

macOS's speech synthesizer writes AIFF whatever a file is called, so an engine's file is read by
its first bytes. The containers are parsed here (the standard library's `aifc` is gone in Python
3.13); pydub converts channels and sample widths, as it always has for WAVs. `layout` reads only
the header, so the speech worker checks a clip without decoding it.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

import numpy as np

from ..parts import need


class UnreadableAudio(ValueError):
    """Raised when bytes are not audio this module reads; the text says what was found."""


class UnknownAudioFormat(UnreadableAudio):
    """Raised when bytes are in no container this module reads (neither RIFF/WAVE nor AIFF/AIFF-C)."""


@dataclass(frozen=True)
class PcmLayout:
    """Where a file's PCM samples are and how they are stored."""

    container: str
    """'wav', 'aiff' or 'aifc/<compression>' (aifc/sowt, aifc/NONE, ...)."""
    channels: int
    sample_width: int
    """Bytes per sample."""
    sample_rate: int
    frames: int
    """Whole frames present (a header that promises more than the file holds counts what is there)."""
    offset: int
    """Byte offset of the first sample."""
    little_endian: bool
    unsigned: bool = False
    """8-bit WAV samples are unsigned."""


AIFC_TYPES = {
    b"NONE": False,
    b"twos": False,
    b"sowt": True,
    b"in24": False,
    b"in32": False,
    b"23ni": True,
    b"42ni": True,
}
"""AIFF-C compression types that are plain integer PCM, and whether their samples are little-endian."""

KNOWN_MAGIC = {
    b"OggS": "Ogg",
    b"fLaC": "FLAC",
    b"ID3": "MP3",
    b"\xff\xfb": "MP3",
    b"\xff\xf3": "MP3",
    b"caff": "Core Audio Format (CAF)",
    b"RIFF": "RIFF, but not WAVE",
    b"RF64": "RF64",
    b"FORM": "IFF, but not AIFF",
}


def describe(data: bytes) -> str:
    """What bytes look like, for a message: a known container's name and the first bytes."""
    if not data:
        return "an empty file"
    head = data[:12]
    name = next((n for magic, n in KNOWN_MAGIC.items() if data.startswith(magic)), "unknown")
    if data[4:8] == b"ftyp":
        name = "MP4/M4A"
    return f"{name}; first bytes {head.hex(' ')} ({head.decode('latin-1')!r})"


def sniff(data: bytes) -> str | None:
    """'wav', 'aiff' or 'aifc' from the first 12 bytes, or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:4] == b"FORM" and data[8:12] in (b"AIFF", b"AIFC"):
        return data[8:12].decode("ascii").lower()
    return None


def _chunks(data: bytes, order: str) -> dict[bytes, tuple[int, int]]:
    """Each chunk's (start, size) by id, from byte 12 on; chunks are padded to an even length."""
    found: dict[bytes, tuple[int, int]] = {}
    pos = 12
    while pos + 8 <= len(data):
        cid = data[pos : pos + 4]
        (size,) = struct.unpack(order + "I", data[pos + 4 : pos + 8])
        found.setdefault(cid, (pos + 8, size))
        if cid in (b"data", b"SSND"):
            break  # the samples may run to the end, whatever a streaming writer left in the size
        pos += 8 + size + (size & 1)
    return found


def _frames(start: int, size: int, data_len: int, frame: int, promised: int | None = None) -> int:
    """Whole frames in a chunk of `size` bytes at `start`, no more than the file holds (a size of 0 is 0)."""
    frames = max(0, min(size, data_len - start)) // frame
    return frames if promised is None else min(frames, promised)


def _wav_layout(data: bytes) -> PcmLayout:
    chunks = _chunks(data, "<")
    if b"fmt " not in chunks or b"data" not in chunks:
        raise UnreadableAudio("a WAV file without its fmt or data chunk")
    start, size = chunks[b"fmt "]
    if size < 16:
        raise UnreadableAudio("a WAV file with a short fmt chunk")
    tag, channels, rate, _, block, bits = struct.unpack("<HHIIHH", data[start : start + 16])
    if tag == 0xFFFE and size >= 26:
        (tag,) = struct.unpack("<H", data[start + 24 : start + 26])  # the sub-format GUID's first two bytes
    if tag != 1:
        kind = {3: "32-bit float", 6: "A-law", 7: "mu-law"}.get(tag, f"format tag {tag:#x}")
        raise UnreadableAudio(f"a WAV file of {kind} samples, not integer PCM")
    width = (bits + 7) // 8
    if channels < 1 or width not in (1, 2, 3, 4) or rate < 1:
        raise UnreadableAudio(f"a WAV file of {channels} channels, {bits}-bit at {rate} Hz")
    dstart, dsize = chunks[b"data"]
    frame = max(block, channels * width)
    frames = _frames(dstart, dsize, len(data), frame)
    return PcmLayout("wav", channels, width, rate, frames, dstart, True, unsigned=width == 1)


def _ieee_extended(raw: bytes) -> float:
    """An 80-bit IEEE 754 extended float (AIFF's sample rate)."""
    exponent, mantissa = struct.unpack(">HQ", raw)
    sign = -1.0 if exponent & 0x8000 else 1.0
    exponent &= 0x7FFF
    if exponent == 0 and mantissa == 0:
        return 0.0
    return sign * math.ldexp(mantissa, exponent - 16383 - 63)


def _aiff_layout(data: bytes) -> PcmLayout:
    kind = sniff(data)
    chunks = _chunks(data, ">")
    if b"COMM" not in chunks or b"SSND" not in chunks:
        raise UnreadableAudio(f"an {kind.upper() if kind else 'AIFF'} file without its COMM or SSND chunk")
    start, size = chunks[b"COMM"]
    channels, promised, bits = struct.unpack(">hIh", data[start : start + 8])
    rate = round(_ieee_extended(data[start + 8 : start + 18]))
    compression = data[start + 18 : start + 22] if kind == "aifc" else b"NONE"
    container = "aiff" if kind == "aiff" else f"aifc/{compression.decode('latin-1')}"
    if compression not in AIFC_TYPES:
        raise UnreadableAudio(f"an AIFF-C file compressed as {compression.decode('latin-1')!r}, not integer PCM")
    width = (bits + 7) // 8
    if channels < 1 or width not in (1, 2, 3, 4) or rate < 1:
        raise UnreadableAudio(f"an AIFF file of {channels} channels, {bits}-bit at {rate} Hz")
    sstart, ssize = chunks[b"SSND"]
    (skip,) = struct.unpack(">I", data[sstart : sstart + 4])
    first = sstart + 8 + skip
    frames = _frames(first, max(0, ssize - 8 - skip), len(data), channels * width, promised)
    return PcmLayout(container, channels, width, rate, frames, first, AIFC_TYPES[compression])


def layout(data: bytes) -> PcmLayout:
    """How the file's samples are stored; UnknownAudioFormat for a container it does not know."""
    kind = sniff(data)
    try:
        if kind == "wav":
            return _wav_layout(data)
        if kind in ("aiff", "aifc"):
            return _aiff_layout(data)
    except struct.error:
        raise UnreadableAudio(f"a cut-off {kind.upper() if kind else ''} header") from None
    raise UnknownAudioFormat(describe(data))


def audio_frames(data: bytes) -> int | None:
    """How many frames the file holds (0 for an empty or unreadable one); None when the format is unknown."""
    try:
        return layout(data).frames
    except UnknownAudioFormat:
        return None if data else 0
    except UnreadableAudio:
        return 0


def _little_endian_signed(data: bytes, pcm: PcmLayout) -> bytes:
    """The samples as signed little-endian integers, the layout pydub reads."""
    raw = data[pcm.offset : pcm.offset + pcm.frames * pcm.channels * pcm.sample_width]
    if pcm.unsigned:
        return bytes((np.frombuffer(raw, dtype=np.uint8) ^ 0x80).astype(np.uint8).tobytes())
    if pcm.little_endian or pcm.sample_width == 1:
        return raw
    return bytes(np.frombuffer(raw, dtype=np.uint8).reshape(-1, pcm.sample_width)[:, ::-1].tobytes())


def decode_audio(data: bytes, source: str = "the file") -> tuple[np.ndarray, int]:
    """WAV, AIFF or AIFF-C bytes (8 to 32-bit integer PCM, any channels) as mono int16 samples and their rate.

    UnknownAudioFormat names `source` and what the bytes look like; UnreadableAudio says what is
    wrong with a WAV or AIFF file.
    """
    try:
        pcm = layout(data)
    except UnknownAudioFormat as exc:
        raise UnknownAudioFormat(f"{source} wrote audio in a format voiceguide does not read: {exc}") from None
    pydub = need("pydub")
    raw = _little_endian_signed(data, pcm)
    segment = pydub.AudioSegment(raw, sample_width=pcm.sample_width, frame_rate=pcm.sample_rate, channels=pcm.channels)
    segment = segment.set_channels(1).set_sample_width(2)
    return np.frombuffer(segment.raw_data, dtype=np.int16).copy(), pcm.sample_rate
