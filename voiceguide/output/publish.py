"""Files beside the tracks, written after each one: feed.xml, JSON chapters, the cover, the web player, the
playlist and index.json, whose list of files is what `voiceguide serve` may send."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..errors import UsageError
from ..routine.model import Collection
from .feed import FEED, chapters_json, chapters_name, feed_xml, normalize_base_url, published_at
from .files import write_if_changed
from .index import PLAYLIST, TrackRecord, write_index, write_playlist
from .player import player_files
from .tags import build_year, read_cover


def cover_name(collection: Collection) -> str | None:
    """The cover's file name in the output folder (cover.png or cover.jpg), or None without a cover."""
    if collection.cover is None:
        return None
    return "cover.png" if collection.cover.suffix.lower() == ".png" else "cover.jpg"


def feed_language(collection: Collection) -> str:
    """The feed's language: the collection's, or the first voice's tag when it says more (en-us)."""
    voice = collection.routines[0].voice.name.lower() if collection.routines else ""
    return voice if voice.split("-")[0] == collection.language and "/" not in voice else collection.language


def publish(out: Path, collection: Collection, records: Iterable[TrackRecord], base_url: str | None = None) -> None:
    """Write every file beside the tracks into `out`, index.json last.

    JSON chapters, the cover, feed.xml, the web player, playlist.m3u8, then index.json, which lists each
    file the build wrote, the tracks' too: `voiceguide serve` sends those and nothing else.
    """
    tracks = sorted(records, key=lambda r: r.number)
    try:
        base = normalize_base_url(base_url) if base_url else None
    except ValueError as exc:
        raise UsageError(f"the base URL {exc}", option="base_url") from None
    written = [name for r in tracks for name in (r.file, r.captions, r.picture) if name]
    cover = cover_name(collection)
    if cover and collection.cover is not None:
        write_if_changed(out / cover, read_cover(collection.cover))
        written.append(cover)
    for record in tracks:
        write_if_changed(out / chapters_name(record), chapters_json(record, collection.title).encode("utf-8"))
        written.append(chapters_name(record))
    summary = f"Follow-along workouts. Source: {collection.source}." if collection.source else None
    language = feed_language(collection)
    published = published_at(build_year(collection), os.environ.get("SOURCE_DATE_EPOCH"))
    xml = feed_xml(collection.title, tracks, published, base_url=base, summary=summary, language=language, cover=cover)
    write_if_changed(out / FEED, xml.encode("utf-8"))
    for name, data in player_files(collection.language).items():
        write_if_changed(out / name, data)
    write_playlist(out, collection.title, tracks)
    write_index(out, collection.title, tracks, [*written, FEED, *player_files(), PLAYLIST], collection.language)
