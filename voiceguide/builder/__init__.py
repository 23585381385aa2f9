"""The build: which tracks are stale, the output folder's lock, worker processes, interrupts; and `doctor`.

`run` builds a collection, `track` one routine's track (with its fingerprint), `workers` the
processes that build tracks in parallel, `folder` the output folder's care, `options` what a
build is asked and what it reports.
"""

from .options import BuildOptions, BuildReport, BuildSummary, TrackOutcome
from .run import default_jobs, run_build, select
from .track import Planned, TrackJob, build_track, fingerprint, plan_track, speech_keys, voicing

__all__ = [
    "BuildOptions",
    "BuildReport",
    "BuildSummary",
    "Planned",
    "TrackJob",
    "TrackOutcome",
    "build_track",
    "default_jobs",
    "fingerprint",
    "plan_track",
    "run_build",
    "select",
    "speech_keys",
    "voicing",
]
