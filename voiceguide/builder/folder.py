"""The output folder: voiceguide's own (marked), locked while a build writes into it, swept of its own temporaries.

A build writes only into an empty folder or one a voiceguide build made: the marker file
(`.voiceguide`) is written first, under the lock, and a folder of 0.1.0's (its index.json, no
marker) is adopted. Anything else is refused before a byte is written. The marker's id names
the folder's temporaries, so a sweep removes only what a build of this folder left.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import OutputError, UsageError
from ..output.files import (
    MARKER,
    NOFOLLOW,
    TEMP_PREFIX,
    read_if_regular,
    read_marker,
    sha256_file,
    temp_prefix,
    write_text,
)
from ..output.index import INDEX, TrackRecord
from ..portable import lock_file, read_only

LOCK_NAME = ".voiceguide.lock"
OURS = frozenset({MARKER, LOCK_NAME})
"""Names a build leaves in a folder even before it has written a track."""
SYSTEM_FILES = frozenset({".DS_Store", ".localized", "Thumbs.db", "desktop.ini"})
"""Files a file manager puts in any folder it shows; they do not make a folder someone else's."""
LEGACY_TEMPORARY = re.compile(r"\.vg-tmp-[a-z0-9_]{8}(\.[a-z0-9]+)?")
"""How voiceguide 0.1.0 named its temporaries (mkstemp's eight characters after the prefix)."""
INDEX_LIMIT = 64 * 1024 * 1024
NOTE = "voiceguide made this folder and builds into it; it writes only into folders that hold this file"


def prepare_out(out: Path) -> bool:
    """Make the output folder (True when this call made it), or OutputError saying why it cannot be written."""
    try:
        out.mkdir(parents=True)
        created = True
    except FileExistsError:
        if out.is_symlink() and not out.exists():
            raise OutputError(
                f"{out} is a link to {os.readlink(out)}, which does not exist; create that folder or remove the link",
                option="out",
            ) from None
        if not out.is_dir():
            raise OutputError(f"{out} exists and is not a folder", option="out") from None
        created = False
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out}: {_refused(exc, 'folders')}", option="out") from None
    if read_only(out):  # a clearer reason than 'permission denied'; Windows cannot tell
        raise OutputError(f"cannot write in {out}: it is on a read-only file system", option="out")
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {out}: permission denied", option="out")
    return created


def check_ours(out: Path) -> None:
    """UsageError unless the folder is empty or voiceguide's: marked, or holding a 0.1.0 build's index.json."""
    if read_marker(out) is not None:
        return
    try:
        others = sorted(set(os.listdir(out)) - OURS - SYSTEM_FILES, key=lambda name: (name.startswith("."), name))
    except OSError as exc:
        raise OutputError(f"cannot read the output folder {out}: {exc.strerror}", option="out") from None
    if others and not _legacy_index(out):
        n = len(others)
        raise UsageError(
            f"{out} holds {n} file{'s' if n != 1 else ''} voiceguide did not make (such as {others[0]!r}); "
            "it builds only into an empty folder or one it made",
            option="out",
        )


def _legacy_index(out: Path) -> bool:
    """Whether the folder holds the index.json of a build by voiceguide 0.1.0, which left no marker."""
    data = read_if_regular(out / INDEX, INDEX_LIMIT)
    try:
        index = json.loads(data) if data is not None else None
    except ValueError:
        return False
    if not isinstance(index, dict) or not isinstance(index.get("title"), str):
        return False
    tracks = index.get("tracks")
    fields = {"file", "sha256", "fingerprint"}
    return isinstance(tracks, list) and all(isinstance(t, dict) and fields <= t.keys() for t in tracks)


def claim(out: Path) -> bool:
    """Mark the folder as voiceguide's (under its lock); True when this build marked it, False when it was marked."""
    if read_marker(out) is not None:
        return False
    check_ours(out)  # again, under the lock: a file may have arrived since
    legacy = _legacy_index(out)
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        (out / MARKER).unlink()  # unreadable: half written by a build killed as it made it
    marker = {"made_by": "voiceguide", "note": NOTE, "id": secrets.token_hex(8), "verified": {}}
    try:
        fd = os.open(out / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(marker, indent=2) + "\n")
    except OSError as exc:
        raise OutputError(f"cannot write in {out}: {exc.strerror}", option="out") from None
    if legacy:  # a folder of 0.1.0's: its temporaries had no id
        for name in os.listdir(out):
            if LEGACY_TEMPORARY.fullmatch(name):
                with contextlib.suppress(OSError):
                    (out / name).unlink()
    return True


