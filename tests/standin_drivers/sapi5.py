"""A stand-in for pyttsx3's Windows driver `sapi5` (SAPI.SpVoice through comtypes) that runs on Linux, for tests.

The speech worker loads it as `pyttsx3.drivers.sapi5` when VOICEGUIDE_PYTTSX3_DRIVER_PATH names this
folder. It follows pyttsx3 2.99's drivers/sapi5.py step by step:
- save_to_file() is synchronous: SpFileStream.Open + Speak(text) with flags 0 write and close a whole
  RIFF WAV (SAPI's default file format: 22,050 Hz, 16-bit, mono) before it returns;
- it neither sets the proxy busy nor marks itself speaking, so the EndStream event that the next
  message pump delivers sends no finished-utterance for a saved clip (only say() gets one);
- the loop: setBusy(False) first, then pump messages every 50 ms until endLoop or EndStream;
- voices are registry tokens named 'Microsoft Zira Desktop - English (United States)' (languages
  en-US, from the token's hex LCID); rate is pyttsx3's words per minute, turned into SAPI's -10..10
  by int(log(wpm / 156.63, 1.11)); an unknown voice id raises ValueError.
STANDIN_DROP=N writes the first N clips empty; STANDIN_HANG=1 blocks in Speak for ever.
"""

from __future__ import annotations

import locale
import os
import queue
import threading
import time
import wave
from typing import Any, Callable

from pyttsx3.voice import Voice

from . import speech

TOKENS = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\"
VOICES = [
    (TOKENS + "TTS_MS_EN-US_DAVID_11.0", "Microsoft David Desktop - English (United States)", "409", "Male"),
    (TOKENS + "TTS_MS_EN-GB_HAZEL_11.0", "Microsoft Hazel Desktop - English (Great Britain)", "809", "Female"),
    (TOKENS + "TTS_MS_EN-US_ZIRA_11.0", "Microsoft Zira Desktop - English (United States)", "409", "Female"),
]
DEFAULT_VOICE = os.environ.get("STANDIN_DEFAULT_VOICE", VOICES[0][0])
"""The voice chosen in Windows' speech settings (David on a fresh install)."""
_messages: queue.Queue[Callable[[], None]] = queue.Queue()
"""The thread's COM message queue."""
_made = [0]


def buildDriver(proxy: Any) -> SAPI5Driver:  # noqa: N802 - pyttsx3's name
    """What pyttsx3 calls to make the driver."""
    return SAPI5Driver(proxy)


def lcid_to_locale(hex_lcid: str) -> str:
    """A token's Language attribute (hex LCID, "409") as pyttsx3 names it (en-US)."""
    code = int(hex_lcid, 16)
    return locale.windows_locale.get(code, f"Unknown Locale: {code}").replace("_", "-")


class SAPI5Driver:
    """SAPI5Driver's control flow over a synchronous WAV writer."""

    def __init__(self, proxy: Any) -> None:
        self._proxy = proxy
        self._looping = False
        self._speaking = False
        self._stopping = False
        self._rate_wpm: float = 200
        self._sapi_rate = 0
        self._voice = DEFAULT_VOICE
        self.setProperty("voice", self.getProperty("voice"))

    def destroy(self) -> None:
        """Nothing to release."""

    def _end_stream(self) -> None:
        """_ISpeechVoiceEvents_EndStream."""
        if self._speaking:
            self._proxy.notify("finished-utterance", completed=not self._stopping)
        self._speaking = False
        self._stopping = False
        self._proxy.setBusy(False)
        self.endLoop()  # "hangs if you dont have this"

    def say(self, text: str) -> None:
        """Speak(text, 1): asynchronous; its EndStream arrives through the message queue."""
        self._proxy.setBusy(True)
        self._proxy.notify("started-utterance")
        self._speaking = True
        threading.Timer(0.05, _messages.put, (self._end_stream,)).start()

    def stop(self) -> None:
        """Speak("", 3) ends what is being spoken."""
        if not self._speaking:
            return
        self._proxy.setBusy(True)
        self._stopping = True

    def save_to_file(self, text: str, filename: str) -> None:
        """The whole WAV is written before this returns; no busy flag, no finished-utterance."""
        if os.environ.get("STANDIN_HANG") == "1":
            threading.Event().wait()
        _made[0] += 1
        per_word = speech.per_word_samples(speech.sapi_words_per_minute(self._sapi_rate))
        samples = speech.burst_per_word(text, per_word)
        if _made[0] <= int(os.environ.get("STANDIN_DROP", "0")):
            samples = samples[:0]
        with wave.open(filename, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(speech.RATE)
            w.writeframes(samples.astype("<i2").tobytes())
        _messages.put(lambda: None)  # StartStream
        _messages.put(self._end_stream)

    def startLoop(self) -> None:  # noqa: N802
        """setBusy(False) once, then pump messages every 50 ms until the loop is ended."""
        first = True
        self._looping = True
        while self._looping:
            if first:
                self._proxy.setBusy(False)
                first = False
            while not _messages.empty():  # pythoncom.PumpWaitingMessages()
                _messages.get()()
            time.sleep(0.05)

    def endLoop(self) -> None:  # noqa: N802
        """The loop ends at its next turn."""
        self._looping = False

    def iterate(self) -> Any:
        """For an outside loop: pump once per step."""
        self._proxy.setBusy(False)
        while True:
            while not _messages.empty():
                _messages.get()()
            yield

    def getProperty(self, name: str) -> Any:  # noqa: N802
        """voices, voice (a token id), rate (pyttsx3's words per minute) or volume."""
        if name == "voices":
            return [Voice(i, n, [lcid_to_locale(lang)], g, "Adult") for i, n, lang, g in VOICES]
        return {"voice": self._voice, "rate": self._rate_wpm, "volume": 1.0}[name]

    def setProperty(self, name: str, value: Any) -> None:  # noqa: N802
        """An unknown voice id raises ValueError, as _tokenFromId does."""
        if name == "voice":
            if not any(v[0] == value for v in VOICES):
                raise ValueError("unknown voice id %s", value)
            self._voice = value
            self._sapi_rate = speech.sapi_rate(self._rate_wpm)
        elif name == "rate":
            self._sapi_rate = speech.sapi_rate(value)
            self._rate_wpm = value
        elif name != "volume":
            raise KeyError(f"unknown property {name}")
