"""Cover images are checked when the routine file is loaded: a whole PNG or JPEG, within the size limits.

The corpus (tests/malformed/cover-*.yaml) holds the files that can be committed: random bytes,
cut-off images, a JPEG named .png, a folder. Here: the limits, FIFOs, and what passes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import png_bytes
from voiceguide.cli import cli
from voiceguide.errors import RoutineError
from voiceguide.routine import load_collection
from voiceguide.routine.images import BadImage, ImageInfo, image_info
from voiceguide.settings import DEFAULTS

REAL_JPEG = Path(__file__).parent / "malformed" / "images" / "real.jpg"
"""16x16 pixels, written by ffmpeg."""
ROUTINES = (
    "title: Set\ncover: {cover}\nroutines:\n"
    "  - id: r1\n    title: R\n    steps:\n      - exercise: Bridge\n        hold: 4s\n"
)


def load_with_cover(folder: Path, name: str, data: bytes | None = None) -> str | None:
    """Load a routine file whose cover is `name` (written with `data` when given); the first problem, or None."""
    if data is not None:
        (folder / name).write_bytes(data)
    routines = folder / "routines.yaml"
    routines.write_text(ROUTINES.format(cover=name))
    try:
        load_collection(routines)
    except RoutineError as exc:
        return str(exc.problems[0])
    return None


def test_a_real_png_and_a_real_jpeg_pass(tmp_path: Path) -> None:
    assert image_info(png_bytes(1400, 1400)) == ImageInfo("PNG", 1400, 1400)
    assert image_info(REAL_JPEG.read_bytes()) == ImageInfo("JPEG", 16, 16)
    assert load_with_cover(tmp_path, "art.png", png_bytes()) is None
    assert load_with_cover(tmp_path, "art.jpeg", REAL_JPEG.read_bytes()) is None


def test_random_bytes_are_not_a_cover(tmp_path: Path) -> None:
    problem = load_with_cover(tmp_path, "art.jpg", os.urandom(20_000))

    assert problem == (
        f"{tmp_path / 'routines.yaml'}:2:8: cover: 'art.jpg' is not a JPEG or PNG image (it does not start like one); "
        "save it again as a JPEG or PNG image"
    )


@pytest.mark.parametrize("size", [DEFAULTS.limits.cover_bytes + 1, 270_000_000])
def test_a_cover_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path, size: int) -> None:
    path = tmp_path / "art.png"
    with path.open("wb") as f:
        f.write(png_bytes())
        f.truncate(size)  # sparse: the 270 MB file costs no disk

    problem = load_with_cover(tmp_path, "art.png")

    assert problem == (
        f"{tmp_path / 'routines.yaml'}:2:8: cover: 'art.png' is {size:,} bytes; a cover may be at most "
        f"{DEFAULTS.limits.cover_bytes:,} (every track embeds it): save it smaller, 1400x1400 pixels is plenty"
    )


@pytest.mark.parametrize("width, height", [(0, 10), (10, 0), (DEFAULTS.limits.cover_side_px + 1, 10)])
def test_a_cover_without_pixels_or_far_too_large_is_refused(tmp_path: Path, width: int, height: int) -> None:
    problem = load_with_cover(tmp_path, "art.png", png_bytes(width, height))

    assert problem is not None
    assert problem.endswith(f"'art.png' is {width}x{height} pixels; a cover may have 1 to 10,000 pixels a side")


def test_a_png_with_a_damaged_chunk_names_it(tmp_path: Path) -> None:
    data = bytearray(png_bytes())
    data[-20] ^= 0xFF  # inside the IDAT chunk

    assert load_with_cover(tmp_path, "art.png", bytes(data)) == (
        f"{tmp_path / 'routines.yaml'}:2:8: cover: 'art.png' is a damaged PNG image (its 'IDAT' chunk fails its "
        "checksum); save it again as a JPEG or PNG image"
    )


def test_a_png_without_pixels_is_refused() -> None:
    whole = png_bytes()
    idat = whole.index(b"IDAT") - 4
    iend = whole.index(b"IEND") - 4
    with pytest.raises(BadImage, match="without pixels"):
        image_info(whole[:idat] + whole[iend:])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_as_the_cover_is_refused_at_load(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "art.png")

    problem = load_with_cover(tmp_path, "art.png")

    assert problem == f"{tmp_path / 'routines.yaml'}:2:8: cover: 'art.png' is a FIFO (named pipe), not a regular file"


def test_check_accepts_a_routine_file_with_a_real_cover(tmp_path: Path) -> None:
    (tmp_path / "cover.jpg").write_bytes(REAL_JPEG.read_bytes())
    (tmp_path / "routines.yaml").write_text(ROUTINES.format(cover="cover.jpg"))

    result = CliRunner().invoke(cli, ["check", str(tmp_path / "routines.yaml")])

    assert result.exit_code == 0, result.output
