"""Load and validate routines.yaml into frozen dataclasses (stage 1 of the pipeline)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, Union, cast

from . import format as fmt
from .errors import Problem, RoutineError
from .schema import INVALID, Checked, Ctx
from .values import RepRange
from .yamlsource import decode_source, parse_yaml

Side = Literal["right", "left"]
SideMode = Literal["none", "each", "alternating"]


@dataclass(frozen=True)
class Where:
    """A place in a routine file."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Pace:
    """Timing defaults, in milliseconds (countdown in seconds)."""

    rep_ms: int = 3000
    """One repetition."""
    breath_ms: int = 5000
    """One deep breath, in and out."""
    rest_ms: int = 15000
    """Rest between sets and between rounds."""
    switch_ms: int = 5000
    """Time to change sides."""
    transition_ms: int = 5000
    """Time to get into position after the spoken preview."""
    countdown: int = 3
    """Seconds counted down aloud before timed work; 0 turns it off."""

    def overridden(self, checked: Checked | None) -> "Pace":
        """This pace with the keys written in a `pace:` mapping replaced."""
        if checked is None:
            return self
        names = {"rep": "rep_ms", "breath": "breath_ms", "rest": "rest_ms", "switch": "switch_ms", "transition": "transition_ms", "countdown": "countdown"}
        return replace(self, **{names[k]: v for k, v in checked.values.items()})


@dataclass(frozen=True)
class VoiceSettings:
    """Which voice speaks, and how fast."""

    name: str = "en-us"
    """A voice id or language tag the engine knows."""
    rate: int = 165
    """Words per minute."""

    def overridden(self, checked: Checked | None) -> "VoiceSettings":
        """These settings with the keys written in a `voice:` mapping replaced."""
        return self if checked is None else replace(self, **checked.values)


@dataclass(frozen=True)
class Reps:
    """Counted repetitions; a range is timed for its upper bound."""

    low: int
    high: int
    tempo_ms: int


@dataclass(frozen=True)
class Hold:
    """A static hold for a length of time."""

    ms: int


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


@dataclass(frozen=True)
class Phase:
    """One part of an exercise done in phases."""

    say: str
    work: "Reps | Hold | Breaths | Timed"


@dataclass(frozen=True)
class Phases:
    """A sequence of parts inside one exercise."""

    phases: tuple[Phase, ...]


SingleWork = Union[Reps, Hold, Breaths, Timed]
Work = Union[Reps, Hold, Breaths, Timed, Phases]


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
    set_rest_ms: int = 15000
    pace: Pace = Pace()


@dataclass(frozen=True)
class Rest:
    """A rest on its own, as a step."""

    ms: int
    where: Where
    say: str | None = None
    pace: Pace = Pace()


Step = Union[Exercise, Rest]


@dataclass(frozen=True)
class Section:
    """A titled (or, for a routine with plain steps, untitled) run of steps."""

    title: str | None
    rounds: int
    steps: tuple[Step, ...]


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
    intro: str | None = None
    outro: str | None = None
    rounds: int = 1
    pace: Pace = Pace()
    voice: VoiceSettings = VoiceSettings()
    coaching: Literal["full", "brief"] = "full"

    @property
    def slug(self) -> str:
        """The output file's stem: NN-id."""
        return f"{self.number:02d}-{self.id}"

    def exercises(self) -> list[Exercise]:
        """Every exercise step once, in order (rounds not repeated)."""
        return [s for section in self.sections for s in section.steps if isinstance(s, Exercise)]


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

    def routine(self, routine_id: str) -> Routine | None:
        """The routine with this id, or None."""
        return next((r for r in self.routines if r.id == routine_id), None)


