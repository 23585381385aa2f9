"""Stage 4, the timeline: a Script placed in samples, with its windows, chapters and dropped cues.

`schedule` places every sound; `plan` shows a timeline as text or JSON (`voiceguide plan`), `picture`
draws it as an SVG (`plan --svg`, and NN-id.svg beside each track), laid out by `picture_layout` and
styled by `picture_style`.
"""

from .picture import picture_svg
from .plan import plan_json, plan_text
from .schedule import ChapterMark, Dropped, Event, Span, Timeline, clock, schedule

__all__ = [
    "ChapterMark",
    "Dropped",
    "Event",
    "Span",
    "Timeline",
    "clock",
    "picture_svg",
    "plan_json",
    "plan_text",
    "schedule",
]
