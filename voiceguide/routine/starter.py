"""A first routine file to edit (`voiceguide new`), with the JSON Schema beside it for editors."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from ..errors import UsageError
from ..portable import replace
from .format import SCHEMA_ID, json_schema_text

SCHEMA_FILE = "routines.schema.json"
"""The schema's name beside a new routine file; the file's first line points editors at it."""

HEADER = """\
# yaml-language-server: $schema={schema}
#
# A routine file for voiceguide: every routine below becomes one follow-along MP3.
# Edit it, then:
{commands}
# Editors with the YAML language server complete and check every key from
# {schema}, written beside this file (or print it: voiceguide schema).
"""

BODY = """\

title: My workouts                # the album tag and the playlist's name
# voice: {name: en-us, rate: 165} # a voice id or language tag (see: voiceguide voices), words a minute
pace:                             # timing defaults, each optional
  rest: 15s                       # between sets
  transition: 5s                  # to get into position after an exercise is announced

routines:                         # numbered in this order: 01-morning-mobility.mp3, ...
  - id: morning-mobility          # a-z, 0-9 and single hyphens; names the MP3
    title: Morning Mobility       # spoken first, and the MP3's title
    intro: Five easy minutes to wake up your back and hips.
    steps:
      - exercise: Cat cow
        how: On hands and knees, round your back up, then let it sink as you look ahead.
        reps: 8                   # counted aloud
        tempo: 4s                 # one rep every four seconds
      - exercise: Child's pose
        hold: {breaths: 6}        # six deep breaths, paced aloud
      - exercise: Hip flexor stretch
        how: Kneel on one knee, the other foot in front, and ease your hips forward.
        hold: 30s
        per_side: true            # right side, "switch sides", then the left
      - rest: 20s
      - exercise: Glute bridge
        how: Lie on your back with knees bent. Press through your heels to lift your hips.
        reps: 10
        sets: 2                   # "set one of two", a rest, then set two
"""


def starter_text(commands: list[str]) -> str:
    """The starter routine file's text; its header shows `commands` (what to run once it is edited)."""
    width = max(len(c) for c in commands) + 2
    what = ["every mistake, with its line and column", "the MP3s"]
    lines = [f"#   {command.ljust(width)}# {why}" for command, why in zip(commands, what)]
    return HEADER.format(schema=SCHEMA_FILE, commands="\n".join(lines)) + BODY


def write_starter(file: Path, commands: list[str]) -> Path:
    """Write a starter routine file (its header showing `commands`) and the schema beside it; returns the schema's path.

    UsageError, before anything is written, when `file` exists (it is never replaced) or the
    schema's name beside it holds a file that is not voiceguide's schema.
    """
    if os.path.lexists(file):
        raise UsageError(f"{file} already exists; a new routine file never replaces one", option="file")
    schema = file.parent / SCHEMA_FILE
    if os.path.lexists(schema) and not _ours(schema):
        raise UsageError(f"{schema} exists and is not voiceguide's schema; it is left as it is", option="file")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(starter_text(commands))
        _write_schema(schema)
    except FileExistsError:
        raise UsageError(f"{file} already exists; a new routine file never replaces one", option="file") from None
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or file}: {exc.strerror}", option="file") from None
    return schema


def _ours(schema: Path) -> bool:
    """Whether the file is a voiceguide routine schema (this version's or an older one)."""
    try:
        data = json.loads(schema.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("$id") == SCHEMA_ID


def _write_schema(schema: Path) -> None:
    """This version's schema at `schema`, replacing an older one whole (through a temporary, never a link)."""
    text = json_schema_text()
    with contextlib.suppress(OSError):
        if not schema.is_symlink() and schema.read_text(encoding="utf-8") == text:
            return
    fd, tmp = tempfile.mkstemp(dir=schema.parent, prefix=".vg-tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        replace(tmp, schema)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
