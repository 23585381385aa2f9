"""What a build is asked to do, how it reports progress, and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..output.index import TrackRecord


@dataclass(frozen=True)
class BuildOptions:
    """What `voiceguide build` was asked to do."""

    out: Path
    """The output folder."""
    cache: Path
    """The speech cache folder."""
    ids: tuple[str, ...] = ()
    """The routines to build (all when empty)."""
    jobs: int = 1
    """Tracks built at once, each in a worker process."""
    force: bool = False
    """Rebuild tracks that are up to date."""
    coaching: str | None = None
    """full or brief, over the routine file's setting."""
    base_url: str | None = None
    """The output folder's public URL, for the feed's links."""


@dataclass(frozen=True)
class TrackOutcome:
    """How one track fared in a build."""

    record: TrackRecord
    built: bool
    seconds: float
    synthesized: int = 0
    dropped: int = 0
    """Cues left out of the track because they did not fit."""


@dataclass
class BuildReport:
    """Callbacks for progress; the CLI decides how to show them."""

    started: Callable[[int, int, int], None] = lambda to_build, up_to_date, samples: None
    """(tracks to build, tracks up to date, samples the tracks to build will have, about)."""
    progress: Callable[[str, int, int], None] = lambda slug, done, total: None
    finished: Callable[[TrackOutcome, int, int], None] = lambda outcome, done, total: None
    waiting: Callable[[Path], None] = lambda out: None


@dataclass
class BuildSummary:
    """What a build did."""

    outcomes: list[TrackOutcome] = field(default_factory=list)
    seconds: float = 0.0
    presynthesized: int = 0
    """Clips synthesized before the tracks were built."""

    @property
    def built(self) -> list[TrackOutcome]:
        """The tracks this build made."""
        return [o for o in self.outcomes if o.built]

    @property
    def synthesized(self) -> int:
        """Clips the speech engine made during this build (0 when every clip came from the cache)."""
        return self.presynthesized + sum(o.synthesized for o in self.outcomes)
