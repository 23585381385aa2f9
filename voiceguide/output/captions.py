"""Captions (WebVTT): every spoken cue at its time, as written."""

from __future__ import annotations

import re

from ..timeline.schedule import Timeline


def _vtt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def _note(title: str) -> str:
    """The title as a NOTE line: '-->' would end the NOTE block."""
    return re.sub("-+>", "->", title)


def captions(timeline: Timeline, language: str = "en") -> str:
    """WebVTT with every spoken cue at its time (beeps are not captioned).

    WebVTT has no standard language header; a track in another language than English says
    `Language: de` in its header, as YouTube's captions do (players skip header lines they do not know).
    """
    lines = ["WEBVTT", *([f"Language: {language}"] if language != "en" else []), f"NOTE {_note(timeline.title)}", ""]
    n = 0
    for event in timeline.events:
        if event.kind == "beep":
            continue
        n += 1
        start, end = timeline.seconds(event.start), timeline.seconds(event.end)
        text = event.text.replace("-->", "->").replace("<", "‹").replace(">", "›").replace("&", "and")
        lines += [str(n), f"{_vtt_time(start)} --> {_vtt_time(end)}", text, ""]
    return "\n".join(lines)