def _work(values: Checked, pace: Pace) -> Work:
    tempo = values.get("tempo", pace.rep_ms)
    if "reps" in values:
        reps: RepRange = values.get("reps")
        return Reps(reps.low, reps.high, tempo)
    if "hold" in values:
        hold = values.get("hold")
        if isinstance(hold, Checked):
            return Breaths(hold.get("breaths"), pace.breath_ms)
        return Hold(hold)
    if "duration" in values:
        cycle = tuple(CycleCue(c.get("say"), c.get("time")) for c in values.get("cycle", []))
        return Timed(values.get("duration"), cycle)
    return Phases(tuple(Phase(p.get("say"), cast(SingleWork, _work(p, pace))) for p in values.get("phases")))


def _step(values: Checked, pace: Pace, file: str) -> Step:
    where = Where(file, values.line, values.column)
    pace = pace.overridden(values.get("pace"))
    if "exercise" not in values:
        return Rest(values.get("rest"), where, values.get("say"), pace)
    per_side = values.get("per_side", False)
    sides: SideMode = "alternating" if per_side == "alternating" else ("each" if per_side else "none")
    return Exercise(
        name=values.get("exercise"),
        work=_work(values, pace),
        where=where,
        how=values.get("how"),
        say=values.get("say"),
        sides=sides,
        first_side=values.get("first_side", "right"),
        sets=values.get("sets", 1),
        set_rest_ms=values.get("rest", pace.rest_ms),
        pace=pace,
    )


def _routine(values: Checked, number: int, top: Checked, file: str) -> Routine:
    pace = Pace().overridden(top.get("pace")).overridden(values.get("pace"))
    if "sections" in values:
        sections = tuple(
            Section(s.get("title"), s.get("rounds", 1), tuple(_step(st, pace, file) for st in s.get("steps")))
            for s in values.get("sections")
        )
    else:
        sections = (Section(None, 1, tuple(_step(st, pace, file) for st in values.get("steps"))),)
    return Routine(
        id=values.get("id"),
        title=values.get("title"),
        number=number,
        sections=sections,
        where=Where(file, values.line, values.column),
        coach=values.get("coach"),
        intro=values.get("intro"),
        outro=values.get("outro"),
        rounds=values.get("rounds", 1),
        pace=pace,
        voice=VoiceSettings().overridden(top.get("voice")).overridden(values.get("voice")),
        coaching=values.get("coaching", top.get("coaching", "full")),
    )


def load_collection(path: str | os.PathLike[str]) -> Collection:
    """Read, parse and validate a routine file; raise RoutineError listing every problem."""
    file = os.fspath(path)
    try:
        data = Path(file).read_bytes()
    except FileNotFoundError:
        raise RoutineError([Problem(file, 1, 1, "no such file; pass a routine file with --routines FILE")]) from None
    except IsADirectoryError:
        raise RoutineError([Problem(file, 1, 1, "this is a folder, not a routine file")]) from None
    except OSError as exc:
        raise RoutineError([Problem(file, 1, 1, f"cannot read the file: {exc.strerror}")]) from None
    return parse_collection(data, file)


def parse_collection(data: bytes, file: str) -> Collection:
    """Validate a routine file's bytes (named `file` in messages) into a Collection."""
    tree = parse_yaml(decode_source(data, file), file)
    ctx = Ctx(file, base=Path(file).parent)
    top = fmt.COLLECTION.check(tree, "", ctx)
    if top is INVALID:
        raise RoutineError(ctx.problems)
    sounds = top.get("sounds")
    routines = tuple(_routine(r, i + 1, top, file) for i, r in enumerate(top.get("routines")))
    from .compile import length_problems  # late import: compile imports this module

    for routine in routines:
        ctx.problems.extend(length_problems(routine))
    if ctx.problems:
        raise RoutineError(ctx.problems)
    return Collection(
        title=top.get("title"),
        routines=routines,
        file=Path(file),
        source=top.get("source"),
        year=top.get("year"),
        cover=top.get("cover"),
        start_sound=sounds.get("start") if sounds is not None else None,
        end_sound=sounds.get("end") if sounds is not None else None,
    )
