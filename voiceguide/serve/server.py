"""`voiceguide serve`: the build folder, read-only over HTTP, for a phone on the same network."""

from __future__ import annotations

import errno
import os
import socket
import threading
from pathlib import Path

from ..errors import ServeError
from ..output.feed import FEED
from ..output.index import INDEX
from ..reading import read_regular
from ..settings import DEFAULTS, Serving
from .app import make_app
from .bounded import BoundedServer
from .hosts import OwnHosts
from .listing import BuiltFiles, built_files

DEFAULT_PORT = 8000


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


def _listen(host: str, port: int) -> tuple[socket.socket, str]:
    """A listening socket and its numeric address (IPv4 preferred); one clear line for each way this fails."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ServeError(f"cannot listen on {host!r}: no such address", option="host") from None
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
            raise ServeError(f"port {port} is in use", option="port") from None
        if exc.errno == errno.EACCES:
            raise ServeError(
                f"port {port} needs administrator rights; ports above 1023 do not", option="port"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ServeError(f"{host} is not an address of this computer", option="host") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}", option="host") from None
    return sock, str(address[0])


def _check_build(out: Path) -> tuple[int, frozenset[str]]:
    """How many tracks `out` holds and the files its build wrote; ServeError when it holds no build to serve."""
    import json

    try:
        tracks = json.loads(read_regular(out / INDEX, DEFAULTS.limits.index_bytes).decode("utf-8")).get("tracks", [])
    except (OSError, ValueError, AttributeError):
        raise ServeError(f"{out} holds no build (no readable {INDEX})", option="out") from None
    files = built_files(out)
    if files is None:
        raise ServeError(f"{out} was built by an older voiceguide (its {INDEX} lists no files)", option="out")
    if not {"index.html", FEED} <= files:
        raise ServeError(f"{out} was built before the web player existed", option="out")
    return len(tracks), files


class Server:
    """A running `voiceguide serve`: its URLs, and ways to run it in the foreground or stop it."""

    def __init__(
        self, out: Path, host: str | None = None, port: int = DEFAULT_PORT, limits: Serving = DEFAULTS.serving
    ) -> None:
        self.out = out
        self.tracks, files = _check_build(out)
        sock, bound = _listen(host or lan_address(), port)
        try:
            everywhere = bound in ("0.0.0.0", "::")
            self.host = lan_address() if everywhere else bound
            """The address the URLs show (for 0.0.0.0, the local-network one)."""
            self.local_only = is_loopback(self.host) and not everywhere
            self.port: int = sock.getsockname()[1]
            hosts = OwnHosts.of(host, bound, self.host, port=self.port, url=self.url)
            app = make_app(out, BuiltFiles(out, files), hosts)
            self._server = BoundedServer(bound, self.port, app, limits, fd=sock.fileno())
        finally:
            sock.close()  # the server holds its own duplicate of the socket
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
        self._server.serve_forever()  # returns on Ctrl-C, having closed every socket
        raise KeyboardInterrupt

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(5)
            self._thread = None
        self._server.server_close()
