"""What differs between Linux, macOS and Windows: the folder lock, replacing files, stop signals, child processes.

The POSIX branches run for real here; the Windows branches run against stand-ins of what Windows
does (msvcrt's byte lock, PermissionError from a replace onto an open file).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from helpers import ROOT, TINY, use_stub_engine
from voiceguide import portable
from voiceguide.builder import BuildOptions, run_build
from voiceguide.builder.options import BuildReport
from voiceguide.errors import Interrupted
from voiceguide.routine import load_collection


def test_a_second_lock_waits_for_the_first(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock)], cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    waited: list[float] = []
    began = time.monotonic()
    fd = os.open(lock, os.O_RDWR)
    try:
        portable.lock_file(fd, lambda: waited.append(time.monotonic() - began))
        got = time.monotonic() - began
    finally:
        os.close(fd)
    holder.wait()
    assert len(waited) == 1 and waited[0] < 0.5 and got >= 0.9


HOLD = """
import os, sys, time
from voiceguide.portable import lock_file
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
lock_file(fd, lambda: None)
print("locked", flush=True)
time.sleep(1)
"""


def test_on_windows_the_lock_is_msvcrt_s_tried_in_a_loop(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[tuple[int, int, int]] = []

    def locking(fd: int, mode: int, n: int) -> None:
        calls.append((os.lseek(fd, 0, os.SEEK_CUR), mode, n))
        if len(calls) < 3:
            raise PermissionError(13, "Permission denied")  # another handle holds the byte

    fake = types.SimpleNamespace(locking=locking, LK_NBLCK=2, LK_LOCK=1)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(portable.sys, "platform", "win32")
    monkeypatch.setattr(portable.time, "sleep", lambda s: None)
    waited: list[str] = []
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    try:
        os.lseek(fd, 5, os.SEEK_SET)
        portable.lock_file(fd, lambda: waited.append("waiting"))
    finally:
        os.close(fd)
    assert calls == [(0, 2, 1)] * 3  # the first byte, without blocking (LK_LOCK gives up after 10 s)
    assert waited == ["waiting"]


def test_on_windows_a_replace_onto_an_open_file_is_retried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tries, waits = [], []
    real = os.replace

    def replace(src, dst) -> None:
        tries.append(dst)
        if len(tries) <= 2:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real(src, dst)

    monkeypatch.setattr(portable.os, "replace", replace)
    monkeypatch.setattr(portable.time, "sleep", waits.append)
    (tmp_path / "new").write_text("new")
    monkeypatch.setattr(portable, "WINDOWS", True)
    portable.replace(tmp_path / "new", tmp_path / "old")
    assert (tmp_path / "old").read_text() == "new" and waits == [0.05, 0.1]
    monkeypatch.setattr(portable, "WINDOWS", False)
    tries.clear()
    (tmp_path / "new").write_text("again")
    with pytest.raises(PermissionError):  # on POSIX a PermissionError is real: no retry
        portable.replace(tmp_path / "new", tmp_path / "old")
    assert len(tries) == 1


def test_a_replace_that_never_succeeds_gives_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def replace(src, dst) -> None:
        raise PermissionError(13, "in use")

    waits: list[float] = []
    monkeypatch.setattr(portable.os, "replace", replace)
    monkeypatch.setattr(portable.time, "sleep", waits.append)
    monkeypatch.setattr(portable, "WINDOWS", True)
    with pytest.raises(PermissionError):
        portable.replace(tmp_path / "a", tmp_path / "b")
    assert waits == [0.05 * 2**i for i in range(7)]


def test_without_statvfs_a_folder_is_not_called_read_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delattr(os, "statvfs", raising=False)
    assert portable.read_only(tmp_path) is False


def test_each_stop_signal_stops_a_build_as_sigterm_does(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not hasattr(signal, "SIGUSR1"):
        pytest.skip("needs a signal to send to this process")
    use_stub_engine(monkeypatch, "tone")
    monkeypatch.setattr("voiceguide.builder.run.stop_signals", lambda: (signal.SIGTERM, signal.SIGUSR1))
    (tmp_path / "routines.yaml").write_text(TINY)
    report = BuildReport(finished=lambda *_: os.kill(os.getpid(), signal.SIGUSR1))
    options = BuildOptions(out=tmp_path / "out", cache=tmp_path / "cache", jobs=1)
    before = signal.getsignal(signal.SIGUSR1)
    with pytest.raises(Interrupted) as caught:
        run_build(load_collection(tmp_path / "routines.yaml"), options, report)
    assert caught.value.exit_code == 143 and str(caught.value).startswith("terminated: 1 of 2 tracks finished")
    assert signal.getsignal(signal.SIGUSR1) == before


def test_workers_started_by_spawn_build_tracks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As on macOS and Windows: workers import everything afresh and get their job by pickle."""
    use_stub_engine(monkeypatch, "tone")
    monkeypatch.setattr("voiceguide.builder.workers.start_method", lambda: "spawn")
    (tmp_path / "routines.yaml").write_text(TINY)
    options = BuildOptions(out=tmp_path / "out", cache=tmp_path / "cache", jobs=2)
    summary = run_build(load_collection(tmp_path / "routines.yaml"), options)
    assert sorted(o.record.file for o in summary.built) == ["01-tiny.mp3", "02-breathe.mp3"]


