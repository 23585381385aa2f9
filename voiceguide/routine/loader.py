"""Load and validate a routine file into the routine model (stage 1 of the pipeline)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

from ..errors import Problem, RoutineError
from ..settings import DEFAULTS, Pace, VoiceSettings
from . import format as fmt
from .kinds import INVALID, Checked, Ctx
from .model import (
    Breaths,
    Collection,
    CycleCue,
    Exercise,
    Hold,
    Phase,
    Phases,
    Reps,
    Rest,
    Routine,
    Section,
    SideMode,
    SingleWork,
    Step,
    Timed,
    Where,
    Work,
)
from .values import RepRange
from .voice import resolve_path, voice_values
from .yamlsource import decode_source, parse_yaml


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
    pace = pace.overridden(_values(values.get("pace")))
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
    pace = DEFAULTS.pace.overridden(_values(top.get("pace"))).overridden(_values(values.get("pace")))
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
        voice=_voice(top.get("voice"), values.get("voice"), Path(file).parent),
        coaching=values.get("coaching", top.get("coaching", "full")),
        pronounce=tuple({**top.get("pronounce", {}), **values.get("pronounce", {})}.items()),
    )


def _voice(upper: Checked | None, lower: Checked | None, base: Path) -> VoiceSettings:
    """A routine's voice: the collection's keys, then its own; files named relative to the routine file."""
    values = voice_values(upper, lower)
    if "data_dir" in values:
        values["data_dir"] = resolve_path(values["data_dir"], base)
    if "model" in values and VoiceSettings.names_file(values["model"]):
        values["model"] = resolve_path(values["model"], base)
    if "command" in values and "/" in values["command"][0]:
        values["command"] = [resolve_path(values["command"][0], base), *values["command"][1:]]
    return DEFAULTS.voice.overridden(values)


def load_collection(path: str | os.PathLike[str]) -> Collection:
    """Read, parse and validate a routine file; raise RoutineError listing every problem."""
    file = os.fspath(path)
    try:
        data = Path(file).read_bytes()
    except FileNotFoundError:
        raise RoutineError([Problem(file, 1, 1, "no such file")], option="routines") from None
    except IsADirectoryError:
        raise RoutineError([Problem(file, 1, 1, "this is a folder, not a routine file")], option="routines") from None
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


def _values(checked: Checked | None) -> dict[str, object] | None:
    return checked.values if checked is not None else None
