"""Cover images, checked by their bytes when the routine file is loaded: a real PNG or JPEG with its size in pixels.

Every track embeds the cover, so a file that is not an image (or is an image only by its name)
would grow each track and show nothing. The checks read the structure a player relies on
(PNG's signature, chunks and checksums up to IEND; JPEG's markers up to the first scan) without
decoding any pixels.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from ..reading import FileTooLarge, read_regular
from ..settings import DEFAULTS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff"
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
"""Start-of-frame markers: the segment that holds the image's height and width."""
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
"""Markers without a length."""


@dataclass(frozen=True)
class ImageInfo:
    """What the checks found: the format's name and the image's size in pixels."""

    format: str
    width: int
    height: int


class BadImage(ValueError):
    """Raised when bytes are not a whole PNG or JPEG image; the text says what was found."""


def image_info(data: bytes) -> ImageInfo:
    """The format and size of a PNG or JPEG image, or BadImage saying what is wrong with it."""
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(JPEG_START):
        return _jpeg(data)
    raise BadImage("is not a JPEG or PNG image (it does not start like one)")


def _png(data: bytes) -> ImageInfo:
    pos, size, has_pixels = len(PNG_SIGNATURE), None, False
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            break
        body = data[pos + 8 : end - 4]
        if zlib.crc32(kind + body) != int.from_bytes(data[end - 4 : end], "big"):
            raise BadImage(f"is a damaged PNG image (its {kind.decode('latin-1')!r} chunk fails its checksum)")
        if size is None:
            if kind != b"IHDR" or length != 13:
                raise BadImage("is a damaged PNG image (it does not start with its header)")
            size = (int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big"))
        has_pixels = has_pixels or kind == b"IDAT"
        if kind == b"IEND":
            if not has_pixels:
                raise BadImage("is a PNG image without pixels (no image data)")
            return ImageInfo("PNG", *size)
        pos = end
    raise BadImage("is a cut-off PNG image (it ends before its last chunk)")


def _jpeg(data: bytes) -> ImageInfo:
    pos, size = 2, None
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xD9 or length < 2 or pos + 2 + length > len(data):
            break
        if marker in _JPEG_FRAMES:
            if length < 8:
                break
            height, width = (int.from_bytes(data[pos + i : pos + i + 2], "big") for i in (5, 7))
            size = (width, height)
        if marker == 0xDA:  # the first scan: what follows is compressed pixels
            if size is None:
                break
            return ImageInfo("JPEG", *size)
        pos += 2 + length
    raise BadImage("is a damaged or cut-off JPEG image (its markers end before the first scan)")


def cover_problem(path: Path) -> str | None:
    """What is wrong with a cover image, said after its name (None when it is a whole PNG or JPEG within the limits)."""
    limits = DEFAULTS.limits
    try:
        data = read_regular(path, limits.cover_bytes)
    except FileTooLarge as exc:
        return (
            f"is {exc.size:,} bytes; a cover may be at most {exc.limit:,} (every track embeds it): "
            "save it smaller, 1400x1400 pixels is plenty"
        )
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    try:
        info = image_info(data)
    except BadImage as exc:
        return f"{exc}; save it again as a JPEG or PNG image"
    named = "PNG" if path.suffix.lower() == ".png" else "JPEG"
    if info.format != named:
        return f"is a {info.format} image named {path.suffix}; rename it to .{'png' if info.format == 'PNG' else 'jpg'}"
    side = limits.cover_side_px
    if not (1 <= info.width <= side and 1 <= info.height <= side):
        return f"is {info.width}x{info.height} pixels; a cover may have 1 to {side:,} pixels a side"
    return None
