"""Stage 4, the timeline: a Script placed in samples, with its windows, chapters and dropped cues.

`schedule` places every sound; `bed` plans the music under it (levels, ducks, fades, the files' loops);
`plan` shows a timeline as text or JSON (`voiceguide plan`), `picture` draws it as an SVG (`plan --svg`,
and NN-id.svg beside each track), laid out by `picture_layout` and styled by `picture_style`.
"""

from .bed import BedPlan, plan_bed
from .picture import picture_svg
from .plan import plan_json, plan_text
from .schedule import ChapterMark, Dropped, Event, Span, Timeline, clock, schedule

__all__ = [
    "BedPlan",
    "ChapterMark",
    "Dropped",
    "Event",
    "Span",
    "Timeline",
    "clock",
    "picture_svg",
    "plan_bed",
    "plan_json",
    "plan_text",
    "schedule",
]
