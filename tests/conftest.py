"""Fixtures (helpers live in helpers.py), and the guard that keeps the fast tier free of engines and browsers.

A test that starts the real speech engine must be marked `engine`, one that starts Chromium
`browser`: otherwise `pytest -m "not engine and not browser"` would still run them. Unmarked
tests get a stand-in engine that fails at once, saying which marker is missing.
"""

from __future__ import annotations

import compileall
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest
from filelock import FileLock

from helpers import (
    FAULTS,
    PHONE,
    ROOT,
    SEED,
    STUB_ENGINE,
    TINY,
    build_phone,
    require,
    run_voiceguide,
    use_stub_engine,
)

NEEDS_ENGINE = {"seed_build", "phone_build", "served", "fault_build"}
NEEDS_BROWSER = {"browser"}


def pytest_configure(config: pytest.Config) -> None:
    """Byte-compile voiceguide once: the suite starts hundreds of voiceguide processes, and with
    PYTHONDONTWRITEBYTECODE set (as on some CI machines) each would compile every module again."""
    compileall.compile_dir(ROOT / "voiceguide", quiet=1)
    compileall.compile_dir(ROOT / "tests", quiet=1, maxlevels=1)


@pytest.fixture(autouse=True)
def _engines_and_browsers_need_their_markers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    names = set(request.fixturenames)
    if request.node.get_closest_marker("engine") is None:
        if names & NEEDS_ENGINE:
            pytest.fail(f"uses {', '.join(sorted(names & NEEDS_ENGINE))} but is not marked @pytest.mark.engine")
        monkeypatch.setenv("VOICEGUIDE_SPEECH_WORKER", str(STUB_ENGINE))
        monkeypatch.setenv("VOICEGUIDE_STUB_MODE", "unmarked")
    if names & NEEDS_BROWSER and request.node.get_closest_marker("browser") is None:
        pytest.fail("starts Chromium but is not marked @pytest.mark.browser")


@pytest.fixture
def stub_engine(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Point voiceguide at a stand-in engine (mode: hang, empty, silent, tone, slow, drawl, fatal); returns its path.

    Its clips time out after 0.5 s unless told otherwise (a test that only needs clips gives it longer,
    so a busy machine does not fail it).
    """

    def make(mode: str, timeout_s: float = 0.5) -> Path:
        use_stub_engine(monkeypatch, mode, timeout_s)
        return STUB_ENGINE

    return make


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    """A small valid routine file."""
    path = tmp_path / "routines.yaml"
    path.write_text(TINY)
    return path


def _once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test run: by this process, or under pytest-xdist by the first worker to ask.

    The workers of one run share the parent of their base temporary folder; a lock there makes the
    others wait for the first, and a done-file tells them it finished (a failed attempt is made again).
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        path = tmp_path_factory.mktemp(name)
        make(path)
        return path
    root = tmp_path_factory.getbasetemp().parent
    path, done = root / name, root / f"{name}.done"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir()
            make(path)
            done.touch()
    return path


@pytest.fixture(scope="session")
def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech cache shared by the run's real-engine tests (its entries are written atomically)."""
    return _once(tmp_path_factory, "speech-cache", lambda path: None)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, speech_cache: Path) -> Path:
    """The seven seed workouts built once with the real engine (for loudness, chapters, tags)."""
    require("ffmpeg")

    def make(out: Path) -> None:
        args = ("build", "--routines", str(SEED), "--out", str(out), "--cache", str(speech_cache), "-q")
        result = run_voiceguide(*args, env={"SOURCE_DATE_EPOCH": "1767225600"})
        assert result.returncode == 0, result.stderr

    return _once(tmp_path_factory, "seed-build", make)


@pytest.fixture(scope="session")
def fault_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The fault drill built once with the real engine: (routine file, speech cache, reference build)."""

    def make(folder: Path) -> None:
        routines, cache, out = folder / "routines.yaml", folder / "cache", folder / "reference"
        routines.write_text(FAULTS)
        args = ("build", "--routines", str(routines), "--out", str(out), "--cache", str(cache), "-q")
        result = run_voiceguide(*args, env={"SOURCE_DATE_EPOCH": "1767225600"})
        assert result.returncode == 0, result.stderr

    folder = _once(tmp_path_factory, "faults", make)
    return folder / "routines.yaml", folder / "cache", folder / "reference"


@pytest.fixture(scope="session")
def phone_sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The phone tests' routine file and its speech cache."""

    def make(folder: Path) -> None:
        (folder / "routines.yaml").write_text(PHONE, encoding="utf-8")

    folder = _once(tmp_path_factory, "phone", make)
    return folder / "routines.yaml", folder / "cache"


@pytest.fixture(scope="session")
def phone_build(tmp_path_factory: pytest.TempPathFactory, phone_sources: tuple[Path, Path]) -> Path:
    """The phone routine file built once per run with the real engine (treat it as read-only)."""
    routines, cache = phone_sources
    return _once(tmp_path_factory, "phone-build", lambda out: build_phone(out, routines, cache))
