"""The format's rules that span keys: what an exercise's keys mean together, and what a routine needs."""

from __future__ import annotations

from ..text import quoted
from .kinds import Checked, Ctx
from .yamlsource import Y

WORK_KEYS = ("reps", "hold", "duration", "phases")
"""The keys that say what kind of work an exercise is; exactly one per exercise (or a cycle with 'repeat')."""


def _one_work_kind(obj: Checked, path: str, ctx: Ctx, allowed: tuple[str, ...], what: str) -> bool:
    present = [k for k in allowed if k in obj]
    if len(present) == 1:
        return True
    if not present:
        ctx.add(obj.line, obj.column, path, f"{what} needs one of {', '.join(allowed)} (how much work it is)")
    else:
        line, column = obj.key_positions[present[1]]
        ctx.add(line, column, path, f"{what} has both '{present[0]}' and '{present[1]}'; keep only one")
    return False


def at_key(obj: Checked, key: str) -> tuple[int, int]:
    """Where a key was written (the mapping's own place when it was not)."""
    return obj.key_positions.get(key, (obj.line, obj.column))


def phase_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    """A phase has one kind of work; tempo only with reps."""
    if _one_work_kind(obj, path, ctx, ("reps", "hold", "duration"), "a phase") and "tempo" in obj and "reps" not in obj:
        ctx.add(*at_key(obj, "tempo"), path, "'tempo' paces reps; this phase has no 'reps', so remove 'tempo'")


def _rest_step_rules(obj: Checked, path: str, ctx: Ctx) -> None:
    if "rest" not in obj:
        message = "a step needs 'exercise' (with reps, hold, duration or phases) or is a rest: '- rest: 30s'"
        ctx.add(obj.line, obj.column, path, message)
        return
    extra = [k for k in obj.values if k not in ("rest", "say", "pace", "phrases")]
    if extra:
        line, column = at_key(obj, extra[0])
        hint = "; did you forget 'exercise:'?" if extra[0] in WORK_KEYS else ""
        ctx.add(line, column, path, f"a rest step takes only 'rest' and 'say', not '{extra[0]}'{hint}")
    elif isinstance(obj.get("rest"), Checked):
        ctx.add(*at_key(obj, "rest"), path, "a rest step is '- rest: 30s' (with 'say:' beside it to name it)")


def _needs(obj: Checked, path: str, ctx: Ctx, key: str, ok: bool, message: str) -> None:
    if key in obj and not ok:
        ctx.add(*at_key(obj, key), path, message)


def step_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    """An exercise's keys together: one kind of work, and each modifier with the work it modifies."""
    if "exercise" not in obj:
        _rest_step_rules(obj, path, ctx)
        return
    if "cycle" in obj and "repeat" in obj and not any(k in obj for k in WORK_KEYS):
        work = "cycle"
    elif not _one_work_kind(
        obj, path, ctx, WORK_KEYS, f"exercise {quoted(obj.get('exercise'), 120)}"
    ):  # 120: the longest name
        return
    else:
        work = next(k for k in WORK_KEYS if k in obj)
    _work_rules(obj, path, ctx, work)
    _set_rules(obj, path, ctx, work)
    _side_rules(obj, path, ctx, work)


