"""The Host names `voiceguide serve` answers to: its own addresses and localhost, on its own port.

Any other Host means a request meant for someone else, or a page on another site that made its
name point at this computer (DNS rebinding); it gets 421 and no feed, whose links carry the Host.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?))(?::(?P<port>[0-9]{1,5}))?")
"""A Host header: a name or an IPv4 address, or an IPv6 address in brackets; then an optional port."""


def normal_name(name: str) -> str:
    """A host name or address in one spelling: lower case, IP addresses compressed, IPv4-mapped IPv6 as IPv4."""
    name = name.lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return address.compressed


def _url_host(name: str) -> str:
    return f"[{name}]" if ":" in name else name


@dataclass(frozen=True)
class OwnHosts:
    """The names a server answers to, its port, and the URL it printed (for a request without a Host)."""

    names: frozenset[str]
    """Normalized with normal_name."""
    port: int
    url: str
    """The web player's URL as printed, ending in '/'."""

    @classmethod
    def of(cls, *names: str | None, port: int, url: str) -> "OwnHosts":
        """The given names (None left out) and the local ones."""
        return cls(frozenset(normal_name(n) for n in (*names, *LOCAL_NAMES) if n), port, url)

    def base_url(self, host: str | None, local_address: str | None = None) -> str | None:
        """The URL of the folder as this request named it, on this server's port; None if `host` is not ours.

        `local_address` is the address the request arrived at: also ours, whatever the interface.
        """
        if host is None:
            return self.url
        found = _HOST.fullmatch(host.strip().lower())
        if found is None or found.group("port") not in (None, str(self.port)):
            return None
        named = normal_name(found.group("v6") or found.group("name"))
        if named not in self.names and named != normal_name(local_address or ""):
            return None
        return f"http://{_url_host(named)}:{self.port}/"
