"""The speech cache: engine output stored by content, written atomically, checked when read."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
import tempfile
from pathlib import Path
from typing import Any, Sequence

from ..portable import replace
from ..reading import read_regular
from ..settings import DEFAULTS

log = logging.getLogger(__name__)

CACHE_FORMAT = "v1"


def default_cache_dir() -> Path:
    """Where clips are cached: $VOICEGUIDE_CACHE, else the platform's user cache folder."""
    if os.environ.get("VOICEGUIDE_CACHE"):
        return Path(os.environ["VOICEGUIDE_CACHE"])
    system = platform.system()
    if system == "Darwin":
        return Path.home() / "Library" / "Caches" / "voiceguide"
    if system == "Windows":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "voiceguide" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "voiceguide"


class SpeechCache:
    """Engine output stored by content: one WAV per (engine, version, voice, settings, text), with a checksum."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "speech" / CACHE_FORMAT
        self._warned = False
        self._unsaved: dict[str, bytes] = {}
        """Entries that could not be written (the cache is a file, read-only or full), kept for this build."""

    @staticmethod
    def key(parts: Sequence[Any], text: str) -> str:
        """The content address of a clip: what the engine says it depends on (`Engine.cache_parts`), and the text."""
        return hashlib.sha256(json.dumps([*parts, text]).encode("utf-8")).hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / key[:2]
        return folder / f"{key}.wav", folder / f"{key}.sha256"

    def has(self, key: str) -> bool:
        """Whether an entry exists (not checked; `get` checks)."""
        return key in self._unsaved or self._paths(key)[1].is_file()

    def get(self, key: str) -> bytes | None:
        """The cached WAV bytes, or None when missing or damaged (a damaged entry is removed)."""
        return self._unsaved.get(key) or _read_checked(*self._paths(key))

    def put(self, key: str, data: bytes) -> None:
        """Store WAV bytes atomically (written beside, then renamed); when the cache cannot be written, in memory."""
        if key in self._unsaved:
            return
        try:
            _write_checked(*self._paths(key), data)
        except OSError as exc:
            self._unsaved[key] = data  # a clip is never made twice in one build, even without a cache
            if not self._warned:  # once: a read-only, full or misplaced cache fails for every clip alike
                self._warned = True
                log.warning(
                    "cannot write the speech cache at %s (%s); continuing without it", self.root, _why(self.root, exc)
                )

    def unsaved(self, keys: Sequence[str]) -> dict[str, bytes]:
        """Those of these entries that exist only in memory (for a worker process, which cannot see them)."""
        return {key: self._unsaved[key] for key in keys if key in self._unsaved}

    def remember(self, entries: dict[str, bytes]) -> None:
        """Keep entries another process could not write (see `unsaved`)."""
        self._unsaved.update(entries)


def _why(root: Path, exc: OSError) -> str:
    """Why the cache cannot be written: a file where a folder should be, or the system's reason."""
    for folder in (root, *root.parents):
        if os.path.lexists(folder):
            if not folder.is_dir():
                return f"{folder} is a file, not a folder"
            break
    return str(exc.strerror)


def _read_checked(path: Path, check: Path) -> bytes | None:
    try:
        data = read_regular(path, DEFAULTS.limits.cache_entry_bytes)
        expected = read_regular(check, 256).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if hashlib.sha256(data).hexdigest() != expected:
        log.debug("damaged cache entry %s; it will be made again", path.name)
        path.unlink(missing_ok=True)
        check.unlink(missing_ok=True)
        return None
    return data


def _write_checked(path: Path, check: Path, data: bytes) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, content in ((path, data), (check, hashlib.sha256(data).hexdigest().encode())):
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            replace(tmp, target)
            tmp = None
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # a full disk must not fill up further with half entries
        raise
