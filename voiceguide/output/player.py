"""The static web player (index.html, script, style, service worker, manifest), shipped in output/player/."""

from __future__ import annotations

from importlib import resources

PLAYER_FILES = ("index.html", "player.js", "player.css", "sw.js", "manifest.webmanifest", "icon.svg")
"""Copied into the output folder at the end of every build; sw.js must sit beside index.html (its scope)."""


def player_files(language: str = "en") -> dict[str, bytes]:
    """The player's files by name, as shipped in the package; index.html says the collection's language."""
    folder = resources.files("voiceguide.output") / "player"
    files = {name: (folder / name).read_bytes() for name in PLAYER_FILES}
    files["index.html"] = files["index.html"].replace(b'<html lang="en">', f'<html lang="{language}">'.encode(), 1)
    return files
