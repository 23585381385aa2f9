"""Files written whole or not at all: a temporary name beside the target, moved into place when complete."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from ..errors import OutputError
from ..portable import replace
from ..reading import open_regular, read_regular

TEMP_PREFIX = ".vg-tmp-"
"""Temporary files in the output folder start with this (and are swept after a crash)."""


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside `final`, moved onto it when the block succeeds and removed when it fails."""
    try:
        fd, name = tempfile.mkstemp(dir=final.parent, prefix=TEMP_PREFIX, suffix=final.suffix)
    except OSError as exc:
        raise OutputError(
            f"cannot write in {final.parent}: {exc.strerror}; check the folder's permissions and free space"
        ) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
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
        if read_regular(path, len(data)) == data:  # a FIFO, a device or a larger file is simply replaced
            return False
    except OSError:
        pass
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return True
