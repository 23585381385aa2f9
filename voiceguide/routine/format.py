"""The routine format: every key, its kind and its meaning (see docs/routine-format.md)."""

from __future__ import annotations

import json
import re
from typing import Any

from ..settings import DEFAULTS
from .kinds import Checked, Ctx, Either, FieldSpec, ListOf, Obj, Ref
from .values import Choice, Count, Duration, LocalFile, Pattern, Reps, Text
from .voice import PRONOUNCE, VOICE_OBJ, check_voices
from .yamlsource import Y

SCHEMA_ID = "https://voiceguide.invalid/schema/routines-v1.json"

WORK_KEYS = ("reps", "hold", "duration", "phases")
"""The keys that say what kind of work an exercise is; exactly one per exercise."""

_registry: dict[str, Obj] = {}


def _ref(name: str) -> Ref:
    return Ref(name=name, registry=_registry)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, str)) and not isinstance(v, bool)


NAME = Text(max_length=120, description="a name, spoken and shown")
SPOKEN = Text(max_length=600, description="spoken text")
SHORT_CUE = Text(max_length=160, description="a short spoken cue")
IMAGE = LocalFile(
    max_length=300,
    pattern=r"[^\x00]+\.(?:jpg|jpeg|png)",
    explain="must name a .jpg or .png file, relative to the routine file",
    description="an image beside the routine file",
)
SOUND = LocalFile(
    max_length=300,
    pattern=r"[^\x00]+\.wav",
    explain="must name a .wav file, relative to the routine file",
    description="a WAV file beside the routine file",
)


PACE = DEFAULTS.pace


def _s(ms: int) -> str:
    """A default length as the format writes it: 3000 -> '3s'."""
    return f"{ms / 1000:g}s"


