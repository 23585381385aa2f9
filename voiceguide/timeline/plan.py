"""A timeline as text (`voiceguide plan`) or as JSON (`voiceguide plan --json`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..coaching.words import ENGLISH
from ..sounds import BeepKey
from .bed import BedPlan, BedSpan, plan_bed, span_gains
from .schedule import Event, Span, Timeline, clock


def _what(event: Event) -> str:
    """An event's text, or 'beep:start' / 'beep:end'."""
    return f"beep:{event.sound.name}" if isinstance(event.sound, BeepKey) else event.text


def plan_text(timeline: Timeline) -> str:
    """One line per chapter, window, sound and dropped cue, in time order, then the total."""
    s = timeline.seconds
    rows: list[tuple[int, int, str, str]] = []
    bed = plan_bed(timeline)
    for c in timeline.chapters:
        rows.append((c.start, 0, "chapter", f"== {c.title} =="))
    for w in timeline.windows:
        length = (w.end - w.start) * 1000 // timeline.sample_rate
        what = f"[{w.kind} {length / 1000:g}s{'' if w.counted else ', not counted'}] {w.label}"
        rows.append((w.start, 1, "window", what + (f"; {window_music(bed, w)}" if bed else "")))
    if bed:
        rows += bed_rows(bed, timeline)
    for e in timeline.events:
        rows.append((e.start, 3, e.kind, "(beep)" if e.kind == "beep" else e.text))
    for d in timeline.dropped:
        rows.append((d.at, 4, "dropped", f"{d.text!r}: {d.reason}"))
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


def _span_at(bed: BedPlan, at: int) -> BedSpan | None:
    return next((span for span in bed.spans if span.start <= at < span.stop), None)


def window_music(bed: BedPlan, window: Span) -> str:
    """The music's level in a window, between its cues: 'music -30 LUFS' or 'music off'."""
    middle = (window.start + window.end) // 2
    span = _span_at(bed, middle)
    if span is None or span_gains(span, np.array([middle]), ducks=False)[0] < 0.5:
        return "music off"
    return f"music {span.music.level_lufs:g} LUFS"


def bed_rows(bed: BedPlan, timeline: Timeline) -> list[tuple[int, int, str, str]]:
    """Where each music starts and ends, every duck, and where `during` turns it off, as plan rows."""
    t = timeline.seconds
    rows = []
    shown: set[tuple[str, int]] = set()  # a valley across two spans (where the music changes) is shown once
    for span in bed.spans:
        m = span.music
        what = (
            f"{', '.join(m.names)} at {m.level_lufs:g} LUFS, ducked {m.duck_db:g} dB under every cue, "
            f"during {m.during}; fades in until {clock(t(span.start + span.fade_in))}"
        )
        rows.append((span.start, 2, "music", what))
        for v in span.valleys:
            if v.up_from <= span.start or v.down_at >= span.stop or (v.kind, v.up_from) in shown:
                continue
            shown.add((v.kind, v.up_from))
            if v.kind == "duck":
                what = (
                    f"-{m.duck_db:g} dB from {clock(t(v.down_from))}, down by {clock(t(v.down_at))}, "
                    f"back up {clock(t(v.up_from))}-{clock(t(v.up_at))}"
                )
            else:
                what = f"music off by {clock(t(v.down_at))}, back from {clock(t(v.up_from))} to {clock(t(v.up_at))}"
            rows.append((v.down_from, 2, v.kind if v.kind == "duck" else "music", what))
        rows.append((span.end, 2, "music", f"fades out until {clock(t(span.stop))}"))
    return rows


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
        **_music_json(timeline),
    }


def _music_json(timeline: Timeline) -> dict[str, Any]:
    """The music's spans and valleys in seconds (gain relative to its level), only when the track has music."""
    bed = plan_bed(timeline)
    if bed is None:
        return {}
    s = timeline.seconds
    spans = []
    for span in bed.spans:
        m = span.music
        spans.append(
            {
                "files": list(m.names),
                "level_lufs": m.level_lufs,
                "duck_db": m.duck_db,
                "during": m.during,
                "credit": m.credit,
                "start": s(span.start),
                "faded_in": s(span.start + span.fade_in),
                "fade_out": s(span.end),
                "stop": s(span.stop),
                "valleys": [
                    {
                        "kind": v.kind,
                        "down_from": s(v.down_from),
                        "down_at": s(v.down_at),
                        "up_from": s(v.up_from),
                        "up_at": s(v.up_at),
                        "gain_db": 20 * float(np.log10(v.depth)) if v.depth > 0 else None,
                    }
                    for v in span.valleys
                ],
            }
        )
    return {"music": spans}
