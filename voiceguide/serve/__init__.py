"""`voiceguide serve`: the build folder served read-only to a phone.

`server` listens and prints where, `bounded` keeps idle and slow clients from using up connections,
`app` answers (`listing`: which files the build wrote; `hosts`: which Host names are this server's).
"""

from .app import make_app, resolve
from .server import DEFAULT_PORT, Server, lan_address

__all__ = ["DEFAULT_PORT", "Server", "lan_address", "make_app", "resolve"]
