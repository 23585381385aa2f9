"""The console script: `voiceguide`, with every command registered and no traceback for a user."""

from __future__ import annotations

import sys

import click

from ..text import printable
from . import commands, tools  # noqa: F401 - registers the commands on the group
from .group import cli
from .logs import debugging


def main() -> None:
    """The console script: no traceback ever reaches the user (unless VOICEGUIDE_DEBUG=1)."""
    try:
        status = cli.main(prog_name="voiceguide", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        sys.exit(130)
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
