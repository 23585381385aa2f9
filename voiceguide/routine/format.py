"""The routine format (version 2, which reads every version-1 file): every key, its kind and its meaning.

See docs/routine-format.md; `checks` holds the rules that span keys, `voice` the voice and pronounce keys.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from ..settings import DEFAULTS
from .checks import phase_rules, routine_rules, step_rules, unique_ids
from .images import cover_problem
from .kinds import Either, FieldSpec, ListOf, Obj, Ref
from .music_format import MUSIC_DOC, MUSIC_OBJ, music_key
from .phrasing import Language, Phrases, check_languages
from .values import AtTime, Choice, Count, Duration, HoldLength, LocalFile, Pattern, Reps, Text
from .voice import PRONOUNCE, VOICE_OBJ, voice_rules

SCHEMA_ID = "https://voiceguide.invalid/schema/routines-v1.json"

_registry: dict[str, Obj] = {}


def _ref(name: str) -> Ref:
    return Ref(name=name, registry=_registry)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, str)) and not isinstance(v, bool)


NAME = Text(max_length=120, description="a name, spoken and shown")
LANGUAGE = Language()
PHRASES_DOC = "your own phrases over the language's, by name (see 'voiceguide phrases'); '' turns a cue off"
PHRASES = Phrases()
SPOKEN = Text(max_length=600, description="spoken text")
SHORT_CUE = Text(max_length=160, description="a short spoken cue")
IMAGE = LocalFile(
    max_length=300,
    pattern=r"[^\x00]+\.(?:jpg|jpeg|png)",
    explain="must name a .jpg or .png file, relative to the routine file",
    description="an image beside the routine file",
    content=cover_problem,
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
    """An id made from text that is not one: 'Leg Day' -> 'leg-day', 'Übung' -> 'ubung'; '' when a letter would go.

    Letters are folded to their plain forms first ('ſ' is an s, 'ß' is ss); a letter or digit
    with no plain a-z or 0-9 form ('ø', '日') makes no offer, rather than one that drops it.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    if any(c.isalnum() and not ("a" <= c <= "z" or "0" <= c <= "9") for c in kept):
        return ""
    slug = "-".join(re.findall(r"[a-z0-9]+", kept))
    return slug if len(slug) <= 64 else ""


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
        FieldSpec("relax", Duration(), f"after each held rep ('hold_each'); default {_s(PACE.relax_ms)}"),
        FieldSpec(
            "between",
            Duration(minimum_ms=1000),
            "exercise to exercise, exactly: from the end of one's work to the start of the next's, with everything "
            "about the next exercise and a countdown said inside it; default: the preview, then pace.transition",
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
    options=((_is_number, HoldLength()), (lambda v: isinstance(v, dict), _ref("breaths"))),
    description="a hold: a length of time (30s), a range (45-60s) or a number of breaths ({breaths: 8})",
    explain="must be a length of time like 30s, a range like 45-60s, or {breaths: 8}",
)
REPS = Either(
    options=((_is_number, Reps()), (lambda v: isinstance(v, list), ListOf(Count(1, 1000, "reps"), 2, 20))),
    description="repetitions: 8, a range 8-10, or one number per set such as [6, 4, 2] (a pyramid)",
    explain="must be a number of reps like 8, a range like 8-10, or a list like [6, 4, 2]",
)

_registry["timed_cue"] = Obj(
    name="timed_cue",
    description="A cue said at a time inside every set, hold or duration of the exercise.",
    fields=(
        FieldSpec("at", AtTime(), "when: a time from the start of the work (40s) or half", required=True),
        FieldSpec("say", SHORT_CUE, "what the coach says then", required=True),
    ),
)

_registry["named_rest"] = Obj(
    name="named_rest",
    description="The rest between sets, with its own words.",
    fields=(
        FieldSpec("time", Duration(), "how long the rest lasts", required=True),
        FieldSpec("say", SHORT_CUE, "what the coach says as it starts (instead of 'Rest, ...')", required=True),
    ),
)

REST = Either(
    options=((_is_number, Duration()), (lambda v: isinstance(v, dict), _ref("named_rest"))),
    description="a rest: a length of time (30s) or {time: 90s, say: Walk.}",
    explain="must be a length of time like 30s or {time: 90s, say: Walk.}",
)

_registry["cycle_cue"] = Obj(
    name="cycle_cue",
    description="One cue of a cycle, spoken at the start of its slot.",
    fields=(
        FieldSpec("say", SHORT_CUE, "what the coach says at the start of this slot", required=True),
        FieldSpec("time", Duration(), "how long this slot lasts", required=True),
    ),
)


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
    rules=(phase_rules,),
    extra_schema={"oneOf": [{"required": ["hold"]}, {"required": ["reps"]}, {"required": ["duration"]}]},
)


