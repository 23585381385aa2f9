"""A timeline as text (`voiceguide plan`) or as JSON (`voiceguide plan --json`)."""

from __future__ import annotations

from typing import Any

from ..coaching.words import ENGLISH
from ..sounds import BeepKey
from .schedule import Event, Timeline, clock


def _what(event: Event) -> str:
    """An event's text, or 'beep:start' / 'beep:end'."""
    return f"beep:{event.sound.name}" if isinstance(event.sound, BeepKey) else event.text


def plan_text(timeline: Timeline) -> str:
    """One line per chapter, window, sound and dropped cue, in time order, then the total."""
    s = timeline.seconds
    rows: list[tuple[int, int, str, str]] = []
    for c in timeline.chapters:
        rows.append((c.start, 0, "chapter", f"== {c.title} =="))
    for w in timeline.windows:
        length = (w.end - w.start) * 1000 // timeline.sample_rate
        what = f"[{w.kind} {length / 1000:g}s{'' if w.counted else ', not counted'}] {w.label}"
        rows.append((w.start, 1, "window", what))
    for e in timeline.events:
        rows.append((e.start, 2, e.kind, "(beep)" if e.kind == "beep" else e.text))
    for d in timeline.dropped:
        rows.append((d.at, 3, "dropped", f"{d.text!r}: {d.reason}"))
    rows.sort(key=lambda r: (r[0], r[1]))
    lines = [f"{clock(s(at))}  {kind:<9} {text}" for at, _, kind, text in rows]
    total_ms = timeline.length * 1000 // timeline.sample_rate
    lines.append(
        (
            f"{clock(s(timeline.length))}  end       total {ENGLISH.duration(total_ms)} ({s(timeline.length):.3f} s, "
            f"{timeline.length} samples at {timeline.sample_rate} Hz)"
        )
    )
    if timeline.dropped:
        lines.append(f"{len(timeline.dropped)} cue(s) left out because they did not fit; see 'dropped' lines.")
    return "\n".join(lines)


def plan_json(timeline: Timeline) -> dict[str, Any]:
    """Every event's start and end in seconds, windows, chapters, dropped cues and the total length."""
    s = timeline.seconds
    return {
        "id": timeline.routine_id,
        "title": timeline.title,
        "sample_rate": timeline.sample_rate,
        "length": s(timeline.length),
        "length_samples": timeline.length,
        "events": [
            {
                "start": s(e.start),
                "end": s(e.end),
                "start_sample": e.start,
                "length_samples": e.length,
                "kind": e.kind,
                "text": _what(e),
            }
            for e in timeline.events
        ],
        "windows": [
            {"start": s(w.start), "end": s(w.end), "kind": w.kind, "label": w.label, "counted": w.counted}
            for w in timeline.windows
        ],
        "chapters": [{"start": s(c.start), "end": s(c.end), "title": c.title} for c in timeline.chapters],
        "dropped": [{"at": s(d.at), "text": d.text, "kind": d.kind, "reason": d.reason} for d in timeline.dropped],
    }
