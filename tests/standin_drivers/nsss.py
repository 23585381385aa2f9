"""A stand-in for pyttsx3's macOS driver `nsss` (NSSpeechSynthesizer) that runs on Linux, for tests.

The speech worker loads it as `pyttsx3.drivers.nsss` when VOICEGUIDE_PYTTSX3_DRIVER_PATH names this
folder. It follows pyttsx3 2.99's drivers/nsss.py step by step:
- save_to_file() sets the proxy busy, starts writing and returns at once (startSpeakingString:toURL:
  is asynchronous); the file appears with zero sizes in its header, the samples follow over
  STANDIN_DELAY_S seconds and the sizes are written last;
- the bytes are AIFF-C whatever the file is called (Apple writes AIFF; STANDIN_FORMAT: sowt, the
  default, NONE, twos, aiff, or ogg for bytes no reader knows);
- didFinishSpeaking arrives on the run loop: finished-utterance, then setBusy(False), which lets the
  queued endLoop stop the loop; stop() stops a synthesis in progress (the clip is cut);
- voices as macOS names them (languages en_US), rate in words per minute, default 200; an unknown
  voice id is ignored, as setVoice: returning NO is.
STANDIN_DROP=N writes the first N clips empty; STANDIN_HANG=1 never finishes a clip.
"""

from __future__ import annotations

import os
import queue
import struct
import threading
import time
from typing import Any, Callable

from pyttsx3.voice import Voice

from . import aiff, speech

VOICES = [
    ("com.apple.eloquence.en-US.Eddy", "Eddy (English (US))", "en_US", "VoiceGenderMale", 35),
    ("com.apple.speech.synthesis.voice.Albert", "Albert", "en_US", "VoiceGenderNeuter", 30),
    ("com.apple.voice.compact.de-DE.Anna", "Anna", "de_DE", "VoiceGenderFemale", 35),
    ("com.apple.voice.compact.en-GB.Daniel", "Daniel", "en_GB", "VoiceGenderMale", 35),
    ("com.apple.voice.compact.en-US.Samantha", "Samantha", "en_US", "VoiceGenderFemale", 35),
]
"""In macOS's order (by identifier); the system's default voice is not the first English one."""
DEFAULT_VOICE = os.environ.get("STANDIN_DEFAULT_VOICE", "")  # macOS 15 reports "" before a voice is set
_runloop: queue.Queue[Callable[[], None]] = queue.Queue()
"""The main thread's run loop: where the synthesizer's delegate calls land."""
_made = [0]


def buildDriver(proxy: Any) -> NSSpeechDriver:  # noqa: N802 - pyttsx3's name
    """What pyttsx3 calls to make the driver."""
    return NSSpeechDriver(proxy)


class NSSpeechDriver:
    """NSSpeechDriver's control flow over a thread that writes AIFF-C."""

    def __init__(self, proxy: Any) -> None:
        self._proxy = proxy
        self._rate = 200.0  # pyttsx3: self._tts.setRate_(200)
        self._voice = DEFAULT_VOICE
        self._completed = True
        self._cancel: threading.Event | None = None
        self._stopping = False

    def destroy(self) -> None:
        """Nothing to release."""

    def startLoop(self) -> None:  # noqa: N802
        """Run the loop until endLoop: first a timer that sets the proxy idle (onPumpFirst:)."""
        self._stopping = False
        _runloop.put(lambda: self._proxy.setBusy(False))
        while not self._stopping:
            try:
                call = _runloop.get(timeout=0.01)
            except queue.Empty:
                continue
            call()

    def endLoop(self) -> None:  # noqa: N802
        """AppHelper.stopEventLoop(): the loop stops at its next turn."""
        _runloop.put(self._stop_loop)

    def _stop_loop(self) -> None:
        self._stopping = True

    def iterate(self) -> Any:
        """As the real one: it never pumps the run loop."""
        self._proxy.setBusy(False)
        yield

    def say(self, text: str) -> None:
        """Speak aloud: nothing to hear here, only the events."""
        self._proxy.setBusy(True)
        self._completed = True
        self._proxy.notify("started-utterance")
        self._start(text, None)

    def save_to_file(self, text: str, filename: str) -> None:
        """startSpeakingString:toURL: writes AIFF whatever the name; returns before the file is complete."""
        self._proxy.setBusy(True)
        self._completed = True
        self._start(text, filename)

    def stop(self) -> None:
        """stopSpeaking: a synthesis in progress ends where it is."""
        if self._proxy.isBusy():
            self._completed = False
        if self._cancel is not None:
            self._cancel.set()

    def _start(self, text: str, filename: str | None) -> None:
        self._cancel = threading.Event()
        _made[0] += 1
        samples = speech.burst_per_word(text, speech.per_word_samples(self._rate))
        if _made[0] <= int(os.environ.get("STANDIN_DROP", "0")):
            samples = samples[:0]
        args = (samples, filename, self._cancel)
        threading.Thread(target=self._synthesize, args=args, daemon=True).start()

    def _synthesize(self, samples: Any, filename: str | None, cancel: threading.Event) -> None:
        if os.environ.get("STANDIN_HANG") == "1":
            return
        if filename is not None:
            _write_streaming(filename, samples, cancel)
        _runloop.put(self._did_finish)

    def _did_finish(self) -> None:
        """speechSynthesizer:didFinishSpeaking:"""
        self._proxy.notify("finished-utterance", completed=bool(self._completed))
        self._proxy.setBusy(False)

    def getProperty(self, name: str) -> Any:  # noqa: N802
        """voices, voice, rate (words per minute) or volume."""
        if name == "voices":
            return [Voice(i, n, [lang], g, a) for i, n, lang, g, a in VOICES]
        return {"voice": self._voice, "rate": self._rate, "volume": 1.0}[name]

    def setProperty(self, name: str, value: Any) -> None:  # noqa: N802
        """An unknown voice is ignored (setVoice: returns NO)."""
        if name == "voice":
            if any(v[0] == value for v in VOICES):
                self._voice = value
        elif name == "rate":
            self._rate = float(value)
        elif name != "volume":
            raise KeyError(f"unknown property {name}")


def _write_streaming(filename: str, samples: Any, cancel: threading.Event) -> None:
    """The file as a streaming writer makes it: header with zero sizes, samples in steps, sizes last."""
    kind = os.environ.get("STANDIN_FORMAT", "sowt")
    if kind == "ogg":
        with open(filename, "wb") as f:
            f.write(b"OggS\x00\x02" + bytes(58))
        return
    full = aiff.aiff_bytes(samples, speech.RATE, None if kind == "aiff" else kind.encode("ascii"))
    header = full.index(b"SSND") + 16
    comm = full.index(b"COMM")
    start = bytearray(full[:header])
    for at in (4, comm + 10, header - 12):  # FORM size, numSampleFrames, SSND size
        start[at : at + 4] = bytes(4)
    delay = float(os.environ.get("STANDIN_DELAY_S", "0.05"))
    with open(filename, "wb") as f:
        f.write(start)
        f.flush()
        body = full[header:]
        step = max(2, len(body) // 5 // 2 * 2)
        for i in range(0, len(body), step):
            if cancel.is_set():
                break
            f.write(body[i : i + step])
            f.flush()
            time.sleep(delay / 5)
        written = f.tell() - header
        for at, value in ((4, header - 8 + written), (comm + 10, written // 2), (header - 12, 8 + written)):
            f.seek(at)
            f.write(struct.pack(">I", value))
