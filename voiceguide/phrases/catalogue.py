"""Every phrase the coach has: its name, what it may say ({placeholders}) and when it is said.

The catalogue is the same in every language; a phrase pack gives each entry its words, and a
routine file's `phrases:` may replace any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["cue", "part", "label"]


@dataclass(frozen=True)
class Entry:
    """One phrase of the catalogue."""

    name: str
    group: str
    kind: Kind
    """cue: a whole spoken sentence ('' turns it off); part: a piece of a longer sentence; label: shown, not spoken."""
    when: str
    placeholders: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    """The placeholders that are whole numbers: spelt in words when spoken, digits in a label."""
    count: str | None = None
    """The number that picks a plural form; default: the first of `numbers`."""

    @property
    def counted_by(self) -> str | None:
        """The placeholder a plural choice goes by, or None when the phrase takes no number."""
        return self.count or (self.numbers[0] if self.numbers else None)


def _cue(name: str, group: str, when: str, *placeholders: str, numbers: tuple[str, ...] = ()) -> Entry:
    return Entry(name, group, "cue", when, placeholders, numbers)


def _part(
    name: str, group: str, when: str, *placeholders: str, numbers: tuple[str, ...] = (), count: str = ""
) -> Entry:
    return Entry(name, group, "part", when, placeholders, numbers, count or None)


def _label(name: str, when: str, *placeholders: str, numbers: tuple[str, ...] = ()) -> Entry:
    return Entry(name, "labels", "label", when, placeholders, numbers)


START, PREVIEW, AMOUNT, TIME, SIDES, SETS, COUNTING = (
    "start and end",
    "before each exercise",
    "how much work (parts of the preview)",
    "lengths of time (parts of other phrases)",
    "sides",
    "sets, rests and rounds",
    "inside the work",
)

ENTRIES: tuple[Entry, ...] = (
    _cue("title", START, "first of all: the routine's title", "title"),
    _cue("credit", START, "after the title, when the routine has a coach", "coach"),
    _cue(
        "length",
        START,
        "after the credit: the track's length in whole minutes (0: under a minute)",
        "minutes",
        numbers=("minutes",),
    ),
    _cue("end", START, "after the last exercise: the length again", "minutes", numbers=("minutes",)),
    _cue("section", START, "as a section starts: its title", "title"),
    _cue("preview_first", PREVIEW, "before the first exercise: its name and how much work", "name", "amount"),
    _cue("preview_next", PREVIEW, "before every later exercise", "name", "amount"),
    _cue("next_exercise", PREVIEW, "near the end of a rest step: what comes after it", "name", "amount"),
    _part("reps", AMOUNT, "a number of reps ('reps: 8')", "n", numbers=("n",)),
    _part("rep_range", AMOUNT, "a range of reps ('reps: 8-10')", "low", "high", numbers=("low", "high"), count="high"),
    _part("breaths", AMOUNT, "a number of deep breaths, inside hold_breaths", "n", numbers=("n",)),
    _part("hold", AMOUNT, "a hold ('hold: 30s')", "time"),
    _part("hold_breaths", AMOUNT, "a hold of breaths ('hold: {breaths: 8}')", "breaths"),
    _part("keep_going", AMOUNT, "timed movement ('duration: 1m')", "time"),
    _part("phases", AMOUNT, "an exercise in phases: how many, then each part", "n", "parts", numbers=("n",)),
    _part("phase", AMOUNT, "one phase: its own 'say' and how much", "say", "amount"),
    _part("then", AMOUNT, "between two phases", "before", "after"),
    _part("sets_of_reps", AMOUNT, "sets of reps ('sets: 3')", "sets", "amount", numbers=("sets",)),
    _part("sets_of_work", AMOUNT, "sets of a hold, breaths, phases or timed work", "sets", "amount", numbers=("sets",)),
    _part("per_side", AMOUNT, "'per_side: true'", "amount"),
    _part("per_side_phases", AMOUNT, "'per_side: true' on an exercise in phases", "amount"),
    _part("alternating", AMOUNT, "'per_side: alternating'", "amount"),
    _part("seconds", TIME, "whole seconds", "n", numbers=("n",)),
    _part(
        "half_seconds", TIME, "seconds and a half; n is the whole seconds (0 for half a second)", "n", numbers=("n",)
    ),
    _part("minutes", TIME, "whole minutes", "n", numbers=("n",)),
    _part("minutes_seconds", TIME, "minutes and seconds together", "minutes", "seconds"),
    _part(
        "number_range",
        TIME,
        "a range of numbers written in your own text ('8-10')",
        "low",
        "high",
        numbers=("low", "high"),
        count="high",
    ),
    _cue("side", SIDES, "before one-sided work ('per_side: true'), and after 'switch'", "side"),
    _cue("start_side", SIDES, "before alternating work ('per_side: alternating')", "side"),
    _cue("switch", SIDES, "as the switch to the other side starts (followed by 'side')"),
    _cue("alternating_count", SIDES, "each rep of alternating work", "side", "n", numbers=("n",)),
    _cue("set", SETS, "before the first of several sets", "n", "total", numbers=("n", "total")),
    _cue("next_set", SETS, "near the end of the rest between sets", "n", "total", numbers=("n", "total")),
    _cue("rest", SETS, "as a rest between sets (or a rest step without 'say') starts", "time"),
    _cue(
        "round",
        SETS,
        "as a round of the routine starts (and after a section's title)",
        "n",
        "total",
        numbers=("n", "total"),
    ),
    _cue("next_round", SETS, "near the end of the rest before a round", "n", "total", numbers=("n", "total")),
    _cue(
        "next_section_round",
        SETS,
        "near the end of the rest before a section's next round",
        "n",
        "total",
        "section",
        numbers=("n", "total"),
    ),
    _cue("count", COUNTING, "each rep", "n", numbers=("n",)),
    _cue("countdown", COUNTING, "the last seconds before timed work starts or ends", "n", numbers=("n",)),
    _cue("halfway", COUNTING, "halfway through a hold of 20 s or more"),
    _cue("ten_left", COUNTING, "ten seconds before a hold of 30 s or more ends"),
    _cue("breathe_in", COUNTING, "at the start of each breath of a breath hold"),
    _cue("last_breath", COUNTING, "at the start of the last breath"),
    _cue("breathe_out", COUNTING, "halfway through each breath"),
    _label("complete_chapter", "the last chapter's title"),
    _label("rest_chapter", "the chapter and window of a rest step"),
    _label("rounds_rest_label", "the window of the rest between rounds"),
    _label("rest_before_round", "the chapter of the rest before a round", "n", numbers=("n",)),
    _label("rest_before_section", "the chapter of the rest before a section's next round", "section"),
    _label(
        "round_suffix",
        "after a chapter's title in a routine or section with rounds",
        "n",
        "total",
        numbers=("n", "total"),
    ),
    _label("set_label", "a set's window, after the exercise's name", "label", "n", "total", numbers=("n", "total")),
    _label("side_label", "a one-sided window, after the exercise's name (and set)", "label", "side"),
    _label("phase_label", "a phase's window", "label", "say"),
    _label("get_ready_label", "the window before an exercise's first count", "name"),
    _label("switch_label", "the window for changing sides", "name"),
    _label("rest_label", "the rest between an exercise's sets", "name"),
    # --- version 2: protocols
    _cue(
        "short_preview",
        PREVIEW,
        "in a later round, after the round's number: the first exercise, briefly",
        "name",
        "amount",
    ),
    _cue("next_short", PREVIEW, "before each later exercise of a later round, briefly", "name", "amount"),
    _cue("transition_preview", PREVIEW, "inside the exact gap before an exercise ('pace.between')", "name", "amount"),
    _part("held_reps", AMOUNT, "reps held one by one ('hold_each')", "reps", "time"),
    _part(
        "hold_range",
        AMOUNT,
        "a hold range in seconds ('hold: 45-60s')",
        "low",
        "high",
        numbers=("low", "high"),
        count="high",
    ),
    _part("time_range", AMOUNT, "a hold range of longer times ('hold: 2m-3m')", "low", "high"),
    _part("pyramid", AMOUNT, "one set per number ('reps: [6, 4, 2]')", "sets", "set_word", "counts", numbers=("sets",)),
    _part("list_join", AMOUNT, "between the items of a list", "before", "after"),
    _part("repeat_list", AMOUNT, "a list run several times ('repeat: 8')", "n", "parts", numbers=("n",)),
    _part("repeat_part", AMOUNT, "one item of a repeated list: its 'say' and how long", "say", "time"),
    _part("and_more", AMOUNT, "a long repeated list, by its first item", "parts", "n", numbers=("n",)),
    _part("switching_halfway", AMOUNT, "'per_side: alternating' on a hold or a duration", "amount"),
    _part("every_minute", AMOUNT, "sets on the clock every minute ('every: 1m')", "time", "amount"),
    _part("every_interval", AMOUNT, "sets on the clock ('every: 30s')", "every", "time", "amount"),
    _part(
        "sets_of_reps_named", AMOUNT, "sets of reps with a 'set_name'", "sets", "set_word", "amount", numbers=("sets",)
    ),
    _part(
        "sets_of_work_named",
        AMOUNT,
        "sets of other work with a 'set_name'",
        "sets",
        "set_word",
        "amount",
        numbers=("sets",),
    ),
    _part("set_word_set", SETS, "the word 'set' ('set_name: set'), one or several", "n", numbers=("n",)),
    _part("set_word_round", SETS, "the word for 'set_name: round'", "n", numbers=("n",)),
    _part("set_word_interval", SETS, "the word for 'set_name: interval'", "n", numbers=("n",)),
    _part("set_word_minute", SETS, "the word for 'set_name: minute'", "n", numbers=("n",)),
    _part("set_word_block", SETS, "the word for 'set_name: block'", "n", numbers=("n",)),
    _cue("side_named", SIDES, "instead of 'side' when the routine names its sides ('sides:')", "side"),
    _cue("start_side_named", SIDES, "instead of 'start_side' when the routine names its sides", "side"),
    _cue("first_side", SIDES, "inside an exact gap, before alternating timed work", "side"),
    _cue("first_side_named", SIDES, "instead of 'first_side' when the routine names its sides", "side"),
    _part("set_amount", SETS, "after 'next_set' when a pyramid's sets differ: the next set's reps", "amount"),
    _cue(
        "set_named",
        SETS,
        "instead of 'set' when the sets have a 'set_name'",
        "set",
        "n",
        "total",
        numbers=("n", "total"),
    ),
    _cue(
        "next_set_named", SETS, "instead of 'next_set' with a 'set_name'", "set", "n", "total", numbers=("n", "total")
    ),
    _cue(
        "interval_reps", SETS, "as each clock interval starts ('every'), after its number", "n", "name", numbers=("n",)
    ),
    _cue(
        "interval_rep_range",
        SETS,
        "as each clock interval of a range of reps starts",
        "low",
        "high",
        "name",
        numbers=("low", "high"),
    ),
    _cue("held_rep", COUNTING, "as each held rep starts ('hold_each')", "n", numbers=("n",)),
    _cue("relax", COUNTING, "as each held rep ends"),
    _cue("minutes_left", COUNTING, "in long work (2 minutes or more), at each whole minute left", "n", numbers=("n",)),
    _cue("time_left", COUNTING, "in long work, thirty seconds before it ends", "time"),
    _cue("range_reached", COUNTING, "when a hold range's shorter time is reached ('hold: 45-60s')", "time"),
    _cue(
        "repeat_progress",
        COUNTING,
        "as each time through a repeated list starts",
        "n",
        "total",
        "say",
        numbers=("n", "total"),
    ),
    _label("set_label_named", "a set's window with a 'set_name'", "label", "set", "n", "total", numbers=("n", "total")),
    _label("side_label_named", "a one-sided window when the routine names its sides", "label", "side"),
    _label("rep_label", "a held rep's window", "label", "n", numbers=("n",)),
    _label("relax_label", "the relax after a held rep", "label"),
)

CATALOGUE: dict[str, Entry] = {entry.name: entry for entry in ENTRIES}
"""Every phrase by name, in the order `voiceguide phrases` lists them."""
