"""`voiceguide serve`: the build folder served read-only to a phone (`app` answers, `server` listens)."""

from .app import make_app, resolve
from .server import DEFAULT_PORT, Server, lan_address

__all__ = ["DEFAULT_PORT", "Server", "lan_address", "make_app", "resolve"]
