"""A whole build: which tracks are stale, worker processes, progress, the lock and interrupts."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import Interrupted, OutputError, UsageError, VoiceguideError
from .export import TEMP_PREFIX, sha256_file
from .publish import publish
from .routine import Collection, Routine
from .sidecars import TrackRecord, read_index, write_index, write_playlist
from . import words
from .compile import compile_routine, estimate_ms
from .cache import SpeechCache
from .speech import CacheFiller, EngineHint, Speaker, WorkerVoice
from .track import TrackJob, build_track, fingerprint, load_beeps, sound_paths

LOCK_NAME = ".voiceguide.lock"
SPEECH_PROCESSES = 4
"""Engine processes that fill the speech cache at once: each mostly waits in pyttsx3's loop, so more than the cores pay."""
ESTIMATE_SLACK = 0.03
"""How far the engine-free length estimate can miss the real one (seen: 1.2 % on the seed routines)."""


@dataclass(frozen=True)
class BuildOptions:
    """What `voiceguide build` was asked to do."""

    out: Path
    cache: Path
    ids: tuple[str, ...] = ()
    jobs: int = 1
    force: bool = False
    coaching: str | None = None
    base_url: str | None = None


@dataclass(frozen=True)
class TrackOutcome:
    """How one track fared in a build."""

    record: TrackRecord
    built: bool
    seconds: float
    synthesized: int = 0


@dataclass
class BuildReport:
    """Callbacks for progress; the CLI decides how to show them."""

    started: Callable[[int, int], None] = lambda to_build, up_to_date: None
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
        return [o for o in self.outcomes if o.built]

    @property
    def synthesized(self) -> int:
        """Clips the speech engine made during this build (0 when every clip came from the cache)."""
        return self.presynthesized + sum(o.synthesized for o in self.outcomes)


def select(collection: Collection, ids: tuple[str, ...]) -> list[Routine]:
    """The routines named by id (all when none are named); UsageError lists the valid ids."""
    if not ids:
        return list(collection.routines)
    unknown = [i for i in ids if collection.routine(i) is None]
    if unknown:
        valid = ", ".join(r.id for r in collection.routines)
        raise UsageError(f"no routine with id {', '.join(repr(u) for u in unknown)} in {collection.file}; valid ids: {valid}")
    return [r for r in collection.routines if r.id in ids]


def _prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{out} exists and is not a folder; choose another with --out") from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out}: {exc.strerror}") from None
    if _read_only(out):
        raise OutputError(f"cannot write in {out}: it is on a read-only file system; choose another folder with --out")
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {out}: permission denied; choose another folder with --out")


@contextlib.contextmanager
def locked(out: Path, waiting: Callable[[Path], None]) -> Iterator[None]:
    """Hold the output folder's lock: a second build into the same folder waits for the first."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; atomic replaces still keep every file whole
        yield
        return
    try:
        fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write in {out}: {exc.strerror}; choose another folder with --out") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(out)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _read_only(folder: Path) -> bool:
    """Whether the folder's file system is mounted read-only (a clearer reason than 'permission denied')."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def sweep_temporaries(out: Path) -> None:
    """Remove temporary files a killed build left behind (only ever under the lock)."""
    for leftover in out.glob(f"{TEMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)


def _up_to_date(record: TrackRecord | None, fp: str, out: Path) -> bool:
    if record is None or record.fingerprint != fp:
        return False
    try:
        return (out / record.file).stat().st_size == record.bytes and (out / record.captions).is_file()
    except OSError:
        return False


# --- worker processes -------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _die_with_parent() -> None:
    """On Linux, a worker is killed when the build process dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _worker_init(cache: str, beep_paths: dict[str, str], messages: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _worker["cache"] = SpeechCache(Path(cache))
    _worker["beeps"] = load_beeps({k: Path(v) for k, v in beep_paths.items()})
    _worker["messages"] = messages


def _worker_build(job: TrackJob, hint: EngineHint) -> tuple[str, Any]:
    if "speaker" not in _worker:
        _worker["speaker"] = Speaker(_worker["cache"], WorkerVoice(hint.info, hint.resolved))
    speaker: Speaker = _worker["speaker"]
    messages = _worker["messages"]
    last = [0.0]

    def progress(slug: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] > 0.2 or done >= total:
            last[0] = now
            messages.put(("progress", slug, done, total))

    start, before = time.perf_counter(), speaker.synthesized
    try:
        record = build_track(job, speaker, _worker["beeps"], progress)
    except VoiceguideError as exc:
        return "error", (type(exc).__name__, str(exc))
    return "ok", TrackOutcome(record, True, time.perf_counter() - start, speaker.synthesized - before)


class _Terminated(BaseException):
    """SIGTERM, raised in the main process so the build stops like on Ctrl-C."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated


def run_build(collection: Collection, options: BuildOptions, report: BuildReport | None = None) -> BuildSummary:
    """Build the selected routines into options.out, skipping tracks that are up to date."""
    report = report or BuildReport()
    began = time.perf_counter()
    routines = select(collection, options.ids)
    _prepare_out(options.out)
    previous_handler = signal.signal(signal.SIGTERM, _on_sigterm) if _is_main_thread() else None
    try:
        with locked(options.out, report.waiting):
            sweep_temporaries(options.out)
            return _build_locked(collection, routines, options, report, began)
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)


