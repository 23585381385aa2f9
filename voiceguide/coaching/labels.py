"""What the coach shows but does not say: chapter titles and window labels, from the phrase pack (digits kept)."""

from __future__ import annotations

from ..routine.model import Side


class Labels:
    """Chapter titles and window labels; mixed into Words, which gives `label` and `set_word`."""

    def label(self, phrase: str, /, **values: object) -> str:
        """The label of this name with its placeholders filled in (Words fills it from the pack)."""
        raise NotImplementedError

    def set_word(self, set_name: str, n: int) -> str:
        """What a set is called (Words gives it)."""
        raise NotImplementedError

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

    def work_label(
        self,
        name: str,
        set_no: int,
        sets: int,
        which: Side | None,
        set_name: str = "set",
        names: tuple[str, str] | None = None,
    ) -> str:
        """'Glute bridge, set 1 of 3, right side'."""
        label = name
        if sets > 1 and set_name == "set":
            label = self.label("set_label", label=label, n=set_no, total=sets)
        elif sets > 1:
            label = self.label("set_label_named", label=label, set=self.set_word(set_name, 1), n=set_no, total=sets)
        if which and names:
            label = self.label("side_label_named", label=label, side=names[0] if which == "right" else names[1])
        elif which:
            label = self.label("side_label", label=label, side=which)
        return label

    def rep_label(self, label: str, n: int) -> str:
        """A held rep's window: 'Curl-up, set 1 of 3, rep 2'."""
        return self.label("rep_label", label=label, n=n)

    def relax_label(self, label: str) -> str:
        """The relax after a held rep."""
        return self.label("relax_label", label=label)

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
