"""The `music:` key of the routine format: the files it names, its levels and where it plays.

format.py registers `MUSIC_OBJ` as the "music" object and uses `music_key` at collection, routine and section level.
"""

from __future__ import annotations

from ..settings import DEFAULTS
from .kinds import Either, FieldSpec, ListOf, Obj, Ref
from .values import Choice, LocalFile, Number, Text

MUSIC = DEFAULTS.music
MUSIC_TYPES = ("mp3", "flac", "ogg", "wav", "aiff", "aif", "m4a")
"""What pedalboard reads on Linux (MP3, FLAC, Ogg Vorbis, WAV, AIFF), and M4A where the platform reads it."""


def _any_case(word: str) -> str:
    """A pattern for a word in any letter case: mp3 -> [mM][pP]3 (JSON Schema patterns have no flags)."""
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in word)


MUSIC_FILE = LocalFile(
    max_length=300,
    pattern=r"[^\x00]+\.(?:" + "|".join(_any_case(t) for t in MUSIC_TYPES) + ")",
    explain="must name an audio file (." + ", .".join(MUSIC_TYPES) + "), relative to the routine file",
    description="an audio file beside the routine file",
)
MUSIC_FILES = Either(
    options=(
        (lambda v: not isinstance(v, list), MUSIC_FILE),
        (lambda v: isinstance(v, list), ListOf(MUSIC_FILE, 1, 50)),
    ),
    description="an audio file, or a list of them played in turn",
    explain="must name an audio file or a list of them",
)

MUSIC_OBJ = Obj(
    name="music",
    description="Music under the coach, ducked ahead of every cue and beep.",
    fields=(
        FieldSpec(
            "file",
            MUSIC_FILES,
            "an audio file beside the routine file, or a list played in turn; looped with a crossfade",
            required=True,
        ),
        FieldSpec(
            "level",
            Number(-60.0, -20.0, "LUFS", "loudness in LUFS"),
            f"the music's loudness between cues, in LUFS; default {MUSIC.level_lufs:g} (14 LU under the voice)",
        ),
        FieldSpec(
            "duck",
            Number(0.0, 40.0, "dB", "decibels"),
            f"how far the music goes down under every cue and beep, in dB; default {MUSIC.duck_db:g}",
        ),
        FieldSpec(
            "during",
            Choice(("all", "work", "rests"), "all, work or rests"),
            f"where the music plays: all, work (counted work only) or rests (all but counted work); "
            f"default {MUSIC.during}",
        ),
        FieldSpec("credit", Text(max_length=200), "who made the music: the MP3's comment tag and the feed item"),
    ),
)

MUSIC_DOC = "music under the coach: an audio file beside the routine file, a list of them, or {file: ..., level: ...}"


def music_key(music: Ref) -> Either:
    """The `music:` key's kind: {file: ..., level: ...} (`music`, a reference to MUSIC_OBJ), a list of files, or one."""
    return Either(
        options=(
            (lambda v: isinstance(v, dict), music),
            (lambda v: isinstance(v, list), ListOf(MUSIC_FILE, 1, 50)),
            (lambda v: isinstance(v, str), MUSIC_FILE),
        ),
        description=(
            "music under the coach: a file, a list of files, or {file: ..., level: ..., duck: ..., during: ...}"
        ),
        explain="must name an audio file, a list of them, or {file: loop.mp3, level: -30}",
    )
