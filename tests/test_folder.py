"""The output folder is voiceguide's own: never someone else's files, never through a link, only its own temporaries.

Also: up to date means the bytes match, a build stopped while it waits for the folder exits
quietly with the promised status, and nothing a failed or killed build made is left behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import STUB_ENGINE, TINY, ctrl_c_reaches_it
from voiceguide.builder import BuildOptions, run_build
from voiceguide.cli import cli
from voiceguide.errors import Interrupted, OutputError, VoiceguideError
from voiceguide.output.index import read_index
from voiceguide.routine import load_collection


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


def build(routines: Path, out: Path, cache: Path, *extra: str):
    """`voiceguide build` in this process."""
    return CliRunner().invoke(
        cli, ["build", "--routines", str(routines), "--out", str(out), "--cache", str(cache), *extra]
    )


@pytest.fixture
def tone(stub_engine, tiny_file: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A routine file and a speech cache, spoken by the stand-in engine (with time to answer on a busy machine)."""
    stub_engine("tone", timeout_s=30)
    return tiny_file, tmp_path / "cache"


def test_a_folder_holding_other_files_is_refused_and_left_as_it_was(tone, tmp_path: Path) -> None:
    routines, cache = tone
    out = tmp_path / "mine"
    out.mkdir()
    for name, data in {
        "index.html": b"my page",
        "feed.xml": b"<mine/>",
        "notes.txt": b"x",
        ".vg-tmp-x": b"keep",
    }.items():
        (out / name).write_bytes(data)
    before = snapshot(out)
    result = build(routines, out, cache)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"Error: {out} holds 4 files voiceguide did not make (such as 'feed.xml'); it builds only into an empty "
        "folder or one it made; choose another folder with --out"
    ]
    assert snapshot(out) == before  # not even a lock file


def test_root_and_the_current_folder_are_refused(tone, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    routines, cache = tone
    before = sorted(os.listdir("/"))
    result = build(routines, Path("/"), cache)
    assert result.exit_code == 2 and "it builds only into an empty folder" in result.stderr
    assert sorted(os.listdir("/")) == before
    here = tmp_path / "here"
    here.mkdir()
    (here / "routines.yaml").write_text(TINY)
    monkeypatch.chdir(here)
    result = CliRunner().invoke(cli, ["build", "--out", "", "--cache", str(cache)])
    assert result.exit_code == 2
    assert "Invalid value for '--out': it is empty; name a folder" in result.stderr
    assert os.listdir(here) == ["routines.yaml"]


def test_an_empty_folder_a_new_one_and_voiceguide_s_own_are_built_into(tone, tmp_path: Path) -> None:
    routines, cache = tone
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"Finder's")
    for out in (empty, tmp_path / "new" / "build"):
        assert build(routines, out, cache).exit_code == 0
        again = build(routines, out, cache)
        assert again.exit_code == 0 and "0 built, 2 up to date" in again.stdout, again.output
    assert (empty / ".DS_Store").read_bytes() == b"Finder's"


def test_a_folder_built_by_0_1_0_is_still_voiceguide_s(tone, tmp_path: Path) -> None:
    routines, cache = tone
    out = tmp_path / "build"
    assert build(routines, out, cache).exit_code == 0
    (out / ".voiceguide").unlink()  # 0.1.0 wrote no marker, only index.json and the files it lists
    (out / ".vg-tmp-a1b2_c3d.mp3").write_bytes(b"half a track 0.1.0 left")
    result = build(routines, out, cache)
    assert result.exit_code == 0 and "0 built, 2 up to date" in result.stdout, result.output
    assert (out / ".voiceguide").is_file() and not (out / ".vg-tmp-a1b2_c3d.mp3").exists()


def test_only_the_folder_s_own_temporaries_are_swept(tone, tmp_path: Path) -> None:
    routines, cache = tone
    out = tmp_path / "build"
    assert build(routines, out, cache).exit_code == 0
    folder_id = json.loads((out / ".voiceguide").read_text())["id"]
    (out / ".vg-tmp-x").write_bytes(b"the user's own")
    (out / f".vg-tmp-{folder_id}-k9x_2abc.mp3").write_bytes(b"half a track a killed build left")
    assert build(routines, out, cache).exit_code == 0
    assert (out / ".vg-tmp-x").read_bytes() == b"the user's own"
    assert not (out / f".vg-tmp-{folder_id}-k9x_2abc.mp3").exists()


