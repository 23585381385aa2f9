"""The words of the coach, in one place: every sentence spoken, every chapter title and window label.

The coaching rules decide when something is said; this module decides how it is said.
"""

from __future__ import annotations

from ..routine.model import Breaths, Exercise, Hold, Phases, Reps, Side, Timed, Work
from .numbers import count, minutes, number, ordinal_of, seconds, speakable

LIST_IN_PREVIEW = 3
"""A repeated list of more parts than this is previewed by its first part only."""


class Words:
    """The coach's words in English: each method makes one sentence, fragment or label."""

    # --- the start and the end ---------------------------------------------------------------------

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

    def spoken(self, text: str) -> str:
        """The routine file's own text (how, say, intro, outro, credit), with digits spelt out."""
        return speakable(text)

    # --- what comes next -----------------------------------------------------------------------------

    def preview(self, first: bool, exercise: Exercise) -> str:
        """'First: Glute bridge. Three sets of eight to ten reps.'"""
        return f"{'First' if first else 'Next'}: {speakable(exercise.name)}. {self.describe(exercise)}"

    def short_preview(self, exercise: Exercise) -> str:
        """In a later round: 'Good mornings, eight reps.'"""
        amount = self.describe(exercise)
        return f"{speakable(exercise.name)}, {amount[0].lower()}{amount[1:]}"

    def transition_preview(self, exercise: Exercise) -> str:
        """Inside the exact gap between two exercises: 'Next: Lunges, thirty seconds, switching sides halfway.'"""
        amount = self.describe(exercise)
        for wordy in ("Keep going for ", "Hold for "):
            amount = amount.removeprefix(wordy)
        return f"Next: {speakable(exercise.name)}, {amount[0].lower()}{amount[1:]}"

    def first_side(self, which: Side, names: tuple[str, str] | None = None) -> str:
        """Before alternating timed work, briefly: 'Right side first.'"""
        return _sentence(f"{self.side_name(which, names)} first")

    def next_short(self, exercise: Exercise) -> str:
        """In a later round: 'Next: Superman, five reps.'"""
        return f"Next: {self.short_preview(exercise)}"

    def next_exercise(self, name: str) -> str:
        """Near the end of a rest: what comes after it."""
        return f"Next: {speakable(name)}."

    def next_preview(self, exercise: Exercise) -> str:
        """Near the end of a rest step: the whole preview of what follows it."""
        return self.preview(False, exercise)

    def section_start(self, section: str, n: int, total: int) -> str:
        """A section's title, with its round when it repeats."""
        text = self.title(section)
        return text + f" {self.round_of(n, total)}" if total > 1 else text

    # --- sides ----------------------------------------------------------------------------------------

    def side_name(self, which: Side, names: tuple[str, str] | None) -> str:
        """'right side', or the routine's own name for that side ('affected leg')."""
        if names:
            return speakable(names[0] if which == "right" else names[1])
        return f"{which} side"

    def side(self, which: Side, names: tuple[str, str] | None = None) -> str:
        """'Right side.'"""
        return _sentence(self.side_name(which, names))

    def start_side(self, which: Side, names: tuple[str, str] | None = None) -> str:
        """Before alternating work: 'Start on your right side.'"""
        if names:
            return f"Start with the {self.side_name(which, names)}."
        return f"Start on your {which} side."

    def switch(self, to: Side | None, names: tuple[str, str] | None = None) -> str:
        """'Switch sides. Left side.'"""
        return f"Switch sides. {self.side(to, names)}" if to else "Switch sides."

    def alternating_count(self, which: Side, n: int) -> str:
        """'Right, one.'"""
        return f"{which.capitalize()}, {number(n)}."

    # --- sets and rounds ------------------------------------------------------------------------------

    def set_of(self, n: int, total: int, set_name: str = "set") -> str:
        """'Set one of three.', 'Round two of eight.'"""
        return _sentence(ordinal_of(n, total, set_name))

    def first_set(self, total: int, set_name: str = "set") -> str:
        """'Set one of three.'"""
        return self.set_of(1, total, set_name)

    def next_set(self, n: int, total: int, set_name: str = "set", amount: str | None = None) -> str:
        """'Next: set two of three.', with the set's amount when sets differ: 'Next: set two of three. Four reps.'"""
        text = f"Next: {ordinal_of(n, total, set_name)}."
        return f"{text} {_sentence(amount)}" if amount else text

    def rest(self, ms: int) -> str:
        """'Rest, fifteen seconds.'"""
        return f"Rest, {seconds(ms)}."

    def round_of(self, n: int, total: int) -> str:
        """'Round two of three.'"""
        return _sentence(ordinal_of(n, total, "round"))

    def next_round(self, n: int, total: int) -> str:
        """'Next: round two of three.'"""
        return f"Next: {ordinal_of(n, total, 'round')}."

    def next_section_round(self, n: int, total: int, section: str | None) -> str:
        """'Next: round two of three.' (the section's title is not repeated)."""
        return self.next_round(n, total)

    def round_flow(self, n: int, total: int, then: str) -> str:
        """At the end of the rest before a round: 'Round two of three. Good mornings, eight reps.'"""
        return f"{self.round_of(n, total)} {then}".strip()

    def interval(self, n: int, total: int, set_name: str, reps: Reps, exercise: Exercise) -> str:
        """At the start of a clock interval: 'Minute two of ten. Ten air squats.'"""
        name = _mid_sentence(speakable(exercise.name))
        amount = number(reps.high) if reps.low == reps.high else f"{number(reps.low)} to {number(reps.high)}"
        return f"{self.set_of(n, total, set_name)} {_sentence(f'{amount} {name}')}"

    # --- counting and pacing --------------------------------------------------------------------------

    def rep_count(self, n: int) -> str:
        """A counted repetition: 'one'."""
        return number(n)

    def held_rep(self, n: int) -> str:
        """The start of a held rep: 'One.'"""
        return _sentence(number(n))

    def relax(self) -> str:
        """After a held rep."""
        return "Relax."

    def countdown(self, n: int) -> str:
        """'three'."""
        return number(n)

    def halfway(self) -> str:
        """Halfway through a hold."""
        return "Halfway."

    def ten_left(self) -> str:
        """Ten seconds before a hold ends."""
        return "Ten seconds left."

    def time_left(self, ms: int) -> str:
        """In long work: 'Two minutes left.', 'Thirty seconds left.'"""
        if ms % 60_000 == 0:
            return _sentence(f"{count(ms // 60_000, 'minute')} left")
        return _sentence(f"{seconds(ms)} left")

    def range_reached(self, ms: int) -> str:
        """When a hold range's lower bound is reached: 'Forty-five seconds. Hold on if you can.'"""
        return f"{_sentence(seconds(ms))} Hold on if you can."

    def switch_halfway(self, to: Side, names: tuple[str, str] | None = None) -> str:
        """Halfway through alternating timed work."""
        return self.switch(to, names)

    def breathe_in(self, last: bool) -> str:
        """'Breathe in.', or 'Last breath, in.'"""
        return "Last breath, in." if last else "Breathe in."

    def breathe_out(self) -> str:
        """Halfway through a breath."""
        return "Breathe out."

    def repeat_progress(self, n: int, total: int, say: str) -> str:
        """At the start of each time through a repeated list: 'Two of eight. Run.'"""
        return f"{_sentence(f'{number(n)} of {number(total)}')} {say}"

    # --- how much work ---------------------------------------------------------------------------------

    def describe_work(self, work: Work) -> str:
        """How much work, in words: 'eight to ten reps', 'thirty seconds', 'eight deep breaths'."""
        if isinstance(work, Reps):
            n = number(work.high) if work.low == work.high else f"{number(work.low)} to {number(work.high)}"
            reps = f"{n} {'rep' if work.high == 1 else 'reps'}"
            return f"{reps}, hold each for {seconds(work.hold_ms)}" if work.hold_ms else reps
        if isinstance(work, Hold) and work.min_ms:
            if work.ms < 120_000 and work.ms % 1000 == 0 and work.min_ms % 1000 == 0:
                return f"{number(work.min_ms // 1000)} to {number(work.ms // 1000)} seconds"
            return f"{seconds(work.min_ms)} to {seconds(work.ms)}"
        if isinstance(work, (Hold, Timed)):
            if isinstance(work, Timed) and work.repeat:
                return self._repeat_list(work.repeat, [(c.say, c.ms) for c in work.cycle])
            return seconds(work.ms)
        if isinstance(work, Breaths):
            return count(work.count, "deep breath")
        parts = [(p.say, p.work) for p in work.phases]
        if work.repeat > 1:
            return self._repeat_list(work.repeat, [(say, w) for say, w in parts])
        return ", then ".join(f"{_mid_sentence(say.rstrip('.!'))}, {self.describe_work(w)}" for say, w in parts)

    def _repeat_list(self, times: int, parts: list[tuple[str, object]]) -> str:
        """'eight times: run one minute, walk ninety seconds' (a long list by its first part)."""

        def part(say: str, work: object) -> str:
            ms = work if isinstance(work, int) else getattr(work, "ms", None)
            if isinstance(ms, int) and not isinstance(work, Reps):
                amount = _brief_seconds(ms)
            else:
                amount = self.describe_work(work)  # type: ignore[arg-type]
            return f"{_mid_sentence(say.rstrip('.!'))} {amount}"

        shown = parts if len(parts) <= LIST_IN_PREVIEW else parts[:1]
        listed = ", ".join(part(say, work) for say, work in shown)
        more = "" if len(parts) <= LIST_IN_PREVIEW else f", and {number(len(parts) - 1)} more"
        return f"{count(times, 'time')}: {listed}{more}".replace("one time:", "once:")

    def describe(self, exercise: Exercise) -> str:
        """The preview's amount: 'Three sets of eight to ten reps.', 'Hold for thirty seconds per side.'"""
        work = exercise.work
        amount = self.describe_work(work)
        repeated = isinstance(work, Timed) and work.repeat or isinstance(work, Phases) and work.repeat > 1
        if isinstance(work, (Hold, Breaths)):
            amount = f"hold for {amount}"
        elif isinstance(work, Timed) and not repeated:
            amount = f"keep going for {amount}"
        elif isinstance(work, Phases) and not repeated:
            amount = f"in {number(len(work.phases))} parts: {amount}"
        amount = self._sets(exercise, amount)
        if exercise.sides in ("each", "each_set"):
            amount += " per side" if not isinstance(work, Phases) else ", on each side"
        elif exercise.sides == "alternating":
            alternating = isinstance(work, Reps)
            amount += " per side, alternating sides" if alternating else ", switching sides halfway"
        return _sentence(amount)

    def _sets(self, exercise: Exercise, amount: str) -> str:
        """The amount of one set as the amount of them all: 'three sets of ...', 'every minute for ten minutes: ...'."""
        if exercise.sets <= 1:
            return amount
        sets, name = number(exercise.sets), _plural(exercise.set_name)
        if exercise.every_ms:
            every = "every minute" if exercise.every_ms == 60_000 else f"every {seconds(exercise.every_ms)}"
            span = seconds(exercise.every_ms * exercise.sets)
            return f"{every} for {span}: {amount}"
        if exercise.set_counts:
            counts = [number(n) for n in exercise.set_counts]
            reps = f"{sets} {name}: {', '.join(counts[:-1])}, then {counts[-1]} reps"
            held = isinstance(exercise.work, Reps) and exercise.work.hold_ms
            return f"{reps}, hold each for {seconds(held)}" if held else reps
        return f"{sets} {name} of {amount}" if isinstance(exercise.work, Reps) else f"{sets} {name}: {amount}"

    # --- what is shown, not spoken: chapter titles and window labels -----------------------------------

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

    def work_label(self, name: str, set_no: int, sets: int, which: str | None, set_name: str = "set") -> str:
        """'Glute bridge, set 1 of 3, right side'."""
        label = name
        if sets > 1:
            label += f", {set_name} {set_no} of {sets}"
        if which:
            label += f", {which}"
        return label

    def rep_label(self, label: str, n: int) -> str:
        """A held rep's window: 'Curl-up, set 1 of 3, rep 2'."""
        return f"{label}, rep {n}"

    def relax_label(self, label: str) -> str:
        """The relax after a held rep."""
        return f"{label}: relax"

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


def _sentence(text: str) -> str:
    """Text as a sentence: its first letter in upper case and a full stop."""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _brief_seconds(ms: int) -> str:
    """A length as said in a list: 'ninety seconds' rather than 'one minute thirty seconds' under two minutes."""
    if 60_000 < ms < 120_000 and ms % 1000 == 0:
        return f"{number(ms // 1000)} seconds"
    return seconds(ms)


def _plural(noun: str) -> str:
    """'sets', 'rounds', 'minutes' (a routine's own word gets an s unless it has one)."""
    return noun if noun.endswith("s") else noun + "s"


def _mid_sentence(text: str) -> str:
    """A cue's first letter in lower case, to read inside a sentence ('DNS' stays as it is)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


ENGLISH = Words()
