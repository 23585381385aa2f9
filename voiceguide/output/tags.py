"""ID3v2.3 tags: what a player shows (title, artist, album, track, year, cover) and the chapters."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from ..errors import EncodeError, SoundError
from ..parts import need
from ..phrases import load_pack
from ..reading import read_regular
from ..routine.model import Collection, Routine
from ..settings import DEFAULTS
from ..timeline.schedule import ChapterMark


@dataclass(frozen=True)
class Tags:
    """What a player shows."""

    title: str
    artist: str | None
    album: str
    track: int
    tracks: int
    year: int
    comment: str | None = None
    genre: str = "Fitness"
    cover: bytes | None = None
    cover_mime: str = "image/jpeg"
    language: str = "eng"
    """The spoken language as ISO 639-2 (ID3's COMM and TLAN): eng, deu, spa, fra."""


def _chapter_ordered_id3() -> Any:
    """An ID3 tag that writes CHAP frames in time order.

    mutagen orders frames by size, and some readers (ffprobe among them) list
    chapters in file order, so a short title would jump ahead.
    """
    id3_module = need("mutagen.id3")
    from mutagen.id3._tags import save_frame

    class ChapterOrderedID3(id3_module.ID3):  # type: ignore[misc,name-defined]
        def _write(self, config: Any) -> bytearray:
            frames = list(self.values())
            chapters = sorted((f for f in frames if f.FrameID == "CHAP"), key=lambda f: f.start_time)
            text = [f for f in frames if f.FrameID not in ("CHAP", "CTOC", "APIC")]
            rest = [f for f in frames if f.FrameID == "CTOC"] + chapters + [f for f in frames if f.FrameID == "APIC"]
            return bytearray().join(save_frame(f, config=config) for f in text + rest)

    return ChapterOrderedID3()


def tag_mp3(path: Path, tags: Tags, chapters: Iterable[ChapterMark], sample_rate: int) -> None:
    """Write ID3v2.3 tags: title, artist, album, track n/N, genre, year, comment, cover, CHAP and CTOC."""
    id3 = _chapter_ordered_id3()
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TRCK, TSSE, CTOCFlags

    id3.add(TIT2(encoding=3, text=[tags.title]))
    if tags.artist:
        id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TRCK(encoding=3, text=[f"{tags.track}/{tags.tracks}"]))
    id3.add(TCON(encoding=3, text=[tags.genre]))
    id3.add(TDRC(encoding=3, text=[str(tags.year)]))
    id3.add(TSSE(encoding=3, text=["voiceguide"]))
    if tags.language != "eng":  # English tracks keep the frames they always had
        id3.add(TLAN(encoding=3, text=[tags.language]))
    if tags.comment:
        id3.add(COMM(encoding=3, lang=tags.language, desc="", text=[tags.comment]))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=tags.cover_mime, type=3, desc="Cover", data=tags.cover))
    ids = []
    for i, chapter in enumerate(chapters):
        element = f"chp{i:03d}"  # mutagen orders frames by id: zero-padded ids keep chapters in time order
        ids.append(element)
        id3.add(
            CHAP(
                element_id=element,
                start_time=round(chapter.start * 1000 / sample_rate),
                end_time=round(chapter.end * 1000 / sample_rate),
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=[chapter.title])],
            )
        )
    if ids:
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=["Chapters"])],
            )
        )
    try:
        id3.save(str(path), v2_version=3, padding=lambda info: 0)
    except Exception as exc:  # noqa: BLE001 - mutagen raises its own and OS errors
        raise EncodeError(f"cannot write tags to {path.name}: {exc}") from None


def build_year(collection: Collection) -> int:
    """The year tag: from routines.yaml, else SOURCE_DATE_EPOCH, else this year."""
    if collection.year:
        return collection.year
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).year
    return datetime.now(timezone.utc).year


def read_cover(path: Path) -> bytes:
    """The cover image's bytes, read as the loader checked it (a regular file within the size limit)."""
    try:
        return read_regular(path, DEFAULTS.limits.cover_bytes)
    except OSError as exc:
        raise SoundError(f"cannot read the cover {path}: {exc.strerror}; check the file named by 'cover:'") from None


def track_tags(collection: Collection, routine: Routine) -> Tags:
    """The ID3 tags of a routine's track."""
    cover = read_cover(collection.cover) if collection.cover else None
    mime = "image/png" if collection.cover and collection.cover.suffix.lower() == ".png" else "image/jpeg"
    return Tags(
        title=routine.title,
        artist=routine.coach,
        album=collection.title,
        track=routine.number,
        tracks=len(collection.routines),
        year=build_year(collection),
        comment=collection.source,
        cover=cover,
        cover_mime=mime,
        language=load_pack(routine.language).code3,
    )
