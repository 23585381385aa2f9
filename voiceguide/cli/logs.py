"""Logging for the command line, configured once: warnings in the CLI's own `Warning:` form, debug on request."""

from __future__ import annotations

import logging
import os

import click

from ..text import printable


def debugging() -> bool:
    """Whether VOICEGUIDE_DEBUG asks for debug logs and tracebacks."""
    return os.environ.get("VOICEGUIDE_DEBUG", "") not in ("", "0")


class _EchoHandler(logging.Handler):
    """Each record as one line on stderr: 'Warning: ...' or, when debugging, 'debug: module: ...'."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = printable(record.getMessage())  # paths and engine output may hold escape sequences
            if record.levelno >= logging.ERROR:
                line = f"Error: {text}"
            elif record.levelno >= logging.WARNING:
                line = f"Warning: {text}"
            else:
                line = f"debug: {record.name}: {text}"
            if record.exc_info and debugging():
                line += "\n" + logging.Formatter().formatException(record.exc_info)
            click.echo(line, err=True)
        except Exception:  # noqa: BLE001 - logging must never break the command
            self.handleError(record)


def configure_logging() -> None:
    """Send voiceguide's log records to stderr: warnings always, debug records with VOICEGUIDE_DEBUG=1."""
    logger = logging.getLogger("voiceguide")
    logger.handlers = [_EchoHandler()]
    logger.setLevel(logging.DEBUG if debugging() else logging.WARNING)
    logger.propagate = False
