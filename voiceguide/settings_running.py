"""How a build runs: timeouts, processes, polling, read limits, serving (none of these change a sound).

Part of DEFAULTS (voiceguide.settings), and hashed with it into every track's fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Speech:
    """How speech engines are run (these change no sound, only how long a build may wait)."""

    timeout_s: float = 5.0
    """Seconds an engine may take for one short clip before it is restarted and asked again (once)."""
    timeout_per_char_s: float = 0.01
    """More seconds per character of the clip's text (espeak-ng makes about 2,000 characters a second)."""
    start_timeout_s: float = 30.0
    """Seconds an engine may take to start."""
    processes: int = 4
    """pyttsx3 processes that fill the speech cache at once: pyttsx3 mostly waits in its event loop."""
    driver_attempts: int = 3
    """Clips pyttsx3's driver is asked for, inside its worker, before an empty one is handed back."""
    driver_finish_s: float = 60.0
    """How long the worker waits for a driver's finished-utterance (the build's own timeout_s is shorter)."""
    slow_timeout_s: float = 15.0
    """Seconds piper or a command's program may take for a short clip before it is asked again (load slows them)."""
    slow_timeout_per_char_s: float = 0.1
    """Added to slow_timeout_s per character (a 600-character instruction gets 75 s; Piper got 10x slower on a busy
    2-core machine)."""


@dataclass(frozen=True)
class Piper:
    """How the Piper engine is run: settings that change its audio, and how many processes it gets."""

    noise_scale: float = 0.0
    """Piper's sample noise; 0 makes its output the same bytes every time (the voice's own default is random)."""
    noise_w_scale: float = 0.0
    """Piper's phoneme-length noise; 0 makes clip lengths repeatable."""
    sentence_silence_s: float = 0.0
    """Silence Piper puts between the sentences of one clip."""
    processes: int = 0
    """Piper processes that fill the speech cache at once; 0: one per core."""


@dataclass(frozen=True)
class Platform:
    """Waiting on other processes, where platforms differ (these change no sound)."""

    lock_poll_s: float = 0.2
    """How often a build waiting for the output folder's lock tries again on Windows (which cannot block on it)."""
    replace_tries: int = 8
    """How many times a file is moved onto one another program holds open on Windows: 0.05 s, doubling, 6.4 s in all."""
    replace_first_wait_s: float = 0.05
    parent_poll_s: float = 0.5
    """How often a child process on macOS checks that its parent is alive (Linux's kernel tells it at once)."""


@dataclass(frozen=True)
class Limits:
    """The most voiceguide reads of a file someone else may have put there (these change no sound)."""

    cover_bytes: int = 5_000_000
    """A cover image: embedded in every track, so every track grows by its size."""
    cover_side_px: int = 10_000
    """A cover's width and height (players show covers of 300 to 3000 pixels)."""
    sound_bytes: int = 5_000_000
    """A start or end beep (at most 2 s of audio)."""
    index_bytes: int = 64_000_000
    """The output folder's index.json (and feed.xml, as served); a larger one is treated as missing."""
    cache_entry_bytes: int = 64_000_000
    """One clip in the speech cache; a larger one is made again."""
    voice_config_bytes: int = 1_000_000
    """A Piper voice's NAME.onnx.json (about 5 kB; the phoneme table of a large voice is well under this)."""


@dataclass(frozen=True)
class Serving:
    """How `voiceguide serve` bounds its clients (these change no sound), so an idle or slow one never stops others."""

    connections: int = 64
    """Connections open at once (fewer when the open-file limit is low); to let in one more, the connection
    that has waited longest without finishing its request is closed."""
    timeout_s: float = 5.0
    """Seconds a client has from connecting to finish sending its request, and for taking each block of the answer."""
    head_bytes: int = 65536
    """Most bytes a request's line and headers may take."""
    spare_files: int = 32
    """Open files kept free of connections when the open-file limit sets the cap (for imports, logs, selectors)."""
