"""Nothing lost: interrupts, kills, concurrent builds, refused and full folders, missing or broken parts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import SEED, TINY, ctrl_c_reaches_it, require, run_voiceguide

pytestmark = pytest.mark.engine
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # the same as the seed_build fixture: identical bytes expected
LOG = Path(__file__).resolve().parent.parent / "test-artifacts" / "faults.txt"


def note(line: str) -> None:
    """Keep what the user saw for each fault (test-artifacts/faults.txt)."""
    LOG.parent.mkdir(exist_ok=True)
    with LOG.open("a") as f:
        f.write(line.rstrip() + "\n")


def start_build(out: Path, cache: Path, *extra: str, routines: Path = SEED) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "voiceguide", "build", "--routines", str(routines), "--out", str(out)]
        + ["--cache", str(cache), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **EPOCH},
        **NEW_GROUP,
        **({} if WINDOWS else {"preexec_fn": ctrl_c_reaches_it}),
    )


def wait_for_progress(build: subprocess.Popen[str], built: int) -> list[str]:
    """Read the build's progress lines until `built` tracks are reported (0: until it starts building)."""
    assert build.stderr is not None
    lines: list[str] = []
    while True:
        line = build.stderr.readline()
        if not line:
            pytest.fail(f"the build ended before {built} tracks were built: {lines}")
        lines.append(line)
        done = sum(1 for seen in lines if " built " in seen)
        if (built == 0 and line.startswith("Building ")) or (built and done >= built):
            return lines


def tracks(folder: Path) -> list[str]:
    """The MP3s under final names (pathlib's glob also matches the hidden temporaries)."""
    return sorted(p.name for p in folder.glob("*.mp3") if not p.name.startswith(".")) if folder.exists() else []


def assert_only_whole_tracks(out: Path, reference: Path) -> list[str]:
    """Every MP3 under a final name is byte-identical to the reference build; no temporaries; index.json agrees."""
    if not out.exists():
        return []  # stopped before it made the folder (a loaded machine is slow to start the build)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".vg-tmp-")]
    present = tracks(out)
    for name in present:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    index = out / "index.json"
    if index.exists():
        for track in json.loads(index.read_text())["tracks"]:
            assert (out / track["file"]).stat().st_size == track["bytes"], track["file"]
    return present


WINDOWS = sys.platform == "win32"
NEW_GROUP: dict = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if WINDOWS else {"start_new_session": True}
"""A build in a process group of its own, as a terminal's foreground job is."""


