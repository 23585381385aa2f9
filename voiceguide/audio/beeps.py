"""The start and end beeps: the package's own or the user's, read and levelled as clips."""

from __future__ import annotations

from pathlib import Path

from ..errors import SoundError
from ..reading import read_regular
from ..routine.model import Collection
from ..settings import DEFAULTS
from ..sounds import END_BEEP, START_BEEP, BeepKey
from .clips import Clip, prepare_beep
from .wav import UnreadableAudio, read_wav

MAX_BEEP_S = 2


def package_sound(name: str) -> Path:
    """A default beep: inside the installed package, or in the checkout's sounds/ folder."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "sounds" / f"{name}.wav", package.parent / "sounds" / f"{name}.wav"):
        if candidate.is_file():
            return candidate
    return package / "sounds" / f"{name}.wav"


def sound_paths(collection: Collection) -> dict[BeepKey, Path]:
    """The start and end beeps this collection uses."""
    return {
        START_BEEP: collection.start_sound or package_sound("start"),
        END_BEEP: collection.end_sound or package_sound("end"),
    }


def _sound_fix(path: Path) -> str:
    """What to do about a bad beep: the user's own, or one that came with voiceguide."""
    if path in (package_sound("start"), package_sound("end")):
        return "reinstall voiceguide (pip install --force-reinstall voiceguide)"
    return "replace it with a mono WAV under 2 s, or drop `sounds:` from the routine file to use the built-in beeps"


def load_beeps(paths: dict[BeepKey, Path]) -> dict[BeepKey, Clip]:
    """The beeps as levelled clips; SoundError names a missing or unreadable file."""
    beeps = {}
    for key, path in paths.items():
        try:
            pcm, rate = read_wav(read_regular(path, DEFAULTS.limits.sound_bytes))
        except FileNotFoundError:
            raise SoundError(f"the beep {path} is missing; {_sound_fix(path)}") from None
        except OSError as exc:
            raise SoundError(f"cannot read the beep {path}: {exc.strerror}; {_sound_fix(path)}") from None
        except UnreadableAudio as exc:
            raise SoundError(f"the beep {path} is not a readable PCM WAV file ({exc}); {_sound_fix(path)}") from None
        if not len(pcm) or len(pcm) > rate * MAX_BEEP_S:
            raise SoundError(f"the beep {path} must last between 1 ms and 2 s; {_sound_fix(path)}")
        beeps[key] = prepare_beep(key, pcm, rate)
    return beeps
