"""The words of the coach, in one place: every sentence spoken, every chapter title and window label.

The coaching rules decide when something is said; this module decides how it is said. Every
sentence comes from a phrase pack (voiceguide/phrases/packs/<language>.yaml), or from the
routine file's own `phrases:` over it, or is the routine file's own text. A phrase set to ''
says nothing: its method returns '' and the walk leaves the cue out.
"""

from __future__ import annotations

import re

from ..phrases import Overrides, Pack, load_pack, render
from ..routine.model import Breaths, Exercise, Hold, Phases, Reps, Routine, Side, Timed, Work


class Words:
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

    def next_exercise(self, name: str) -> str:
        """Near the end of a rest: what comes after it."""
        return self.say("next_exercise", name=self.spoken(name))

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
        return re.sub(r"\b\d{1,6}\b", lambda m: self.pack.number(int(m.group()), "count"), text)

    def describe_work(self, work: Work) -> str:
        """How much work, in words: 'eight to ten reps', 'thirty seconds', 'eight deep breaths'."""
        if isinstance(work, Reps):
            if work.low == work.high:
                return self.say("reps", n=work.high)
            return self.say("rep_range", low=work.low, high=work.high)
        if isinstance(work, (Hold, Timed)):
            return self.duration(work.ms)
        if isinstance(work, Breaths):
            return self.say("breaths", n=work.count)
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

    def describe(self, exercise: Exercise) -> str:
        """The preview's amount: 'three sets of eight to ten reps', 'hold for thirty seconds per side'."""
        work = exercise.work
        amount = self.describe_work(work)
        if isinstance(work, Hold):
            amount = self.say("hold", time=amount)
        elif isinstance(work, Breaths):
            amount = self.say("hold_breaths", breaths=amount)
        elif isinstance(work, Timed):
            amount = self.say("keep_going", time=amount)
        elif isinstance(work, Phases):
            amount = self.say("phases", n=len(work.phases), parts=amount)
        if exercise.sets > 1:
            amount = self.say(
                "sets_of_reps" if isinstance(work, Reps) else "sets_of_work", sets=exercise.sets, amount=amount
            )
        if exercise.sides == "each":
            amount = self.say("per_side_phases" if isinstance(work, Phases) else "per_side", amount=amount)
        elif exercise.sides == "alternating":
            amount = self.say("alternating", amount=amount)
        return amount

    # --- what is shown, not spoken: chapter titles and window labels ---------------------------------

    def complete_chapter(self) -> str:
        """The last chapter's title."""
        return self.label("complete_chapter")

    def rest_chapter(self) -> str:
        """A rest step's chapter title and window label."""
        return self.label("rest_chapter")

    def rounds_rest_label(self) -> str:
        """The label of the rest between rounds."""
        return self.label("rounds_rest_label")

    def rest_before_round(self, n: int) -> str:
        """The chapter of the rest before a routine's round."""
        return self.label("rest_before_round", n=n)

    def rest_before_section(self, section: str | None) -> str:
        """The chapter of the rest before a section's next round."""
        return self.label("rest_before_section", section=section) if section else self.rounds_rest_label()

    def round_suffix(self, n: int, total: int) -> str:
        """' (round 2 of 3)' after a chapter title, or '' when there is one round."""
        return self.label("round_suffix", n=n, total=total) if total > 1 else ""

    def work_label(self, name: str, set_no: int, sets: int, which: Side | None) -> str:
        """'Glute bridge, set 1 of 3, right side'."""
        label = name
        if sets > 1:
            label = self.label("set_label", label=label, n=set_no, total=sets)
        if which:
            label = self.label("side_label", label=label, side=which)
        return label

    def phase_label(self, label: str, say: str) -> str:
        """'Shin box: Lean forward and hold.'"""
        return self.label("phase_label", label=label, say=say)

    def get_ready_label(self, name: str) -> str:
        """The window before an exercise's first count."""
        return self.label("get_ready_label", name=name)

    def switch_label(self, name: str) -> str:
        """The window for changing sides."""
        return self.label("switch_label", name=name)

    def rest_label(self, name: str) -> str:
        """The rest between an exercise's sets."""
        return self.label("rest_label", name=name)


def _joined(*sentences: str) -> str:
    """Sentences said one after the other; one turned off ('') leaves no gap."""
    return " ".join(s for s in sentences if s)


def words_for(routine: Routine) -> Words:
    """The words of a routine: its language's pack, with the routine file's phrases (collection and routine) over it."""
    return Words(load_pack(routine.language), routine.phrases)


ENGLISH = Words(load_pack("en"))
"""The English pack, as it is shipped."""
