"""pyttsx3's drivers: where each runs, what it speaks with, how it saves a clip, and what installs it.

Read from pyttsx3 2.99's own drivers (`pyttsx3/drivers/*.py`); the worker follows these shapes
by name, and tests run stand-ins of the same shapes on Linux.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Driver:
    """One pyttsx3 driver as the speech worker drives it."""

    name: str
    system: str
    """`platform.system()` where it speaks ('' for anywhere)."""
    speaks_with: str
    """The system's speech library, for `voiceguide voices` and doctor."""
    fix: str
    """The command that installs or repairs what it needs."""
    finishes: bool = True
    """It sends finished-utterance once a saved clip is complete (sapi5 never does: its save is synchronous)."""
    holds: bool = True
    """Commands queued after a run must be held until the next run: pyttsx3 ends every run with setBusy(False),
    after which a command runs at once, outside the loop, and the next run's first step stops it (nsss cuts the
    clip; sapi5's and nsss's next run never ends). espeak starts synthesis only inside its loop, so it is not held."""
    saves: bool = True
    """It can write a clip to a file (avspeech only speaks aloud)."""


DRIVERS = {
    "espeak": Driver(
        "espeak", "", "espeak-ng", "pip install espeakng-loader (or: sudo apt install espeak-ng)", holds=False
    ),
    "nsss": Driver(
        "nsss", "Darwin", "NSSpeechSynthesizer", "pip install --force-reinstall pyttsx3 pyobjc-framework-Cocoa"
    ),
    "avspeech": Driver(
        "avspeech",
        "Darwin",
        "AVSpeechSynthesizer",
        "pip install --force-reinstall pyttsx3 pyobjc-framework-Cocoa pyobjc-framework-AVFoundation",
        saves=False,
    ),
    "sapi5": Driver(
        "sapi5", "Windows", "SAPI 5", "pip install --force-reinstall pyttsx3 comtypes pywin32", finishes=False
    ),
}
"""Every driver voiceguide knows, by pyttsx3's name for it (the routine file's `voice.driver`, as in
`VoiceSettings.DRIVERS`)."""

ESPEAK_ELSEWHERE = {
    "Darwin": "brew install espeak-ng",
    "Windows": "install espeak-ng from https://github.com/espeak-ng/espeak-ng/releases",
}
"""espeak-ng comes as a wheel on Linux only; elsewhere it is the system's."""


def driver_fix(name: str, system: str) -> str:
    """How to make a driver start on this system (`platform.system()`)."""
    driver = DRIVERS.get(name)
    if driver is None:
        return "choose one of " + ", ".join(DRIVERS)
    if driver.system and system != driver.system:
        others = ", ".join(n for n, d in DRIVERS.items() if d.system in ("", system))
        where = {"Darwin": "macOS", "Windows": "Windows"}[driver.system]
        return f"pyttsx3's {name} driver speaks only on {where}; on this system use {others}"
    if name == "espeak" and system in ESPEAK_ELSEWHERE:
        return ESPEAK_ELSEWHERE[system]
    return driver.fix


def cannot_save(name: str) -> str:
    """Why a driver cannot make clips, and what to use instead."""
    instead = "nsss" if DRIVERS[name].system == "Darwin" else "the platform's default"
    return (
        f"pyttsx3's {name} driver cannot write speech to a file (it only speaks aloud); "
        f"use voice.driver {instead} (or leave voice.driver out)"
    )
