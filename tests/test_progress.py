"""How a build shows progress: a redrawn bar on a terminal, plain lines otherwise, nothing when quiet."""

from pathlib import Path

import pytest

from voiceguide.builder.options import BuildSummary, TrackOutcome
from voiceguide.cli.progress import ProgressView
from voiceguide.output.index import TrackRecord


def outcome(name: str, built: bool = True) -> TrackOutcome:
    record = TrackRecord(
        id=name,
        number=1,
        title=name,
        coach=None,
        file=f"01-{name}.mp3",
        captions=f"01-{name}.vtt",
        length=125.0,
        bytes=1_000_000,
        sha256="0",
        fingerprint="f",
    )
    return TrackOutcome(record, built, 1.5)


def test_a_terminal_gets_click_s_progress_bar_with_the_track_beside_it(capsys: pytest.CaptureFixture[str]) -> None:
    view = ProgressView(terminal=True)
    report = view.report()
    report.started(2, 0, 44100 * 240)
    report.progress("01-a", 44100 * 60, 44100 * 120)
    report.finished(outcome("a"), 1, 2)
    err = capsys.readouterr().err
    assert "Rendering  [######------------------]   25%" in err and "01-a" in err
    assert "\r\x1b[K[1/2] built 01-a.mp3 (2:05, 1.0 MB, 1.5 s)\n" in err


def test_a_pipe_gets_plain_lines_and_quiet_gets_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    for quiet, expected in (
        (False, "Building 1 track (0 up to date)...\n[1/1] built 01-a.mp3 (2:05, 1.0 MB, 1.5 s)\n"),
        (True, ""),
    ):
        view = ProgressView(quiet=quiet, terminal=False)
        report = view.report()
        report.started(1, 0, 200)
        report.progress("01-a", 100, 200)
        report.finished(outcome("a"), 1, 1)
        assert capsys.readouterr().err == expected


def test_the_summary_table_says_built_or_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    ProgressView(terminal=False).summary(BuildSummary([outcome("a"), outcome("b", built=False)], 2.0), Path("build"))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["track", "length", "size", "time", "status"]
    assert lines[1].split() == ["01-a.mp3", "2:05", "1.0", "MB", "1.5", "s", "built"]
    assert lines[2].split()[0] == "01-b.mp3" and lines[2].split()[-4:] == ["-", "up", "to", "date"]
    assert lines[-1] == "1 built, 1 up to date, in 2.0 s -> build/"


def test_a_track_with_cues_left_out_says_how_many_and_how_to_list_them(capsys: pytest.CaptureFixture[str]) -> None:
    view = ProgressView(terminal=False)
    record = outcome("a").record
    view.report().finished(TrackOutcome(record, True, 1.5, dropped=2), 1, 1)
    assert (
        capsys.readouterr().err
        == "[1/1] built 01-a.mp3 (2:05, 1.0 MB, 1.5 s); 2 cues left out, listed by: voiceguide plan a\n"
    )
