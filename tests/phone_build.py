"""Shared by the feed, server and player tests: a tiny real build (made once per session) and the 'missing part' rule."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TINY_ROUTINES = """\
title: Tiny Test
year: 2024
pace: {transition: 1s, countdown: 0, rest: 2s, switch: 1s}
routines:
  - id: first
    title: First Routine
    coach: Test Coach
    steps:
      - exercise: Knee hug
        hold: 4s
      - exercise: Bridge
        hold: 4s
  - id: second
    title: Second Routine
    steps:
      - exercise: Cat cow
        hold: 3s
"""

_built: dict[str, Path] = {}


def missing(what: str) -> None:
    """Skip for a missing part, or fail when VOICEGUIDE_REQUIRE_ALL is set (CI): a skip there is a hole."""
    if os.environ.get("VOICEGUIDE_REQUIRE_ALL"):
        pytest.fail(f"{what} is missing and VOICEGUIDE_REQUIRE_ALL is set")
    pytest.skip(f"{what} is missing")


def build_tiny(out: Path, routines: Path, cache: Path, base_url: str | None = None) -> None:
    """Build the routine file into `out` with the real speech engine."""
    from voiceguide.build import BuildOptions, run_build
    from voiceguide.errors import SynthesisError
    from voiceguide.routine import load_collection

    try:
        run_build(load_collection(routines), BuildOptions(out=out, cache=cache, jobs=1, base_url=base_url))
    except SynthesisError as exc:
        missing(f"the speech engine ({exc})")


def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny routine file built once per session; returns the build folder (treat it as read-only)."""
    if "out" not in _built:
        folder = tmp_path_factory.mktemp("tiny")
        routines = folder / "routines.yaml"
        routines.write_text(TINY_ROUTINES, encoding="utf-8")
        build_tiny(folder / "build", routines, folder / "cache")
        _built["out"] = folder / "build"
        _built["routines"] = routines
        _built["cache"] = folder / "cache"
    return _built["out"]


def tiny_sources() -> tuple[Path, Path]:
    """The tiny build's routine file and speech cache (after tiny_build)."""
    return _built["routines"], _built["cache"]
