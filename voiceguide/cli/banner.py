"""What `voiceguide serve` prints: where it serves, the player's and feed's URLs and a QR code."""

from __future__ import annotations

from ..serve.server import Server


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
        lines.append(
            "Anyone on this network can open these while this runs; --host 127.0.0.1 keeps them on this computer."
        )
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)
