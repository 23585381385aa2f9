"""The command group: every command's errors turned into one line on stderr and an exit status."""

from __future__ import annotations

import logging
from typing import Any

import click

from .. import __version__
from ..errors import Interrupted, RoutineError, VoiceguideError
from ..text import printable
from .logs import configure_logging, debugging

log = logging.getLogger(__name__)

ADVICE = {
    "out": "choose another folder with --out",
    "cache": "choose another folder with --cache",
    "routines": "pass a routine file with --routines FILE",
    "base_url": "fix --base-url",
    "host": "leave out --host, or use --host 127.0.0.1",
    "port": "pick another with --port",
    "speech": "run 'voiceguide doctor' to check it",
    "encoder": "run 'voiceguide doctor' to check it",
}
"""For an error that names the setting at fault: which flag changes it."""
COMMAND_ADVICE = {
    ("check", "routines"): "pass a routine file: voiceguide check FILE",
    ("serve", "out"): "build one with: voiceguide build --out {out}",
    ("new", "file"): "name another file: voiceguide new FILE",
}
"""Advice that depends on the command, where it differs from ADVICE."""


def advice(ctx: click.Context, error: VoiceguideError) -> str:
    """The CLI's part of a message: which flag to change, or '' when the error names no setting."""
    if error.option is None:
        return ""
    sub = ctx.invoked_subcommand or ""
    text = COMMAND_ADVICE.get((sub, error.option)) or ADVICE.get(error.option, "")
    params = ctx.obj or {}
    return text.format(out=params.get("out", "build"))


class Group(click.Group):
    """Turns the project's errors into one line on stderr and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        configure_logging()
        ctx.obj = {}
        try:
            return super().invoke(ctx)
        except VoiceguideError as exc:
            if debugging():
                log.debug("the error's traceback", exc_info=True)
            ctx.exit(self.report(ctx, exc))

    def report(self, ctx: click.Context, exc: VoiceguideError) -> int:
        """Print the error as the user should read it; return the exit status."""
        hint = advice(ctx, exc)
        if isinstance(exc, RoutineError):
            for problem in exc.problems:
                click.echo(printable(str(problem)), err=True)  # a file name or key may hold escape sequences
            n = len(exc.problems)
            if hint:
                click.echo(f"Error: {hint}.", err=True)
            elif ctx.invoked_subcommand == "check" or exc.during_build:
                click.echo(f"Error: {n} problem{'s' if n != 1 else ''} in the routine file.", err=True)
            else:
                click.echo(
                    f"Error: {n} problem{'s' if n != 1 else ''} in the routine file; nothing was written.", err=True
                )
        elif isinstance(exc, Interrupted):
            click.echo(printable(str(exc)), err=True)
        else:
            click.echo(printable(f"Error: {exc}" + (f"; {hint}" if hint else "")), err=True)
        return exc.exit_code


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="voiceguide")
def cli() -> None:
    """Turn workout routines written in YAML into follow-along MP3s.

    A voice says what comes next, counts your reps, paces your breaths, says
    when to switch sides and beeps when a hold ends, so you can follow a
    workout lying on a mat with your eyes closed.

    \b
    Example:
      voiceguide check routines.yaml     # validate, one line per routine
      voiceguide build                   # every routine -> build/NN-id.mp3
      voiceguide plan hip-opening-mobility-flow   # read the track as text
    """
