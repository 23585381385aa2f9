"""Properties of the routine loader, checked with hypothesis.

(a) Any valid collection the generator makes loads, compiles, and counts exactly the time its numbers say.
(b) Any mutation of the seed routines.yaml either loads or raises RoutineError with real positions; nothing else.
(c) The shipped JSON Schema is the generated one, and it accepts every valid document.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from voiceguide.coaching import walk as compiling
from voiceguide.errors import RoutineError
from voiceguide.routine import parse_collection
from voiceguide.routine.format import json_schema, json_schema_text

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "routines.yaml").read_bytes()
SCHEMA_FILE = ROOT / "voiceguide" / "routine" / "routines.schema.json"

CI = settings(
    max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)

DEFAULT_PACE = {"rep": 3000, "breath": 5000, "rest": 15000, "switch": 5000, "transition": 5000, "countdown": 3}
"""The format's documented pace defaults, in ms (countdown in seconds)."""
MAX_MS = 3 * 3600 * 1000
"""Generated routines are kept well under the 4-hour limit, which also counts estimated speech."""


# --- (a) valid collections --------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789,.'!?:-#&*éüß", min_size=1, max_size=30).filter(
    lambda s: s.strip()
)
IDS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


def ms_of(value: Any) -> int:
    """The length of a duration in the few forms the generator writes (an independent reading of the format)."""
    if isinstance(value, int):
        return value * 1000
    minutes, seconds = re.fullmatch(r"(?:(\d+)m)?(?:(\d+(?:\.5)?)s)?", value).groups()
    return int(minutes or 0) * 60_000 + round(float(seconds or 0) * 1000)


@st.composite
def durations(draw: st.DrawFn, low_s: int = 1, high_s: int = 60) -> Any:
    """A duration of whole or half seconds, written as 30, '30s', '2.5s', '1m' or '1m30s'."""
    half_seconds = draw(st.integers(low_s * 2, high_s * 2))
    seconds, half = divmod(half_seconds, 2)
    form = draw(st.sampled_from(["bare", "s", "m"]))
    if half:
        text = f"{seconds}.5s"
        return text if seconds < 60 or form != "m" else f"{seconds // 60}m{seconds % 60}.5s"
    if form == "bare":
        return seconds
    if form == "m" and seconds >= 60:
        return f"{seconds // 60}m" + (f"{seconds % 60}s" if seconds % 60 else "")
    return f"{seconds}s"


@st.composite
def paces(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(list(DEFAULT_PACE)), unique=True, max_size=4))
    return {k: draw(st.integers(0, 5)) if k == "countdown" else draw(durations(1, 20)) for k in keys}


@st.composite
def reps(draw: st.DrawFn) -> Any:
    low = draw(st.integers(1, 12))
    if draw(st.booleans()):
        return low
    return f"{low}-{draw(st.integers(low, 15))}"


@st.composite
def works(draw: st.DrawFn, in_phase: bool = False) -> dict[str, Any]:
    """One of reps (maybe with tempo), hold, breaths, duration (maybe with a cycle) or, outside phases, phases."""
    kinds = ["reps", "hold", "breaths", "duration"] + ([] if in_phase else ["phases"])
    kind = draw(st.sampled_from(kinds))
    if kind == "reps":
        work: dict[str, Any] = {"reps": draw(reps())}
        if draw(st.booleans()):
            work["tempo"] = draw(durations(1, 6))
        return work
    if kind == "hold":
        return {"hold": draw(durations(1, 90))}
    if kind == "breaths":
        return {"hold": {"breaths": draw(st.integers(1, 10))}}
    if kind == "duration":
        work = {"duration": draw(durations(5, 120))}
        if not in_phase and draw(st.booleans()):
            work["cycle"] = [
                {"say": draw(WORDS), "time": draw(durations(1, 8))} for _ in range(draw(st.integers(1, 3)))
            ]
        return work
    return {"phases": [{"say": draw(WORDS), **draw(works(in_phase=True))} for _ in range(draw(st.integers(1, 3)))]}


