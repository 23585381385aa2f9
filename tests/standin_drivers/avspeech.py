"""A stand-in for pyttsx3's macOS driver `avspeech` (AVSpeechSynthesizer) that runs on Linux, for tests.

As pyttsx3 2.99's drivers/avspeech.py, it speaks aloud only: it has no save_to_file, so
pyttsx3's Engine.save_to_file fails with AttributeError when the command runs. Its rate is a
multiple of AVSpeechUtteranceDefaultSpeechRate (0.5), not words per minute.
"""

from __future__ import annotations

from typing import Any

from pyttsx3.voice import Voice

VOICES = [("com.apple.voice.compact.en-US.Samantha", "Samantha", "en-US")]


def buildDriver(proxy: Any) -> AVSpeechDriver:  # noqa: N802 - pyttsx3's name
    """What pyttsx3 calls to make the driver."""
    return AVSpeechDriver(proxy)


class AVSpeechDriver:
    """The parts pyttsx3 calls, minus the ability to write a file."""

    def __init__(self, proxy: Any) -> None:
        self._proxy = proxy
        self._rate = 0.5

    def destroy(self) -> None:
        """Nothing to release."""

    def say(self, text: str) -> None:
        """Speaking aloud ends at once here."""
        self._proxy.notify("finished-utterance", completed=True)

    def stop(self) -> None:
        """Nothing is speaking for long."""

    def startLoop(self) -> None:  # noqa: N802
        """Its loop ends when the queue is empty (it never marks the proxy idle itself)."""
        self._proxy.setBusy(False)

    def endLoop(self) -> None:  # noqa: N802
        """Nothing to stop."""

    def iterate(self) -> Any:
        """Nothing to pump."""
        yield

    def getProperty(self, name: str) -> Any:  # noqa: N802
        """voices, voice, rate (a multiple of 0.5) or volume."""
        if name == "voices":
            return [Voice(i, n, [lang]) for i, n, lang in VOICES]
        return {"voice": VOICES[0][0], "rate": self._rate, "volume": 1.0}[name]

    def setProperty(self, name: str, value: Any) -> None:  # noqa: N802
        """rate x 0.5 is what it stores."""
        if name == "rate":
            self._rate = value * 0.5