def _work_rules(obj: Checked, path: str, ctx: Ctx, work: str) -> None:
    pyramid = isinstance(obj.get("reps"), list)
    cycle_hint = "'cycle' repeats its cues until a 'duration' is up, or 'repeat' times"
    _needs(obj, path, ctx, "cycle", work in ("duration", "cycle"), f"{cycle_hint}; write 'duration:' or 'repeat:'")
    if "cycle" in obj and "duration" in obj and "repeat" in obj:
        ctx.add(*at_key(obj, "repeat"), path, "a cycle runs for its 'duration' or 'repeat' times, not both; keep one")
    repeat_ok = work in ("phases", "cycle")
    _needs(obj, path, ctx, "repeat", repeat_ok, "'repeat' runs a list of 'phases' or a 'cycle' again; add one of them")
    _needs(
        obj, path, ctx, "tempo", work == "reps", "'tempo' paces reps; this exercise has no 'reps', so remove 'tempo'"
    )
    hold_each = "'hold_each' makes every rep a hold of that length; it needs 'reps'"
    _needs(obj, path, ctx, "hold_each", work == "reps", hold_each)
    _needs(obj, path, ctx, "relax", "hold_each" in obj, "'relax' is the time after each held rep; add 'hold_each'")
    every = "'every' starts each set on the clock (every minute: 1m); it needs 'reps' and 'sets'"
    _needs(obj, path, ctx, "every", work == "reps" and ("sets" in obj or pyramid), every)
    if "every" in obj and "hold_each" in obj:
        ctx.add(*at_key(obj, "every"), path, "'every' paces sets by the clock; it cannot be combined with 'hold_each'")


def _set_rules(obj: Checked, path: str, ctx: Ctx, work: str) -> None:
    pyramid = isinstance(obj.get("reps"), list)
    if pyramid and "sets" in obj:
        message = "a list of reps such as [6, 4, 2] is one set per number; remove 'sets'"
        ctx.add(*at_key(obj, "sets"), path, message)
    has_sets = "sets" in obj or pyramid
    rest_hint = (
        "'rest' on an exercise is the rest between sets; add 'sets:' or make the rest its own step ('- rest: 30s')"
    )
    _needs(obj, path, ctx, "rest", has_sets, rest_hint)
    _needs(obj, path, ctx, "set_name", has_sets, "'set_name' names the sets when they are spoken; add 'sets:'")


def _side_rules(obj: Checked, path: str, ctx: Ctx, work: str) -> None:
    per_side = obj.get("per_side")
    pyramid = isinstance(obj.get("reps"), list)
    first = "'first_side' needs 'per_side: true', 'each_set' or 'alternating'"
    _needs(obj, path, ctx, "first_side", bool(per_side), first)
    _needs(obj, path, ctx, "sides", bool(per_side), "'sides' names the two sides; it needs 'per_side'")
    if per_side == "alternating" and work not in ("reps", "hold", "duration"):
        message = (
            "'per_side: alternating' changes sides rep by rep (or halfway through a hold); "
            "it needs reps, a hold or a duration"
        )
        ctx.add(*at_key(obj, "per_side"), path, message)
    if per_side == "alternating" and "hold_each" in obj:
        ctx.add(*at_key(obj, "per_side"), path, "held reps go one side at a time; use 'per_side: true' or 'each_set'")
    if per_side == "each_set" and "sets" not in obj and not pyramid:
        ctx.add(*at_key(obj, "per_side"), path, "'per_side: each_set' does both sides in every set; add 'sets:'")


def routine_rules(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    """A routine has steps or sections, not both."""
    has = [k for k in ("sections", "steps") if k in obj]
    if len(has) == 2:
        ctx.add(*at_key(obj, "steps"), path, "a routine has either 'sections' or 'steps', not both")
    elif not has:
        ctx.add(obj.line, obj.column, path, "a routine needs 'steps' (or 'sections', each with steps)")


def unique_ids(y: Y, obj: Checked, path: str, ctx: Ctx) -> None:
    """Every routine's id differs from the others', read as written (so it is reported with any other problem)."""
    routines = y.value.get("routines")
    if routines is None or not isinstance(routines.value, list):
        return
    seen: dict[str, int] = {}
    for i, routine in enumerate(routines.value):
        rid = routine.value.get("id") if isinstance(routine.value, dict) else None
        if rid is None or not isinstance(rid.value, str):
            continue
        if rid.value in seen:
            line, column = routine.keys.get("id", (rid.line, rid.column))
            ctx.add(
                line,
                column,
                f"routines[{i}].id",
                f"{quoted(rid.value)} is already the id of routines[{seen[rid.value]}]; ids must be unique",
            )
        else:
            seen[rid.value] = i
