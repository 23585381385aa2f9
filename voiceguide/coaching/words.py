"""The words of the coach, in one place: every sentence spoken, every chapter title and window label.

The coaching rules decide when something is said; this module decides how it is said.
"""

from __future__ import annotations

from ..routine.model import Breaths, Exercise, Hold, Phases, Reps, Side, Timed, Work
from .numbers import count, minutes, number, ordinal_of, seconds, speakable


class Words:
    """The coach's words in English: each method makes one sentence, fragment or label."""

    def title(self, text: str) -> str:
        """The routine's or section's title, as a sentence."""
        return speakable(text) + "."

    def credit(self, coach: str) -> str:
        """Who designed the routine."""
        return f"Coached by {speakable(coach)}."

    def length(self, total_ms: int) -> str:
        """How long the workout takes, said at the start."""
        return f"This workout takes {minutes(total_ms)}."

    def end(self, total_ms: int) -> str:
        """The last sentence before the outro."""
        return f"Workout complete. That was {minutes(total_ms)}. Well done."

    def preview(self, first: bool, exercise: Exercise) -> str:
        """'First: Glute bridge. Three sets of eight to ten reps.'"""
        return f"{'First' if first else 'Next'}: {speakable(exercise.name)}. {self.describe(exercise)}"

    def next_exercise(self, name: str) -> str:
        """Near the end of a rest: what comes after it."""
        return f"Next: {speakable(name)}."

    def side(self, which: Side) -> str:
        """'Right side.'"""
        return f"{which.capitalize()} side."

    def start_side(self, which: Side) -> str:
        """Before alternating work: 'Start on your right side.'"""
        return f"Start on your {which} side."

    def switch(self, to: Side | None) -> str:
        """'Switch sides. Left side.'"""
        return f"Switch sides. {to.capitalize()} side." if to else "Switch sides."

    def first_set(self, total: int) -> str:
        """'Set one of three.'"""
        return f"Set one of {number(total)}."

    def next_set(self, n: int, total: int) -> str:
        """'Next: set two of three.'"""
        return f"Next: {ordinal_of(n, total, 'set')}."

    def rest(self, ms: int) -> str:
        """'Rest, fifteen seconds.'"""
        return f"Rest, {seconds(ms)}."

    def round_of(self, n: int, total: int) -> str:
        """'Round two of three.'"""
        return ordinal_of(n, total, "round").capitalize() + "."

    def next_round(self, n: int, total: int) -> str:
        """'Next: round two of three.'"""
        return f"Next: {ordinal_of(n, total, 'round')}."

    def next_section_round(self, n: int, total: int, section: str | None) -> str:
        """'Next: round two of three of Warm-up.'"""
        return f"Next: {ordinal_of(n, total, 'round')} of {speakable(section or 'this section')}."

    def section_start(self, section: str, n: int, total: int) -> str:
        """A section's title, with its round when it repeats."""
        text = self.title(section)
        return text + f" {self.round_of(n, total)}" if total > 1 else text

    def rep_count(self, n: int) -> str:
        """A counted repetition: 'one'."""
        return number(n)

    def alternating_count(self, which: Side, n: int) -> str:
        """'Right, one.'"""
        return f"{which.capitalize()}, {number(n)}."

    def countdown(self, n: int) -> str:
        """'three'."""
        return number(n)

    def halfway(self) -> str:
        """Halfway through a hold."""
        return "Halfway."

    def ten_left(self) -> str:
        """Ten seconds before a hold ends."""
        return "Ten seconds left."

    def breathe_out(self) -> str:
        """Halfway through a breath."""
        return "Breathe out."

    def breathe_in(self, last: bool) -> str:
        """'Breathe in.', or 'Last breath, in.'"""
        return "Last breath, in." if last else "Breathe in."

    def spoken(self, text: str) -> str:
        """The routine file's own text (how, say, intro, outro), with digits spelt out."""
        return speakable(text)

    def describe_work(self, work: Work) -> str:
        """How much work, in words: 'eight to ten reps', 'thirty seconds', 'eight deep breaths'."""
        if isinstance(work, Reps):
            n = number(work.high) if work.low == work.high else f"{number(work.low)} to {number(work.high)}"
            return f"{n} {'rep' if work.high == 1 else 'reps'}"
        if isinstance(work, (Hold, Timed)):
            return seconds(work.ms)
        if isinstance(work, Breaths):
            return count(work.count, "deep breath")
        return ", then ".join(
            f"{self._mid_sentence(p.say.rstrip('.!'))}, {self.describe_work(p.work)}" for p in work.phases
        )

    def _mid_sentence(self, text: str) -> str:
        """A cue's first letter in lower case, to read inside a sentence ('DNS' stays as it is)."""
        return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text

    def describe(self, exercise: Exercise) -> str:
        """The preview's amount: 'Three sets of eight to ten reps.', 'Hold for thirty seconds per side.'"""
        work = exercise.work
        amount = self.describe_work(work)
        if isinstance(work, (Hold, Breaths)):
            amount = f"hold for {amount}"
        elif isinstance(work, Timed):
            amount = f"keep going for {amount}"
        elif isinstance(work, Phases):
            amount = f"in {number(len(work.phases))} parts: {amount}"
        if exercise.sets > 1:
            sets = number(exercise.sets)
            amount = f"{sets} sets of {amount}" if isinstance(work, Reps) else f"{sets} sets: {amount}"
        if exercise.sides == "each":
            amount += " per side" if not isinstance(work, Phases) else ", on each side"
        elif exercise.sides == "alternating":
            amount += " per side, alternating sides"
        return amount[0].upper() + amount[1:] + "."

    # --- what is shown, not spoken: chapter titles and window labels ---------------------------------

    def complete_chapter(self) -> str:
        """The last chapter's title."""
        return "Workout complete"

    def rest_chapter(self) -> str:
        """A rest step's chapter title and window label."""
        return "Rest"

    def rounds_rest_label(self) -> str:
        """The label of the rest between rounds."""
        return "Rest between rounds"

    def rest_before_round(self, n: int) -> str:
        """The chapter of the rest before a routine's round."""
        return f"Rest before round {n}"

    def rest_before_section(self, section: str | None) -> str:
        """The chapter of the rest before a section's next round."""
        return f"Rest: {section or 'section'}"

    def round_suffix(self, n: int, total: int) -> str:
        """' (round 2 of 3)' after a chapter title, or '' when there is one round."""
        return f" (round {n} of {total})" if total > 1 else ""

    def work_label(self, name: str, set_no: int, sets: int, which: Side | None) -> str:
        """'Glute bridge, set 1 of 3, right side'."""
        label = name
        if sets > 1:
            label += f", set {set_no} of {sets}"
        if which:
            label += f", {which} side"
        return label

    def phase_label(self, label: str, say: str) -> str:
        """'Shin box: Lean forward and hold.'"""
        return f"{label}: {say}"

    def get_ready_label(self, name: str) -> str:
        """The window before an exercise's first count."""
        return f"{name}: get ready"

    def switch_label(self, name: str) -> str:
        """The window for changing sides."""
        return f"{name}: switch sides"

    def rest_label(self, name: str) -> str:
        """The rest between an exercise's sets."""
        return f"{name}: rest"


ENGLISH = Words()
