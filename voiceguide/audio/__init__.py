"""Clip audio: engines' files read by content (WAV, AIFF), trimmed, resampled, compressed and levelled; loudness; beeps.

`decode` reads WAV, AIFF and AIFF-C by their first bytes (pydub converts channels and widths);
`wav` reads and writes the cache's WAVs; `clips` prepares speech and beeps; `beeps` finds them.
The music bed: music.py checks, measures and reads music files (pedalboard), bed.py lays them out,
levels and shapes them by the timeline's bed plan, guard.py keeps voice + music under the peak ceiling.
"""

from .bed import BedMix
from .beeps import load_beeps, package_sound, sound_paths
from .clips import Clip, prepare_beep, prepare_speech
from .decode import UnknownAudioFormat, UnreadableAudio, audio_frames, decode_audio
from .music import MusicFile, measure
from .wav import read_wav, wav_bytes

__all__ = [
    "BedMix",
    "Clip",
    "MusicFile",
    "UnknownAudioFormat",
    "UnreadableAudio",
    "audio_frames",
    "decode_audio",
    "load_beeps",
    "measure",
    "package_sound",
    "prepare_beep",
    "prepare_speech",
    "read_wav",
    "sound_paths",
    "wav_bytes",
]