@st.composite
def steps(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.integers(0, 5)) == 0:
        step: dict[str, Any] = {"rest": draw(durations(1, 60))}
        if draw(st.booleans()):
            step["say"] = draw(WORDS)
        return step
    step = {"exercise": draw(WORDS), **draw(works())}
    sides = [True, False, "alternating"] if "reps" in step else [True, False]
    if draw(st.booleans()):
        step["per_side"] = draw(st.sampled_from(sides))
        if step["per_side"] and draw(st.booleans()):
            step["first_side"] = draw(st.sampled_from(["right", "left"]))
    if draw(st.booleans()):
        step["sets"] = draw(st.integers(1, 3))
        if draw(st.booleans()):
            step["rest"] = draw(durations(1, 60))
    for key in ("how", "say"):
        if draw(st.integers(0, 3)) == 0:
            step[key] = draw(WORDS)
    if draw(st.integers(0, 3)) == 0:
        step["pace"] = draw(paces())
    return step


@st.composite
def routines(draw: st.DrawFn, rid: str) -> dict[str, Any]:
    routine: dict[str, Any] = {"id": rid, "title": draw(WORDS)}
    for key in ("coach", "intro", "outro"):
        if draw(st.booleans()):
            routine[key] = draw(WORDS)
    if draw(st.booleans()):
        routine["pace"] = draw(paces())
    if draw(st.integers(0, 3)) == 0:
        routine["rounds"] = draw(st.integers(1, 3))
    if draw(st.integers(0, 3)) == 0:
        routine["coaching"] = draw(st.sampled_from(["full", "brief"]))
    if draw(st.booleans()):
        routine["sections"] = [
            {
                "title": draw(WORDS),
                **({"rounds": draw(st.integers(1, 2))} if draw(st.booleans()) else {}),
                "steps": draw(st.lists(steps(), min_size=1, max_size=3)),
            }
            for _ in range(draw(st.integers(1, 2)))
        ]
    else:
        routine["steps"] = draw(st.lists(steps(), min_size=1, max_size=4))
    return routine