def test_the_start_method_is_fork_on_linux_only() -> None:
    assert portable.start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its reaper does not)."""
    if sys.platform == "win32":
        import _winapi

        try:
            handle = _winapi.OpenProcess(0x00100000, False, pid)
        except OSError:
            return False
        return _winapi.WaitForSingleObject(handle, 0) != 0
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


CHILD = {
    "die_with_parent": "from voiceguide.portable import die_with_parent as watch",
    "watch_parent": "from voiceguide.portable import watch_parent as watch",
}
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]])
print(child.pid, flush=True)
time.sleep(60)
"""
SPAWNED = """
import multiprocessing, time

def child():
    from voiceguide.portable import {name}
    {name}()
    time.sleep(60)

if __name__ == "__main__":
    process = multiprocessing.get_context("spawn").Process(target=child)
    process.start()
    print(process.pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("how", ["die_with_parent", "watch_parent", "spawned die_with_parent", "spawned watch_parent"])
def test_a_child_dies_with_its_killed_parent(tmp_path: Path, how: str) -> None:
    """prctl on Linux; elsewhere a thread watching the parent (its handle, its sentinel, or getppid)."""
    name = how.split()[-1]
    if how.startswith("spawned"):
        script = tmp_path / "parent.py"
        script.write_text(SPAWNED.format(name=name))
        args = [sys.executable, str(script)]
    else:
        child = CHILD[name] + "\nwatch()\nimport time\ntime.sleep(60)\n"
        args = [sys.executable, "-c", PARENT, child]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8", env=env)
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    time.sleep(1.0)  # the child is up and watching
    assert alive(pid)
    parent.kill()  # SIGKILL; TerminateProcess on Windows: no handler runs in the parent
    parent.wait()
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), f"{how}: the child outlived its parent"


def test_library_code_names_no_posix_only_call_outside_portable() -> None:
    """fcntl, prctl, statvfs, os.replace and fork are reached through voiceguide/portable.py only."""
    found = []
    for path in sorted((ROOT / "voiceguide").rglob("*.py")):
        if path.name == "portable.py":
            continue
        text = path.read_text()
        for call in ("fcntl", "prctl", "statvfs", "os.replace(", '"fork"', "SIGBREAK", "msvcrt"):
            if call in text:
                found.append(f"{path.relative_to(ROOT)}: {call}")
    assert found == []


def test_a_build_stopped_while_it_waits_for_the_lock_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_stub_engine(monkeypatch, "tone")
    (tmp_path / "routines.yaml").write_text(TINY)
    report = BuildReport(waiting=lambda out: os.kill(os.getpid(), signal.SIGTERM))
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out / ".voiceguide.lock")], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        with pytest.raises(Interrupted) as caught:
            options = BuildOptions(out=out, cache=tmp_path / "c", jobs=1)
            run_build(load_collection(tmp_path / "routines.yaml"), options, report)
    finally:
        holder.wait()
    assert caught.value.exit_code == 143 and "terminated: no track was built" in str(caught.value)
