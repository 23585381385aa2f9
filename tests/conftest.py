"""Fixtures (helpers live in helpers.py), and the guard that keeps the fast tier free of engines and browsers.

A test that starts the real speech engine must be marked `engine`, one that starts Chromium
`browser`: otherwise `pytest -m "not engine and not browser"` would still run them. Unmarked
tests get a stand-in engine that fails at once, saying which marker is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest

from helpers import FAULTS, PHONE, SEED, STUB_ENGINE, TINY, build_phone, require, run_voiceguide, use_stub_engine

NEEDS_ENGINE = {"seed_build", "phone_build", "served", "fault_build"}
NEEDS_BROWSER = {"browser"}


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


@pytest.fixture(scope="session")
def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech cache shared by the session's real-engine tests."""
    return tmp_path_factory.mktemp("speech-cache")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, speech_cache: Path) -> Iterator[Path]:
    """The seven seed workouts built once with the real engine (for loudness, chapters, tags)."""
    require("ffmpeg")
    out = tmp_path_factory.mktemp("seed-build")
    args = ("build", "--routines", str(SEED), "--out", str(out), "--cache", str(speech_cache), "-q")
    result = run_voiceguide(*args, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    yield out


@pytest.fixture(scope="session")
def fault_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The fault drill built once with the real engine: (routine file, speech cache, reference build)."""
    folder = tmp_path_factory.mktemp("faults")
    routines, cache, out = folder / "routines.yaml", folder / "cache", folder / "reference"
    routines.write_text(FAULTS)
    args = ("build", "--routines", str(routines), "--out", str(out), "--cache", str(cache), "-q")
    result = run_voiceguide(*args, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    return routines, cache, out


@pytest.fixture(scope="session")
def phone_sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The phone tests' routine file and its speech cache."""
    folder = tmp_path_factory.mktemp("phone")
    routines = folder / "routines.yaml"
    routines.write_text(PHONE, encoding="utf-8")
    return routines, folder / "cache"


@pytest.fixture(scope="session")
def phone_build(phone_sources: tuple[Path, Path]) -> Path:
    """The phone routine file built once per session with the real engine (treat it as read-only)."""
    routines, cache = phone_sources
    out = routines.parent / "build"
    build_phone(out, routines, cache)
    return out
