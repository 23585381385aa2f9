"""Encode, tag and write a track: MP3 with a LAME/Info header, ID3v2.3 tags and chapters (stage 6).

Every file is written under a temporary name in its folder and moved into
place when complete, so a crash never leaves a half file under a final name.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from .errors import EncodeError, OutputError
from .parts import need
from .timeline import ChapterMark

MP3_KBPS = 96
MP3_QUALITY = f"{MP3_KBPS} kbps"
"""Constant bit rate: exact seeking in every player; clear mono speech. At 64 kbps LAME's quantization raised
a cue's true peak by up to 1.5 dB in the seed tracks (breaking the -1 dBTP ceiling); at 96 kbps by up to 0.8 dB."""
ENCODER_GAIN_DB = 20 * math.log10(0.95)
"""LAME scales constant-bit-rate input by 0.95 in pedalboard's writer: measured as -0.43 dB in every band of a
decoded seed track (VBR does not); the renderer makes up for it so the file meets the loudness target."""
ENCODER = {"encoder": "pedalboard-lame", "quality": MP3_QUALITY, "sample_rate": 44100, "channels": 1, "gain_db": ENCODER_GAIN_DB}
"""Everything about encoding that changes the bytes; part of every track's fingerprint."""
TEMP_PREFIX = ".vg-tmp-"
"""Temporary files in the output folder start with this (and are swept after a crash)."""


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


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside `final`, moved onto it when the block succeeds and removed when it fails."""
    try:
        fd, name = tempfile.mkstemp(dir=final.parent, prefix=TEMP_PREFIX, suffix=final.suffix)
    except OSError as exc:
        raise OutputError(f"cannot write in {final.parent}: {exc.strerror}; check the folder's permissions and free space") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {final}: {exc.strerror}; check the folder's permissions and free space") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(final: Path, text: str) -> None:
    """Write a text file atomically."""
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def encode_mp3(path: Path, blocks: Iterable[np.ndarray], sample_rate: int, on_block: Callable[[int], None] | None = None) -> None:
    """Stream float32 mono blocks into an MP3 at path through pedalboard's LAME writer."""
    audio_file = need("pedalboard.io").AudioFile
    try:
        with audio_file(str(path), "w", samplerate=sample_rate, num_channels=1, quality=MP3_QUALITY) as out:
            for block in blocks:
                out.write(block[None, :])
                if on_block:
                    on_block(len(block))
    except (OSError, RuntimeError, ValueError) as exc:
        raise _write_failure(path, exc) from None


def _write_failure(path: Path, exc: BaseException) -> Exception:
    """The user's view of a failed write: a full disk, a refused folder, or the encoder itself."""
    import errno
    import shutil

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return OutputError(f"no room to write {path.parent}: {exc.strerror}; free some space and build again")
    try:
        full = shutil.disk_usage(path.parent).free < 4 * 1024 * 1024
    except OSError:
        full = False
    if full:
        return OutputError(f"the disk holding {path.parent} is full; free some space and build again")
    if isinstance(exc, OSError):
        return OutputError(f"cannot write in {path.parent}: {exc.strerror or exc}; check the folder's permissions")
    return EncodeError(f"the MP3 encoder failed ({exc}); run 'voiceguide doctor'")


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
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, TALB, TCON, TDRC, TIT2, TPE1, TRCK, TSSE, CTOCFlags

    id3.add(TIT2(encoding=3, text=[tags.title]))
    if tags.artist:
        id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TRCK(encoding=3, text=[f"{tags.track}/{tags.tracks}"]))
    id3.add(TCON(encoding=3, text=[tags.genre]))
    id3.add(TDRC(encoding=3, text=[str(tags.year)]))
    id3.add(TSSE(encoding=3, text=["voiceguide"]))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=[tags.comment]))
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


def sha256_file(path: Path) -> str:
    """The file's sha256, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_track(
    final: Path,
    blocks: Iterable[np.ndarray],
    sample_rate: int,
    tags: Tags,
    chapters: Iterable[ChapterMark],
    on_block: Callable[[int], None] | None = None,
) -> None:
    """Encode and tag an MP3 under a temporary name, then move it onto `final`."""
    with atomic_path(final) as tmp:
        encode_mp3(tmp, blocks, sample_rate, on_block)
        tag_mp3(tmp, tags, chapters, sample_rate)
