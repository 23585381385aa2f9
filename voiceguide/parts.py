"""Third-party parts imported in one place each, so a missing one is one line naming its install command."""

from __future__ import annotations

import importlib
import warnings
from types import ModuleType

from .errors import EncodeError, VoiceguideError

_INSTALL = {
    "pedalboard": ("the MP3 encoder (pedalboard, which also compresses the voice)", EncodeError),
    "pedalboard.io": ("the MP3 encoder (pedalboard)", EncodeError),
    "pydub": ("the audio clip library (pydub)", VoiceguideError),
    "mutagen.id3": ("the tagging library (mutagen)", EncodeError),
}


def need(module: str) -> ModuleType:
    """Import a third-party module, or raise the project's error naming the pip command that installs it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydub warns at import when ffmpeg is absent; voiceguide never uses it
            return importlib.import_module(module)
    except ImportError:
        what, error = _INSTALL.get(module, (module, VoiceguideError))
        package = module.split(".")[0]
        raise error(f"{what} is not installed; install it with: pip install {package}") from None
