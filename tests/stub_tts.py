#!/usr/bin/env python3
"""A stand-in text-to-speech program for the command engine: `stub_tts.py MODE [OUT] [TEXT]`.

MODE: `wav` writes a WAV to OUT (the text is the rest of the arguments, else stdin); `stdout` prints
the WAV instead; `nothing` writes nothing; `hang` never finishes; `fail` exits 1 with a message;
`aiff` writes bytes that are not a WAV. Each clip is a 22,050 Hz tone of 100 ms plus 20 ms per word,
so tests know its length. With $VOICEGUIDE_STUB_TTS_LOG set, every text asked for is appended there.
"""

from __future__ import annotations

import io
import math
import os
import struct
import sys
import time
import wave


def clip(text: str) -> bytes:
    """The WAV file's bytes for text."""
    n = 2205 + 441 * len(text.split())
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 7.0))) for i in range(n)))
    return buffer.getvalue()


def main() -> int:
    """Do what MODE says."""
    mode, args = sys.argv[1], sys.argv[2:]
    out = args.pop(0) if mode in ("wav", "nothing", "aiff") else None
    text = " ".join(args) if args else sys.stdin.read()
    if os.environ.get("VOICEGUIDE_STUB_TTS_LOG"):
        with open(os.environ["VOICEGUIDE_STUB_TTS_LOG"], "a", encoding="utf-8") as log:
            log.write(text.strip() + "\n")
    if mode == "hang":
        time.sleep(3600)
    if mode == "fail":
        print("stub_tts: no voice called that", file=sys.stderr)
        return 1
    if mode == "stdout":
        sys.stdout.buffer.write(clip(text))
    elif mode == "wav" and out:
        with open(out, "wb") as f:
            f.write(clip(text))
    elif mode == "aiff" and out:
        with open(out, "wb") as f:
            f.write(b"FORM\x00\x00\x00\x04AIFF")
    return 0


if __name__ == "__main__":
    sys.exit(main())
