"""The project's own errors: raised deep, reported once by the CLI.

Library messages say what is wrong; an error may name the `option` (the setting a user can
change, such as "out" or "host") and the CLI adds which flag changes it. Every error crosses
process boundaries intact (a worker's error is raised again in the build, same class, same fields).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    error = cls.__new__(cls)
    BaseException.__init__(error, *args)
    error.__dict__.update(state)
    return error


class VoiceguideError(Exception):
    """Base of every error voiceguide reports to a user as one line (exit status 1)."""

    exit_code = 1

    def __init__(self, message: str, *, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option
        """The setting whose value caused this (out, cache, routines, base_url, host, port), or the part at fault
        (speech, encoder: `voiceguide doctor` checks it), for the CLI's advice."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file, at a place in it."""

    file: str
    """The routine file's path as the user named it."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    message: str
    """What is wrong and how to fix it, starting with the field's path when there is one."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class RoutineError(VoiceguideError):
    """Raised when a routine file is invalid; carries every problem found (exit status 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem], *, option: str | None = None, during_build: bool = False) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
        self.during_build = during_build
        """Found while building (a track longer than allowed once spoken), when earlier tracks may be written."""
        super().__init__("\n".join(str(p) for p in self.problems), option=option)


class UsageError(VoiceguideError):
    """Raised when the command line asks for something that does not exist (exit status 2)."""

    exit_code = 2


class SynthesisError(VoiceguideError):
    """Raised when the speech engine is missing, hangs, or returns no audio."""


class SoundError(VoiceguideError):
    """Raised when a beep or cover file is missing or unreadable."""


class EncodeError(VoiceguideError):
    """Raised when the MP3 encoder is missing or fails."""


class OutputError(VoiceguideError):
    """Raised when the output folder cannot be written (read-only, full, not a folder)."""


class ServeError(VoiceguideError):
    """Raised when the server cannot start: no build in the folder, or the address or port cannot be used."""


class Interrupted(VoiceguideError):
    """Raised when a build is stopped by SIGINT or SIGTERM; carries what was finished."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code
