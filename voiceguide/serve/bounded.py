"""werkzeug's WSGI server with bounds: so many connections at once, so long to ask, so many bytes of asking.

One thread here waits for every connection until its request's line and headers have arrived, so
a client that connects and says nothing, or trickles its request, holds no thread and no slot that
another client needs: past the cap, the connection that has waited longest is closed to let in a new
one, and past its deadline (timeout_s after connecting) it is closed anyway. A complete request gets
a thread of its own, where werkzeug's handler answers it (Range, ETag) and closes the connection.
"""

from __future__ import annotations

import collections
import errno
import io
import logging
import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler

from ..settings import Serving

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Asking:
    """A connection whose request has not fully arrived: its bytes so far and when it must be complete."""

    conn: socket.socket
    address: Any
    deadline: float
    head: bytearray = field(default_factory=bytearray)


class HeadReadHandler(WSGIRequestHandler):
    """werkzeug's handler, reading a request whose line and headers the server has already read."""

    def __init__(self, request: Any, client_address: Any, server: Any, head: bytes = b"") -> None:
        self._head = head
        super().__init__(request, client_address, server)

    def setup(self) -> None:
        """As werkzeug sets up, then read the request from what arrived (it closes every connection after one)."""
        super().setup()
        self.rfile.close()
        self.rfile = io.BytesIO(self._head)

    def log(self, type: str, message: str, *args: Any) -> None:
        """Requests and errors go to the debug log, never to stderr."""
        log.debug("%s: " + message, type, *args)


def connection_cap(limits: Serving) -> int:
    """How many connections may be open at once: the setting, or fewer if the open-file limit is low.

    A connection being answered holds up to three files: its socket, the file sent, a selector.
    """
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return limits.connections
    if soft == resource.RLIM_INFINITY:
        return limits.connections
    return max(1, min(limits.connections, (soft - limits.spare_files) // 3))


class BoundedServer(BaseWSGIServer):
    """A WSGI server that never lets idle or slow clients use up its connections or threads."""

    multithread = True  # werkzeug then speaks HTTP/1.1 (chunked answers); it closes each connection after one

    def __init__(self, host: str, port: int, app: Any, limits: Serving, fd: int, handler: Any = None) -> None:
        super().__init__(host, port, app, handler=handler or HeadReadHandler, fd=fd)
        self.limits = limits
        self.cap = connection_cap(limits)
        self._asking: collections.OrderedDict[socket.socket, _Asking] = collections.OrderedDict()
        self._answering = 0
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._stop = False
        self._stopped = threading.Event()

    def log(self, type: str, message: str, *args: Any) -> None:
        """The server's messages go to the debug log, never to stderr."""
        log.debug("%s: " + message, type, *args)

    def serve_forever(self, poll_interval: float = 0.25) -> None:
        """Accept, wait for requests and hand each complete one to a thread, until shutdown() or Ctrl-C."""
        self._stopped.clear()
        selector = selectors.DefaultSelector()
        self.socket.setblocking(False)
        selector.register(self.socket, selectors.EVENT_READ, "accept")
        selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        try:
            while not self._stop:
                for key, _ in selector.select(poll_interval):
                    if key.data == "accept":
                        self._accept(selector)
                    elif key.data == "wake":
                        self._wake_r.recv(64)
                    else:
                        self._read(selector, key.data)
                self._expire(selector, time.monotonic())
        except KeyboardInterrupt:
            pass  # as werkzeug's: Ctrl-C stops serving, the caller says so
        finally:
            for asking in list(self._asking.values()):
                self._drop(selector, asking)
            selector.close()
            self.server_close()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serve_forever (from another thread) and wait until it has closed everything."""
        self._stop = True
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Close the listening socket and the wake-up pair."""
        super().server_close()
        for end in (getattr(self, "_wake_r", None), getattr(self, "_wake_w", None)):  # werkzeug calls this early
            if end is not None:
                end.close()

    def _accept(self, selector: selectors.BaseSelector) -> None:
        for _ in range(self.cap):  # a burst of new connections, then back to the others
            try:
                conn, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    if not self._evict(selector):
                        time.sleep(0.05)  # every descriptor is answering a request; one will be free soon
                return  # ECONNABORTED and the like: that client left
            with self._lock:
                full = len(self._asking) + self._answering >= self.cap
            if full and not self._evict(selector):
                conn.close()  # every slot is answering a request
                continue
            conn.setblocking(False)
            asking = _Asking(conn, address, time.monotonic() + self.limits.timeout_s)
            self._asking[conn] = asking
            selector.register(conn, selectors.EVENT_READ, asking)

    def _read(self, selector: selectors.BaseSelector, asking: _Asking) -> None:
        try:
            data = asking.conn.recv(self.limits.head_bytes + 1 - len(asking.head))
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        tail = asking.head[-3:] + data  # only the new bytes can end the headers: a trickle costs no rescans
        asking.head += data
        if not data or len(asking.head) > self.limits.head_bytes:
            self._drop(selector, asking)  # gone, or asking for more than a request may
        elif b"\r\n\r\n" in tail or b"\n\n" in tail:
            selector.unregister(asking.conn)
            del self._asking[asking.conn]
            self._dispatch(asking)

    def _expire(self, selector: selectors.BaseSelector, now: float) -> None:
        while self._asking:
            oldest = next(iter(self._asking.values()))  # the first in is the first to expire
            if oldest.deadline > now:
                return
            self._drop(selector, oldest)

    def _evict(self, selector: selectors.BaseSelector) -> bool:
        """Close the connection that has waited longest without finishing its request; False if there is none."""
        if not self._asking:
            return False
        self._drop(selector, next(iter(self._asking.values())))
        return True

    def _drop(self, selector: selectors.BaseSelector, asking: _Asking) -> None:
        self._asking.pop(asking.conn, None)
        try:
            selector.unregister(asking.conn)
        except (KeyError, ValueError):
            pass
        asking.conn.close()

    def _dispatch(self, asking: _Asking) -> None:
        with self._lock:
            self._answering += 1
        try:
            threading.Thread(target=self._answer, args=(asking,), name="voiceguide-answer", daemon=True).start()
        except RuntimeError:  # no thread to be had
            asking.conn.close()
            with self._lock:
                self._answering -= 1

    def _answer(self, asking: _Asking) -> None:
        conn = asking.conn
        try:
            conn.setblocking(True)
            conn.settimeout(self.limits.timeout_s)  # for each block of the answer
            self.RequestHandlerClass(conn, asking.address, self, head=bytes(asking.head))  # type: ignore[call-arg, arg-type]
        except Exception:  # a client gone mid-answer is no news; anything else is for the debug log
            log.debug("answering %s failed", asking.address, exc_info=True)
        finally:
            try:
                conn.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            conn.close()
            with self._lock:
                self._answering -= 1
