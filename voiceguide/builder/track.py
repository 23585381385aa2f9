"""One track from one routine: its compiled script scheduled with real clips, rendered, encoded and recorded."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__
from ..audio.bed import BedMix
from ..audio.beeps import sound_paths
from ..audio.clips import Clip
from ..audio.music import MusicFile, file_hash, measure
from ..coaching.estimate import END_BEEP_MS, spoken_ms_estimate
from ..coaching.limits import MAX_TRACK_MS
from ..coaching.script import Script
from ..errors import Problem, RoutineError, VoiceguideError
from ..output.captions import captions
from ..output.files import sha256_file, write_text
from ..output.index import TrackRecord, timeline_parts
from ..output.mp3 import ENCODER, write_track
from ..output.tags import music_credit, track_tags
from ..render import render_blocks, track_gain_db
from ..routine.model import Collection, Routine
from ..settings import DEFAULTS, to_samples
from ..sounds import END_BEEP, START_BEEP, BeepKey, SoundKey, SpeechKey, Voicing
from ..speech.registry import voice_files
from ..speech.speaker import Speaker
from ..text import quoted
from ..timeline.bed import plan_bed
from ..timeline.picture import picture_svg
from ..timeline.schedule import Timeline, clock, schedule

Progress = Callable[[str, int, int], None]
"""Called with (slug, samples rendered so far, samples in the track)."""
RATE = DEFAULTS.audio.track_rate


def voicing(routine: Routine) -> Voicing:
    """How the routine's text becomes speech keys: its voice, in its language, and its pronunciations (spoken
    text only)."""
    return Voicing(routine.voice, routine.language, pronounce=routine.pronounce)


def speech_keys(script: Script, routine: Routine) -> list[SpeechKey]:
    """Every distinct sentence the track says, as the speech keys its voice needs, in first-use order."""
    say = voicing(routine)
    return [say.key(text) for text in script.texts()]


def fingerprint(collection: Collection, routine: Routine, script: Script) -> str:
    """A hash of everything the track's bytes depend on (not where the routine sits in the file)."""
    tags = track_tags(collection, routine)
    sounds = {
        key.name: sha256_file(path) if path.is_file() else "missing" for key, path in sound_paths(collection).items()
    }
    parts = [
        __version__,
        DEFAULTS.digest(),
        repr(script),
        dataclasses.asdict(voicing(routine)),
        voice_files(routine.voice),
        repr(dataclasses.replace(tags, cover=None)),
        hashlib.sha256(tags.cover).hexdigest() if tags.cover else None,
        sounds,
    ]
    music = routine.music_used()
    if music:
        parts.append({name: _hash(path) for m in music for name, path in zip(m.names, m.files)})
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=256)
def _hash_of(path: Path, mtime_ns: int, size: int) -> str:
    return file_hash(path)


def _hash(path: Path) -> str:
    """A music file's content hash, read once per build (and again whenever the file changes); 'missing'."""
    try:
        stat = path.stat()
        return _hash_of(path, stat.st_mtime_ns, stat.st_size)
    except (OSError, VoiceguideError):
        return "missing"


@dataclass(frozen=True)
class Planned:
    """A script scheduled with real clips: its timeline and the clips it plays."""

    timeline: Timeline
    clips: dict[SoundKey, Clip]


def estimated_timeline(script: Script, routine: Routine) -> Timeline:
    """The script scheduled with estimated clip lengths (no engine): what `check` can say about dropped cues."""
    say = voicing(routine)
    lengths: dict[SoundKey, int] = {
        say.key(t): to_samples(spoken_ms_estimate(t, routine.voice), RATE) for t in script.texts()
    }
    lengths[START_BEEP], lengths[END_BEEP] = to_samples(170, RATE), to_samples(END_BEEP_MS, RATE)
    return schedule(script, say, lengths, RATE)


