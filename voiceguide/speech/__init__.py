"""Stage 3, speech: speech keys to levelled clips, through engines chosen by name and a content-addressed cache.

`registry` names the engines (`pyttsx3_engine`, run in `pyttsx3_worker`, one process per driver of
`pyttsx3_drivers`); `speaker` makes clips
for one track; `filler` fills the cache with several engine processes before tracks are built.
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
