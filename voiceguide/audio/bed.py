"""The music bed as audio: its files laid out, levelled, crossfaded and shaped by the plan, block by block.

`BedMix` turns a `BedPlan` (timeline/bed.py) and the measured files (music.py) into the bed's samples
for any range of the track, reading each file as it plays, so memory does not grow with the track.
It also predicts the bed's K-weighted energy and bounds its peaks without rendering anything, for
the track's gain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import numpy as np

from ..errors import MusicError
from ..settings import DEFAULTS, MusicBed, to_samples
from ..timeline.bed import BedPlan, BedSpan, Piece, lay_out, piece_gains, span_gains
from . import loudness
from .music import MusicFile, MusicReader

CROSSFADE_DB = 10 * math.log10(2)
"""Two files at once, at equal-power gains (cos and sin), reach at most sqrt(2) x the louder one's peak."""


@dataclass(frozen=True)
class SpanMix:
    """One span's files, its pieces and each file's gain (to its music's level, in the file)."""

    span: BedSpan
    files: tuple[MusicFile, ...]
    pieces: tuple[Piece, ...]
    gains: tuple[float, ...]
    """Linear gain per file."""


def _file_gain(music_level: float, file: MusicFile, after_db: float, settings: MusicBed) -> float:
    """The gain that puts a file at the music's level in the encoded file, its peaks under the ceiling."""
    gain_db = music_level - file.loudness - after_db
    ceiling = DEFAULTS.audio.track_ceiling_dbtp - CROSSFADE_DB
    return 10 ** (min(gain_db, ceiling - file.true_peak_db) / 20)


class BedMix:
    """The bed's samples, energy and peaks for a track."""

    def __init__(
        self,
        plan: BedPlan,
        measured: Mapping[Path, MusicFile],
        after_db: float = 0.0,
        settings: MusicBed = DEFAULTS.music,
    ) -> None:
        self.plan, self.settings, self.rate = plan, settings, plan.rate
        crossfade = to_samples(settings.crossfade_ms, plan.rate)
        spans = []
        for span in plan.spans:
            try:
                files = tuple(measured[path] for path in span.music.files)
            except KeyError as exc:
                raise MusicError(f"the music file {exc.args[0]} was not measured before the build") from None
            pieces = lay_out(span, [f.length for f in files], crossfade)
            gains = tuple(_file_gain(span.music.level_lufs, f, after_db, settings) for f in files)
            spans.append(SpanMix(span, files, pieces, gains))
        self.spans = tuple(spans)
        self.readers: dict[tuple[int, int], MusicReader] = {}
        self.next_piece = [0] * len(spans)

    def read(self, start: int, end: int) -> np.ndarray:
        """The bed's samples start..end (float32, full scale 1.0); called for consecutive ranges."""
        out = np.zeros(end - start, dtype=np.float32)
        for s, mix in enumerate(self.spans):
            span = mix.span
            if span.stop <= start or span.start >= end:
                continue
            positions = np.arange(start, end)
            env = span_gains(span, positions)
            i = self.next_piece[s]
            while i < len(mix.pieces) and mix.pieces[i].start < min(end, span.stop):
                piece = mix.pieces[i]
                lo, hi = max(start, piece.start), min(end, piece.end, span.stop)
                if hi > lo:
                    reader = self.readers.get((s, i))
                    if reader is None:
                        reader = self.readers[(s, i)] = MusicReader(mix.files[piece.file], self.settings)
                    x = reader.read(hi - lo) * mix.gains[piece.file]
                    seg = slice(lo - start, hi - start)
                    out[seg] += (x * piece_gains(piece, positions[seg]) * env[seg]).astype(np.float32)
                if min(piece.end, span.stop) <= end:  # pieces end in the order they start
                    reader = self.readers.pop((s, i), None)
                    if reader is not None:
                        reader.close()
                    self.next_piece[s] = i + 1
                i += 1
        return out

    def close(self) -> None:
        """Let go of every open file."""
        for reader in self.readers.values():
            reader.close()
        self.readers.clear()

    def energy_per_bin(self, length: int) -> np.ndarray:
        """The bed's K-weighted energy in each energy bin of a track `length` samples long (bins from sample 0)."""
        size = round(loudness.BIN_S * self.rate)
        n = -(-length // size)
        energy = np.zeros(n)
        centers = np.arange(n) * size + size // 2
        for mix in self.spans:
            span = mix.span
            first, last = span.start // size, min(n, -(-span.stop // size))
            env = np.zeros(n)
            env[first:last] = span_gains(mix.span, centers[first:last]) ** 2
            for piece in mix.pieces:
                file = mix.files[piece.file]
                k = round(piece.start / size)
                bins = file.energy[: max(0, min(len(file.energy), n - k))]
                at = centers[k : k + len(bins)]
                energy[k : k + len(bins)] += (
                    bins * piece_gains(piece, at) ** 2 * env[k : k + len(bins)] * (mix.gains[piece.file] ** 2)
                )
        return energy
