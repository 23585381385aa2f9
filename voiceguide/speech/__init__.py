"""Stage 3, speech: speech keys to levelled clips, through engines chosen by name and a content-addressed cache.

`registry` names the engines: `pyttsx3_engine` (run in `pyttsx3_worker`, one process per driver of
`pyttsx3_drivers`), `piper_engine` (Piper's own program in long-lived processes, its voices found by
`piper_voices`; never imported, Piper is GPL) and `command_engine` (any program that writes a WAV);
`process` talks to a long-lived child in lines. `speaker` makes clips for one track; `filler` fills
the cache with each engine's processes before tracks are built; `catalog` lists every engine's voices.
"""

from .cache import SpeechCache, default_cache_dir
from .engine import Engine, EngineHint, EngineInfo
from .filler import CacheFiller
from .registry import ENGINES, open_engine
from .speaker import Speaker, engine_info, probe

__all__ = [
    "ENGINES",
    "CacheFiller",
    "Engine",
    "EngineHint",
    "EngineInfo",
    "Speaker",
    "SpeechCache",
    "default_cache_dir",
    "engine_info",
    "open_engine",
    "probe",
]
