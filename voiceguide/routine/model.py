"""The routine model: a routine file as frozen dataclasses, each with its place in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

from ..phrases.templates import Overrides
from ..settings import DEFAULTS, Pace, VoiceSettings

Side = Literal["right", "left"]
SideMode = Literal["none", "each", "each_set", "alternating"]
"""none; each: one side, then the other; each_set: both sides in every set; alternating: sides in turn."""


@dataclass(frozen=True)
class Where:
    """A place in a routine file."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Reps:
    """Counted repetitions; a range is timed for its upper bound."""

    low: int
    high: int
    tempo_ms: int
    hold_ms: int | None = None
    """Isometric reps: each rep is a hold this long (`hold_each`), then `relax_ms` of relaxing."""
    relax_ms: int = 0


@dataclass(frozen=True)
class Hold:
    """A static hold for a length of time (timed for `ms`; `min_ms` for a range such as 45-60s)."""

    ms: int
    min_ms: int | None = None
    """The lower bound of a hold range: the listener hears when it is reached."""


@dataclass(frozen=True)
class Breaths:
    """A hold of N deep breaths, paced by breath cues."""

    count: int
    breath_ms: int


@dataclass(frozen=True)
class CycleCue:
    """One slot of a cycle: said at its start, lasting `ms`."""

    say: str
    ms: int


@dataclass(frozen=True)
class Timed:
    """Timed free movement, optionally with cues repeated in turn."""

    ms: int
    cycle: tuple[CycleCue, ...] = ()
    repeat: int = 0
    """A cycle run this many times (its length is then repeat x the cycle's); 0 when a duration is given."""


@dataclass(frozen=True)
class Phase:
    """One part of an exercise done in phases."""

    say: str
    work: "Reps | Hold | Breaths | Timed"


@dataclass(frozen=True)
class Phases:
    """A sequence of parts inside one exercise, run `repeat` times."""

    phases: tuple[Phase, ...]
    repeat: int = 1


SingleWork = Union[Reps, Hold, Breaths, Timed]
Work = Union[Reps, Hold, Breaths, Timed, Phases]


@dataclass(frozen=True)
class TimedCue:
    """A cue the routine file places inside each window of work: at a time, or at half time."""

    at_ms: int | None
    """From the window's start; None for half time."""
    say: str


@dataclass(frozen=True)
class Exercise:
    """One exercise step."""

    name: str
    work: Work
    where: Where
    how: str | None = None
    say: str | None = None
    sides: SideMode = "none"
    first_side: Side = "right"
    sets: int = 1
    set_rest_ms: int = DEFAULTS.pace.rest_ms
    pace: Pace = DEFAULTS.pace
    set_counts: tuple[int, ...] = ()
    """A pyramid (`reps: [6, 4, 2]`): the reps of each set."""
    set_name: str = "set"
    """What a set is called when spoken (set, round, interval, minute, ...)."""
    set_rest_say: str | None = None
    """What the rest between sets is called (`rest: {time: 90s, say: Walk.}`)."""
    every_ms: int | None = None
    """Clock intervals: each set starts this long after the one before (EMOM)."""
    cues: tuple[TimedCue, ...] = ()
    side_names: tuple[str, str] | None = None
    """Spoken names of the two sides, in order (`sides: [affected leg, other leg]`)."""
    phrases: Overrides = ()
    """The step's own phrases (`phrases:`), over the routine's and the section's."""

    def set_work(self, set_no: int) -> Work:
        """The work of one set (a pyramid's sets differ in reps)."""
        if self.set_counts and isinstance(self.work, Reps):
            n = self.set_counts[set_no - 1]
            return Reps(n, n, self.work.tempo_ms, self.work.hold_ms, self.work.relax_ms)
        return self.work


@dataclass(frozen=True)
class Rest:
    """A rest on its own, as a step."""

    ms: int
    where: Where
    say: str | None = None
    pace: Pace = DEFAULTS.pace
    phrases: Overrides = ()
    """The step's own phrases (`phrases:`), over the routine's and the section's."""


Step = Union[Exercise, Rest]

During = Literal["all", "work", "rests"]


@dataclass(frozen=True)
class Music:
    """Music under the coach (`music:`): files played in turn and looped, levelled and ducked under every cue."""

    names: tuple[str, ...]
    """The files as the routine file names them (what a fingerprint and a plan show)."""
    files: tuple[Path, ...] = field(repr=False)
    """The same files, found beside the routine file."""
    level_lufs: float = DEFAULTS.music.level_lufs
    """Loudness between cues."""
    duck_db: float = DEFAULTS.music.duck_db
    """How far it goes down under every cue and beep."""
    during: During = "all"
    """all, work (counted work only) or rests (everything but counted work)."""
    credit: str | None = None
    """Who made it: the comment tag and the feed item."""
    where: Where | None = field(default=None, repr=False, compare=False)
    """Where the routine file sets it (for messages about a bad file)."""


@dataclass(frozen=True)
class Section:
    """A titled (or, for a routine with plain steps, untitled) run of steps."""

    title: str | None
    rounds: int
    steps: tuple[Step, ...]
    music: Music | None = None
    """The music under this section (the routine's unless it has its own)."""
    phrases: Overrides = ()
    """The section's own phrases (`phrases:`), over the routine's."""


@dataclass(frozen=True)
class Routine:
    """One workout, one track."""

    id: str
    title: str
    number: int
    """1-based position in the file; names the output file (NN-id.mp3)."""
    sections: tuple[Section, ...]
    where: Where
    coach: str | None = None
    credit: str | None = None
    """Spoken instead of 'Coached by ...' (the coach stays the artist tag)."""
    intro: str | None = None
    outro: str | None = None
    rounds: int = 1
    pace: Pace = DEFAULTS.pace
    voice: VoiceSettings = DEFAULTS.voice
    coaching: Literal["full", "brief"] = "full"
    music: Music | None = None
    """The music under the routine (the collection's unless it has its own); sections may have their own."""
    language: str = DEFAULTS.language.default
    """The language it is spoken in (`language:`): its phrase pack, numbers, voice and output language tags."""
    phrases: Overrides = ()
    """The routine file's phrases over the pack's: the collection's, with the routine's over them."""
    pronounce: tuple[tuple[str, str], ...] = ()
    """Written word -> spoken form (the collection's, then the routine's): what the coach says, not what is shown."""

    @property
    def slug(self) -> str:
        """The output file's stem: NN-id."""
        return f"{self.number:02d}-{self.id}"

    def exercises(self) -> list[Exercise]:
        """Every exercise step once, in order (rounds not repeated)."""
        return [s for section in self.sections for s in section.steps if isinstance(s, Exercise)]

    def music_used(self) -> list[Music]:
        """Every distinct music the track plays (the routine's, then each section's), in order."""
        found: list[Music] = []
        for music in (self.music, *(s.music for s in self.sections)):
            if music is not None and music not in found:
                found.append(music)
        return found


@dataclass(frozen=True)
class Collection:
    """A whole routines.yaml."""

    title: str
    routines: tuple[Routine, ...]
    file: Path
    """The routine file, as the user named it."""
    source: str | None = None
    year: int | None = None
    cover: Path | None = None
    start_sound: Path | None = None
    end_sound: Path | None = None
    language: str = DEFAULTS.language.default
    """The collection's language (`language:`): the feed's and the web player's."""

    def routine(self, routine_id: str) -> Routine | None:
        """The routine with this id, or None."""
        return next((r for r in self.routines if r.id == routine_id), None)
