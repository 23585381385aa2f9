"""Files written whole or not at all: a temporary name beside the target, moved into place when complete."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Iterator

from ..errors import OutputError
from ..portable import replace
from ..reading import open_regular, read_regular

TEMP_PREFIX = ".vg-tmp-"
"""Temporary files in the output folder start with this, then the folder's id (see `temp_prefix`)."""
MARKER = ".voiceguide"
"""The file that says voiceguide made the folder: its id (which names its temporaries) and verified checksums."""
MARKER_LIMIT = 4 * 1024 * 1024
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_if_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, or None when it is missing, a link, not a regular file, or over `limit` bytes."""
    try:
        return read_regular(path, limit, follow_links=False)
    except OSError:
        return None


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The folder's marker, or None when there is none or it is not voiceguide's (a link, a folder, garbage)."""
    data = read_if_regular(folder / MARKER, MARKER_LIMIT)
    try:
        marker = json.loads(data) if data is not None else None
    except ValueError:
        return None
    if not isinstance(marker, dict) or marker.get("made_by") != "voiceguide":
        return None
    if not isinstance(marker.get("id"), str) or not re.fullmatch(r"[0-9a-f]{8,32}", marker["id"]):
        return None
    return marker


def temp_prefix(folder: Path) -> str:
    """How this folder's temporaries are named: TEMP_PREFIX and, in a folder voiceguide made, the folder's id.

    A build sweeps only names with its folder's id, so a file of the user's that merely starts
    with TEMP_PREFIX is never removed.
    """
    marker = read_marker(folder)
    return f"{TEMP_PREFIX}{marker['id']}-" if marker else TEMP_PREFIX


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside `final`, moved onto it when the block succeeds and removed when it fails.

    The temporary is made new (never an existing name, never through a link) and renamed onto
    `final`, which replaces a link there rather than writing through it.
    """
    try:
        fd, name = tempfile.mkstemp(dir=final.parent, prefix=temp_prefix(final.parent), suffix=final.suffix)
    except OSError as exc:
        raise OutputError(
            f"cannot write in {final.parent}: {exc.strerror}; check the folder's permissions and free space"
        ) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDWR | NOFOLLOW)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        replace(tmp, final)  # Windows: retried while a player or scanner still holds the old file
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(
            f"cannot write {final}: {exc.strerror}; check the folder's permissions and free space"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(final: Path, text: str) -> None:
    """Write a text file atomically."""
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def sha256_file(path: Path) -> str:
    """The file's sha256, hex (NotRegularFile, an OSError, for a FIFO or a device)."""
    digest = hashlib.sha256()
    with open_regular(path) as (f, _):
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write a file atomically unless it already holds these bytes (so its date and ETag stay); True if written."""
    try:
        if read_if_regular(path, len(data)) == data:  # a FIFO, a device or a larger file is simply replaced
            return False
    except OSError:
        pass
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return True
