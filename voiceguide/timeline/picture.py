"""A timeline drawn as an SVG picture (`voiceguide plan --svg`, and NN-id.svg beside each track).

The track is cut into rows of a few minutes. Each row shows, from the top: the rounds (a bracket
over each round's chapters, when the routine has rounds); chapter titles and boundaries; the windows
coloured by kind, with their names where they fit; the speech (a short cue is a tick, long speech a
bar); the beeps; and the time axis in minutes. A music bed's level and ducks would be one more thin
lane under the beeps (`Lanes.bed`, empty until there is a bed).

The picture scales to any width; its text takes one of three sizes by the width it is shown at
(CSS media queries inside the SVG), so it stays legible on a phone and on a laptop, and text that
does not fit at a size is shortened or left out at that size. Colours follow the reader's light or
dark setting, or are dark always when the picture is opened as NN-id.svg#dark. Every window,
chapter and cue has a tooltip (`<title>`). Routine text reaches the file only through ElementTree,
which escapes it.

The root element carries the geometry a player needs for a playhead and for turning a tap into a
time: data-row-seconds, data-rows, data-x0 and data-x1 (where a row's time begins and ends),
data-top (the first row's top), data-pitch (row to row) and data-lane-top/-bottom (the part of a
row, from its top, that the playhead spans). Each window is one `g.window` with data-start and
data-end in seconds.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from ..settings import DEFAULTS
from .picture_layout import Layout, alternates, chapter_label, group, layout, parts, short_label
from .picture_style import LEGEND, TITLE_SCALE, number, sized_text, stylesheet
from .schedule import Timeline, clock

ROOT_ID = "dark"
"""The root element's id: NAME.svg#dark targets it, and the stylesheet's `:root:target` turns the colours dark."""
LEGEND_COLUMNS = 4


def picture_svg(timeline: Timeline) -> str:
    """The timeline as an SVG document (text): see the module's docstring for what it shows."""
    present = {group(w) for w in timeline.windows} | {"speech", "beep", "chapter"}
    keys = [name for name in LEGEND if name in present]
    rounds = parts(timeline.chapters)
    box = layout(timeline, math.ceil(len(keys) / LEGEND_COLUMNS), bool(rounds))
    root = _root(timeline, box)
    ET.SubElement(root, "style").text = stylesheet(DEFAULTS.picture)
    ET.SubElement(root, "rect", {"class": "bg", "width": "100%", "height": "100%"})
    _header(root, timeline, box, keys)
    for row in range(box.rows):
        _row(root, box, row)
    _rounds(root, timeline, box)
    _chapters(root, timeline, box, {p.text for p in rounds})
    _windows(root, timeline, box)
    _sounds(root, timeline, box)
    ET.indent(root, space="")
    return ET.tostring(root, encoding="unicode") + "\n"


def _length(seconds: float) -> str:
    """A length for a tooltip: '24 s', '5.3 s', '5 min 20 s'."""
    tenths = round(seconds * 10)
    if tenths < 600:
        return f"{tenths / 10:g} s"
    minutes, rest = divmod(tenths, 600)
    return f"{minutes} min" + (f" {rest / 10:g} s" if rest else "")


def _minutes(t: float) -> str:
    """A time on the axis: 4:30, or 1:05:00 past an hour."""
    s = int(round(t))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def _rect(parent: ET.Element, x: float, y: float, width: float, height: float, cls: str = "") -> ET.Element:
    attrs = {"class": cls} if cls else {}
    attrs.update({"x": number(x), "y": number(y), "width": number(width), "height": number(height)})
    return ET.SubElement(parent, "rect", attrs)


def _line(parent: ET.Element, cls: str, x1: float, y1: float, x2: float, y2: float) -> None:
    coords = {"x1": number(x1), "y1": number(y1), "x2": number(x2), "y2": number(y2)}
    ET.SubElement(parent, "line", {"class": cls, **coords})


