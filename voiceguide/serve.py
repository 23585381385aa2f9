"""`voiceguide serve`: the build folder, read-only over HTTP, for a phone on the same network.

Werkzeug does the HTTP: `send_file` answers Range (206/416), ETag/If-None-Match (304) and
Last-Modified, and its threaded WSGI server lets a phone seek while another request streams.
This module only decides which file a path names: never one outside the folder, never a
dotfile, never a folder listing, and only for GET and HEAD.
"""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import threading
from pathlib import Path
from typing import Any, Iterable

from .errors import VoiceguideError
from .feed import FEED, with_base_url
from .sidecars import INDEX

DEFAULT_PORT = 8000
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
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'",
}


class ServeError(VoiceguideError):
    """Raised when the server cannot start: no build in the folder, or the address or port cannot be used."""


def lan_address() -> str:
    """This computer's address on its local network, found without sending anything; 127.0.0.1 without one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a documentation address: connecting UDP only picks the route
            address = probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    return address if address and not address.startswith("0.") else "127.0.0.1"


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach the numeric address `host`."""
    return host == "::1" or host.startswith("127.")


def resolve(root: Path, url_path: str) -> Path | None:
    """The file a decoded URL path names inside `root` (resolved, symlinks followed), or None if it may not be served."""
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


def _listen(host: str, port: int) -> tuple[socket.socket, str]:
    """A listening socket and its numeric address (IPv4 preferred for a name), with one clear line for each way this fails."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ServeError(f"cannot listen on {host!r}: no such address; leave out --host, or use --host 127.0.0.1") from None
    family, _, _, _, address = sorted(found, key=lambda info: info[0] != socket.AF_INET)[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} is in use; pick another with --port") from None
        if exc.errno == errno.EACCES:
            raise ServeError(f"port {port} needs administrator rights; pick one above 1023 with --port") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ServeError(f"{host} is not an address of this computer; leave out --host, or use --host 127.0.0.1") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock, str(address[0])


def _check_build(out: Path) -> int:
    """How many tracks `out` holds; ServeError when it holds no build with the web player."""
    import json

    try:
        tracks = json.loads((out / INDEX).read_text(encoding="utf-8")).get("tracks", [])
    except (OSError, ValueError, AttributeError):
        raise ServeError(f"{out} holds no build (no readable {INDEX}); build one with: voiceguide build --out {out}") from None
    if not (out / "index.html").is_file() or not (out / FEED).is_file():
        raise ServeError(f"{out} was built before the web player existed; add it with: voiceguide build --out {out}")
    return len(tracks)


class Server:
    """A running `voiceguide serve`: its URLs, and ways to run it in the foreground or stop it."""

    def __init__(self, out: Path, host: str | None = None, port: int = DEFAULT_PORT) -> None:
        from werkzeug.serving import WSGIRequestHandler, make_server

        class QuietHandler(WSGIRequestHandler):
            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                pass  # a phone seeking makes dozens of requests a minute

        self.out = out
        self.tracks = _check_build(out)
        sock, bound = _listen(host or lan_address(), port)
        try:
            self._server = make_server(bound, port, make_app(out), threaded=True, request_handler=QuietHandler, fd=sock.fileno())
        finally:
            sock.close()  # the server holds its own duplicate of the socket
        everywhere = bound in ("0.0.0.0", "::")
        self.host = lan_address() if everywhere else bound
        """The address the URLs show (for 0.0.0.0, the local-network one)."""
        self.local_only = is_loopback(self.host) and not everywhere
        self.port: int = self._server.port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The web player's URL."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def feed_url(self) -> str:
        """The podcast feed's URL."""
        return self.url + FEED

    def start(self) -> "Server":
        """Serve in a background thread (returns at once)."""
        self._thread = threading.Thread(target=self._server.serve_forever, name="voiceguide-serve", daemon=True)
        self._thread.start()
        return self

    def run(self) -> None:
        """Serve in this thread until Ctrl-C, which closes the socket and raises KeyboardInterrupt.

        Not a background thread joined from here: on Python 3.11 a Ctrl-C that lands in
        Thread.join() marks the still-running thread as stopped, and stopping it can then hang.
        """
        self._server.serve_forever()  # werkzeug's returns on Ctrl-C, having closed the socket
        raise KeyboardInterrupt

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(5)
            self._thread = None
        self._server.server_close()


def qr_text(url: str) -> str:
    """A QR code of `url` in half-block characters; light modules are drawn, so each line asks for white on black.

    The colour codes make it scan on light and dark terminals alike; click.echo drops them when not on a terminal.
    """
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return "".join(f"\x1b[97;40m{line}\x1b[0m\n" for line in out.getvalue().splitlines())


def banner(server: Server, host_given: bool) -> str:
    """What `voiceguide serve` prints: where it serves, the player's and feed's URLs and a QR code of the player."""
    n = server.tracks
    what = f"{server.out}/ ({n} workout{'s' if n != 1 else ''}), read-only"
    if server.local_only and not host_given:
        where = f"Serving {what}, on this computer only: no local network was found."
    elif server.local_only:
        where = f"Serving {what}, on this computer only."
    else:
        where = f"Serving {what}, on your local network at {server.host}."
    if not server.local_only:
        scan = "Scan this with the phone's camera (same Wi-Fi) to open the player:"
    elif host_given:
        scan = "The player's QR code (a phone cannot open this address; leave out --host to serve your Wi-Fi):"
    else:
        scan = "The player's QR code (a phone cannot open this address; join a Wi-Fi network and start again):"
    lines = [
        where,
        f"  Web player:   {server.url}",
        f"  Podcast feed: {server.feed_url}",
        "",
        scan,
        qr_text(server.url).rstrip("\n"),
    ]
    if not server.local_only:
        lines.append("Anyone on this network can open these while this runs; --host 127.0.0.1 keeps them on this computer.")
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)