def _is_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _build_locked(collection: Collection, routines: list[Routine], options: BuildOptions, report: BuildReport, began: float) -> BuildSummary:
    index = read_index(options.out)
    summary = BuildSummary()
    jobs: list[TrackJob] = []
    for routine in routines:
        fp = fingerprint(collection, routine, options.coaching)
        record = index.get(routine.slug)
        if not options.force and _up_to_date(record, fp, options.out):
            assert record is not None
            summary.outcomes.append(TrackOutcome(record, False, 0.0))
        else:
            jobs.append(TrackJob(collection, routine, options.out, options.coaching, fp))
    report.started(len(jobs), len(summary.outcomes))
    finished: dict[str, TrackRecord] = {}
    # Longest first: the last track to finish is a short one, so no core idles long at the end.
    jobs.sort(key=lambda j: -estimate_ms(j.routine, j.coaching))

    def record_done(outcome: TrackOutcome) -> None:
        summary.outcomes.append(outcome)
        finished[Path(outcome.record.file).stem] = outcome.record
        _write_sidecars(collection, options, index, finished)
        report.finished(outcome, len(summary.built), len(jobs))

    try:
        if jobs:
            pool = _start_pool(collection, jobs, options) if options.jobs > 1 and len(jobs) > 1 else None
            filler = CacheFiller(SpeechCache(options.cache), SPEECH_PROCESSES)
            try:
                hint = filler.start([_texts(job) for job in jobs])
                if pool is None:
                    _build_here(collection, jobs, options, hint, filler, report, record_done)
                else:
                    _build_in_workers(pool, jobs, hint, filler, report, record_done)
                summary.presynthesized = filler.count
            finally:
                filler.close()
                if pool is not None:
                    pool.stop()
        _write_sidecars(collection, options, index, finished)
    except (KeyboardInterrupt, _Terminated) as exc:
        sweep_temporaries(options.out)
        if _forget_replaced(index, jobs, finished, options.out):
            _write_sidecars(collection, options, index, finished)
        names = ", ".join(sorted(finished)) or "none"
        code = 143 if isinstance(exc, _Terminated) else 130
        what = "terminated" if code == 143 else "interrupted"
        raise Interrupted(
            f"{what}: {len(finished)} of {len(jobs)} tracks finished ({names}); every finished and earlier track is intact",
            code,
        ) from None
    summary.outcomes.sort(key=lambda o: o.record.number)
    summary.seconds = time.perf_counter() - began
    return summary


def _forget_replaced(index: dict[str, TrackRecord], jobs: list[TrackJob], finished: dict[str, TrackRecord], out: Path) -> bool:
    """Drop index records whose track a worker replaced just before the build stopped, its record lost.

    The new file is whole (it was renamed into place), but index.json and the feed would describe
    the old one; without a record, the next build makes the track again. Returns whether any went.
    """
    gone = False
    for job in jobs:
        slug = job.routine.slug
        record = index.get(slug)
        if slug in finished or record is None:
            continue
        try:
            path = out / record.file
            same = path.stat().st_size == record.bytes and sha256_file(path) == record.sha256
        except OSError:
            same = False
        if not same:
            del index[slug]
            gone = True
    return gone


def _texts(job: TrackJob) -> list[tuple[str, str, int]]:
    """Every (text, voice, rate) a track will say, as far as the engine-free estimate knows.

    "About N minutes" follows the real clips' lengths, so the texts for a length a little
    above and below the estimate are included: a text missed here would make the worker
    start an engine of its own in the middle of the longest track.
    """
    voice = job.routine.voice
    estimate = estimate_ms(job.routine, job.coaching)
    lengths = (estimate, round(estimate * (1 - ESTIMATE_SLACK)), round(estimate * (1 + ESTIMATE_SLACK)))
    texts: dict[str, None] = {}
    for ms in {words.minutes(ms): ms for ms in lengths}.values():  # one compile per length that is spoken differently
        texts.update(dict.fromkeys(compile_routine(job.routine, ms, job.coaching).texts()))
    return [(text, voice.name, voice.rate) for text in texts]