def _root(timeline: Timeline, box: Layout) -> ET.Element:
    lanes = box.lanes
    first = lanes.part if lanes.part[1] else lanes.chapter
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "id": ROOT_ID,
            "viewBox": f"0 0 {number(box.width)} {number(box.height)}",
            # the page's width, not the layout's: opened on a phone, the picture fits the screen and the
            # stylesheet's narrow text sizes (chosen by the screen's width) are the ones it was drawn for
            "width": "100%",
            "preserveAspectRatio": "xMidYMin meet",  # at the top of a page taller than the picture
            "role": "img",
            "aria-labelledby": "picture-title",
            "data-length": f"{box.seconds:.3f}",
            "data-row-seconds": str(box.row_seconds),
            "data-rows": str(box.rows),
            "data-x0": number(box.x0),
            "data-x1": number(box.x1),
            "data-top": number(box.top),
            "data-pitch": number(box.pitch),
            "data-lane-top": number(first[0]),
            "data-lane-bottom": number(lanes.beep[0] + lanes.beep[1]),
        },
    )
    minutes = box.row_seconds / 60
    per_row = f"{minutes:g} minute{'s' if minutes != 1 else ''}"
    title = ET.SubElement(root, "title", {"id": "picture-title"})
    title.text = f"{timeline.title}: the workout's timeline, {_length(box.seconds)}, {per_row} a row"
    return root


