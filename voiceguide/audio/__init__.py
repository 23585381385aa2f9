"""Clip audio: engine and user WAVs read (pydub), trimmed, resampled, compressed and levelled; loudness; beeps."""

from .beeps import load_beeps, package_sound, sound_paths
from .clips import Clip, prepare_beep, prepare_speech
from .wav import UnreadableAudio, read_wav, wav_bytes

__all__ = [
    "Clip",
    "UnreadableAudio",
    "load_beeps",
    "package_sound",
    "prepare_beep",
    "prepare_speech",
    "read_wav",
    "sound_paths",
    "wav_bytes",
]
