#!/usr/bin/env python3
"""A stand-in speech engine speaking voiceguide's pyttsx3 worker protocol (JSON lines on stdin and stdout).

Usage: stub_engine.py [MODE] [--driver NAME], where MODE (else $VOICEGUIDE_STUB_MODE) is hang, empty,
silent, tone, slow, drawl or fatal. `tone` writes a 22,050 Hz tone of 100 ms plus 20 ms per word, so tests
know every clip's length; `slow` writes the same tone after 5 ms per character of the text (a long text
takes an engine longer); `drawl` writes a tone of one second a word.
"""

from __future__ import annotations

import json
import math
import os
import struct
import sys
import time
import wave


def write_clip(path: str, text: str, mode: str) -> None:
    """The clip this mode makes for text."""
    if mode == "slow":
        time.sleep(0.005 * len(text))
        mode = "tone"
    words = len(text.split())
    n = {"empty": 0, "silent": 2205, "tone": 2205 + 441 * words, "drawl": 22050 * words}[mode]
    amp = 8000 if mode in ("tone", "drawl") else 0
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        if mode == "drawl":  # minutes of audio: one period of 44 samples, repeated
            period = b"".join(struct.pack("<h", int(amp * math.sin(2 * math.pi * i / 44))) for i in range(44))
            w.writeframes(period * (n // 44) + period[: 2 * (n % 44)])
        else:
            w.writeframes(b"".join(struct.pack("<h", int(amp * math.sin(i / 7.0))) for i in range(n)))


def reply(**message: object) -> None:
    """One JSON line to the parent."""
    print(json.dumps(message), flush=True)


def main() -> None:
    """Answer requests until stdin closes."""
    first = sys.argv[1] if len(sys.argv) > 1 else "--"  # voiceguide adds --driver NAME
    mode = first if not first.startswith("--") else os.environ["VOICEGUIDE_STUB_MODE"]
    if mode in ("fatal", "unmarked"):
        error = "no speech engine: espeak-ng is not installed; install it with: pip install espeakng-loader"
        if mode == "unmarked":
            error = "this test starts a speech engine but is not marked @pytest.mark.engine"
        reply(ok=False, fatal=True, error=error)
        return
    voices = [{"id": "en-us", "name": "Stub", "languages": ["en-us"]}] + [
        {"id": f"stub/{tag}", "name": f"Stub {tag}", "languages": [tag]} for tag in ("de", "es", "fr-fr")
    ]
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "info":
            reply(ok=True, engine="stub", version="1", library="stub", voices=voices)
        elif request["op"] == "resolve":
            primary = request["voice"].lower().replace("_", "-").split("-")[0]
            reply(ok=True, voice=next((v["id"] for v in voices[1:] if v["id"][5:7] == primary), "en-us"))
        elif mode == "hang":
            time.sleep(3600)
        else:
            write_clip(request["path"], request["text"], mode)
            reply(ok=True)


if __name__ == "__main__":
    main()
