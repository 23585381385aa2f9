"""pyttsx3's drivers as the routine file, the settings and the worker name them (no engine runs here)."""

from __future__ import annotations

import pytest

from voiceguide.routine.loader import parse_collection
from voiceguide.settings import DEFAULTS, VoiceSettings
from voiceguide.speech.pyttsx3_drivers import DRIVERS, cannot_save, driver_fix

ROUTINES = """\
title: Test
voice: {engine: pyttsx3, driver: nsss, name: en-us}
routines:
  - id: one
    title: One
    steps: [{exercise: Squat, reps: 8}]
  - id: two
    title: Two
    voice: {driver: espeak, rate: 150}
    steps: [{exercise: Squat, reps: 8}]
"""


def test_the_routine_file_chooses_the_driver_at_each_level() -> None:
    collection = parse_collection(ROUTINES.encode(), "routines.yaml")
    one, two = collection.routines
    assert (one.voice.engine, one.voice.driver, one.voice.rate) == ("pyttsx3", "nsss", 165)
    assert (two.voice.driver, two.voice.rate) == ("espeak", 150)
    assert DEFAULTS.voice.driver == ""  # the platform's own


def test_the_settings_know_the_drivers_the_worker_drives() -> None:
    assert VoiceSettings.DRIVERS == tuple(DRIVERS)
    assert [name for name, d in DRIVERS.items() if not d.saves] == ["avspeech"]
    assert [name for name, d in DRIVERS.items() if not d.finishes] == ["sapi5"]
    assert [name for name, d in DRIVERS.items() if not d.holds] == ["espeak"]


@pytest.mark.parametrize(
    "driver, system, fix",
    [
        ("nsss", "Darwin", "pip install --force-reinstall pyttsx3 pyobjc-framework-Cocoa"),
        ("avspeech", "Darwin", "pip install --force-reinstall pyttsx3 pyobjc-framework-Cocoa "
         "pyobjc-framework-AVFoundation"),
        ("sapi5", "Windows", "pip install --force-reinstall pyttsx3 comtypes pywin32"),
        ("espeak", "Linux", "pip install espeakng-loader (or: sudo apt install espeak-ng)"),
        ("espeak", "Darwin", "brew install espeak-ng"),
        ("espeak", "Windows", "install espeak-ng from https://github.com/espeak-ng/espeak-ng/releases"),
        ("sapi5", "Linux", "pyttsx3's sapi5 driver speaks only on Windows; on this system use espeak"),
        ("nsss", "Windows", "pyttsx3's nsss driver speaks only on macOS; on this system use espeak, sapi5"),
        ("sapi5", "Darwin", "pyttsx3's sapi5 driver speaks only on Windows; on this system use espeak, nsss, avspeech"),
    ],
)  # fmt: skip
def test_each_driver_names_its_fix_on_each_system(driver: str, system: str, fix: str) -> None:
    assert driver_fix(driver, system) == fix


def test_avspeech_points_to_nsss() -> None:
    assert cannot_save("avspeech") == (
        "pyttsx3's avspeech driver cannot write speech to a file (it only speaks aloud); "
        "use voice.driver nsss (or leave voice.driver out)"
    )


def test_the_driver_default_is_pyttsx3s_for_each_platform() -> None:
    import pyttsx3.engine

    for platform, drivers in pyttsx3.engine._engines_by_sys_platform.items():
        assert VoiceSettings().pyttsx3_driver(platform) == drivers[0]
    assert VoiceSettings().pyttsx3_driver("linux") == "espeak"
    assert VoiceSettings(driver="espeak").pyttsx3_driver("darwin") == "espeak"
