"""How a build shows its progress: a redrawn line on a terminal, plain lines otherwise, nothing with -q."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import BuildReport, BuildSummary, TrackOutcome


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _length(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


class ProgressView:
    """Shows a build's progress on stderr and its summary table on stdout."""

    def __init__(self, quiet: bool = False, terminal: bool | None = None) -> None:
        self.quiet = quiet
        self.terminal = sys.stderr.isatty() if terminal is None else terminal
        self.rendered: dict[str, int] = {}
        self.total_tracks = 0
        self.done = 0
        self.rate = 44100

    def report(self) -> BuildReport:
        """Callbacks for run_build."""
        return BuildReport(started=self.started, progress=self.progress, finished=self.finished, waiting=self.waiting)

    def _err(self, text: str) -> None:
        if not self.quiet:
            click.echo(text, err=True)

    def waiting(self, out: Path) -> None:
        self._err(f"Another build is writing into {out}; waiting for it to finish...")

    def started(self, to_build: int, up_to_date: int) -> None:
        self.total_tracks = to_build
        if to_build:
            self._err(f"Building {to_build} track{'s' if to_build != 1 else ''} ({up_to_date} up to date)...")

    def progress(self, slug: str, done: int, total: int) -> None:
        self.rendered[slug] = done
        if self.quiet or not self.terminal:
            return
        minutes = sum(self.rendered.values()) / self.rate / 60
        width = 24
        filled = int(width * self.done / self.total_tracks) if self.total_tracks else width
        bar = "#" * filled + "-" * (width - filled)
        click.echo(f"\r[{bar}] {self.done}/{self.total_tracks} tracks, {minutes:5.1f} audio min rendered  {slug:<40.40}", err=True, nl=False)

    def finished(self, outcome: TrackOutcome, done: int, total: int) -> None:
        self.done = done
        if self.quiet:
            return
        r = outcome.record
        line = f"built {r.file} ({_length(r.length)}, {_size(r.bytes)}, {outcome.seconds:.1f} s)"
        if self.terminal:
            click.echo("\r" + " " * 110 + "\r", err=True, nl=False)
        self._err(f"[{done}/{total}] {line}")

    def summary(self, summary: BuildSummary, out: Path) -> None:
        """The table at the end: track, length, size, time taken, built or up to date."""
        if self.quiet:
            return
        rows = [("track", "length", "size", "time", "status")]
        for o in summary.outcomes:
            r = o.record
            rows.append((r.file, _length(r.length), _size(r.bytes), f"{o.seconds:.1f} s" if o.built else "-", "built" if o.built else "up to date"))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            click.echo("  ".join(cell.ljust(widths[i]) if i in (0, 4) else cell.rjust(widths[i]) for i, cell in enumerate(row)).rstrip())
        built = len(summary.built)
        fresh = len(summary.outcomes) - built
        click.echo(f"{built} built, {fresh} up to date, in {summary.seconds:.1f} s -> {out}/")
