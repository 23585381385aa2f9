"""A whole build: which tracks are stale, speech filled ahead, tracks built here or in workers, interrupts."""

from __future__ import annotations

import difflib
import os
import queue
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..audio.beeps import load_beeps, sound_paths
from ..coaching.walk import compile_routine
from ..errors import Interrupted, UsageError
from ..output.index import TrackRecord, read_index
from ..output.publish import publish
from ..portable import stop_signals
from ..routine.model import Collection, Routine
from ..settings import DEFAULTS
from ..speech.cache import SpeechCache
from ..speech.engine import EngineHint
from ..speech.filler import CacheFiller
from ..speech.speaker import Speaker
from ..text import quoted
from .folder import (
    Checksums,
    check_ours,
    claim,
    forget_replaced,
    locked,
    prepare_out,
    release,
    sweep_temporaries,
    up_to_date,
)
from .options import BuildOptions, BuildReport, BuildSummary, TrackOutcome
from .track import TrackJob, build_track, fingerprint, measure_music, speech_keys
from .workers import Pool, is_main_thread


def select(collection: Collection, ids: tuple[str, ...]) -> list[Routine]:
    """The routines named by id or by the start of one (all when none are named), in the file's order.

    UsageError for a name that is no routine's (with the nearest id, or the valid ones) or the
    start of several (listing them).
    """
    if not ids:
        return list(collection.routines)
    wanted = {_resolve(collection, given) for given in ids}
    return [r for r in collection.routines if r.id in wanted]


def _resolve(collection: Collection, given: str) -> str:
    """The id a name given on the command line means: itself, or the one id it starts."""
    known = [r.id for r in collection.routines]
    if given in known:
        return given
    starting = [i for i in known if i.startswith(given)] if given else []
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise UsageError(f"{quoted(given)} starts several routine ids in {collection.file}: {', '.join(starting)}")
    # a typo in the start of an id counts as much as one in the whole id
    scores = {i: max(_likeness(given, i), _likeness(given, i[: len(given)])) for i in known} if given else {}
    near = max(scores, key=lambda i: scores[i], default=None)
    if near is not None and scores[near] >= 0.75:
        raise UsageError(f"no routine with id {quoted(given)} in {collection.file}; did you mean {quoted(near)}?")
    raise UsageError(f"no routine with id {quoted(given)} in {collection.file}; valid ids: {', '.join(known)}")


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


class _Terminated(BaseException):
    """SIGTERM (or Ctrl-Break on Windows), raised in the main process so the build stops like on Ctrl-C."""


def _on_stop(signum: int, frame: Any) -> None:
    raise _Terminated


def run_build(collection: Collection, options: BuildOptions, report: BuildReport | None = None) -> BuildSummary:
    """Build the selected routines into options.out, skipping tracks that are up to date."""
    report = report or BuildReport()
    began = time.perf_counter()
    routines = select(collection, options.ids)
    out = options.out
    # from here on SIGTERM (Ctrl-Break on Windows) is an exception, wherever it lands: waiting for the lock,
    # reading index.json, building
    previous = {sig: signal.signal(sig, _on_stop) for sig in stop_signals()} if is_main_thread() else {}
    try:
        prepare_out(out)
        check_ours(out)  # refused before a byte is written
        with locked(out, report.waiting):
            marked = claim(out)
            try:
                sweep_temporaries(out)
                return _Build(collection, options, report).run(routines, began)
            except BaseException:
                sweep_temporaries(out)  # a worker stopped with the pool leaves its half-written track
                if marked:
                    release(out)
                raise
    except (KeyboardInterrupt, _Terminated) as exc:
        terminated = isinstance(exc, _Terminated)
        what = "terminated" if terminated else "interrupted"
        message = f"{what}: no track was built; every track in {out} is as it was"
        raise Interrupted(message, 143 if terminated else 130) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@dataclass
