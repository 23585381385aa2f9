"""The WSGI app of `voiceguide serve`: which file a request names, and the feed with the server's own links.

Werkzeug does the HTTP: `send_file` answers Range (206/416), ETag/If-None-Match (304) and
Last-Modified. This module only decides which file a path names: never one outside the folder,
never a dotfile, never a folder listing, and only for GET and HEAD.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Iterable

from ..output.feed import FEED, with_base_url

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
FEED_TYPE = "application/rss+xml"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'"
    ),
}


def resolve(root: Path, url_path: str) -> Path | None:
    """The file a decoded URL path names inside `root` (resolved, links followed), or None if it may not be served."""
    from werkzeug.security import safe_join

    name = url_path.lstrip("/") or "index.html"
    parts = name.split("/")
    if any(not p or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None  # '..', dotfiles such as .voiceguide.lock and .vg-tmp-*, empty segments (folders)
    joined = safe_join(str(root), name)
    if joined is None:
        return None
    real = Path(os.path.realpath(joined))
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


def make_app(out: Path) -> Any:
    """The WSGI app that serves `out`: GET and HEAD only, files inside it only, feed.xml with absolute links."""
    from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
    from werkzeug.utils import send_file
    from werkzeug.wrappers import Request, Response

    root = Path(os.path.realpath(out))

    def respond(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
        path = resolve(root, request.path)
        if path is None:
            raise NotFound()
        if path == root / FEED:
            return _feed(request, path)
        mimetype = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        try:
            return send_file(str(path), request.environ, mimetype=mimetype, conditional=True, etag=True)
        except OSError:
            raise NotFound() from None

    def _feed(request: Request, path: Path) -> Response:
        data = with_base_url(path.read_bytes(), request.host_url)
        response = Response(data, mimetype=FEED_TYPE)
        response.set_etag(hashlib.sha256(data).hexdigest()[:32])
        response.cache_control.no_cache = True
        return response.make_conditional(request, accept_ranges=True, complete_length=len(data))

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = respond(request)
        except HTTPException as exc:
            response = exc.get_response(environ)
        except (OSError, ValueError, SyntaxError):  # a file replaced mid-request, or a feed.xml that is not XML
            response = NotFound().get_response(environ)
        response.headers.update(SECURITY_HEADERS)
        return response(environ, start_response)

    return app
