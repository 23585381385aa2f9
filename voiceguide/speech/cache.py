"""The speech cache: engine output stored by content, written atomically, checked when read."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import SynthesisError
from ..portable import replace
from ..reading import read_regular
from ..settings import DEFAULTS

log = logging.getLogger(__name__)

CACHE_FORMAT = "v1"
CLIP_PREFIX = "voiceguide-clip-"
"""An engine's clip file is named CLIP_PREFIX, the pid of the process that made it, '-', and a random part."""
_CLIP_NAME = re.compile(re.escape(CLIP_PREFIX) + r"(\d+)-[^/]*\.wav")
ABANDONED_S = 24 * 3600
"""Where a process cannot be asked whether it still runs (Windows), a clip file this old is abandoned."""


@dataclass(frozen=True)
class FileContent:
    """A file among an engine's cache parts (a voice model) that counts by its content, not by its name."""

    path: str


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
        self._digests: dict[str, list[Any]] | None = None
        self._lock = threading.Lock()
        self._unsaved: dict[str, bytes] = {}
        """Entries that could not be written (the cache is a file, read-only or full), kept for this build."""

    @staticmethod
    def key(parts: Sequence[Any], text: str) -> str:
        """The content address of a clip: what the engine says it depends on (`Engine.cache_parts`), and the text."""
        return hashlib.sha256(json.dumps([*parts, text]).encode("utf-8")).hexdigest()

    def clip_key(self, parts: Sequence[Any], text: str) -> str:
        """`key`, with each FileContent among the parts replaced by the SHA-256 of the file's bytes."""
        return self.key([self.digest(p.path) if isinstance(p, FileContent) else p for p in parts], text)

    def digest(self, path: str) -> str:
        """The SHA-256 of a file, remembered (in the cache's files.json) for as long as its size and mtime stay."""
        try:
            stat = os.stat(path)
        except OSError as exc:
            raise SynthesisError(f"cannot read {path} ({exc.strerror})") from None
        with self._lock:
            if self._digests is None:
                self._digests = _read_json(self.root.parent / "files.json")
            known = self._digests.get(path)
            if known is not None and known[:2] == [stat.st_size, stat.st_mtime_ns]:
                return str(known[2])
            try:
                digest = _sha256(Path(path))
            except OSError as exc:
                raise SynthesisError(f"cannot read {path} ({exc.strerror})") from None
            self._digests[path] = [stat.st_size, stat.st_mtime_ns, digest]
            try:
                _write_checked_json(self.root.parent / "files.json", self._digests)
            except OSError:
                log.debug("cannot remember file digests in %s", self.root.parent)
            return digest

    @property
    def scratch(self) -> Path:
        """Where engines write clips before they are cached; `sweep_scratch` removes what a killed process left."""
        return self.root.parent / "tmp"

    def sweep_scratch(self) -> None:
        """Remove the clip files of processes that no longer run (killed, or failed before they tidied up)."""
        try:
            names = os.listdir(self.scratch)
        except OSError:
            return
        for name in names:
            match = _CLIP_NAME.fullmatch(name)
            path = self.scratch / name
            if match and not _still_running(int(match.group(1)), path):
                with contextlib.suppress(OSError):
                    path.unlink()

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


def _still_running(pid: int, path: Path) -> bool:
    """Whether the process that made this clip file may still be using it."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there: go by the file's age
        try:
            return time.time() - path.stat().st_mtime < ABANDONED_S
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_checked_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON atomically (several build processes may write it; the last one wins, whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def scratch_folder(scratch: Path | None) -> Path | None:
    """The scratch folder (`SpeechCache.scratch`), made if need be; None (the system's temp folder) when it
    cannot be made or none was given."""
    if scratch is None:
        return None
    try:
        scratch.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return scratch