class _Build:
    """One build under the folder's lock: what is stale, what finished, and the files beside the tracks."""

    collection: Collection
    options: BuildOptions
    report: BuildReport
    index: dict[str, TrackRecord] = field(default_factory=dict)
    finished: dict[str, TrackRecord] = field(default_factory=dict)
    summary: BuildSummary = field(default_factory=BuildSummary)
    checksums: Checksums = field(init=False)

    def run(self, routines: list[Routine], began: float) -> BuildSummary:
        """Build what is stale; on Ctrl-C or SIGTERM, keep what finished and raise Interrupted."""
        self.index = read_index(self.options.out)
        self.checksums = Checksums(self.options.out)
        jobs: list[TrackJob] = []
        try:
            jobs = measure_music(self._stale(routines))
            samples = sum(job.script.estimate_ms for job in jobs) * DEFAULTS.audio.track_rate // 1000
            self.report.started(len(jobs), len(self.summary.outcomes), samples)
            # Longest first: the last track to finish is a short one, so no core idles long at the end.
            jobs.sort(key=lambda j: -j.script.estimate_ms)
            if jobs:
                self._build(jobs)
            self._write_sidecars()
        except (KeyboardInterrupt, _Terminated) as exc:
            raise self._interrupted(jobs, isinstance(exc, _Terminated)) from None
        self.summary.outcomes.sort(key=lambda o: o.record.number)
        self.summary.seconds = time.perf_counter() - began
        return self.summary

    def _stale(self, routines: list[Routine]) -> list[TrackJob]:
        """A job for each routine whose track is missing or was built from something else."""
        jobs = []
        for routine in routines:
            script = compile_routine(routine, self.options.coaching)
            fp = fingerprint(self.collection, routine, script)
            record = self.index.get(routine.slug)
            if not self.options.force and up_to_date(record, fp, self.options.out, self.checksums):
                assert record is not None
                self.summary.outcomes.append(TrackOutcome(record, False, 0.0))
            else:
                jobs.append(TrackJob(self.collection, routine, script, self.options.out, fp))
        return jobs

    def _build(self, jobs: list[TrackJob]) -> None:
        options = self.options
        beeps = sound_paths(self.collection)
        pool = Pool(min(options.jobs, len(jobs)), options.cache, beeps) if options.jobs > 1 and len(jobs) > 1 else None
        if pool is not None:
            pool.start()
        cache = SpeechCache(options.cache)  # one cache for the filler and this process's speaker: one warning
        cache.sweep_scratch()  # clip files of a build that was killed while it spoke
        filler = CacheFiller(cache)  # each engine runs as many processes as pay off (Engine.processes)
        try:
            hints = filler.start([speech_keys(job.script, job.routine) for job in jobs])
            if pool is None:
                self._build_here(jobs, hints, filler)
            else:
                self._build_in_workers(pool, jobs, hints, filler)
            self.summary.presynthesized = filler.count
        finally:
            filler.close()
            if pool is not None:
                pool.stop()

    def _done(self, outcome: TrackOutcome, total: int) -> None:
        self.summary.outcomes.append(outcome)
        self.finished[Path(outcome.record.file).stem] = outcome.record
        self.checksums.remember(self.options.out / outcome.record.file, outcome.record.sha256)
        self._write_sidecars()
        self.report.finished(outcome, len(self.summary.built), total)

    def _build_here(self, jobs: list[TrackJob], hints: dict[str, EngineHint], filler: CacheFiller) -> None:
        beeps = load_beeps(sound_paths(self.collection))
        speaker = Speaker(filler.cache, hints)
        try:
            for i in filler.ready(len(jobs)):  # each track as soon as its speech is cached
                start, before = time.perf_counter(), speaker.synthesized
                record, dropped = build_track(jobs[i], speaker, beeps, self.report.progress)
                made = speaker.synthesized - before
                outcome = TrackOutcome(record, True, time.perf_counter() - start, made, dropped)
                self._done(outcome, len(jobs))
        finally:
            speaker.close()

    def _build_in_workers(
        self, pool: Pool, jobs: list[TrackJob], hints: dict[str, EngineHint], filler: CacheFiller
    ) -> None:
        pending: list[Any] = []
        dispatched = 0
        while dispatched < len(jobs) or pending:
            while dispatched < len(jobs):  # hand out each track as soon as its speech is cached
                try:
                    i = filler.next_ready(timeout=0 if pending else 0.05)
                except queue.Empty:
                    break
                pending.append(pool.submit(jobs[i], hints, filler.unsaved(i)))
                dispatched += 1
            try:
                kind, *rest = pool.messages.get(timeout=0.1)
                if kind == "progress":
                    self.report.progress(*rest)
            except queue.Empty:
                pass
            for result in [p for p in pending if p.ready()]:
                pending.remove(result)
                self._done(result.get(), len(jobs))  # a worker's error is raised here, as it was raised there

    def _interrupted(self, jobs: list[TrackJob], terminated: bool) -> Interrupted:
        """Sweep what was half made, forget tracks replaced without a record, and say what finished."""
        out = self.options.out
        sweep_temporaries(out)
        if forget_replaced(self.index, [job.routine.slug for job in jobs], self.finished, out):
            self._write_sidecars()
        names = ", ".join(sorted(self.finished)) or "none"
        code = 143 if terminated else 130
        what = "terminated" if terminated else "interrupted"
        message = (
            f"{what}: {len(self.finished)} of {len(jobs)} tracks finished ({names}); every finished and "
            "earlier track is intact"
        )
        return Interrupted(message, code)

    def _write_sidecars(self) -> None:
        """index.json, playlist.m3u8 and the feed list every track of the collection that exists in the folder."""
        out, records = self.options.out, []
        for routine in self.collection.routines:
            record = self.finished.get(routine.slug) or self.index.get(routine.slug)
            if record is not None and (out / record.file).is_file():
                records.append(record)
        self.checksums.save({r.file for r in records})
        publish(out, self.collection, records, self.options.base_url)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
