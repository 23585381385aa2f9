"""Reading a file that someone else may have put there: only a regular file, and never more than a limit.

`Path.read_bytes()` on a FIFO waits for a writer forever, and on `/dev/zero` (or a link to it) reads until
memory runs out. Every file voiceguide reads from a user's folders (the routine file, its cover and
sounds, index.json and the files a build compares before rewriting them, speech cache entries) goes
through here: opened without blocking, checked to be a regular file, read to at most `limit` bytes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from typing import BinaryIO, Iterator

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFile(OSError):
    """Raised when a path names a FIFO, a device, a socket or a folder rather than a regular file."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a regular file", os.fspath(path))
        self.kind = kind


class FileTooLarge(OSError):
    """Raised when a file holds more than the reader's limit (it was not read past the limit)."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"it is larger than {limit:,} bytes", os.fspath(path))
        self.size = size
        """The size the file system reports (at least limit + 1)."""
        self.limit = limit


def file_kind(mode: int) -> str:
    """What a file of this mode is, in words: 'a FIFO (named pipe)', 'a device', ..."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@contextlib.contextmanager
def open_regular(path: str | os.PathLike[str], follow_links: bool = True) -> Iterator[tuple[BinaryIO, int]]:
    """The file opened for reading and its size; NotRegularFile before anything is read from a non-file.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; on a
    regular file the flag changes nothing. Without `follow_links`, a link is an OSError (where the
    system can tell: O_NOFOLLOW).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, file_kind(mode))
        size = os.fstat(fd).st_size
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f, size


def read_regular(path: str | os.PathLike[str], limit: int, follow_links: bool = True) -> bytes:
    """A regular file's bytes; NotRegularFile or FileTooLarge (after reading at most limit + 1 bytes)."""
    with open_regular(path, follow_links) as (f, size):
        if size > limit:
            raise FileTooLarge(path, size, limit)
        data = f.read(limit + 1)  # a file that grew since fstat, or one whose size the system misreports
    if len(data) > limit:
        raise FileTooLarge(path, len(data), limit)
    return data
