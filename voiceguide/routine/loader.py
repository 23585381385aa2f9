"""Load and validate a routine file into the routine model (stage 1 of the pipeline)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import cast

from ..errors import Problem, RoutineError
from ..reading import FileTooLarge, NotRegularFile, read_regular
from ..settings import DEFAULTS, Pace, VoiceSettings
from . import format as fmt
from .checks import at_key
from .kinds import INVALID, Checked, Ctx
from .model import (
    Breaths,
    Collection,
    CycleCue,
    Exercise,
    Hold,
    Music,
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
    TimedCue,
    Where,
    Work,
)
from .phrasing import overrides
from .values import MsRange
from .voice import resolve_path, switches_engine, voice_values
from .yamlsource import MAX_FILE_BYTES, decode_source, parse_yaml, too_large


def _work(values: Checked, pace: Pace) -> Work:
    tempo = values.get("tempo", pace.rep_ms)
    if "reps" in values:
        reps = values.get("reps")
        low, high = (min(reps), max(reps)) if isinstance(reps, list) else (reps.low, reps.high)
        hold_each = values.get("hold_each")
        relax = values.get("relax", pace.relax_ms) if hold_each else 0
        return Reps(low, high, tempo, hold_each, relax)
    if "hold" in values:
        hold = values.get("hold")
        if isinstance(hold, Checked):
            return Breaths(hold.get("breaths"), pace.breath_ms)
        if isinstance(hold, MsRange):
            return Hold(hold.high_ms, hold.low_ms)
        return Hold(hold)
    cycle = tuple(CycleCue(c.get("say"), c.get("time")) for c in values.get("cycle", []))
    if "duration" in values:
        return Timed(values.get("duration"), cycle)
    if "phases" not in values:  # a cycle run 'repeat' times
        repeat = values.get("repeat")
        return Timed(repeat * sum(c.ms for c in cycle), cycle, repeat)
    phases = tuple(Phase(p.get("say"), cast(SingleWork, _work(p, pace))) for p in values.get("phases"))
    return Phases(phases, values.get("repeat", 1))


SIDE_MODES: dict[object, SideMode] = {True: "each", False: "none", "alternating": "alternating", "each_set": "each_set"}


def _step(values: Checked, pace: Pace, ctx: Ctx, path: str) -> Step:
    where = Where(ctx.file, values.line, values.column)
    pace = _pace(pace, values.get("pace"), ctx, f"{path}.pace")
    if "exercise" not in values:
        return Rest(values.get("rest"), where, values.get("say"), pace, overrides(values.get("phrases")))
    rest = values.get("rest", pace.rest_ms)
    reps = values.get("reps")
    sides = values.get("sides")
    exercise = Exercise(
        name=values.get("exercise"),
        work=_work(values, pace),
        where=where,
        how=values.get("how"),
        say=values.get("say"),
        sides=SIDE_MODES[values.get("per_side", False)],
        first_side=values.get("first_side", "right"),
        sets=len(reps) if isinstance(reps, list) else values.get("sets", 1),
        set_rest_ms=rest.get("time") if isinstance(rest, Checked) else rest,
        pace=pace,
        set_counts=tuple(reps) if isinstance(reps, list) else (),
        set_name=values.get("set_name", "set"),
        set_rest_say=rest.get("say") if isinstance(rest, Checked) else None,
        every_ms=values.get("every"),
        cues=tuple(
            TimedCue(None if c.get("at") == "half" else c.get("at"), c.get("say")) for c in values.get("cues", [])
        ),
        side_names=(sides[0], sides[1]) if sides else None,
        phrases=overrides(values.get("phrases")),
    )
    _exercise_checks(exercise, values, ctx, path)
    return exercise


def _exercise_checks(exercise: Exercise, values: Checked, ctx: Ctx, path: str) -> None:
    """The rules that need the pace each exercise ends up with."""
    work = exercise.work
    if exercise.every_ms is not None and isinstance(work, Reps):
        paced = work.high * work.tempo_ms
        if paced > exercise.every_ms:
            line, column = at_key(values, "every")
            ctx.add(
                line,
                column,
                f"{path}.every",
                f"{_sec(exercise.every_ms)} is shorter than the paced work "
                f"({work.high} reps x {_sec(work.tempo_ms)} = {_sec(paced)}); make 'every' longer or 'tempo' shorter",
            )
    length = work_window_ms(exercise)
    for i, (cue, raw) in enumerate(zip(exercise.cues, values.get("cues", []))):
        if cue.at_ms is not None and length is not None and cue.at_ms >= length:
            line, column = at_key(raw, "at")
            ctx.add(
                line,
                column,
                f"{path}.cues[{i}].at",
                f"{_sec(cue.at_ms)} is past the end of the work ({_sec(length)}); say it earlier, or use 'at: half'",
            )


def work_window_ms(exercise: Exercise) -> int | None:
    """How long one window of this exercise's work lasts (for timed cues), or None when windows differ."""
    work = exercise.work
    if isinstance(work, Reps):
        if work.hold_ms is not None:
            return work.hold_ms
        return exercise.every_ms or min(exercise.set_counts or (work.high,)) * work.tempo_ms
    if isinstance(work, Hold):
        return work.ms
    if isinstance(work, Breaths):
        return work.count * work.breath_ms
    if isinstance(work, Timed):
        return work.ms
    return None


def _sec(ms: int) -> str:
    return f"{ms / 1000:g}s"


