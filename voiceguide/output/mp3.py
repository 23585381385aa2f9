"""Encode a track: MP3 with a LAME/Info header, streamed from PCM blocks, tagged, moved into place (stage 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from ..errors import EncodeError, OutputError
from ..parts import need
from ..settings import DEFAULTS
from ..timeline.schedule import ChapterMark
from .files import atomic_path
from .tags import Tags, tag_mp3

ENCODER = DEFAULTS.encoder


def encode_mp3(
    path: Path, blocks: Iterable[np.ndarray], sample_rate: int, on_block: Callable[[int], None] | None = None
) -> None:
    """Stream float32 mono blocks into an MP3 at path through pedalboard's LAME writer."""
    audio_file = need("pedalboard.io").AudioFile
    try:
        with audio_file(str(path), "w", samplerate=sample_rate, num_channels=1, quality=ENCODER.quality) as out:
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
    return EncodeError(f"the MP3 encoder failed ({exc})", option="encoder")


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
