"""Files someone else put there: a FIFO or a device is refused at once, a huge file is never read whole.

Each case runs in a child process with a time limit and a memory limit, so the code as it was
(which waited on a FIFO forever and read /dev/zero until memory ran out) fails the test instead
of hanging it or exhausting the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import STUB_ENGINE, TINY

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
MEMORY_LIMIT = 3 << 30
"""Address space of each child: enough for voiceguide and numpy, far less than /dev/zero offers."""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(args: list[str], timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """A child process under the memory limit; a hang fails the test after `timeout` seconds."""
    environment = {**os.environ, "VOICEGUIDE_SPEECH_WORKER": str(STUB_ENGINE), "VOICEGUIDE_STUB_MODE": "tone", **env}
    try:
        return subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, env=environment, preexec_fn=_limited
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout:g} s: {' '.join(args)}")


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "voiceguide", *args], timeout)


def python(code: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-c", textwrap.dedent(code)], timeout)


@pytest.mark.parametrize("kind", ["fifo", "device", "link-to-device"])
def test_a_routine_file_that_is_no_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "routines.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path = Path("/dev/zero") if kind == "device" else path
        if kind == "link-to-device":
            path.symlink_to("/dev/zero")
    what = "a FIFO (named pipe)" if kind == "fifo" else "a device"

    result = cli("check", str(path), timeout=20)

    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0] == f"{path}:1:1: this is {what}, not a routine file; name a regular file"


def test_a_routine_file_over_the_limit_is_not_read_past_it(tmp_path: Path) -> None:
    from voiceguide.reading import FileTooLarge, read_regular

    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(3 << 30)  # 3 GB, sparse: reading it whole would pass the child's memory limit

    result = cli("check", str(path), timeout=20)

    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:1: the file is {3 << 30:,} bytes; a routine file may be at most 2,000,000"
    )
    with pytest.raises(FileTooLarge):
        read_regular(path, 10)


def test_a_file_that_grows_past_the_limit_is_read_to_the_limit_and_one_byte(tmp_path: Path) -> None:
    from voiceguide.reading import FileTooLarge, read_regular

    path = tmp_path / "f"
    path.write_bytes(b"x" * 11)
    assert read_regular(path, 11) == b"x" * 11
    with pytest.raises(FileTooLarge) as refused:
        read_regular(path, 10)
    assert refused.value.limit == 10 and "larger than 10 bytes" in str(refused.value.strerror)


@pytest.mark.parametrize("kind", ["fifo", "link-to-device"])
def test_a_fifo_or_device_in_the_output_folder_is_replaced_not_read(tmp_path: Path, kind: str) -> None:
    routines = tmp_path / "routines.yaml"
    routines.write_text(TINY)
    out = tmp_path / "out"
    args = ("build", "--routines", str(routines), "--out", str(out), "--cache", str(tmp_path / "c"), "-q")
    assert cli(*args).returncode == 0  # a folder voiceguide made, then some of its files turned into FIFOs or links
    names = ["index.json", "feed.xml", "index.html", "01-tiny.chapters.json"]
    for name in names:
        (out / name).unlink()
        if kind == "fifo":
            os.mkfifo(out / name)
        else:
            (out / name).symlink_to("/dev/zero")

    result = cli(*args)

    assert result.returncode == 0, result.stderr
    for name in names:
        assert (out / name).is_file() and not (out / name).is_symlink(), name
        assert (out / name).stat().st_size > 0, name


def test_a_cover_that_became_a_fifo_after_loading_is_one_line(tmp_path: Path) -> None:
    result = python(
        f"""
        import os
        from pathlib import Path
        from voiceguide.errors import SoundError
        from voiceguide.output.tags import read_cover
        fifo = Path({str(tmp_path)!r}) / "cover.jpg"
        os.mkfifo(fifo)
        try:
            read_cover(fifo)
        except SoundError as exc:
            print(exc)
        """
    )
    assert result.stdout.strip() == (
        f"cannot read the cover {tmp_path / 'cover.jpg'}: it is a FIFO (named pipe), not a regular file; "
        "check the file named by 'cover:'"
    ), result.stderr


@pytest.mark.parametrize("what", ["index", "served-index", "sha256", "cache", "beep"])
def test_every_reader_of_a_users_folder_refuses_a_fifo(tmp_path: Path, what: str) -> None:
    result = python(
        f"""
        import os
        from pathlib import Path
        folder = Path({str(tmp_path)!r})
        what = {what!r}
        if what == "index":
            from voiceguide.output.index import read_index
            os.mkfifo(folder / "index.json")
            print(read_index(folder))
        elif what == "served-index":
            from voiceguide.serve.listing import built_files
            os.mkfifo(folder / "index.json")
            print(built_files(folder))
        elif what == "sha256":
            from voiceguide.output.files import sha256_file
            os.mkfifo(folder / "01-a.mp3")
            try:
                sha256_file(folder / "01-a.mp3")
            except OSError as exc:
                print(exc.strerror)
        elif what == "cache":
            from voiceguide.speech.cache import SpeechCache
            cache = SpeechCache(folder)
            key = "ab" + "0" * 62
            wav, check = cache._paths(key)
            wav.parent.mkdir(parents=True)
            os.mkfifo(wav)
            check.write_text("0" * 64)
            print(cache.get(key))
        else:
            from voiceguide.audio.beeps import load_beeps
            from voiceguide.errors import SoundError
            from voiceguide.sounds import START_BEEP
            os.mkfifo(folder / "go.wav")
            try:
                load_beeps({{START_BEEP: folder / "go.wav"}})
            except SoundError as exc:
                print(exc)
        """
    )
    expected = {
        "index": "{}",
        "served-index": "None",
        "sha256": "it is a FIFO (named pipe), not a regular file",
        "cache": "None",
        "beep": f"cannot read the beep {tmp_path / 'go.wav'}: it is a FIFO (named pipe), not a regular file; replace",
    }[what]
    assert result.stdout.strip().startswith(expected), result.stderr
