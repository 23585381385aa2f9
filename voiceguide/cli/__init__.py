"""The command line: a thin click layer that parses, calls one library function per command and reports.

`main` is the console script, `group` maps errors to messages and exit statuses, `commands` holds the
build commands and `tools` the others, `progress` shows a build's progress, `banner` what `serve`
prints, `logs` where log records go.
"""

from .group import cli
from .main import main

__all__ = ["cli", "main"]