def _pace(pace: Pace, checked: Checked | None, ctx: Ctx, path: str) -> Pace:
    """The pace with a `pace:` mapping's keys over it; `between` must leave room for a complete countdown."""
    result = pace.overridden(_values(checked))
    if checked is not None and result.between_ms is not None and "between" in checked:
        need = result.countdown * 1000 + 1000
        if result.between_ms < need:
            line, column = at_key(checked, "between")
            ctx.add(
                line,
                column,
                f"{path}.between",
                f"{_sec(result.between_ms)} leaves no room for the "
                f"{result.countdown}-second countdown and a word before it; make it at least {_sec(need)}",
            )
    return result


def _music(owner: Checked | None, ctx: Ctx, above: Music | None) -> Music | None:
    """The `music:` written in this mapping, or the one from the level above."""
    if owner is None or "music" not in owner:
        return above
    value = owner.get("music")
    line, column = at_key(owner, "music")
    where = Where(ctx.file, line, column)
    settings = value if isinstance(value, Checked) else None
    files = settings.get("file") if settings is not None else value
    files = tuple(files) if isinstance(files, list) else (files,)
    base = ctx.base.resolve() if ctx.base is not None else None
    names = tuple(str(f.relative_to(base)) if base is not None and f.is_absolute() else str(f) for f in files)
    if settings is None:
        return Music(names, files, where=where)
    music = DEFAULTS.music
    return Music(
        names,
        files,
        level_lufs=settings.get("level", music.level_lufs),
        duck_db=settings.get("duck", music.duck_db),
        during=settings.get("during", music.during),
        credit=settings.get("credit"),
        where=where,
    )


def _steps(steps: list[Checked], pace: Pace, ctx: Ctx, path: str) -> tuple[Step, ...]:
    return tuple(_step(step, pace, ctx, f"{path}.steps[{i}]") for i, step in enumerate(steps))


def _routine(values: Checked, number: int, top: Checked, ctx: Ctx) -> Routine:
    path = f"routines[{number - 1}]"
    pace = _pace(_pace(DEFAULTS.pace, top.get("pace"), ctx, "pace"), values.get("pace"), ctx, f"{path}.pace")
    music = _music(values, ctx, _music(top, ctx, None))
    if "sections" in values:
        sections = tuple(
            Section(
                s.get("title"),
                s.get("rounds", 1),
                _steps(s.get("steps"), pace, ctx, f"{path}.sections[{i}]"),
                _music(s, ctx, music),
                overrides(s.get("phrases")),
            )
            for i, s in enumerate(values.get("sections"))
        )
    else:
        sections = (Section(None, 1, _steps(values.get("steps"), pace, ctx, path), music),)
    return Routine(
        id=values.get("id"),
        title=values.get("title"),
        number=number,
        sections=sections,
        where=Where(ctx.file, values.line, values.column),
        coach=values.get("coach"),
        credit=values.get("credit"),
        intro=values.get("intro"),
        outro=values.get("outro"),
        rounds=values.get("rounds", 1),
        pace=pace,
        voice=_voice(top, values, Path(ctx.file).parent),
        coaching=values.get("coaching", top.get("coaching", "full")),
        music=music,
        language=values.get("language", top.get("language", DEFAULTS.language.default)),
        phrases=tuple({**dict(overrides(top.get("phrases"))), **dict(overrides(values.get("phrases")))}.items()),
        pronounce=tuple({**top.get("pronounce", {}), **values.get("pronounce", {})}.items()),
    )


def _voice(top: Checked, routine: Checked, base: Path) -> VoiceSettings:
    """A routine's voice: the collection's keys, then its own, files named relative to the routine file; its name
    is the nearest level's voice.name, or the default voice of the nearest level's language."""
    upper, lower = top.get("voice"), routine.get("voice")
    values = voice_values(upper, lower)
    if "data_dir" in values:
        values["data_dir"] = resolve_path(values["data_dir"], base)
    if "model" in values and VoiceSettings.names_file(values["model"]):
        values["model"] = resolve_path(values["model"], base)
    if "command" in values and "/" in values["command"][0]:
        values["command"] = [resolve_path(values["command"][0], base), *values["command"][1:]]
    name = DEFAULTS.voice.name
    above = {} if switches_engine(upper, lower) else _values(upper) or {}
    for level, written in ((top, above), (routine, _values(lower) or {})):
        if "name" in written:
            name = str(written["name"])
        elif "language" in level:
            name = DEFAULTS.language.voice_for(level.get("language"))
    return dataclasses.replace(DEFAULTS.voice.overridden(values), name=name)


def load_collection(path: str | os.PathLike[str]) -> Collection:
    """Read, parse and validate a routine file; raise RoutineError listing every problem."""
    file = os.fspath(path)
    try:
        data = read_regular(file, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise RoutineError([Problem(file, 1, 1, "no such file")], option="routines") from None
    except (IsADirectoryError, NotRegularFile) as exc:
        kind = exc.kind if isinstance(exc, NotRegularFile) else "a folder"
        message = f"this is {kind}, not a routine file" + ("" if kind == "a folder" else "; name a regular file")
        raise RoutineError([Problem(file, 1, 1, message)], option="routines") from None
    except FileTooLarge as exc:
        raise RoutineError([Problem(file, 1, 1, too_large(exc.size))]) from None
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
    routines = tuple(_routine(r, i + 1, top, ctx) for i, r in enumerate(top.get("routines")))
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
        language=top.get("language", DEFAULTS.language.default),
    )


def _values(checked: Checked | None) -> dict[str, object] | None:
    return checked.values if checked is not None else None
