"""What differs between Linux, macOS and Windows, in one place: locks, replacing files, signals, child processes.

Each function does on every platform what the build needs; the POSIX-only call it stands for is
named in its docstring. Windows facts are from the CPython and Microsoft C runtime documentation.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from .settings import DEFAULTS

WINDOWS = sys.platform == "win32"
LINUX = sys.platform.startswith("linux")


def lock_file(fd: int, waiting: Callable[[], None]) -> None:
    """Lock an open file for this process alone, waiting while another holds it (`waiting` is called once then).

    POSIX: `fcntl.flock`, released when the descriptor closes. Windows: `msvcrt.locking` on the
    first byte (locking past the end of an empty file is allowed), tried without blocking in a
    loop: its own blocking mode gives up after ten seconds. The lock also ends when the file closes.
    """
    if sys.platform == "win32":  # spelt out, so that type checkers know the branch
        import msvcrt

        told = False
        while True:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:  # another handle holds the byte
                if not told:
                    waiting()
                    told = True
                time.sleep(DEFAULTS.platform.lock_poll_s)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        waiting()
        fcntl.flock(fd, fcntl.LOCK_EX)


def replace(source: str | Path, target: str | Path) -> None:
    """`os.replace`, retried for a while on Windows while another program has the target open.

    POSIX replaces a file under its open readers. Windows refuses (PermissionError) while any
    handle lacks delete sharing, which Python's own `open` never grants, and a player, an indexer
    or a virus scanner may hold the file for a moment.
    """
    wait = DEFAULTS.platform.replace_first_wait_s
    for attempt in range(DEFAULTS.platform.replace_tries):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not WINDOWS or attempt == DEFAULTS.platform.replace_tries - 1:
                raise
            time.sleep(wait)
            wait *= 2


def read_only(folder: Path) -> bool:
    """Whether the folder's file system is mounted read-only (`os.statvfs`, which Windows lacks: there, False)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def stop_signals() -> tuple[signal.Signals, ...]:
    """The signals that ask a build to stop, besides Ctrl-C: SIGTERM, and Ctrl-Break (SIGBREAK) on Windows.

    On Windows, SIGTERM can be handled but never arrives (`kill` and `terminate` end a process at
    once); a console's Ctrl-Break arrives as SIGBREAK.
    """
    if sys.platform == "win32":
        return (signal.SIGTERM, signal.SIGBREAK)
    return (signal.SIGTERM,)


def ignore_interrupts() -> None:
    """In a child process: leave Ctrl-C (and Ctrl-Break) to the parent, which stops its children itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "win32":
        signal.signal(signal.SIGBREAK, signal.SIG_IGN)


def start_method() -> str:
    """How worker processes start: fork on Linux (no re-import), spawn elsewhere.

    Windows has no fork; on macOS fork is available but unsafe with the system's frameworks
    (Python's default there is spawn since 3.8).
    """
    return "fork" if LINUX else "spawn"


def die_with_parent() -> None:
    """Make this process end when its parent does, even when the parent is killed outright.

    Linux: `prctl(PR_SET_PDEATHSIG, SIGKILL)`. Elsewhere (macOS and Windows have no such call)
    a daemon thread waits for the parent and ends this process.
    """
    if LINUX:
        import ctypes

        try:
            if ctypes.CDLL(None).prctl(1, signal.SIGKILL) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() == 1:  # the parent died before the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    watch_parent()


def watch_parent() -> None:
    """A daemon thread that ends this process when its parent ends (where there is no kernel call for it).

    A multiprocessing child waits on the parent's sentinel (a pipe end closed by the parent's death,
    or the parent's process handle on Windows). Any other child waits on the parent's handle on
    Windows, or polls for being handed to another parent on POSIX.
    """
    parent = multiprocessing.parent_process()
    ppid = os.getppid()

    def watch() -> None:
        if parent is not None:
            from multiprocessing.connection import wait

            wait([parent.sentinel])
        elif sys.platform == "win32":
            import _winapi

            try:
                handle = _winapi.OpenProcess(0x00100000, False, ppid)  # SYNCHRONIZE
            except OSError:  # gone already, or not ours to watch
                return
            _winapi.WaitForSingleObject(handle, _winapi.INFINITE)
        else:
            while os.getppid() == ppid:
                time.sleep(DEFAULTS.platform.parent_poll_s)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
