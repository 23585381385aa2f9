"""Characters: which ones a routine file's text may hold, and how a message shows text a user wrote.

Text from a routine file ends up in XML (the feed), WebVTT, ID3 tags and the terminal, so it may hold
only characters XML 1.0 allows, without control characters. Messages show a user's strings escaped
(as Python's repr does: `\\x1b`, `\\u202e`), so that no control character from a file name, a key or
a command-line argument can retitle, clear or hide a terminal.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Controls that would move, hide or reorder text; tab and line feed are spaces in routine text."""
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)) + "]"
)
"""Unicode's 66 noncharacters: XML 1.0 forbids U+FFFE and U+FFFF and discourages the rest."""


def forbidden_character(text: str) -> tuple[int, str] | None:
    """The first character routine text may not hold: (its index, what it is), or None when all are allowed."""
    found = []
    for pattern, what in (
        (_CONTROL, "the control character"),
        (_SURROGATE, "the lone surrogate"),
        (_NONCHARACTER, "the noncharacter"),
    ):
        match = pattern.search(text)
        if match:
            alone = " (half of a UTF-16 pair, not a character)" if pattern is _SURROGATE else ""
            found.append((match.start(), f"{what} U+{ord(match.group()):04X}{alone}"))
    return min(found) if found else None


def _escaped(char: str) -> str:
    return repr(char)[1:-1] if char != "\\" else char


def printable(text: str) -> str:
    """Text with every character a terminal would not print as itself escaped (as repr escapes it)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def quoted(text: str, limit: int = 40) -> str:
    """A user's string in a message: quoted, escaped and cut to `limit` characters."""
    return repr(text) if len(text) <= limit else repr(text[: limit - 3] + "...")