def release(out: Path) -> None:
    """After a failed first build: remove the marker and the lock again when nothing else is in the folder."""
    try:
        names = set(os.listdir(out))
    except OSError:
        return
    if names <= OURS:
        for name in (MARKER, LOCK_NAME):
            with contextlib.suppress(OSError):
                (out / name).unlink()


@contextlib.contextmanager
def locked(out: Path, waiting: Callable[[Path], None]) -> Iterator[None]:
    """Hold the output folder's lock: a second build into the same folder waits for the first (on every system)."""
    path = out / LOCK_NAME
    while True:
        fd = _open_lock(path)
        try:
            lock_file(fd, lambda: waiting(out))
        except BaseException:
            os.close(fd)
            raise
        if _still_there(fd, path):
            break
        os.close(fd)  # the build that held it removed the lock file (its first build failed): take the new one
    try:
        yield
    finally:
        os.close(fd)


def _open_lock(path: Path) -> int:
    """The lock file opened for locking, made if need be; never through a link."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(
                f"{path} is a link; voiceguide never writes through one: remove it and build again", option="out"
            ) from None
        raise OutputError(f"cannot write in {path.parent}: {_refused(exc, 'files')}", option="out") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"{path} is not a regular file: remove it and build again", option="out")
    return fd


def _still_there(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one named `path`."""
    try:
        here, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (named.st_dev, named.st_ino)


def _refused(exc: OSError, what: str) -> str:
    """Why a file or folder could not be made ('No such file or directory' once the parents exist means this)."""
    if exc.errno == errno.ENOENT:
        return f"the file system there does not allow new {what} (like /proc or /sys)"
    return str(exc.strerror)


def sweep_temporaries(out: Path) -> None:
    """Remove the temporaries a killed or failed build of this folder left (only ever under the lock)."""
    prefix = temp_prefix(out)
    if prefix == TEMP_PREFIX:
        return  # not a folder voiceguide marked: nothing here is known to be ours
    for leftover in out.glob(f"{prefix}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


class Checksums:
    """The tracks' sha256 as last verified, kept in the marker by file name with the file's size, times and inode.

    A file whose size, modification and change times and inode are as recorded is not read
    again; any other is hashed, so 'up to date' always means the bytes are the recorded ones.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        marker = read_marker(out) or {}
        verified = marker.get("verified")
        self.entries: dict[str, list[Any]] = dict(verified) if isinstance(verified, dict) else {}
        self.changed = False

    @staticmethod
    def _key(path: Path) -> list[int]:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]

    def sha256(self, path: Path) -> str:
        """The file's sha256, read again only when the file changed since it was last verified (OSError if gone)."""
        key = self._key(path)
        entry = self.entries.get(path.name)
        if isinstance(entry, list) and len(entry) == 5 and entry[:4] == key:
            return str(entry[4])
        digest = sha256_file(path)
        self.remember(path, digest, key)
        return digest

    def remember(self, path: Path, digest: str, key: list[int] | None = None) -> None:
        """Record that the file holds these bytes now (after the build wrote and hashed it)."""
        try:
            self.entries[path.name] = [*(key or self._key(path)), digest]
        except OSError:
            self.entries.pop(path.name, None)
        self.changed = True

    def save(self, keep: set[str]) -> None:
        """Write the entries of the files named in `keep` into the marker, when any changed."""
        marker = read_marker(self.out)
        if marker is None or not (self.changed or set(self.entries) - keep):
            return
        marker["verified"] = {name: entry for name, entry in sorted(self.entries.items()) if name in keep}
        write_text(self.out / MARKER, json.dumps(marker, indent=2) + "\n")
        self.changed = False


def up_to_date(record: TrackRecord | None, fingerprint: str, out: Path, checksums: Checksums) -> bool:
    """Whether the recorded track was built from this fingerprint and the folder holds exactly its bytes (and files)."""
    if record is None or record.fingerprint != fingerprint or not record.picture:
        return False
    try:
        path = out / record.file
        beside = (out / record.captions).is_file() and (out / record.picture).is_file()
        return checksums.sha256(path) == record.sha256 and beside
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
