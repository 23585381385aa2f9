"""Clip audio: engines' files read by content (WAV, AIFF), trimmed, resampled, compressed and levelled; loudness; beeps.

`decode` reads WAV, AIFF and AIFF-C by their first bytes (pydub converts channels and widths);
`wav` reads and writes the cache's WAVs; `clips` prepares speech and beeps; `beeps` finds them.
"""

from .beeps import load_beeps, package_sound, sound_paths
from .clips import Clip, prepare_beep, prepare_speech
from .decode import UnknownAudioFormat, UnreadableAudio, audio_frames, decode_audio
from .wav import read_wav, wav_bytes

__all__ = [
    "Clip",
    "UnknownAudioFormat",
    "UnreadableAudio",
    "audio_frames",
    "decode_audio",
    "load_beeps",
    "package_sound",
    "prepare_beep",
    "prepare_speech",
    "read_wav",
    "sound_paths",
    "wav_bytes",
]
