"""Messages that say what happened: no control character reaches the terminal, no Python repr, no misleading cause.

Routine-file mistakes with a FILE:LINE:COLUMN answer live in tests/malformed/ (keys with escape
sequences, dates shown as written, the long s); these are the messages outside a routine file.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import TINY, fake_schedule
from voiceguide.builder.folder import locked, prepare_out
from voiceguide.cli import cli
from voiceguide.coaching.walk import compile_routine
from voiceguide.errors import OutputError
from voiceguide.output.captions import captions
from voiceguide.routine import parse_collection
from voiceguide.text import forbidden_character, printable, quoted

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[8m\u202e"
"""Set the window title, clear the screen, hide what follows, reverse the text."""
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal in a message (line feeds end lines)."""


def assert_terminal_safe(text: str) -> None:
    assert not UNSAFE.search(text), repr(text)
    assert "\\x1b]0;owned\\x07" in text, text


def test_a_routine_file_name_with_escape_sequences_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / f"{ESCAPES}.yaml"

    result = CliRunner().invoke(cli, ["check", str(path)])

    assert result.exit_code == 2
    assert_terminal_safe(result.stderr)


def test_an_unknown_routine_id_and_its_file_are_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / f"{ESCAPES}.yaml"
    path.write_text(TINY)

    result = CliRunner().invoke(cli, ["plan", ESCAPES, "--routines", str(path)])

    assert result.exit_code == 2
    assert_terminal_safe(result.stderr)
    assert "no routine with id '\\x1b]0;owned" in result.stderr


def test_a_valid_file_with_escape_sequences_in_its_name_is_reported_escaped(tmp_path: Path) -> None:
    path = tmp_path / f"{ESCAPES}.yaml"
    path.write_text(TINY)

    result = CliRunner().invoke(cli, ["check", str(path)])

    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout)


def test_warnings_show_their_text_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.cli.logs import configure_logging

    configure_logging()
    logging.getLogger("voiceguide.test").warning("cannot write the speech cache at %s", ESCAPES)

    assert_terminal_safe(capsys.readouterr().err)


def test_printable_escapes_what_repr_escapes_and_keeps_the_rest() -> None:
    assert printable("Übung — 日本 ok") == "Übung — 日本 ok"
    assert printable("a\x1b[2Jb\u202ec\\d") == "a\\x1b[2Jb\\u202ec\\d"
    assert printable("\ud800") == "\\ud800"
    assert quoted("x" * 50) == repr("x" * 37 + "...")


@pytest.mark.parametrize(
    "text, found",
    [
        ("a\x07", (1, "the control character U+0007")),
        ("a\ud800b", (1, "the lone surrogate U+D800 (half of a UTF-16 pair, not a character)")),
        ("\ufffe", (0, "the noncharacter U+FFFE")),
        ("ab\uffff", (2, "the noncharacter U+FFFF")),
        ("\U0010ffff", (0, "the noncharacter U+10FFFF")),
        ("x\ufdd0", (1, "the noncharacter U+FDD0")),
        ("a tab\tand a line\nfeed are spaces to Text", None),
        ("a carriage return\r is not", (17, "the control character U+000D")),
        ("Übung — 日本 😀 \ufffd \ue000", None),
    ],
)
def test_forbidden_characters_are_those_xml_forbids_and_controls(text: str, found: tuple[int, str] | None) -> None:
    assert forbidden_character(text) == found


def test_a_dangling_link_as_the_output_folder_says_where_it_leads(tmp_path: Path) -> None:
    link = tmp_path / "build"
    link.symlink_to(tmp_path / "gone")

    with pytest.raises(OutputError) as refused:
        prepare_out(link)

    assert str(refused.value) == (
        f"{link} is a link to {tmp_path / 'gone'}, which does not exist; create that folder or remove the link"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux's /proc")
def test_a_folder_on_a_file_system_that_makes_no_files_says_so() -> None:
    with pytest.raises(OutputError) as refused:
        prepare_out(Path("/proc/voiceguide-build"))
    assert str(refused.value) == (
        "cannot create the output folder /proc/voiceguide-build: the file system there does not allow new folders "
        "(like /proc or /sys)"
    )
    if os.access("/proc", os.W_OK):  # as root, /proc passes the access check; creating the lock file then fails
        with pytest.raises(OutputError) as refused:
            with locked(Path("/proc"), lambda out: None):
                pass
        assert str(refused.value) == (
            "cannot write in /proc: the file system there does not allow new files (like /proc or /sys)"
        )


@pytest.mark.parametrize("title", ["Legs --> arms", "Legs ---> arms", "A -> B --> C"])
def test_a_title_with_an_arrow_keeps_the_captions_note_one_block(title: str) -> None:
    text = TINY.replace("title: Tiny workout", f'title: "{title}"')
    routine = parse_collection(text.encode(), "t.yaml").routines[0]

    vtt = captions(fake_schedule(compile_routine(routine)))

    head = vtt.split("\n\n")[0].splitlines()
    assert head[0] == "WEBVTT" and head[1].startswith("NOTE ")
    assert "-->" not in head[1]
    assert head[1] == "NOTE " + re.sub("-+>", "->", title)