def test_up_to_date_means_the_bytes_match_not_only_the_size(tone, tmp_path: Path) -> None:
    """kill -9 just after a track was renamed into place, then the routine file put back: the file on
    disk is the other build's, though its size may be the same."""
    routines, cache = tone
    out = tmp_path / "build"
    assert build(routines, out, cache).exit_code == 0
    track = out / "01-tiny.mp3"
    data = track.read_bytes()
    other = out / "other.tmp"
    other.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    os.replace(other, track)  # the other build's track, renamed into place
    result = build(routines, out, cache)
    assert result.exit_code == 0 and "1 built, 1 up to date" in result.stdout, result.output
    record = read_index(out)["01-tiny"]
    assert track.read_bytes() == data
    assert __import__("hashlib").sha256(track.read_bytes()).hexdigest() == record.sha256


def test_an_unchanged_track_is_not_read_again(tone, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm rebuild stays fast: a track whose size, times and inode are as verified is not hashed."""
    import voiceguide.builder.folder as folder

    routines, cache = tone
    out = tmp_path / "build"
    assert build(routines, out, cache).exit_code == 0
    hashed: list[str] = []
    real = folder.sha256_file
    monkeypatch.setattr(folder, "sha256_file", lambda path: hashed.append(path.name) or real(path))
    assert "0 built, 2 up to date" in build(routines, out, cache).stdout
    assert hashed == []
    (out / "02-breathe.mp3").touch()  # changed as far as anyone can tell: read again
    assert "0 built, 2 up to date" in build(routines, out, cache).stdout
    assert hashed == ["02-breathe.mp3"]


def test_a_lock_file_that_is_a_link_is_not_followed(tone, tmp_path: Path) -> None:
    routines, cache = tone
    out = tmp_path / "build"
    out.mkdir()
    target = tmp_path / "elsewhere"
    (out / ".voiceguide.lock").symlink_to(target)
    result = build(routines, out, cache)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {out}/.voiceguide.lock is a link; voiceguide never writes through one: remove it and build "
        "again; choose another folder with --out"
    ]
    assert not target.exists() and not os.path.lexists(target)


def test_a_failed_first_build_leaves_no_lock_in_the_new_folder(stub_engine, tiny_file: Path, tmp_path: Path) -> None:
    stub_engine("fatal")
    out = tmp_path / "new"
    result = build(tiny_file, out, tmp_path / "cache")
    assert result.exit_code == 1 and "pip install espeakng-loader" in result.stderr
    assert os.listdir(out) == []


def test_a_worker_s_half_written_track_is_swept_when_another_worker_fails(
    tone, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk with --jobs 2: one worker fails, the pool stops the other in the middle of its track."""
    import voiceguide.output.mp3 as mp3

    routines, cache = tone

    first = tmp_path / "first-encoder"

    def encode(path: Path, blocks, sample_rate, on_block=None) -> None:
        path.write_bytes(b"\xff" * 200_000)
        try:
            os.close(os.open(first, os.O_CREAT | os.O_EXCL))
        except FileExistsError:  # the second worker: its disk is full
            time.sleep(0.3)
            raise OutputError(f"no room to write {path.parent}: No space left on device; free some space") from None
        time.sleep(60)  # the first worker: stopped by the pool in the middle of its track

    monkeypatch.setattr(mp3, "encode_mp3", encode)  # the workers are forked: they have it too
    out = tmp_path / "build"
    with pytest.raises(OutputError, match="no room"):
        run_build(load_collection(routines), BuildOptions(out=out, cache=cache, jobs=2))
    assert not [p.name for p in out.iterdir() if p.name.startswith(".vg-tmp-")]


def wait_for_line(stream, text: str, timeout: float = 30) -> None:
    """Read the stream until a line holds `text`."""
    found = threading.Event()

    def read() -> None:
        for line in stream:
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(timeout), f"no line with {text!r}"


@pytest.mark.parametrize("sig, code, what", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_a_build_stopped_while_it_waits_for_the_folder_exits_quietly(
    tmp_path: Path, sig: signal.Signals, code: int, what: str
) -> None:
    routines = tmp_path / "routines.yaml"
    routines.write_text(TINY)
    out = tmp_path / "build"
    out.mkdir()
    with open(out / ".voiceguide.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another build holds the folder
        env = {**os.environ, "VOICEGUIDE_SPEECH_WORKER": str(STUB_ENGINE), "VOICEGUIDE_STUB_MODE": "tone"}
        command = [sys.executable, "-m", "voiceguide", "build", "--routines", str(routines), "--out", str(out)]
        waiting = subprocess.Popen(
            [*command, "--cache", str(tmp_path / "cache")],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=ctrl_c_reaches_it,
        )
        try:
            assert waiting.stderr is not None
            wait_for_line(waiting.stderr, "waiting for it to finish")
            waiting.send_signal(sig)
            assert waiting.wait(timeout=30) == code
        finally:
            waiting.kill()
    rest = waiting.stderr.read()
    assert "Traceback" not in rest
    assert rest.strip() == f"{what}: no track was built; every track in {out} is as it was"


def test_sigterm_while_the_index_is_read_is_a_quiet_143(tone, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import voiceguide.builder.run as run

    routines, cache = tone

    def read_index(out: Path) -> dict:
        os.kill(os.getpid(), signal.SIGTERM)
        return {}

    monkeypatch.setattr(run, "read_index", read_index)
    with pytest.raises(Interrupted) as stopped:
        run_build(load_collection(routines), BuildOptions(out=tmp_path / "build", cache=cache))
    assert stopped.value.exit_code == 143
    assert signal.getsignal(signal.SIGTERM) is not run._on_stop


def test_speech_clips_live_in_the_cache_and_a_killed_build_s_are_swept(tmp_path: Path) -> None:
    """kill -9 during synthesis: the engine's clip files must not stay in the system's temp folder."""
    routines = tmp_path / "routines.yaml"
    routines.write_text(TINY)
    system_temp, cache = tmp_path / "tmp", tmp_path / "cache"
    system_temp.mkdir()
    env = {"TMPDIR": str(system_temp), "VOICEGUIDE_SPEECH_WORKER": str(STUB_ENGINE), "VOICEGUIDE_STUB_MODE": "hang"}
    args = [sys.executable, "-m", "voiceguide", "build", "--routines", str(routines), "--cache", str(cache)]
    killed = subprocess.Popen(
        [*args, "--out", str(tmp_path / "a")],
        env={**os.environ, **env, "VOICEGUIDE_SPEECH_TIMEOUT": "60"},
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.rglob("*clip-*.wav")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(tmp_path.rglob("*clip-*.wav")), "no clip file was made"
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    assert not list(system_temp.iterdir())
    again = subprocess.run(
        [*args, "--out", str(tmp_path / "b")],
        env={**os.environ, **env, "VOICEGUIDE_STUB_MODE": "tone"},
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert not list(tmp_path.rglob("*clip-*.wav"))


def test_doctor_says_a_folder_of_someone_else_s_is_not_an_output_folder(tmp_path: Path) -> None:
    from voiceguide.builder.doctor import _output

    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(
        VoiceguideError, match=r"holds 1 file voiceguide did not make .*; choose another output folder$"
    ):
        _output(tmp_path)()
    assert _output(tmp_path / "new")().endswith("is writable")


@pytest.mark.parametrize("mode", ["empty", "hang"])
def test_a_failed_synthesis_leaves_no_clip_file_anywhere(tmp_path: Path, mode: str) -> None:
    """An engine that writes nothing usable, or never answers: each attempt's clip file is removed with it."""
    routines = tmp_path / "routines.yaml"
    routines.write_text(TINY)
    system_temp = tmp_path / "tmp"
    system_temp.mkdir()
    env = {"TMPDIR": str(system_temp), "VOICEGUIDE_SPEECH_WORKER": str(STUB_ENGINE), "VOICEGUIDE_STUB_MODE": mode}
    args = ["build", "--routines", str(routines), "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "out")]
    failed = subprocess.run(
        [sys.executable, "-m", "voiceguide", *args],
        env={**os.environ, **env, "VOICEGUIDE_SPEECH_TIMEOUT": "0.3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 1 and "twice" in failed.stderr, failed.stderr
    assert not list(system_temp.iterdir())
    assert not list(tmp_path.rglob("*clip-*"))
