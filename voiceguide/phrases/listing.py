"""Every phrase of a language's pack as YAML a user can copy into a routine file (`voiceguide phrases`)."""

from __future__ import annotations

from .catalogue import ENTRIES
from .packs import load_pack

_KIND = {"cue": "spoken", "part": "part of a sentence", "label": "shown, not spoken"}


def phrase_listing(language: str) -> str:
    """The pack's phrases in the catalogue's order, each under a comment saying when it is said and what it takes."""
    pack = load_pack(language)
    lines = [
        f"# The coach's phrases in {pack.name} ({pack.language}). Copy any of them under 'phrases:' in your routine",
        "# file (for the collection, a routine, a section or a step) and change the words. '' turns a spoken",
        "# cue off. {Name} with a capital starts the value with a capital letter. Numbers are said in words.",
        "",
        "phrases:",
    ]
    group = ""
    for entry in ENTRIES:
        if entry.group != group:
            group = entry.group
            lines += ["", f"  # --- {group}"]
        takes = ", ".join(f"{{{p}}}" for p in entry.placeholders)
        lines.append(f"  # {_KIND[entry.kind]}: {entry.when}" + (f"; takes {takes}" if takes else ""))
        lines.append(f"  {entry.name}: {pack.phrases[entry.name].written}")
    return "\n".join(lines) + "\n"
