"""How a build shows its progress: click's progress bar on a terminal, plain lines otherwise, nothing with -q."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..builder.options import BuildReport, BuildSummary, TrackOutcome
from ..settings import DEFAULTS
from ..text import printable

RATE = DEFAULTS.audio.track_rate


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _length(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


class ProgressView:
    """Shows a build's progress on stderr and its summary table on stdout.

    On a terminal, `click.progressbar` counts the audio rendered (the tracks' estimated
    samples) with the track being rendered beside it; each finished track is one line above it.
    """

    def __init__(self, quiet: bool = False, terminal: bool | None = None) -> None:
        self.quiet = quiet
        self.terminal = sys.stderr.isatty() if terminal is None else terminal
        self.rendered: dict[str, int] = {}
        self.bar: Any = None
        self.current = ""

    def report(self) -> BuildReport:
        """Callbacks for run_build."""
        return BuildReport(started=self.started, progress=self.progress, finished=self.finished, waiting=self.waiting)

    def _err(self, text: str) -> None:
        if not self.quiet:
            if self.bar is not None:
                click.echo("\r\x1b[K", err=True, nl=False, color=True)
            click.echo(printable(text), err=True)
            if self.bar is not None:
                self.bar.render_progress()

    def waiting(self, out: Path) -> None:
        self._err(f"Another build is writing into {out}; waiting for it to finish...")

    def started(self, to_build: int, up_to_date: int, samples: int) -> None:
        if not to_build:
            return
        self._err(f"Building {to_build} track{'s' if to_build != 1 else ''} ({up_to_date} up to date)...")
        if self.terminal and not self.quiet:
            self.bar = click.progressbar(
                length=max(1, samples),
                label="Rendering",
                file=sys.stderr,
                show_eta=True,
                item_show_func=lambda _: self.current,
                width=24,
            )
            self.bar._is_atty = True  # this view decided it is on a terminal (click would ask the file itself)
            self.bar.render_progress()

    def progress(self, slug: str, done: int, total: int) -> None:
        step = done - self.rendered.get(slug, 0)
        self.rendered[slug] = done
        if self.bar is None or step <= 0:
            return
        self.current = slug
        if self.bar.pos + step >= self.bar.length:  # the estimate was short: never let the bar finish early
            self.bar.length = self.bar.pos + step + 1
        self.bar.update(step)

    def finished(self, outcome: TrackOutcome, done: int, total: int) -> None:
        r = outcome.record
        line = f"[{done}/{total}] built {r.file} ({_length(r.length)}, {_size(r.bytes)}, {outcome.seconds:.1f} s)"
        if outcome.dropped:
            n = outcome.dropped
            line += f"; {n} cue{'s' if n != 1 else ''} left out, listed by: voiceguide plan {r.id}"
        self._err(line)

    def summary(self, summary: BuildSummary, out: Path) -> None:
        """The table at the end: track, length, size, time taken, built or up to date."""
        if self.bar is not None:
            self.bar.render_finish()
            click.echo("\r\x1b[K", err=True, nl=False, color=True)
            self.bar = None
        if self.quiet:
            return
        rows = [("track", "length", "size", "time", "status")]
        for o in summary.outcomes:
            r = o.record
            time_taken = f"{o.seconds:.1f} s" if o.built else "-"
            rows.append((r.file, _length(r.length), _size(r.bytes), time_taken, "built" if o.built else "up to date"))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            cells = (cell.ljust(widths[i]) if i in (0, 4) else cell.rjust(widths[i]) for i, cell in enumerate(row))
            click.echo("  ".join(cells).rstrip())
        built = len(summary.built)
        fresh = len(summary.outcomes) - built
        click.echo(printable(f"{built} built, {fresh} up to date, in {summary.seconds:.1f} s -> {out}/"))
