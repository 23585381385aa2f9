"""Generated and mutated routine files through check, plan and build: success or the project's own errors only."""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import TINY
from voiceguide.cli import cli

LINES = TINY.splitlines()
NOISE = [
    "0",
    "-1",
    "1000000000",
    "8-10",
    "1e9",
    "{breaths: 0}",
    "<speak>x</speak>",
    "*a",
    "&a x",
    "<<: *a",
    "[",
    "]",
    ":",
    "\t",
    "'",
    '"',
    "~",
    "ÿ",
    "\x07",
    "reps: 2",
    "hold: 365d",
    "per_side: maybe",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "edit", "insert"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "edit" and lines[i]:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.sampled_from(NOISE)) + lines[i][k + draw(st.integers(0, 3)) :]
        else:
            lines.insert(i, " " * draw(st.integers(0, 8)) + draw(st.sampled_from(NOISE)))
    data = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()) and draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return data


def only_our_outcomes(result) -> None:
    """Exit 0, 1 or 2 through the project's own handling: never an unexpected exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert "Error:" in result.stderr


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated())
def test_check_on_mutated_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(data)
    only_our_outcomes(CliRunner().invoke(cli, ["check", str(path)]))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated())
def test_plan_and_build_on_mutated_files(stub_engine, tmp_path: Path, data: bytes) -> None:
    stub_engine("tone")
    work = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example: tmp_path is shared by them all
    path = work / "r.yaml"
    path.write_bytes(data)
    out = work / "out"
    only_our_outcomes(
        CliRunner().invoke(cli, ["plan", "tiny", "--routines", str(path), "--cache", str(tmp_path / "cache")])
    )
    result = CliRunner().invoke(
        cli, ["build", "--routines", str(path), "--out", str(out), "--cache", str(tmp_path / "cache"), "-j", "1", "-q"]
    )
    only_our_outcomes(result)
    if result.exit_code == 2:
        assert not out.exists() or not [p for p in out.iterdir() if p.suffix == ".mp3"]
