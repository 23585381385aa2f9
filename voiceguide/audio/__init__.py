"""Clip audio: engine and user WAVs read (pydub), trimmed, resampled, compressed and levelled; loudness; beeps.

The music bed: music.py checks, measures and reads music files (pedalboard), bed.py lays them out,
levels and shapes them by the timeline's bed plan, guard.py keeps voice + music under the peak ceiling.
"""

from .bed import BedMix
from .beeps import load_beeps, package_sound, sound_paths
from .clips import Clip, prepare_beep, prepare_speech
from .music import MusicFile, measure
from .wav import UnreadableAudio, read_wav, wav_bytes

__all__ = [
    "BedMix",
    "Clip",
    "MusicFile",
    "UnreadableAudio",
    "load_beeps",
    "measure",
    "package_sound",
    "prepare_beep",
    "prepare_speech",
    "read_wav",
    "sound_paths",
    "wav_bytes",
]