def _header(root: ET.Element, timeline: Timeline, box: Layout, keys: list[str]) -> None:
    """The workout's title and length, and a legend of the colours and marks in use."""
    big = box.text
    head = ET.SubElement(root, "g", {"class": "head"})
    room = box.width / 5
    sized_text(head, clock(box.seconds)[:-2], (box.x1, big * 1.2), room, "title end", False, TITLE_SCALE)
    sized_text(head, timeline.title, (box.x0, big * 1.2), box.x1 - box.x0 - room, "title", True, TITLE_SCALE)
    legend = ET.SubElement(head, "g", {"class": "legend"})
    cell = (box.x1 - box.x0) / LEGEND_COLUMNS
    for i, name in enumerate(keys):
        x, y = box.x0 + (i % LEGEND_COLUMNS) * cell, box.legend_top + (i // LEGEND_COLUMNS) * big * 1.35
        if name == "speech":
            _rect(legend, x, y + big * 0.4, big * 1.1, big * 0.3, f"key {name}")
        elif name in ("beep", "chapter"):
            _rect(legend, x + big * 0.45, y + big * 0.1, big * 0.15, big * 0.9, f"key {name}")
        else:
            _rect(legend, x, y + big * 0.15, big * 1.1, big * 0.7, f"key {name}")
        sized_text(legend, LEGEND[name], (x + big * 1.4, y + big * 0.55), cell - big * 1.5, "label mid")


def _row(root: ET.Element, box: Layout, row: int) -> None:
    """A row's lane backgrounds and its time axis."""
    top, lanes, big = box.row_top(row), box.lanes, box.text
    end = min(box.seconds, (row + 1) * box.row_seconds)
    right = box.x(end, row)
    g = ET.SubElement(root, "g", {"class": "row", "data-row": str(row)})
    for lane in (lanes.window, lanes.speech, lanes.beep):
        _rect(g, box.x0, top + lane[0], right - box.x0, lane[1], "lane")
    axis = top + lanes.axis[0]
    _line(g, "axis", box.x0, axis, right, axis)
    steps = DEFAULTS.picture.axis_steps
    step, minor = next(((s, m) for s, m in steps if box.row_seconds / s <= 6), steps[-1])
    for n in range(int((end - row * box.row_seconds) // minor) + 1):
        t = row * box.row_seconds + n * minor
        x = box.x(t, row)
        labelled = t % step == 0
        _line(g, "tick", x, axis, x, axis + big * (0.3 if labelled else 0.15))
        if labelled and t < (row + 1) * box.row_seconds:
            cls = "axis-label start" if n == 0 else "axis-label"
            sized_text(g, _minutes(t), (x, axis + big * 1.15), box.width / 6, cls, False)


def _rounds(root: ET.Element, timeline: Timeline, box: Layout) -> None:
    """A bracket over each round's chapters, with the round's name, on every row it covers."""
    s, lane, big = timeline.seconds, box.lanes.part, box.text
    layer = ET.SubElement(root, "g", {"class": "parts"})
    for part in parts(timeline.chapters):
        start, end = s(part.start), s(part.end)
        g = ET.SubElement(layer, "g", {"class": "part", "data-start": f"{start:.3f}", "data-end": f"{end:.3f}"})
        ET.SubElement(g, "title").text = f"{part.text}: {clock(start)} to {clock(end)} ({_length(end - start)})"
        for row, a, b in box.pieces(start, end):
            y = box.row_top(row) + lane[0] + lane[1] - big * 0.15
            _line(g, "bracket", a + 1, y, b - 1, y)
            _line(g, "bracket", a + 1, y, a + 1, y + big * 0.3)
            _line(g, "bracket", b - 1, y, b - 1, y + big * 0.3)
            sized_text(g, part.text, (a + big * 0.2, y - big * 0.25), b - a - big * 0.3, "label")


def _chapters(root: ET.Element, timeline: Timeline, box: Layout, rounds: set[str]) -> None:
    """Each chapter's boundary (a line down its row) and its title, where the title fits."""
    s, lanes, big = timeline.seconds, box.lanes, box.text
    layer = ET.SubElement(root, "g", {"class": "chapters"})
    for chapter in timeline.chapters:
        start, end = s(chapter.start), s(chapter.end)
        g = ET.SubElement(layer, "g", {"class": "chapter", "data-start": f"{start:.3f}", "data-end": f"{end:.3f}"})
        ET.SubElement(g, "title").text = f"{chapter.title}: {clock(start)} to {clock(end)} ({_length(end - start)})"
        row, a, b = box.pieces(start, end)[0]
        top = box.row_top(row)
        _line(g, "boundary", a, top + lanes.chapter[0] + big * 0.1, a, top + lanes.beep[0] + lanes.beep[1])
        label = chapter_label(chapter.title, rounds)
        sized_text(g, label, (a + big * 0.2, top + lanes.chapter[0] + big * 1.0), b - a - big * 0.3, "label")


def _windows(root: ET.Element, timeline: Timeline, box: Layout) -> None:
    """Each window once: a group of its tooltip, a rectangle on each row it covers, and its name where it fits."""
    s, lane, big = timeline.seconds, box.lanes.window, box.text
    layer = ET.SubElement(root, "g", {"class": "windows"})
    alternate = alternates(timeline.windows)
    for i, span in enumerate(timeline.windows):
        start, end = s(span.start), s(span.end)
        chapter = next((c.title for c in reversed(timeline.chapters) if c.start <= span.start), "")
        g = ET.SubElement(
            layer,
            "g",
            {
                "class": f"window {group(span)}" + (" work-alt" if i in alternate else ""),
                "data-kind": span.kind,
                "data-start": f"{start:.3f}",
                "data-end": f"{end:.3f}",
            },
        )
        counted = "" if span.counted else ", not counted"
        tip = f"{span.label}: {span.kind}{counted}, {clock(start)} to {clock(end)} ({_length(end - start)})"
        ET.SubElement(g, "title").text = tip
        pieces = box.pieces(start, end)
        for row, a, b in pieces:
            _rect(g, a, box.row_top(row) + lane[0], max(b - a, 0.5), lane[1])
        row, a, b = max(pieces, key=lambda p: (round(p[2] - p[1], 1), -p[0]))
        y = box.row_top(row) + lane[0] + lane[1] / 2
        sized_text(g, short_label(span, chapter), (a + big * 0.25, y), b - a - big * 0.4, "label mid")


def _sounds(root: ET.Element, timeline: Timeline, box: Layout) -> None:
    """Speech as bars (at least a tick wide) with the words as tooltips; beeps as ticks in their own lane."""
    s, lanes = timeline.seconds, box.lanes
    speech = ET.SubElement(root, "g", {"class": "speech"})
    beeps = ET.SubElement(root, "g", {"class": "beeps"})
    tick = box.width * 0.0025
    for event in timeline.events:
        beep = event.kind == "beep"
        lane, layer = (lanes.beep, beeps) if beep else (lanes.speech, speech)
        for row, a, b in box.pieces(s(event.start), s(event.end)):
            rect = _rect(layer, a, box.row_top(row) + lane[0], max(b - a, tick), lane[1], "beep" if beep else "say")
            if not beep:
                ET.SubElement(rect, "title").text = f"{clock(s(event.start))} {event.text}"