def plan_track(script: Script, routine: Routine, speaker: Speaker, beeps: dict[BeepKey, Clip]) -> Planned:
    """Schedule a compiled script with its clips' real lengths."""
    speech = speaker.clips(speech_keys(script, routine))
    clips: dict[SoundKey, Clip] = {key: clip for part in (speech, beeps) for key, clip in part.items()}
    timeline = schedule(script, voicing(routine), {k: c.length for k, c in clips.items()}, RATE)
    return Planned(timeline, clips)


@dataclass(frozen=True)
class TrackJob:
    """Everything a worker needs to build one track."""

    collection: Collection
    routine: Routine
    script: Script
    """The routine compiled, once, by the build."""
    out: Path
    fingerprint: str
    music: dict[Path, MusicFile] = field(default_factory=dict)
    """Every music file the track plays, measured once by the build."""


def measure_music(jobs: list[TrackJob]) -> list[TrackJob]:
    """The jobs with every music file they play measured, each once: MusicError for a bad one, before any is built."""
    measured: dict[Path, MusicFile] = {}
    done = []
    for job in jobs:
        for music in job.routine.music_used():
            for path in music.files:
                if path not in measured:
                    measured[path] = measure(path, RATE, music)
        paths = {p for music in job.routine.music_used() for p in music.files}
        done.append(dataclasses.replace(job, music={p: measured[p] for p in paths}))
    return done


def check_length(timeline: Timeline, script: Script, routine: Routine) -> None:
    """RoutineError when the track, as really spoken, passes the 4-hour limit that `check` applied to its estimate."""
    if timeline.length <= to_samples(MAX_TRACK_MS, RATE):
        return
    w = routine.where
    message = (
        f"routine {quoted(routine.id)} lasts {clock(timeline.length / RATE)[:-2]} as spoken (estimated "
        f"{clock(script.estimate_ms / 1000)[:-2]}); a track may be at most 4 hours: shorten its texts, or use fewer "
        "rounds, sets or exercises"
    )
    raise RoutineError([Problem(w.file, w.line, w.column, message)], during_build=True)


def build_track(
    job: TrackJob, speaker: Speaker, beeps: dict[BeepKey, Clip], progress: Progress | None = None
) -> tuple[TrackRecord, int]:
    """Build one routine's MP3, captions and picture into job.out; returns its record and the cues left out."""
    routine = job.routine
    planned = plan_track(job.script, routine, speaker, beeps)
    timeline = planned.timeline
    check_length(timeline, job.script, routine)
    mp3 = job.out / f"{routine.slug}.mp3"
    vtt = job.out / f"{routine.slug}.vtt"
    svg = job.out / f"{routine.slug}.svg"
    done = 0

    def on_block(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(routine.slug, done, timeline.length)

    bed_plan = plan_bed(timeline)
    bed = BedMix(bed_plan, job.music, ENCODER.gain_db) if bed_plan else None
    try:
        gain = track_gain_db(timeline, planned.clips, after_db=ENCODER.gain_db, bed=bed)
        blocks = render_blocks(timeline, planned.clips, gain, bed=bed, after_db=ENCODER.gain_db)
        write_track(mp3, blocks, RATE, track_tags(job.collection, routine), timeline.chapters, on_block)
    finally:
        if bed is not None:
            bed.close()
    write_text(vtt, captions(timeline, routine.language))
    write_text(svg, picture_svg(timeline))
    chapters, windows = timeline_parts(timeline)
    record = TrackRecord(
        id=routine.id,
        number=routine.number,
        title=routine.title,
        coach=routine.coach,
        file=mp3.name,
        captions=vtt.name,
        picture=svg.name,
        length=round(timeline.length / RATE, 6),
        bytes=mp3.stat().st_size,
        sha256=sha256_file(mp3),
        fingerprint=job.fingerprint,
        chapters=chapters,
        windows=windows,
        exercises=[e.name for e in routine.exercises()],
        music=music_credit(routine),
        language=routine.language,
    )
    return record, len(timeline.dropped)
