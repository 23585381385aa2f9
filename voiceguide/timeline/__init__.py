"""Stage 4, the timeline: a Script placed in samples, with its windows, chapters and dropped cues.

`schedule` places every sound; `bed` plans the music under it (levels, ducks, fades, the files' loops);
`plan` shows a timeline as text or JSON (`voiceguide plan`).
"""

from .bed import BedPlan, plan_bed
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
    "plan_json",
    "plan_bed",
    "plan_text",
    "schedule",
]