@st.composite
def collections(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    doc: dict[str, Any] = {"title": draw(WORDS)}
    if draw(st.booleans()):
        doc["source"] = draw(WORDS)
    if draw(st.booleans()):
        doc["voice"] = {"name": "en-us", "rate": draw(st.integers(80, 400))}
    if draw(st.booleans()):
        doc["pace"] = draw(paces())
    if draw(st.booleans()):
        doc["coaching"] = draw(st.sampled_from(["full", "brief"]))
    if draw(st.booleans()):
        doc["year"] = draw(st.integers(1900, 2999))
    doc["routines"] = [draw(routines(rid)) for rid in ids]
    return doc


def pace_of(*levels: dict[str, Any] | None) -> dict[str, int]:
    pace = dict(DEFAULT_PACE)
    for level in levels:
        for key, value in (level or {}).items():
            pace[key] = value if key == "countdown" else ms_of(value)
    return pace


def work_ms(work: dict[str, Any], pace: dict[str, int]) -> int:
    if "reps" in work:
        high = int(str(work["reps"]).split("-")[-1])
        return high * (ms_of(work["tempo"]) if "tempo" in work else pace["rep"])
    if "hold" in work:
        hold = work["hold"]
        return hold["breaths"] * pace["breath"] if isinstance(hold, dict) else ms_of(hold)
    if "duration" in work:
        return ms_of(work["duration"])
    return sum(work_ms(phase, pace) for phase in work["phases"])


def step_ms(step: dict[str, Any], routine_pace: dict[str, Any]) -> int:
    """Counted time of one step: work, rests between sets and the switch between sides (not get-ready)."""
    if "exercise" not in step:
        return ms_of(step["rest"])
    pace = pace_of(routine_pace, step.get("pace"))
    per_side = step.get("per_side", False)
    one_set = work_ms(step, pace) * (2 if per_side == "alternating" else 1)
    sets = step.get("sets", 1)
    set_rest = ms_of(step["rest"]) if "rest" in step else pace["rest"]
    side = sets * one_set + (sets - 1) * set_rest
    between_sides = set_rest if sets > 1 else pace["switch"]  # several sets: a whole rest between the sides
    return 2 * side + between_sides if per_side is True else side


def counted_ms(doc: dict[str, Any], routine: dict[str, Any]) -> int:
    """The counted time the format promises for a routine, from the generated numbers alone."""
    pace = {**(doc.get("pace") or {}), **(routine.get("pace") or {})}
    rest = pace_of(pace)["rest"]
    sections = routine.get("sections") or [{"steps": routine["steps"]}]
    one_round = 0
    for section in sections:
        rounds = section.get("rounds", 1)
        one_round += rounds * sum(step_ms(s, pace) for s in section["steps"]) + (rounds - 1) * rest
    rounds = routine.get("rounds", 1)
    return rounds * one_round + (rounds - 1) * rest


@CI
@given(collections())
def test_valid_collections_load_compile_and_count(doc: dict[str, Any]) -> None:
    expected = [counted_ms(doc, r) for r in doc["routines"]]
    assume(max(expected) < MAX_MS)
    data = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()

    collection = parse_collection(data, "gen.yaml")

    assert [r.id for r in collection.routines] == [r["id"] for r in doc["routines"]]
    assert [r.number for r in collection.routines] == list(range(1, len(doc["routines"]) + 1))
    for routine, want in zip(collection.routines, expected):
        for coaching in ("full", "brief"):
            script = compiling.compile_routine(routine, coaching=coaching)
            assert script.counted_ms() == want


# --- (b) mutations of the seed file -----------------------------------------------------------

FRAGMENTS = [
    b":",
    b": ",
    b"-",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"'",
    b'"',
    b"#",
    b"|",
    b">",
    b"?",
    b"~",
    b"!!",
    b"%",
    b"@",
    b"`",
    b"\t",
    b"\n",
    b"\r",
    b"  ",
    b"\x00",
    b"\x01",
    b"\xff",
    b"\xc3",
    "é".encode(),
    "\u2028".encode(),
    b"\xef\xbb\xbf",
    b"&a ",
    b"*a",
    b"*nope",
    b"<<: ",
    b"<<: *hip-cars\n",
    b"x-",
    b"---\n",
    b"...\n",
    b"reps: ",
    b"hold: ",
    b"0s",
    b"[[[[[[[[",
    b"{a: *a}",
    b"!!binary ",
    b"!!float ",
    b"!!str ",
    b"!!timestamp ",
    b"!!python/name:os.system ",
    b'"\\u',
    b".inf",
    b".nan",
    b"null",
    b"true",
    b"1:30",
    b"2024-13-45",
]
NUMBERS = [
    b"0",
    b"-1",
    b"2.5",
    b"1000000000",
    b"99999999999999999999",
    b"08",
    b"0x10",
    b"1e9",
    b"1e400",
    b".5",
    b"1:30",
    b"1_000",
]


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    data = SEED
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "line", "number"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 8)) :]
        elif kind in ("insert", "replace"):
            piece = draw(st.sampled_from(FRAGMENTS) | st.binary(min_size=1, max_size=3))
            data = data[:at] + piece + data[at + (kind == "replace") :]
        elif kind == "line":
            lines = data.splitlines(keepends=True) or [b""]
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            how = draw(st.sampled_from(["delete", "copy", "swap", "indent", "dedent"]))
            if how == "delete":
                del lines[i]
            elif how == "copy":
                lines.insert(j, lines[i])
            elif how == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif how == "indent":
                lines[i] = b" " * draw(st.integers(1, 4)) + lines[i]
            else:
                lines[i] = lines[i][1:]
            data = b"".join(lines)
        else:
            found = list(re.finditer(rb"\d+", data))
            if found:
                m = found[draw(st.integers(0, len(found) - 1))]
                data = data[: m.start()] + draw(st.sampled_from(NUMBERS)) + data[m.end() :]
    return data


@CI
@given(mutations())
def test_mutations_load_or_fail_with_positions(data: bytes) -> None:
    try:
        collection = parse_collection(data, "routines.yaml")
    except RoutineError as exc:
        event("rejected")
        lines = len(re.split(rb"\r\n|\r|\n", data))
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "routines.yaml"
            assert 1 <= problem.line <= lines, str(problem)
            assert problem.column >= 1, str(problem)
            assert problem.message.strip()
        return
    event("loaded")
    for routine in collection.routines:  # what loads also compiles
        compiling.compile_routine(routine)


def test_seed_loads() -> None:
    assert len(parse_collection(SEED, "routines.yaml").routines) == 7


# --- (c) the JSON Schema ----------------------------------------------------------------------


def test_shipped_schema_is_generated() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text()


def test_schema_is_valid_and_accepts_the_seed() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(SEED))


@CI
@given(collections())
def test_schema_accepts_valid_documents(doc: dict[str, Any]) -> None:
    data = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    jsonschema.Draft202012Validator(json_schema()).validate(yaml.safe_load(data))
