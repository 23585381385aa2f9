"""The WSGI app of `voiceguide serve`: which file a request names, and the feed with the server's own links.

Werkzeug does the HTTP: `send_file` answers Range (206/416), ETag/If-None-Match (304) and
Last-Modified. This module decides which file a path names (only one the build wrote: never one
outside the folder, a dotfile, a folder listing or a stray file), only for GET and HEAD, only to a
Host that is this server's own, and which Range headers werkzeug gets to see (one valid range).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any, Iterable

from ..output.feed import FEED, with_base_url
from ..reading import read_regular
from ..settings import DEFAULTS
from .hosts import OwnHosts
from .listing import BuiltFiles, is_plain_name

CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".json": "application/json",
    ".xml": "application/xml",
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".m3u8": "audio/x-mpegurl",
}
"""Content types by suffix; not guessed from the system's tables, which differ between machines."""
_BYTE_RANGE = re.compile(r"([0-9]+)-([0-9]*)|-([0-9]+)")
"""RFC 9110's int-range or suffix-range."""
FEED_TYPE = "application/rss+xml"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'"
    ),
}
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
"""An SVG opened on its own (a timeline picture, the icon) is a document: its own stylesheet, and nothing else."""


def resolve(root: Path, url_path: str, files: frozenset[str]) -> Path | None:
    """The file a decoded URL path names inside `root`, or None if it may not be served.

    Only a file the build wrote (one of `files`, from index.json) directly in the folder, as a
    regular file, never through a link; a backup, a subfolder or a hard-linked stranger is not one.
    """
    name = url_path.lstrip("/") or "index.html"
    if name not in files or not is_plain_name(name):
        return None  # '..', dotfiles such as .voiceguide.lock and .vg-tmp-*, folders, files no build wrote
    path = root / name
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
    except OSError:
        return None
    return path


def plain_range(value: str | None) -> str | None:
    """A Range header worth answering: one valid byte range (kept even if past the end, which gets 416).

    RFC 9110 lets a server ignore the rest, and that is what happens to them: an invalid Range and a
    request for several ranges get the whole file (200), as a client must be ready for.
    """
    if value is None:
        return None
    unit, _, ranges = value.strip().partition("=")
    if unit.lower() != "bytes":
        return None
    specs = [spec.strip(" \t") for spec in ranges.split(",")]
    specs = [spec for spec in specs if spec]  # a list may hold empty elements
    if len(specs) != 1:
        return None
    found = _BYTE_RANGE.fullmatch(specs[0])
    if found is None or (found.group(2) and int(found.group(2)) < int(found.group(1))):
        return None
    return f"bytes={specs[0]}"


def make_app(out: Path, files: BuiltFiles, hosts: OwnHosts) -> Any:
    """The WSGI app that serves `out`: GET and HEAD only, the build's files only, to our own Host names only."""
    from werkzeug.exceptions import HTTPException, MethodNotAllowed, MisdirectedRequest, NotFound
    from werkzeug.utils import send_file
    from werkzeug.wrappers import Request, Response

    root = Path(os.path.realpath(out))

    def respond(request: Request, base: str) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
        path = resolve(root, request.path, files.current())
        if path is None:
            raise NotFound()
        if path.name == FEED:
            return _feed(request, path, base)
        mimetype = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        try:
            return send_file(str(path), request.environ, mimetype=mimetype, conditional=True, etag=True)
        except OSError:
            raise NotFound() from None

    def _feed(request: Request, path: Path, base: str) -> Response:
        try:
            data = with_base_url(read_regular(path, DEFAULTS.limits.index_bytes), base)
        except OSError:  # replaced by a FIFO, a device or something huge since the build
            raise NotFound() from None
        response = Response(data, mimetype=FEED_TYPE)
        response.set_etag(hashlib.sha256(data).hexdigest()[:32])
        response.cache_control.no_cache = True
        return response.make_conditional(request, accept_ranges=True, complete_length=len(data))

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        kept = plain_range(environ.pop("HTTP_RANGE", None))
        if kept is not None:
            environ["HTTP_RANGE"] = kept
        request = Request(environ)
        base = hosts.base_url(environ.get("HTTP_HOST"), _local_address(environ))
        try:
            if base is None:
                raise MisdirectedRequest()
            response = respond(request, base)
        except HTTPException as exc:
            response = exc.get_response(environ)
        except (OSError, ValueError, SyntaxError):  # a file replaced mid-request, or a feed.xml that is not XML
            response = NotFound().get_response(environ)
        response.headers.update(SECURITY_HEADERS)
        if request.path.lower().endswith(".svg"):
            response.headers["Content-Security-Policy"] = SVG_POLICY
        return response(environ, start_response)

    return app


def _local_address(environ: dict[str, Any]) -> str | None:
    """The address this request arrived at (werkzeug's server passes its socket)."""
    try:
        return str(environ["werkzeug.socket"].getsockname()[0])
    except (KeyError, AttributeError, OSError, IndexError):
        return None
