"""Music files for the bed: checked and measured once per build, then read block by block (pedalboard, no ffmpeg).

A file is decoded in blocks, resampled to the track's rate and mixed to mono, the same way when it
is measured and when it plays, so what was measured is what is heard. Near-silent samples at either
end are not played (an MP3's encoder delay and padding would leave a gap at every loop). pedalboard
reads by content, not by name; every way it fails to open a file is a ValueError, and a cut file reads
as if padded with zeros, so a reader stops on an empty read and refuses a file with no channels.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..errors import MusicError
from ..parts import need
from ..routine.model import Music
from ..settings import DEFAULTS, MusicBed, to_samples
from . import loudness

log = logging.getLogger(__name__)
BLOCK = 1 << 16
"""Frames per read."""
CONVERT = "convert it to MP3, FLAC, Ogg Vorbis or WAV"


@dataclass(frozen=True, eq=False)
class MusicFile:
    """A music file as measured once: what of it plays at the track's rate, how loud, its energy and peak."""

    path: Path
    sha256: str
    rate: int
    """The track's rate it was read at."""
    skip: int
    """Near-silent samples at its start, not played."""
    length: int
    """Samples played."""
    loudness: float
    """LUFS of what is played, mono at the track's rate."""
    true_peak_db: float
    energy: np.ndarray = field(repr=False)
    """K-weighted energy per bin (loudness.BIN_S) of what is played, from its first sample."""


def _named(path: Path, music: Music | None) -> str:
    where = music.where if music is not None else None
    return f"the music file {path}" + (f" (named at {where.file}:{where.line}:{where.column})" if where else "")


def file_hash(path: Path, music: Music | None = None) -> str:
    """The file's sha256; MusicError when it is missing or cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise MusicError(f"{_named(path, music)} is missing; put it back or change 'music:'") from None
    except IsADirectoryError:
        raise MusicError(f"{_named(path, music)} is a folder; name an audio file in 'music:'") from None
    except OSError as exc:
        raise MusicError(f"{_named(path, music)} cannot be read ({exc.strerror}); check its permissions") from None
    return digest.hexdigest()


def _open(path: Path, music: Music | None) -> Any:
    """pedalboard's reader for the file, or MusicError saying why it is not audio it can read."""
    io = need("pedalboard.io")
    try:
        f = io.AudioFile(str(path))
    except (ValueError, RuntimeError, OSError) as exc:
        reason = str(exc).split(": ", 1)[-1].replace(str(path), path.name)
        log.debug("pedalboard cannot open %s: %s", path, exc)
        kind = path.suffix.lower()
        if kind and kind not in {f".{t}" for t in ("mp3", "flac", "ogg", "wav", "aiff", "aif")}:
            reason = f"{kind} files cannot be read on this system"
        raise MusicError(f"{_named(path, music)} is not audio that can be read ({reason}); {CONVERT}") from None
    if f.num_channels < 1 or f.samplerate <= 0:
        f.close()
        raise MusicError(f"{_named(path, music)} holds no audio that can be decoded (is it cut short?); {CONVERT}")
    return f


def mono_blocks(
    path: Path, rate: int, music: Music | None = None, settings: MusicBed = DEFAULTS.music
) -> Iterator[np.ndarray]:
    """The whole file as float32 mono blocks at `rate` (full scale 1.0)."""
    f = _open(path, music)
    view = f
    try:
        if f.samplerate != rate:
            qualities = need("pedalboard").Resample.Quality  # WindowedSinc8 and its kin came in pedalboard 0.9.x
            quality = getattr(qualities, settings.resample_quality, None) or qualities.WindowedSinc
            view = f.resampled_to(rate, quality)
        while True:
            try:
                block = view.read(BLOCK)
            except (ValueError, RuntimeError) as exc:
                raise MusicError(f"{_named(path, music)} stopped decoding ({exc}); {CONVERT}") from None
            if block.shape[1] == 0:
                return
            yield block.mean(axis=0, dtype=np.float32) if block.shape[0] > 1 else block[0]
    finally:
        if view is not f:
            view.close()  # the resampling view first: reading it after its file is closed crashes
        f.close()


def measure(path: Path, rate: int, music: Music | None = None, settings: MusicBed = DEFAULTS.music) -> MusicFile:
    """Check and measure a music file once; MusicError (one line with the fix) when it cannot be a bed."""
    sha = file_hash(path, music)
    meter = loudness.BlockMeter(rate)
    threshold = 10 ** (settings.silence_dbfs / 20)
    total, first, last = 0, -1, -1
    for block in mono_blocks(path, rate, music, settings):
        loud = np.flatnonzero(np.abs(block) > threshold)
        if len(loud):
            first = total + int(loud[0]) if first < 0 else first
            last = total + int(loud[-1])
        meter.add(block)
        total += len(block)
    if first < 0:
        raise MusicError(f"{_named(path, music)} is silent; choose a file with music in it")
    size = meter.bin
    skip, end = first // size * size, min(total, -(-(last + 1) // size) * size)
    energy = meter.per_bin()[skip // size : -(-end // size)]
    crossfade = to_samples(settings.crossfade_ms, rate)
    if end - skip < crossfade:
        raise MusicError(
            f"{_named(path, music)} plays for {(end - skip) / rate:.2f} s, shorter than the "
            f"{settings.crossfade_ms / 1000:g} s crossfade it loops with; use a longer file"
        )
    measured = loudness.loudness_of_bins(energy, rate)
    if not np.isfinite(measured):
        raise MusicError(f"{_named(path, music)} is too quiet to measure (below -70 LUFS); choose a louder file")
    return MusicFile(path, sha, rate, skip, end - skip, measured, meter.peak_db, energy)


@functools.lru_cache(maxsize=2)
def _kept(path: Path, sha256: str, rate: int, skip: int, length: int) -> np.ndarray:
    """A short file's played samples, decoded once per process (a loop plays many times)."""
    return np.concatenate(list(mono_blocks(path, rate)))[skip : skip + length]


class MusicReader:
    """One play of a measured file: its played samples in order, then silence."""

    def __init__(self, music: MusicFile, settings: MusicBed = DEFAULTS.music) -> None:
        self.music = music
        self.done = 0
        self.kept: np.ndarray | None = None
        self.blocks: Iterator[np.ndarray] | None = None
        self.buffer = np.zeros(0, dtype=np.float32)
        self.to_skip = music.skip
        if music.skip + music.length <= settings.keep_s * music.rate:
            self.kept = _kept(music.path, music.sha256, music.rate, music.skip, music.length)
        else:
            self.blocks = mono_blocks(music.path, music.rate, settings=settings)

    def read(self, n: int) -> np.ndarray:
        """The next n samples (zeros past the end)."""
        out = np.zeros(n, dtype=np.float32)
        want = max(0, min(n, self.music.length - self.done))
        if self.kept is not None:
            got = self.kept[self.done : self.done + want]
        else:
            got = self._stream(want)
        out[: len(got)] = got
        self.done += n
        return out

    def _stream(self, want: int) -> np.ndarray:
        while len(self.buffer) < want + self.to_skip and self.blocks is not None:
            block = next(self.blocks, None)
            if block is None:
                self.blocks = None
                break
            self.buffer = np.concatenate((self.buffer, block))
        if self.to_skip:
            self.buffer, self.to_skip = self.buffer[self.to_skip :], max(0, self.to_skip - len(self.buffer))
        got, self.buffer = self.buffer[:want], self.buffer[want:]
        return got

    def close(self) -> None:
        """Let go of the file."""
        if self.blocks is not None:
            close = getattr(self.blocks, "close", None)
            if close:
                close()
            self.blocks = None
