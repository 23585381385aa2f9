"""A speech cache that cannot be used: doctor says so, and a build warns once and makes each clip once.

The cache folder may be a regular file (VOICEGUIDE_CACHE pointing at one), or sit under one, or be
read-only. A build then keeps the clips it made in memory, for itself and for its workers, so
nothing is synthesized twice.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import STUB_ENGINE, TINY
from voiceguide.builder.doctor import run_checks


def doctor_says(out: Path, cache: Path) -> tuple[bool, str]:
    result = next(r for r in run_checks(out, cache) if r.name == "speech cache")
    return result.ok, result.detail


def test_doctor_says_a_cache_that_is_a_file_is_no_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file")

    assert doctor_says(tmp_path / "out", cache) == (
        False,
        f"{cache} is a file, not a folder; move it away or choose another cache folder",
    )


def test_doctor_says_a_cache_under_a_file_is_no_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file")

    ok, detail = doctor_says(tmp_path / "out", tmp_path / "taken" / "cache")

    assert not ok and detail.startswith(f"{tmp_path / 'taken'} is a file, not a folder")


def test_doctor_says_a_cache_that_is_a_dangling_link_leads_nowhere(tmp_path: Path) -> None:
    (tmp_path / "cache").symlink_to(tmp_path / "gone")

    ok, detail = doctor_says(tmp_path / "out", tmp_path / "cache")

    assert not ok and detail.startswith(f"{tmp_path / 'cache'} is a link to {tmp_path / 'gone'}, which does not exist")


def test_doctor_still_passes_a_cache_folder_to_be_made(tmp_path: Path) -> None:
    assert doctor_says(tmp_path / "out", tmp_path / "new" / "cache") == (
        True,
        f"{tmp_path / 'new' / 'cache'} is writable",
    )


BUILD = """
import json, sys
from pathlib import Path
from voiceguide.builder import BuildOptions, run_build
from voiceguide.cli.logs import configure_logging
from voiceguide.routine import load_collection
configure_logging()
routines, out, cache, jobs = sys.argv[1:]
summary = run_build(load_collection(routines), BuildOptions(out=Path(out), cache=Path(cache), jobs=int(jobs)))
print(json.dumps({"synthesized": summary.synthesized, "built": len(summary.built)}))
"""


def build(routines: Path, out: Path, cache: Path, jobs: int) -> tuple[dict[str, int], list[str]]:
    """Build in a child process with the stand-in engine: the summary's figures and the lines on stderr."""
    env = {**os.environ, "VOICEGUIDE_SPEECH_WORKER": str(STUB_ENGINE), "VOICEGUIDE_STUB_MODE": "tone"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BUILD), str(routines), str(out), str(cache), str(jobs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr.splitlines()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cache_that_is_a_file_warns_once_and_makes_each_clip_once(tmp_path: Path, jobs: int) -> None:
    routines = tmp_path / "routines.yaml"
    routines.write_text(TINY)
    working, _ = build(routines, tmp_path / "reference", tmp_path / "good-cache", jobs)
    broken = tmp_path / "cache"
    broken.write_text("a file where the cache folder should be")

    figures, stderr = build(routines, tmp_path / "out", broken, jobs)

    assert figures == working == {"synthesized": working["synthesized"], "built": 2}
    assert stderr == [
        f"Warning: cannot write the speech cache at {broken}/speech/v1 ({broken} is a file, not a folder); "
        "continuing without it"
    ]
    for track in ("01-tiny.mp3", "02-breathe.mp3"):
        assert (tmp_path / "out" / track).read_bytes() == (tmp_path / "reference" / track).read_bytes()
