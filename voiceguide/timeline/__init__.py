"""Stage 4, the timeline: a Script placed in samples, with its windows, chapters and dropped cues.

`schedule` places every sound; `plan` shows a timeline as text or JSON (`voiceguide plan`).
"""

from .plan import plan_json, plan_text
from .schedule import ChapterMark, Dropped, Event, Span, Timeline, clock, schedule

__all__ = ["ChapterMark", "Dropped", "Event", "Span", "Timeline", "clock", "plan_json", "plan_text", "schedule"]