_registry["step"] = Obj(
    name="step",
    description="One exercise, or a rest on its own ('- rest: 30s').",
    fields=(
        FieldSpec("exercise", NAME, "the exercise's name, spoken before it starts"),
        FieldSpec("reps", REPS, "counted repetitions at 'tempo': 8, a range 8-10, or one set per number: [6, 4, 2]"),
        FieldSpec("hold", HOLD, "a static hold: 30s, a range 45-60s (timed to 60 s), or {breaths: 8}"),
        FieldSpec("duration", Duration(), "timed free movement such as foam rolling; may have 'cycle'"),
        FieldSpec("phases", ListOf(_ref("phase"), 1, 20), "a sequence of holds, reps or movements inside one exercise"),
        FieldSpec(
            "cycle",
            ListOf(_ref("cycle_cue"), 1, 20),
            "cues said in turn: until a 'duration' is up, or 'repeat' times through",
        ),
        FieldSpec("repeat", Count(1, 100, "times"), "run the 'phases' or the 'cycle' this many times"),
        FieldSpec("hold_each", Duration(), "with 'reps': each rep is a hold this long, then 'relax'"),
        FieldSpec("relax", Duration(), "with 'hold_each': the time after each held rep (default pace.relax)"),
        FieldSpec("sets", Count(1, 50, "sets"), "how many sets, with 'rest' between them"),
        FieldSpec(
            "rest",
            REST,
            "on its own: a rest step; on an exercise with 'sets': the rest between sets (default pace.rest), "
            "or {time: 90s, say: Walk.}",
        ),
        FieldSpec("set_name", Text(max_length=40), "what a set is called when spoken: round, interval, minute, ..."),
        FieldSpec("every", Duration(minimum_ms=5000), "start each set on the clock, such as every 1m (EMOM)"),
        FieldSpec(
            "per_side",
            Choice((True, False, "alternating", "each_set"), "true, false, alternating or each_set"),
            "true: all the work on one side, switch, then the other; each_set: both sides in every set; "
            "alternating: sides change every rep (or halfway through a hold)",
        ),
        FieldSpec(
            "sides", ListOf(NAME, 2, 2), "the two sides' spoken names, in order, such as [affected leg, other leg]"
        ),
        FieldSpec("first_side", Choice(("right", "left"), "right or left"), "the side to start on; default right"),
        FieldSpec("tempo", Duration(), "one repetition; default pace.rep"),
        FieldSpec("cues", ListOf(_ref("timed_cue"), 1, 50), "cues said at a time inside each set, hold or duration"),
        FieldSpec("how", SPOKEN, "instructions spoken before the timer starts, never inside the counted time"),
        FieldSpec("say", SHORT_CUE, "a short cue spoken as the work (or the rest) starts"),
        FieldSpec("pace", _ref("pace"), "timing overrides for this step only"),
        FieldSpec("phrases", PHRASES, PHRASES_DOC + "; for this step only"),
    ),
    rules=(step_rules,),
    extra_schema={
        "oneOf": [
            {"required": ["exercise", "reps"]},
            {"required": ["exercise", "hold"]},
            {"required": ["exercise", "duration"]},
            {"required": ["exercise", "phases"]},
            {"required": ["exercise", "cycle", "repeat"]},
            {"required": ["rest"], "not": {"required": ["exercise"]}},
        ]
    },
)

ROUNDS = Count(1, 50, "rounds")

_registry["music"] = MUSIC_OBJ
MUSIC_KEY = music_key(_ref("music"))

_registry["section"] = Obj(
    name="section",
    description="A titled part of a routine, such as a warm-up.",
    fields=(
        FieldSpec("title", NAME, "the section's name, spoken as it starts", required=True),
        FieldSpec("rounds", ROUNDS, "repeat this section N times; default 1"),
        FieldSpec("music", MUSIC_KEY, MUSIC_DOC + "; this section's own"),
        FieldSpec("steps", ListOf(_ref("step"), 1, 200), "the exercises and rests, in order", required=True),
        FieldSpec("phrases", PHRASES, PHRASES_DOC + "; for this section"),
    ),
)


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
        FieldSpec(
            "credit", Text(max_length=200), "spoken instead of 'Coached by ...' (the coach stays the artist tag)"
        ),
        FieldSpec("intro", SPOKEN, "spoken after the title, before the first exercise"),
        FieldSpec("outro", SPOKEN, "spoken after 'workout complete'"),
        FieldSpec("pace", _ref("pace"), "timing overrides for this routine"),
        FieldSpec("voice", _ref("voice"), "voice overrides for this routine"),
        FieldSpec("music", MUSIC_KEY, MUSIC_DOC + "; this routine's own"),
        FieldSpec("language", LANGUAGE, "the language of this routine (its phrases, numbers and default voice)"),
        FieldSpec("phrases", PHRASES, PHRASES_DOC + "; for this routine, over the collection's"),
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
    rules=(routine_rules,),
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


COLLECTION = Obj(
    name="collection",
    description="A collection of workouts (routines.yaml).",
    fields=(
        FieldSpec("title", NAME, "the collection's title: the album tag and playlist name", required=True),
        FieldSpec("source", Text(max_length=500), "where the routines come from: the MP3's comment tag"),
        FieldSpec("voice", _ref("voice"), "how the coach speaks"),
        FieldSpec(
            "language",
            LANGUAGE,
            "the language the coach speaks: phrases, numbers, default voice, output language tags; default en",
        ),
        FieldSpec("phrases", PHRASES, PHRASES_DOC),
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
        FieldSpec("music", MUSIC_KEY, MUSIC_DOC + "; every routine's unless it has its own"),
        FieldSpec(
            "routines",
            ListOf(_ref("routine"), 1, 99),
            "the workouts, one MP3 each, numbered in this order",
            required=True,
        ),
    ),
    rules=(check_languages, voice_rules),
    raw_rules=(unique_ids,),
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
