"""The console script: `voiceguide`, with every command registered and no traceback for a user."""

from __future__ import annotations

import signal
import sys
from typing import Any

import click

from ..text import printable
from . import commands, tools  # noqa: F401 - registers the commands on the group
from .group import cli
from .logs import debugging


class _Terminated(BaseException):
    """SIGTERM outside a build (which handles it itself): the command stops quietly, exit status 143."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated


def main() -> None:
    """The console script: no traceback ever reaches the user (unless VOICEGUIDE_DEBUG=1)."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        status = cli.main(prog_name="voiceguide", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("interrupted: stopped by Ctrl-C", err=True)
        sys.exit(130)
    except _Terminated:
        click.echo("terminated: stopped by SIGTERM", err=True)
        sys.exit(143)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if debugging():
            raise
        click.echo(
            printable(
                f"Error: unexpected {type(exc).__name__}: {exc} (run with VOICEGUIDE_DEBUG=1 for details, and please "
                "report it)"
            ),
            err=True,
        )
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)
