"""The output folder: made ready, locked while a build writes into it, swept of a killed build's temporaries."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Callable, Iterator

from ..errors import OutputError
from ..output.files import TEMP_PREFIX, sha256_file
from ..output.index import TrackRecord
from ..portable import lock_file, read_only

LOCK_NAME = ".voiceguide.lock"


def prepare_out(out: Path) -> None:
    """Make the output folder, or OutputError saying why it cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        if out.is_symlink() and not out.exists():
            raise OutputError(
                f"{out} is a link to {os.readlink(out)}, which does not exist; create that folder or remove the link",
                option="out",
            ) from None
        raise OutputError(f"{out} exists and is not a folder", option="out") from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out}: {_refused(exc, 'folders')}", option="out") from None
    if read_only(out):  # a clearer reason than 'permission denied'; Windows cannot tell
        raise OutputError(f"cannot write in {out}: it is on a read-only file system", option="out")
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {out}: permission denied", option="out")


@contextlib.contextmanager
def locked(out: Path, waiting: Callable[[Path], None]) -> Iterator[None]:
    """Hold the output folder's lock: a second build into the same folder waits for the first (on every system)."""
    try:
        fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write in {out}: {_refused(exc, 'files')}", option="out") from None
    try:
        lock_file(fd, lambda: waiting(out))
        yield
    finally:
        os.close(fd)  # which releases the lock


def _refused(exc: OSError, what: str) -> str:
    """Why a file or folder could not be made ('No such file or directory' once the parents exist means this)."""
    if exc.errno == errno.ENOENT:
        return f"the file system there does not allow new {what} (like /proc or /sys)"
    return str(exc.strerror)


def sweep_temporaries(out: Path) -> None:
    """Remove temporary files a killed build left behind (only ever under the lock)."""
    for leftover in out.glob(f"{TEMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)


def up_to_date(record: TrackRecord | None, fingerprint: str, out: Path) -> bool:
    """Whether the recorded track was built from this fingerprint and is still in the folder, whole, with its files."""
    if record is None or record.fingerprint != fingerprint or not record.picture:
        return False
    try:
        whole = (out / record.file).stat().st_size == record.bytes
        return whole and (out / record.captions).is_file() and (out / record.picture).is_file()
    except OSError:
        return False


def forget_replaced(
    index: dict[str, TrackRecord], slugs: list[str], finished: dict[str, TrackRecord], out: Path
) -> bool:
    """Drop index records whose track a worker replaced just before the build stopped, its record lost.

    The new file is whole (it was renamed into place), but index.json and the feed would describe
    the old one; without a record, the next build makes the track again. Returns whether any went.
    """
    gone = False
    for slug in slugs:
        record = index.get(slug)
        if slug in finished or record is None:
            continue
        try:
            path = out / record.file
            same = path.stat().st_size == record.bytes and sha256_file(path) == record.sha256
        except OSError:
            same = False
        if not same:
            del index[slug]
            gone = True
    return gone
