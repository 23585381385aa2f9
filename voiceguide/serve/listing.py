"""Which files `voiceguide serve` may send: the ones the build wrote, as index.json lists them."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..output.index import INDEX
from ..reading import read_regular
from ..settings import DEFAULTS


def is_plain_name(name: object) -> bool:
    """Whether `name` names a file directly in the folder: no folder part, no dotfile, nothing a path could misread."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not name.startswith(".")
        and not any(ch in name for ch in "/\\\x00")
    )


def built_files(out: Path) -> frozenset[str] | None:
    """The files index.json says the build wrote (index.json itself among them); None when it lists none."""
    try:
        files = json.loads(read_regular(out / INDEX, DEFAULTS.limits.index_bytes).decode("utf-8")).get("files")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(files, list):
        return None
    return frozenset(name for name in files if is_plain_name(name))


class BuiltFiles:
    """index.json's list of files, read again whenever index.json changes (a build may run while serving)."""

    def __init__(self, out: Path, files: frozenset[str]) -> None:
        self.out = out
        self._seen: tuple[tuple[int, int, int] | None, frozenset[str]] = (self._stamp(), files)

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.out / INDEX)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def current(self) -> frozenset[str]:
        """The names that may be sent now; the last good list while index.json is missing or unreadable."""
        stamp, files = self._seen
        now = self._stamp()
        if now is not None and now != stamp:
            fresh = built_files(self.out)
            if fresh is not None:
                files = fresh
            self._seen = (now, files)  # one tuple, replaced whole: threads read it without a lock
        return files
