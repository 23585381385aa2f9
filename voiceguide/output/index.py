"""The build's manifest (index.json: what was built, from what) and the playlist (playlist.m3u8)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..reading import read_regular
from ..settings import DEFAULTS
from ..timeline.schedule import Timeline
from .files import write_text

INDEX = "index.json"
PLAYLIST = "playlist.m3u8"


@dataclass(frozen=True)
class TrackRecord:
    """One track in index.json."""

    id: str
    number: int
    title: str
    coach: str | None
    file: str
    captions: str
    length: float
    """Seconds, as decoded."""
    bytes: int
    sha256: str
    fingerprint: str
    """What the track was built from; a different fingerprint means it must be built again."""
    chapters: list[dict[str, Any]] = field(default_factory=list)
    """title, start, end (seconds)."""
    windows: list[dict[str, Any]] = field(default_factory=list)
    """kind, label, start, end (seconds) of each timed window: what the web player counts down."""
    exercises: list[str] = field(default_factory=list)
    language: str = "en"
    """The language the track is spoken in (the web player marks its text with it)."""
    picture: str = ""
    """The track's timeline drawn as SVG (NN-id.svg); empty in a record written before there were pictures."""


def timeline_parts(timeline: Timeline) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Chapters and windows in seconds, for index.json."""
    s = timeline.seconds
    chapters = [{"title": c.title, "start": round(s(c.start), 3), "end": round(s(c.end), 3)} for c in timeline.chapters]
    windows = [
        {"kind": w.kind, "label": w.label, "start": round(s(w.start), 3), "end": round(s(w.end), 3)}
        for w in timeline.windows
    ]
    return chapters, windows


def read_index(out: Path) -> dict[str, TrackRecord]:
    """The tracks recorded in out/index.json by slug (NN-id); empty when missing, unreadable or not a regular file."""
    try:
        data = json.loads(read_regular(out / INDEX, DEFAULTS.limits.index_bytes).decode("utf-8"))
        return {Path(t["file"]).stem: TrackRecord(**t) for t in data.get("tracks", [])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def write_index(
    out: Path, collection_title: str, records: list[TrackRecord], files: list[str], language: str = "en"
) -> None:
    """Write index.json atomically: the title, language and tracks in order, and every file the build wrote.

    The files are what `serve` may send.
    """
    data = {
        "title": collection_title,
        "language": language,
        "tracks": [asdict(r) for r in sorted(records, key=lambda r: r.number)],
        "files": sorted(set(files) | {INDEX}),
    }
    write_text(out / INDEX, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_playlist(out: Path, collection_title: str, records: list[TrackRecord]) -> None:
    """Write playlist.m3u8: every track in order, with its length and title."""
    lines = ["#EXTM3U", f"#PLAYLIST:{collection_title}"]
    for r in sorted(records, key=lambda r: r.number):
        artist = f"{r.coach} - " if r.coach else ""
        lines += [f"#EXTINF:{round(r.length)},{artist}{r.title}", r.file]
    write_text(out / PLAYLIST, "\n".join(lines) + "\n")
