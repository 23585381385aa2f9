"""`voiceguide doctor`: check every part a build needs, and name the fix for each missing one."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from ..errors import VoiceguideError
from ..settings import DEFAULTS, VoiceSettings


@dataclass(frozen=True)
class CheckResult:
    """One part checked."""

    name: str
    ok: bool
    detail: str


def _python() -> str:
    if sys.version_info < (3, 10):
        raise VoiceguideError("voiceguide needs Python 3.10 or newer; install it from python.org")
    return sys.version.split()[0]


def _speech(voice: VoiceSettings) -> Callable[[], str]:
    def check() -> str:
        from ..speech.speaker import probe

        what = describe(voice)
        return f"{what}: {probe(voice)}" if what else probe(voice)

    return check


def describe(voice: VoiceSettings) -> str:
    """A voice in a few words: its engine and what it speaks with ('' for pyttsx3's default voice, which the
    engine's own description names)."""
    if voice.engine == "piper":
        return f"piper {Path(voice.model).name if VoiceSettings.names_file(voice.model) else voice.model}"
    if voice.engine == "command":
        return f"command {voice.command[0] if voice.command else ''}"
    return "" if voice.name == DEFAULTS.voice.name else f"{voice.engine} {voice.name}"


def _encoder() -> str:
    try:
        from pedalboard.io import AudioFile
    except ImportError:
        raise VoiceguideError("the MP3 encoder is missing; install it with: pip install pedalboard") from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "probe.mp3"
        with AudioFile(str(path), "w", samplerate=44100, num_channels=1, quality=DEFAULTS.encoder.quality) as f:
            f.write(np.zeros((1, 44100), dtype=np.float32))
        header = path.read_bytes()[:4096]
    if b"Info" not in header and b"Xing" not in header:
        raise VoiceguideError(
            (
                "the MP3 encoder wrote no Info header (players would show a wrong length); reinstall it with: pip "
                "install --force-reinstall pedalboard"
            )
        )
    import pedalboard

    return f"pedalboard {pedalboard.__version__} (LAME), writes the Info header with the encoder delay"


def _tags() -> str:
    try:
        import mutagen
    except ImportError:
        raise VoiceguideError("the tagging library is missing; install it with: pip install mutagen") from None
    return f"mutagen {mutagen.version_string}"


def _sounds() -> str:
    from ..audio.beeps import load_beeps, package_sound
    from ..sounds import END_BEEP, START_BEEP

    paths = {START_BEEP: package_sound("start"), END_BEEP: package_sound("end")}
    beeps = load_beeps(paths)
    rate = DEFAULTS.audio.track_rate
    return ", ".join(f"{p.name} {beeps[k].length / rate * 1000:.0f} ms" for k, p in paths.items())


def _writable(folder: Path, what: str) -> Callable[[], str]:
    def check() -> str:
        target = folder
        while not os.path.lexists(target) and target != target.parent:
            target = target.parent  # the nearest part of the path that exists: where the folder will be made
        if not target.is_dir():
            if target.is_symlink() and not target.exists():
                raise VoiceguideError(
                    f"{target} is a link to {os.readlink(target)}, which does not exist; create that folder, remove "
                    f"the link or choose another {what} folder"
                )
            raise VoiceguideError(f"{target} is a file, not a folder; move it away or choose another {what} folder")
        if not os.access(target, os.W_OK | os.X_OK):
            raise VoiceguideError(f"cannot write in {target}; fix its permissions or choose another {what} folder")
        return f"{folder} is writable"

    return check


def _output(out: Path) -> Callable[[], str]:
    writable = _writable(out, "output")

    def check() -> str:
        if out.is_dir():
            from .folder import check_ours

            try:
                check_ours(out)
            except VoiceguideError as exc:
                raise VoiceguideError(f"{exc}; choose another output folder") from None
        return writable()

    return check


def run_checks(out: Path, cache: Path, voices: Sequence[VoiceSettings] = ()) -> Iterator[CheckResult]:
    """Run each check (speech once per voice, else with the default voice); a failure says how to fix it."""
    checks: list[tuple[str, Callable[[], str]]] = [
        ("python", _python),
        *(("speech", _speech(voice)) for voice in (voices or [DEFAULTS.voice])),
        ("mp3 encoder", _encoder),
        ("tags", _tags),
        ("beeps", _sounds),
        ("speech cache", _writable(cache, "cache")),
        ("output", _output(out)),
    ]
    for name, check in checks:
        try:
            yield CheckResult(name, True, check())
        except VoiceguideError as exc:
            yield CheckResult(name, False, str(exc))