def stop(build: subprocess.Popen[str], how: str) -> int:
    """Stop a build as a user would (ctrl-c, term or kill); the exit status it should end with.

    Windows cannot send Ctrl-C to one process group, and its SIGTERM ends a process at once:
    there, a console's Ctrl-Break (SIGBREAK) is how to ask a build to stop.
    """
    if WINDOWS:
        if how == "kill":
            build.kill()
            return 1
        os.kill(build.pid, signal.CTRL_BREAK_EVENT)
        return 143
    if how == "ctrl-c":
        os.killpg(build.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground process group
        return 130
    if how == "term":
        build.send_signal(signal.SIGTERM)  # kill sends to the build process alone
        return 143
    os.killpg(build.pid, signal.SIGKILL)
    return -9


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.parametrize("how, after", [("ctrl-c", 0), ("term", 3)])  # as the build starts, and mid-way
def test_an_interrupted_build_keeps_every_finished_track_and_the_next_build_completes(
    fault_build: tuple[Path, Path, Path], tmp_path: Path, how: str, after: int
) -> None:
    routines, cache, reference = fault_build
    out = tmp_path / "out"
    build = start_build(out, cache, "--force", routines=routines)
    wait_for_progress(build, after)
    sent = time.perf_counter()
    code = stop(build, how)
    _, stderr = build.communicate(timeout=30)
    stopped = time.perf_counter() - sent
    assert build.returncode == code, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(("interrupted: ", "terminated: ")) and "Traceback" not in stderr
    note(f"{how} after {after} tracks: exit {build.returncode} in {stopped:.2f} s; the user sees: {last}")
    assert len(assert_only_whole_tracks(out, reference)) >= after
    again = start_build(out, cache, routines=routines)
    assert again.wait(timeout=120) == 0
    assert assert_only_whole_tracks(out, reference) == tracks(reference)


def test_an_interrupted_rebuild_leaves_the_earlier_tracks_intact(
    fault_build: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    routines, cache, reference = fault_build
    out = tmp_path / "out"
    out.mkdir()
    for p in reference.iterdir():
        (out / p.name).write_bytes(p.read_bytes())
    build = start_build(out, cache, "--force", routines=routines)
    wait_for_progress(build, 2)
    stop(build, "ctrl-c")
    build.communicate(timeout=30)
    assert assert_only_whole_tracks(out, reference) == tracks(reference)


@pytest.mark.parametrize("after", [0, 3])
def test_a_killed_build_leaves_no_half_file_and_the_next_build_repairs(
    fault_build: tuple[Path, Path, Path], tmp_path: Path, after: int
) -> None:
    routines, cache, reference = fault_build
    out = tmp_path / "out"
    build = start_build(out, cache, "--force", routines=routines)
    wait_for_progress(build, after)
    stop(build, "kill")  # on Windows the build alone: its workers end by watching it
    build.wait(timeout=30)
    time.sleep(0.3)
    present = tracks(out)
    for name in present:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    leftovers = len(list(out.glob(".vg-tmp-*"))) if out.exists() else 0
    note(f"SIGKILL after {after} tracks: {len(present)} whole tracks kept, temporaries: {leftovers}")
    again = start_build(out, cache, routines=routines)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert assert_only_whole_tracks(out, reference) == tracks(reference)


def test_two_builds_into_one_folder_do_not_corrupt_each_other(
    fault_build: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    routines, cache, reference = fault_build
    out = tmp_path / "out"
    first, second = start_build(out, cache, routines=routines), start_build(out, cache, routines=routines)
    results = [p.communicate(timeout=180) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert any("waiting for it to finish" in err for _, err in results)
    assert assert_only_whole_tracks(out, reference) == tracks(reference)
    index = json.loads((out / "index.json").read_text())
    wanted = json.loads((reference / "index.json").read_text())["tracks"]
    assert [t["sha256"] for t in index["tracks"]] == [t["sha256"] for t in wanted]


def tiny(tmp_path: Path, text: str = TINY) -> Path:
    path = tmp_path / "routines.yaml"
    path.write_text(text)
    return path


def one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_a_read_only_output_folder(tmp_path: Path, speech_cache: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if WINDOWS:
        pytest.skip("Windows ignores a folder's read-only mode; no read-only file system to mount")
    if is_root():
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(out)], capture_output=True)
        if mounted.returncode != 0:
            pytest.skip("cannot make a read-only folder as root here")
    else:
        out.chmod(0o555)
    try:
        line = one_line_error(
            run_voiceguide("build", "--routines", str(tiny(tmp_path)), "--out", str(out), "--cache", str(speech_cache))
        )
    finally:
        if is_root():
            subprocess.run(["umount", str(out)])
    note(f"read-only output folder: {line}")
    assert line.startswith(f"Error: cannot write in {out}")
    assert ("read-only file system" if is_root() else "permission denied") in line


def test_a_full_disk(tmp_path: Path, fault_build: tuple[Path, Path, Path]) -> None:
    out = tmp_path / "full"
    out.mkdir()
    if (
        not is_root()
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(out)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        routines, cache, _ = fault_build
        line = one_line_error(
            run_voiceguide("build", "--routines", str(routines), "--out", str(out), "--cache", str(cache), "-j", "1")
        )
        assert not [p.name for p in out.iterdir() if p.name.startswith(".vg-tmp-") or p.suffix == ".mp3"]
    finally:
        subprocess.run(["umount", str(out)])
    note(f"full disk: {line}")
    assert "full" in line or "no room" in line


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("hang", "did not answer within 0."),  # 0.5 s, and 0.01 s a character of the clip's text
        ("empty", "returned empty audio"),
        ("fatal", "pip install espeakng-loader"),
    ],
)
def test_a_broken_speech_engine(stub_engine, tmp_path: Path, mode: str, expected: str) -> None:
    stub_engine(mode)
    out = tmp_path / "out"
    line = one_line_error(
        run_voiceguide(
            "build", "--routines", str(tiny(tmp_path)), "--out", str(out), "--cache", str(tmp_path / "cache")
        )
    )
    note(f"speech engine that is {mode}: {line}")
    assert expected in line
    assert not tracks(out)


def test_a_missing_encoder(tmp_path: Path, speech_cache: Path) -> None:
    hide = tmp_path / "hide" / "pedalboard"
    hide.mkdir(parents=True)
    (hide / "__init__.py").write_text("raise ImportError('hidden by the test')\n")
    env = {"PYTHONPATH": f"{hide.parent}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    line = one_line_error(
        run_voiceguide(
            "build",
            "--routines",
            str(tiny(tmp_path)),
            "--out",
            str(tmp_path / "out"),
            "--cache",
            str(speech_cache),
            env=env,
        )
    )
    note(f"no MP3 encoder: {line}")
    assert line.endswith("install it with: pip install pedalboard")


def test_a_corrupt_beep_file(tmp_path: Path, speech_cache: Path) -> None:
    (tmp_path / "go.wav").write_bytes(b"RIFF\x00\x00not really a wave file")
    routines = tiny(tmp_path, TINY.replace("pace:", "sounds: {start: go.wav}\npace:", 1))
    line = one_line_error(
        run_voiceguide(
            "build", "--routines", str(routines), "--out", str(tmp_path / "out"), "--cache", str(speech_cache)
        )
    )
    note(f"corrupt beep file: {line}")
    assert "go.wav is not a readable PCM WAV file" in line
    assert "drop `sounds:`" in line  # the user's own file: not a reinstall


def test_markup_in_cue_text_is_spoken_as_plain_text(tmp_path: Path, speech_cache: Path) -> None:
    require("ffmpeg")
    text = TINY.replace("how: Lift your hips.", "how: \"<speak><break time='60s'/>Lift</speak> & hold\"")
    routines = tiny(tmp_path, text)
    result = run_voiceguide("plan", "tiny", "--routines", str(routines), "--cache", str(speech_cache), "--json")
    assert result.returncode == 0, result.stderr
    how = next(e for e in json.loads(result.stdout)["events"] if e["kind"] == "how")
    assert how["text"] == "<speak><break time='60s'/>Lift</speak> & hold"
    assert how["end"] - how["start"] < 10  # the break tag was read out, not obeyed


def test_a_track_replaced_as_the_build_stops_loses_its_stale_record(tmp_path: Path, speech_cache: Path) -> None:
    """A worker renamed a new track into place, then the build stopped before the parent heard of it:
    index.json must not go on describing the old file (the next build makes the track again)."""
    from voiceguide.builder import BuildOptions, run_build
    from voiceguide.builder.folder import forget_replaced
    from voiceguide.output.index import read_index
    from voiceguide.routine import load_collection

    out = tmp_path / "out"
    collection = load_collection(tiny(tmp_path))
    run_build(collection, BuildOptions(out=out, cache=speech_cache))
    index = read_index(out)
    slugs = [r.slug for r in collection.routines]
    assert not forget_replaced(index, slugs, {}, out)  # nothing replaced: every record stays
    replaced = next(iter(index.values()))
    data = (out / replaced.file).read_bytes()
    (out / replaced.file).write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # same size, other bytes
    assert forget_replaced(index, slugs, {}, out)
    assert replaced.id not in {r.id for r in index.values()}
    assert len(index) == len(collection.routines) - 1
