"""The words of the coach, in one place: every sentence spoken, every chapter title and window label.

The coaching rules decide when something is said; this module decides how it is said. Every
sentence comes from a phrase pack (voiceguide/phrases/packs/<language>.yaml), or from the
routine file's own `phrases:` over it, or is the routine file's own text. A phrase set to ''
says nothing: its method returns '' and the walk leaves the cue out.
"""

from __future__ import annotations

import re

from ..phrases import Overrides, Pack, load_pack, render
from ..phrases.numbers import year
from ..routine.model import Breaths, Exercise, Hold, Phases, Reps, Routine, Side, Timed, Work
from .labels import Labels

LIST_IN_PREVIEW = 3
"""A repeated list of more parts than this is previewed by its first part only."""


class Words(Labels):
    """The coach's words in one language: each method makes one sentence, fragment or label."""

    def __init__(self, pack: Pack, overrides: Overrides = ()) -> None:
        self.pack = pack
        self.overrides = dict(overrides)

    def within(self, overrides: Overrides) -> Words:
        """These words with a routine file's phrases (of a routine, section or step) over them."""
        if not overrides:
            return self
        return Words(self.pack, tuple({**self.overrides, **dict(overrides)}.items()))

    def say(self, phrase: str, /, **values: object) -> str:
        """The phrase of this name with its placeholders filled in (numbers in words)."""
        return render(self.overrides.get(phrase) or self.pack.phrases[phrase], values, self.pack)

    def label(self, phrase: str, /, **values: object) -> str:
        """The label of this name with its placeholders filled in (numbers as digits)."""
        return render(self.overrides.get(phrase) or self.pack.phrases[phrase], values, self.pack, digits=True)

    def duration(self, ms: int) -> str:
        """A length in words: 30000 -> 'thirty seconds', 2500 -> 'two and a half seconds', 500 -> 'half a second'."""
        half = 250 <= ms % 1000 < 750
        whole = ms // 1000 + (1 if ms % 1000 >= 750 else 0)
        mins, secs = divmod(whole, 60)
        minutes = self.say("minutes", n=mins) if mins else ""
        if half:
            seconds = self.say("half_seconds", n=secs)
        elif secs or not mins:
            seconds = self.say("seconds", n=secs)
        else:
            return minutes
        return self.say("minutes_seconds", minutes=minutes, seconds=seconds) if minutes else seconds

    def title(self, text: str) -> str:
        """The routine's title, as a sentence."""
        return self.say("title", title=self.spoken(text))

    def credit(self, coach: str) -> str:
        """Who designed the routine."""
        return self.say("credit", coach=self.spoken(coach))

    def length(self, total_ms: int) -> str:
        """How long the workout takes, said at the start."""
        return self.say("length", minutes=round(total_ms / 60000))

    def end(self, total_ms: int) -> str:
        """The last sentence before the outro."""
        return self.say("end", minutes=round(total_ms / 60000))

    def preview(self, first: bool, exercise: Exercise) -> str:
        """'First: Glute bridge. Three sets of eight to ten reps.'"""
        name = "preview_first" if first else "preview_next"
        return self.say(name, name=self.spoken(exercise.name), amount=self.describe(exercise))

    def next_exercise(self, exercise: Exercise) -> str:
        """Near the end of a rest step: the whole preview of what comes after it."""
        return self.say("next_exercise", name=self.spoken(exercise.name), amount=self.describe(exercise))

    def side(self, which: Side) -> str:
        """'Right side.'"""
        return self.say("side", side=which)

    def start_side(self, which: Side) -> str:
        """Before alternating work: 'Start on your right side.'"""
        return self.say("start_side", side=which)

    def switch(self, to: Side | None) -> str:
        """'Switch sides. Left side.'"""
        return _joined(self.say("switch"), self.side(to) if to else "")

    def first_set(self, total: int) -> str:
        """'Set one of three.'"""
        return self.say("set", n=1, total=total)

    def next_set(self, n: int, total: int) -> str:
        """'Next: set two of three.'"""
        return self.say("next_set", n=n, total=total)

    def rest(self, ms: int) -> str:
        """'Rest, fifteen seconds.'"""
        return self.say("rest", time=self.duration(ms))

    def round_of(self, n: int, total: int) -> str:
        """'Round two of three.'"""
        return self.say("round", n=n, total=total)

    def next_round(self, n: int, total: int) -> str:
        """'Next: round two of three.'"""
        return self.say("next_round", n=n, total=total)

    def next_section_round(self, n: int, total: int, section: str | None) -> str:
        """'Next: round two of three of Warm-up.'"""
        if section is None:
            return self.next_round(n, total)
        return self.say("next_section_round", n=n, total=total, section=self.spoken(section))

    def section_start(self, section: str, n: int, total: int) -> str:
        """A section's title, with its round when it repeats."""
        text = self.say("section", title=self.spoken(section))
        return _joined(text, self.round_of(n, total)) if total > 1 else text

    def rep_count(self, n: int) -> str:
        """A counted repetition: 'one'."""
        return self.say("count", n=n)

    def alternating_count(self, which: Side, n: int) -> str:
        """'Right, one.'"""
        return self.say("alternating_count", side=which, n=n)

    def countdown(self, n: int) -> str:
        """'three'."""
        return self.say("countdown", n=n)

    def halfway(self) -> str:
        """Halfway through a hold."""
        return self.say("halfway")

    def ten_left(self) -> str:
        """Ten seconds before a hold ends."""
        return self.say("ten_left")

    def breathe_out(self) -> str:
        """Halfway through a breath."""
        return self.say("breathe_out")

    def breathe_in(self, last: bool) -> str:
        """'Breathe in.', or 'Last breath, in.'"""
        return self.say("last_breath" if last else "breathe_in")

    def spoken(self, text: str) -> str:
        """The routine file's own text (how, say, intro, outro, names), with digits and ranges spelt out."""

        def spell_range(m: re.Match[str]) -> str:
            return self.say("number_range", low=int(m.group(1)), high=int(m.group(2)))

        text = re.sub(r"\b(\d{1,6})\s*-\s*(\d{1,6})\b", spell_range, text)
        text = re.sub(r"\b(?:1[1-9]|20)\d\d\b", lambda m: year(int(m.group()), self.pack.language), text)
        return re.sub(r"\b\d{1,6}\b", lambda m: self.pack.number(int(m.group()), "count"), text)

    def describe_work(self, work: Work) -> str:
        """How much work, in words: 'eight to ten reps', 'thirty seconds', 'eight deep breaths'."""
        if isinstance(work, Reps):
            reps = (
                self.say("reps", n=work.high)
                if work.low == work.high
                else self.say("rep_range", low=work.low, high=work.high)
            )
            return self.say("held_reps", reps=reps, time=self.duration(work.hold_ms)) if work.hold_ms else reps
        if isinstance(work, Hold) and work.min_ms:
            if work.ms < 120_000 and work.ms % 1000 == 0 and work.min_ms % 1000 == 0:
                return self.say("hold_range", low=work.min_ms // 1000, high=work.ms // 1000)
            return self.say("time_range", low=self.duration(work.min_ms), high=self.duration(work.ms))
        if isinstance(work, Timed) and work.repeat:
            return self._repeat_list(work.repeat, [(c.say, c.ms) for c in work.cycle])
        if isinstance(work, (Hold, Timed)):
            return self.duration(work.ms)
        if isinstance(work, Breaths):
            return self.say("breaths", n=work.count)
        if work.repeat > 1:
            return self._repeat_list(work.repeat, [(p.say, p.work) for p in work.phases])
        parts = [
            self.say("phase", say=self._mid_sentence(p.say.rstrip(".!")), amount=self.describe_work(p.work))
            for p in work.phases
        ]
        text = parts[0]
        for part in parts[1:]:
            text = self.say("then", before=text, after=part)
        return text

    def _mid_sentence(self, text: str) -> str:
        """A cue's first letter in lower case, to read inside a sentence ('DNS' stays; German keeps its nouns)."""
        if self.pack.lower_cues and len(text) > 1 and text[1].islower():
            return text[0].lower() + text[1:]
        return text

    def describe(self, exercise: Exercise, bare: bool = False) -> str:
        """The preview's amount: 'three sets of eight to ten reps', 'hold for thirty seconds per side'.

        `bare` leaves out 'hold for' and 'keep going for' (inside an exact gap, where time is short).
        """
        work = exercise.work
        amount = self.describe_work(work)
        repeated = isinstance(work, Timed) and work.repeat or isinstance(work, Phases) and work.repeat > 1
        if bare or repeated:
            pass
        elif isinstance(work, Hold):
            amount = self.say("hold", time=amount)
        elif isinstance(work, Breaths):
            amount = self.say("hold_breaths", breaths=amount)
        elif isinstance(work, Timed):
            amount = self.say("keep_going", time=amount)
        elif isinstance(work, Phases):
            amount = self.say("phases", n=len(work.phases), parts=amount)
        amount = self._sets(exercise, amount)
        if exercise.sides in ("each", "each_set"):
            amount = self.say("per_side_phases" if isinstance(work, Phases) else "per_side", amount=amount)
        elif exercise.sides == "alternating":
            kind = "alternating" if isinstance(work, Reps) else "switching_halfway"
            amount = self.say(kind, amount=amount)
        return amount

    def _sets(self, exercise: Exercise, amount: str) -> str:
        """The amount of one set as the amount of them all: sets of it, a pyramid, or sets on the clock."""
        work, sets = exercise.work, exercise.sets
        if sets <= 1:
            return amount
        if exercise.every_ms:
            span = self.duration(exercise.every_ms * sets)
            if exercise.every_ms == 60_000:
                return self.say("every_minute", time=span, amount=amount)
            return self.say("every_interval", every=self.duration(exercise.every_ms), time=span, amount=amount)
        if exercise.set_counts:
            counts = [self.pack.number(n, "count") for n in exercise.set_counts]
            listed = counts[0]
            for n in counts[1:-1]:
                listed = self.say("list_join", before=listed, after=n)
            listed = self.say("then", before=listed, after=counts[-1])
            text = self.say("pyramid", sets=sets, set_word=self.set_word(exercise.set_name, sets), counts=listed)
            held = work.hold_ms if isinstance(work, Reps) else None
            return self.say("held_reps", reps=text, time=self.duration(held)) if held else text
        if exercise.set_name != "set":
            word = self.set_word(exercise.set_name, sets)
            phrase = "sets_of_reps_named" if isinstance(work, Reps) else "sets_of_work_named"
            return self.say(phrase, sets=sets, set_word=word, amount=amount)
        return self.say("sets_of_reps" if isinstance(work, Reps) else "sets_of_work", sets=sets, amount=amount)

    def set_word(self, set_name: str, n: int) -> str:
        """What a set is called, for n of them: a known name in the pack's words, or the routine's own word."""
        phrase = f"set_word_{set_name}"
        if phrase in self.pack.phrases:
            return self.say(phrase, n=n)
        return set_name + "s" if n != 1 and self.pack.language == "en" and not set_name.endswith("s") else set_name

    def _repeat_list(self, times: int, parts: list[tuple[str, object]]) -> str:
        """'eight times: run one minute, walk ninety seconds' (a long list by its first item)."""

        def part(say: str, work: object) -> str:
            ms = work if isinstance(work, int) else getattr(work, "ms", None)
            amount = self._brief(ms) if isinstance(ms, int) else self.describe_work(work)  # type: ignore[arg-type]
            return self.say("repeat_part", say=self._mid_sentence(say.rstrip(".!")), time=amount)

        listed = part(*parts[0])
        if len(parts) <= LIST_IN_PREVIEW:
            for item in parts[1:]:
                listed = self.say("list_join", before=listed, after=part(*item))
        else:
            listed = self.say("and_more", parts=listed, n=len(parts) - 1)
        return self.say("repeat_list", n=times, parts=listed)

    def _brief(self, ms: int) -> str:
        """A length as said in a list: 'ninety seconds' rather than 'one minute thirty seconds' under two minutes."""
        if 60_000 < ms < 120_000 and ms % 1000 == 0:
            return self.say("seconds", n=ms // 1000)
        return self.duration(ms)

    # --- version 2: previews, sides, sets, counting ---------------------------------------------------

    def short_preview(self, exercise: Exercise) -> str:
        """In a later round, after its number: 'Good mornings, eight reps.'"""
        return self.say("short_preview", name=self.spoken(exercise.name), amount=self.describe(exercise))

    def next_short(self, exercise: Exercise) -> str:
        """Before a later exercise of a later round: 'Next: Superman, five reps.'"""
        return self.say("next_short", name=self.spoken(exercise.name), amount=self.describe(exercise))

    def transition_preview(self, exercise: Exercise) -> str:
        """Inside the exact gap between two exercises: 'Next: Lunges, thirty seconds, switching sides halfway.'"""
        amount = self.describe(exercise, bare=True)
        return self.say("transition_preview", name=self.spoken(exercise.name), amount=amount)

    def side_named(self, which: Side, names: tuple[str, str] | None) -> str:
        """'Right side.', or the routine's own name for the side: 'Affected leg.'"""
        if names:
            return self.say("side_named", side=self._name_of(which, names))
        return self.side(which)

    def start_side_named(self, which: Side, names: tuple[str, str] | None) -> str:
        """Before alternating work: 'Start on your right side.' / 'Start with the affected leg.'"""
        if names:
            return self.say("start_side_named", side=self._name_of(which, names))
        return self.start_side(which)

    def first_side(self, which: Side, names: tuple[str, str] | None) -> str:
        """Briefly, before alternating timed work: 'Right side first.'"""
        if names:
            return self.say("first_side_named", side=self._name_of(which, names))
        return self.say("first_side", side=which)

    def switch_to(self, to: Side | None, names: tuple[str, str] | None) -> str:
        """'Switch sides. Left side.' (or the routine's name for that side)."""
        return _joined(self.say("switch"), self.side_named(to, names) if to else "")

    def _name_of(self, which: Side, names: tuple[str, str]) -> str:
        return self.spoken(names[0] if which == "right" else names[1])

    def set_of(self, n: int, total: int, set_name: str = "set") -> str:
        """'Set one of three.', 'Round two of eight.'"""
        if set_name == "set":
            return self.say("set", n=n, total=total)
        return self.say("set_named", set=self.set_word(set_name, 1), n=n, total=total)

    def next_set_of(self, n: int, total: int, set_name: str = "set", amount: str | None = None) -> str:
        """'Next: round two of eight.', with the set's amount when sets differ: 'Next: set two of three. Four reps.'"""
        if set_name == "set":
            text = self.say("next_set", n=n, total=total)
        else:
            text = self.say("next_set_named", set=self.set_word(set_name, 1), n=n, total=total)
        return _joined(text, self.say("set_amount", amount=amount)) if amount else text

    def round_flow(self, n: int, total: int, then: str) -> str:
        """At the end of the rest before a round: 'Round two of three. Good mornings, eight reps.'"""
        return _joined(self.round_of(n, total), then)

    def interval(self, n: int, total: int, set_name: str, reps: Reps, exercise: Exercise) -> str:
        """As a clock interval starts: 'Minute two of ten. Ten air squats.'"""
        name = self._mid_sentence(self.spoken(exercise.name))
        if reps.low == reps.high:
            amount = self.say("interval_reps", n=reps.high, name=name)
        else:
            amount = self.say("interval_rep_range", low=reps.low, high=reps.high, name=name)
        return _joined(self.set_of(n, total, set_name), amount)

    def held_rep(self, n: int) -> str:
        """As a held rep starts: 'One.'"""
        return self.say("held_rep", n=n)

    def relax(self) -> str:
        """As a held rep ends."""
        return self.say("relax")

    def time_left(self, ms: int) -> str:
        """In long work: 'Two minutes left.', 'Thirty seconds left.'"""
        if ms % 60_000 == 0:
            return self.say("minutes_left", n=ms // 60_000)
        return self.say("time_left", time=self.duration(ms))

    def range_reached(self, ms: int) -> str:
        """When a hold range's lower bound is reached: 'Forty-five seconds. Hold on if you can.'"""
        return self.say("range_reached", time=self.duration(ms))

    def repeat_progress(self, n: int, total: int, say: str) -> str:
        """As each time through a repeated list starts: 'Two of eight. Run.'"""
        return self.say("repeat_progress", n=n, total=total, say=say)


def _joined(*sentences: str) -> str:
    """Sentences said one after the other; one turned off ('') leaves no gap."""
    return " ".join(s for s in sentences if s)


def words_for(routine: Routine) -> Words:
    """The words of a routine: its language's pack, with the routine file's phrases (collection and routine) over it."""
    return Words(load_pack(routine.language), routine.phrases)


ENGLISH = Words(load_pack("en"))
"""The English pack, as it is shipped."""