def _build_here(
    collection: Collection, jobs: list[TrackJob], options: BuildOptions, hint: EngineHint, filler: CacheFiller, report: BuildReport, done: Callable[[TrackOutcome], None]
) -> None:
    beeps = load_beeps(sound_paths(collection))
    speaker = Speaker(SpeechCache(options.cache), WorkerVoice(hint.info, hint.resolved))
    try:
        for i in filler.ready(len(jobs)):  # each track as soon as its speech is cached
            job = jobs[i]
            start, before = time.perf_counter(), speaker.synthesized
            record = build_track(job, speaker, beeps, report.progress)
            done(TrackOutcome(record, True, time.perf_counter() - start, speaker.synthesized - before))
    finally:
        speaker.close()


class _Pool:
    """Worker processes started early, so their imports overlap the speech synthesis."""

    def __init__(self, collection: Collection, jobs: list[TrackJob], options: BuildOptions) -> None:
        load_beeps(sound_paths(collection))  # a missing beep is reported once, before any worker starts
        # fork where there is one: workers start without importing everything again (no threads run yet)
        self.context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        self.messages = self.context.Queue()
        self.size = min(options.jobs, len(jobs))
        self.cache = str(options.cache)
        self.beep_paths = {k: str(v) for k, v in sound_paths(collection).items()}
        self.pool: Any = None

    def start(self) -> Any:
        if self.pool is None:
            # Workers start with Ctrl-C ignored (an ignored signal stays ignored across fork and exec),
            # so a Ctrl-C cannot print their tracebacks, and with SIGTERM's default action, so the
            # pool can stop them; the parent handles both signals itself.
            saved = {}
            if _is_main_thread():
                saved = {sig: signal.signal(sig, how) for sig, how in ((signal.SIGINT, signal.SIG_IGN), (signal.SIGTERM, signal.SIG_DFL))}
            try:
                self.pool = self.context.Pool(self.size, _worker_init, (self.cache, self.beep_paths, self.messages))
            finally:
                for sig, handler in saved.items():
                    signal.signal(sig, handler)
        return self.pool

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


def _start_pool(collection: Collection, jobs: list[TrackJob], options: BuildOptions) -> _Pool:
    workers = _Pool(collection, jobs, options)
    workers.start()
    return workers


def _build_in_workers(workers: _Pool, jobs: list[TrackJob], hint: EngineHint, filler: CacheFiller, report: BuildReport, done: Callable[[TrackOutcome], None]) -> None:
    pool = workers.start()
    pending: list[Any] = []
    dispatched = 0
    while dispatched < len(jobs) or pending:
        while dispatched < len(jobs):  # hand out each track as soon as its speech is cached
            try:
                i = filler.next_ready(timeout=0 if pending else 0.05)
            except queue.Empty:
                break
            pending.append(pool.apply_async(_worker_build, (jobs[i], hint)))
            dispatched += 1
        try:
            kind, *rest = workers.messages.get(timeout=0.1)
            if kind == "progress":
                report.progress(*rest)
        except queue.Empty:
            pass
        for result in [p for p in pending if p.ready()]:
            pending.remove(result)
            status, value = result.get()
            if status == "error":
                raise _error_from(value)
            done(value)
    pool.close()
    pool.join()


def _error_from(value: tuple[str, str]) -> VoiceguideError:
    from . import errors

    cls = getattr(errors, value[0], VoiceguideError)
    try:
        return cls(value[1])
    except TypeError:
        return VoiceguideError(value[1])


def _write_sidecars(collection: Collection, options: BuildOptions, index: dict[str, TrackRecord], finished: dict[str, TrackRecord]) -> None:
    """index.json and playlist.m3u8 list every track of the collection that exists in the folder."""
    records = []
    for routine in collection.routines:
        record = finished.get(routine.slug) or index.get(routine.slug)
        if record is not None and (options.out / record.file).is_file():
            records.append(record)
    write_index(options.out, collection.title, records)
    write_playlist(options.out, collection.title, records)
    publish(options.out, collection, records, options.base_url)  # feed.xml, chapters, cover, web player


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def stdout_is_terminal() -> bool:
    """Whether progress can redraw one line."""
    return sys.stdout.isatty()