def _slug(text: str) -> str:
    """An id made from text that is not one: 'Leg Day' -> 'leg-day'."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:64].strip("-")


_registry["voice"] = VOICE_OBJ

_registry["pace"] = Obj(
    name="pace",
    description="Timing defaults; every key optional, each overrides the level above it.",
    fields=(
        FieldSpec("rep", Duration(), f"one repetition; default {_s(PACE.rep_ms)}"),
        FieldSpec("breath", Duration(), f"one deep breath, in and out; default {_s(PACE.breath_ms)}"),
        FieldSpec("rest", Duration(), f"rest between sets and between rounds; default {_s(PACE.rest_ms)}"),
        FieldSpec("switch", Duration(), f"time to change sides; default {_s(PACE.switch_ms)}"),
        FieldSpec(
            "transition",
            Duration(),
            f"time to get into position after the spoken preview; default {_s(PACE.transition_ms)}",
        ),
        FieldSpec(
            "countdown",
            Count(0, 10, "seconds counted down"),
            f"spoken count before timed work (3 gives three, two, one); 0 turns it off; default {PACE.countdown}",
        ),
    ),
)

_registry["breaths"] = Obj(
    name="breaths",
    description="A hold measured in deep breaths.",
    fields=(
        FieldSpec(
            "breaths", Count(1, 500, "deep breaths"), "how many deep breaths (each lasts pace.breath)", required=True
        ),
    ),
)

HOLD = Either(
    options=((_is_number, Duration()), (lambda v: isinstance(v, dict), _ref("breaths"))),
    description="a hold: a length of time (30s) or a number of breaths ({breaths: 8})",
    explain="must be a length of time like 30s or {breaths: 8}",
)

_registry["cycle_cue"] = Obj(
    name="cycle_cue",
    description="One cue of a cycle, spoken at the start of its slot.",
    fields=(
        FieldSpec("say", SHORT_CUE, "what the coach says at the start of this slot", required=True),
        FieldSpec("time", Duration(), "how long this slot lasts", required=True),
    ),
)


def _one_work_kind(y: Y, obj: Checked, path: str, ctx: Ctx, allowed: tuple[str, ...], what: str) -> bool:
    present = [k for k in allowed if k in obj]
    if len(present) == 1:
        return True
    if not present:
        ctx.add(obj.line, obj.column, path, f"{what} needs one of {', '.join(allowed)} (how much work it is)")
    else:
        line, column = obj.key_positions[present[1]]
        ctx.add(line, column, path, f"{what} has both '{present[0]}' and '{present[1]}'; keep only one")
    return False


def _at_key(obj: Checked, key: str) -> tuple[int, int]:
    return obj.key_positions.get(key, (obj.line, obj.column))


def _phase_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    if (
        _one_work_kind(y, obj, path, ctx, ("reps", "hold", "duration"), "a phase")
        and "tempo" in obj
        and "reps" not in obj
    ):
        ctx.add(*_at_key(obj, "tempo"), path, "'tempo' paces reps; this phase has no 'reps', so remove 'tempo'")


_registry["phase"] = Obj(
    name="phase",
    description="One part of an exercise done in phases.",
    fields=(
        FieldSpec("say", SHORT_CUE, "what the coach says as this phase starts", required=True),
        FieldSpec("hold", HOLD, "a static hold: 20s, or {breaths: 5}"),
        FieldSpec("reps", Reps(), "counted repetitions"),
        FieldSpec("duration", Duration(), "timed free movement"),
        FieldSpec("tempo", Duration(), "one repetition in this phase; default pace.rep"),
    ),
    rules=(_phase_rules,),
    extra_schema={"oneOf": [{"required": ["hold"]}, {"required": ["reps"]}, {"required": ["duration"]}]},
)


def _step_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    if "exercise" not in obj:
        if "rest" not in obj:
            ctx.add(
                obj.line,
                obj.column,
                path,
                "a step needs 'exercise' (with reps, hold, duration or phases) or is a rest: '- rest: 30s'",
            )
            return
        extra = [k for k in obj.values if k not in ("rest", "say", "pace")]
        if extra:
            line, column = _at_key(obj, extra[0])
            hint = "; did you forget 'exercise:'?" if extra[0] in WORK_KEYS else ""
            ctx.add(line, column, path, f"a rest step takes only 'rest' and 'say', not '{extra[0]}'{hint}")
        return
    if not _one_work_kind(y, obj, path, ctx, WORK_KEYS, f"exercise '{obj.get('exercise')}'"):
        return
    work = next(k for k in WORK_KEYS if k in obj)
    if "cycle" in obj and work != "duration":
        ctx.add(
            *_at_key(obj, "cycle"),
            path,
            f"'cycle' repeats its cues until a 'duration' is up; write 'duration:' (like 1m) instead of '{work}'",
        )
    if "tempo" in obj and work != "reps":
        ctx.add(*_at_key(obj, "tempo"), path, "'tempo' paces reps; this exercise has no 'reps', so remove 'tempo'")
    if "rest" in obj and "sets" not in obj:
        ctx.add(
            *_at_key(obj, "rest"),
            path,
            "'rest' on an exercise is the rest between sets; add 'sets:' or make the rest its own step ('- rest: 30s')",
        )
    if "first_side" in obj and not obj.get("per_side"):
        ctx.add(*_at_key(obj, "first_side"), path, "'first_side' needs 'per_side: true' or 'per_side: alternating'")
    if obj.get("per_side") == "alternating" and work != "reps":
        ctx.add(
            *_at_key(obj, "per_side"),
            path,
            (
                "'per_side: alternating' switches sides every rep, so it needs 'reps'; use 'per_side: true' to do one "
                "side, then the other"
            ),
        )


_registry["step"] = Obj(
    name="step",
    description="One exercise, or a rest on its own ('- rest: 30s').",
    fields=(
        FieldSpec("exercise", NAME, "the exercise's name, spoken before it starts"),
        FieldSpec("reps", Reps(), "counted repetitions at 'tempo': 8, or a range 8-10"),
        FieldSpec("hold", HOLD, "a static hold: 30s, or {breaths: 8}"),
        FieldSpec("duration", Duration(), "timed free movement such as foam rolling; may have 'cycle'"),
        FieldSpec(
            "cycle", ListOf(_ref("cycle_cue"), 1, 20), "with 'duration': cues repeated in turn until the time is up"
        ),
        FieldSpec("phases", ListOf(_ref("phase"), 1, 20), "a sequence of holds, reps or movements inside one exercise"),
        FieldSpec(
            "rest",
            Duration(),
            "on its own: a rest step; on an exercise with 'sets': the rest between sets (default pace.rest)",
        ),
        FieldSpec(
            "per_side",
            Choice((True, False, "alternating"), "true, false or alternating"),
            "true: all the work on one side, switch, then the other; alternating: sides change every rep",
        ),
        FieldSpec("first_side", Choice(("right", "left"), "right or left"), "the side to start on; default right"),
        FieldSpec("sets", Count(1, 20, "sets"), "how many sets, with 'rest' between them"),
        FieldSpec("tempo", Duration(), "one repetition; default pace.rep"),
        FieldSpec("how", SPOKEN, "instructions spoken before the timer starts, never inside the counted time"),
        FieldSpec("say", SHORT_CUE, "a short cue spoken as the work (or the rest) starts"),
        FieldSpec("pace", _ref("pace"), "timing overrides for this step only"),
    ),
    rules=(_step_rules,),
    extra_schema={
        "oneOf": [
            {"required": ["exercise", "reps"]},
            {"required": ["exercise", "hold"]},
            {"required": ["exercise", "duration"]},
            {"required": ["exercise", "phases"]},
            {"required": ["rest"], "not": {"required": ["exercise"]}},
        ]
    },
)

ROUNDS = Count(1, 50, "rounds")

_registry["section"] = Obj(
    name="section",
    description="A titled part of a routine, such as a warm-up.",
    fields=(
        FieldSpec("title", NAME, "the section's name, spoken as it starts", required=True),
        FieldSpec("rounds", ROUNDS, "repeat this section N times; default 1"),
        FieldSpec("steps", ListOf(_ref("step"), 1, 200), "the exercises and rests, in order", required=True),
    ),
)


def _routine_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    has = [k for k in ("sections", "steps") if k in obj]
    if len(has) == 2:
        ctx.add(*_at_key(obj, "steps"), path, "a routine has either 'sections' or 'steps', not both")
    elif not has:
        ctx.add(obj.line, obj.column, path, "a routine needs 'steps' (or 'sections', each with steps)")


_registry["routine"] = Obj(
    name="routine",
    description="One workout: one MP3.",
    fields=(
        FieldSpec(
            "id",
            Pattern(
                max_length=64,
                pattern=r"[a-z0-9]+(?:-[a-z0-9]+)*",
                explain=(
                    "must be lowercase letters, digits and single hyphens, like hip-mobility (it names the output file)"
                ),
                suggest=_slug,
            ),
            "a short name made of a-z, 0-9 and '-'; names the output file",
            required=True,
        ),
        FieldSpec("title", NAME, "the workout's title: spoken first, the MP3's title tag", required=True),
        FieldSpec("coach", NAME, "who designed it: spoken credit and the MP3's artist tag"),
        FieldSpec("intro", SPOKEN, "spoken after the title, before the first exercise"),
        FieldSpec("outro", SPOKEN, "spoken after 'workout complete'"),
        FieldSpec("pace", _ref("pace"), "timing overrides for this routine"),
        FieldSpec("voice", _ref("voice"), "voice overrides for this routine"),
        FieldSpec("pronounce", PRONOUNCE, "spoken forms for this routine, added to the collection's"),
        FieldSpec(
            "coaching",
            Choice(("full", "brief"), "full or brief"),
            "full (default) or brief: brief leaves out 'how' and rep counting",
        ),
        FieldSpec("rounds", ROUNDS, "repeat all the steps N times, with pace.rest between rounds; default 1"),
        FieldSpec("sections", ListOf(_ref("section"), 1, 50), "titled parts, each with steps"),
        FieldSpec("steps", ListOf(_ref("step"), 1, 200), "the exercises and rests, in order"),
    ),
    rules=(_routine_rules,),
    extra_schema={"oneOf": [{"required": ["sections"]}, {"required": ["steps"]}]},
)

_registry["sounds"] = Obj(
    name="sounds",
    description="Your own beeps, as WAV files beside the routine file.",
    fields=(
        FieldSpec("start", SOUND, "played when timed work starts"),
        FieldSpec("end", SOUND, "played when timed work ends"),
    ),
)


def _collection_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    seen: dict[str, int] = {}
    for i, routine in enumerate(obj.get("routines", [])):
        rid = routine.get("id")
        if rid in seen:
            line, column = routine.key_positions["id"]
            ctx.add(
                line,
                column,
                f"routines[{i}].id",
                f"'{rid}' is already the id of routines[{seen[rid]}]; ids must be unique",
            )
        else:
            seen[rid] = i
    check_voices(obj, ctx)


COLLECTION = Obj(
    name="collection",
    description="A collection of workouts (routines.yaml).",
    fields=(
        FieldSpec("title", NAME, "the collection's title: the album tag and playlist name", required=True),
        FieldSpec("source", Text(max_length=500), "where the routines come from: the MP3's comment tag"),
        FieldSpec("voice", _ref("voice"), "how the coach speaks"),
        FieldSpec(
            "pronounce",
            PRONOUNCE,
            "how to say words the voice gets wrong, such as {WRKOUT: work out}; only what is spoken changes",
        ),
        FieldSpec("pace", _ref("pace"), "timing defaults"),
        FieldSpec("coaching", Choice(("full", "brief"), "full or brief"), "full (default) or brief"),
        FieldSpec("year", Count(1900, 2999, "year"), "the year tag; default: from SOURCE_DATE_EPOCH, else this year"),
        FieldSpec("cover", IMAGE, "a .jpg or .png embedded as every track's cover art"),
        FieldSpec("sounds", _ref("sounds"), "your own start and end beeps"),
        FieldSpec(
            "routines",
            ListOf(_ref("routine"), 1, 99),
            "the workouts, one MP3 each, numbered in this order",
            required=True,
        ),
    ),
    rules=(_collection_rules,),
    extensions=True,
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of routines.yaml, generated from the loader's definitions."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "voiceguide routines",
        **COLLECTION.json_schema(),
        "$defs": {name: obj.json_schema() for name, obj in sorted(_registry.items())},
    }
    return schema


def json_schema_text() -> str:
    """The JSON Schema as the text shipped in the package (voiceguide/routines.schema.json)."""
    return json.dumps(json_schema(), indent=2, sort_keys=False) + "\n"
