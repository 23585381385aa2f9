"""The timeline picture's stylesheet (light and dark, three text sizes by width), its text and its legend's words."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..settings import DEFAULTS, Picture

LEGEND = {
    "work": "work",
    "hold": "hold",
    "breaths": "breaths",
    "rest": "rest",
    "relax": "relax",
    "switch": "switch side",
    "transition": "transition",
    "get-ready": "get ready",
    "speech": "speech",
    "beep": "beep",
    "chapter": "chapter",
}
"""What the legend calls each colour group and mark, in the legend's order."""
TITLE_SCALE = 1.3
"""The title's text size against the labels' (ElementTree sizes it to fit at this scale)."""

_LIGHT = "--bg:#fff;--fg:#212529;--dim:#495057;--lane:#f1f3f5;--line:#868e96;--on:#111"
_DARK = "--bg:#15171a;--fg:#e9ecef;--dim:#adb5bd;--lane:#24282d;--line:#6c757d;--on:#111"
_FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif'


def _sizes(size: int, shown: str, hidden: str = "") -> str:
    """Text at this size, and the text fitted for it shown instead of the text fitted for the next size up."""
    title = round(size * TITLE_SCALE)
    hide = f"{hidden}{{display:none}}" if hidden else ""
    return f".label,.axis-label{{font-size:{size}px}}.title{{font-size:{title}px}}{hide}{shown}{{display:inline}}"


def stylesheet(style: Picture) -> str:
    """The CSS inside the picture: colours by the reader's scheme (dark for #dark), text sizes by the shown width."""
    light = ";".join(f"--c-{name}:{colour}" for name, colour, _ in style.colours)
    dark = ";".join(f"--c-{name}:{colour}" for name, _, colour in style.colours)
    fills = "".join(f".{name} rect,.key.{name}{{fill:var(--c-{name})}}" for name, _, _ in style.colours)
    narrow, middle, wide = style.text_sizes
    return "".join(
        [
            f":root{{{_LIGHT};{light}}}",
            f"@media (prefers-color-scheme:dark){{:root{{{_DARK};{dark}}}}}",
            f":root:target{{{_DARK};{dark}}}",
            ".bg{fill:var(--bg)}",
            f"text{{font-family:{_FONT};fill:var(--fg)}}",
            ".title{font-weight:700}.end{text-anchor:end}.mid{dominant-baseline:central}",
            ".axis-label{fill:var(--dim);text-anchor:middle}.axis-label.start{text-anchor:start}",
            ".lane{fill:var(--lane)}.axis,.tick{stroke:var(--line);stroke-width:1.5}",
            ".boundary{stroke:var(--fg);stroke-width:2;stroke-dasharray:6 4}",
            ".part line{stroke:var(--fg);stroke-width:2}",
            ".window rect{stroke:var(--bg);stroke-width:1.5}.window text{fill:var(--on)}",
            fills,
            ".get-ready rect{stroke:var(--dim);stroke-dasharray:5 4}.window.get-ready text{fill:var(--fg)}",
            ".say,.key.speech{fill:var(--c-speech)}.beep,.key.beep{fill:var(--c-beep)}.key.chapter{fill:var(--fg)}",
            ".v1,.v2,.v3{display:none}",
            _sizes(wide, ".v3"),
            f"@media (max-width:{style.middle_px}px){{{_sizes(middle, '.v2', '.v3')}}}",
            f"@media (max-width:{style.narrow_px}px){{{_sizes(narrow, '.v1', '.v2')}}}",
        ]
    )


def number(value: float) -> str:
    """A coordinate as short, stable text."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fit(text: str, width: float, size: float, style: Picture = DEFAULTS.picture, shorten: bool = True) -> str | None:
    """The text, or its start and an ellipsis, if that fits in `width` at `size`; None if nothing useful fits."""
    chars = int(max(width, 0) // (size * style.char_width))
    if len(text) <= chars:
        return text
    if shorten and chars >= 5:
        return text[: chars - 1].rstrip(" ,:;.-") + "\u2026"
    return None


def sized_text(
    parent: ET.Element,
    text: str,
    at: tuple[float, float],
    width: float,
    cls: str,
    shorten: bool = True,
    scale: float = 1.0,
) -> None:
    """Text at `at` (x, y) in at most `width` units: one element per distinct fitting, each shown at its sizes.

    Classes v1, v2 and v3 show an element only at the narrow, middle or wide size; text that fits
    whole at every size has none; text that fits at no size is left out (its tooltip still says it).
    """
    style = DEFAULTS.picture
    shown: dict[str, list[int]] = {}
    for tier, size in enumerate(style.text_sizes, 1):
        fitted = fit(text, width, size * scale, style, shorten)
        if fitted:
            shown.setdefault(fitted, []).append(tier)
    for fitted, tiers in shown.items():
        classes = [cls] + ([] if len(tiers) == len(style.text_sizes) else [f"v{t}" for t in tiers])
        element = ET.SubElement(parent, "text", {"x": number(at[0]), "y": number(at[1]), "class": " ".join(classes)})
        element.text = fitted
