"""One track from one routine: compile, synthesize, schedule, render and export, with its fingerprint."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import wave
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable


from . import __version__, audio, compile as compiler, timeline as tl, words
from .audio import TRACK_RATE, Clip
from .compile import Script
from .errors import SoundError
from .export import ENCODER, ENCODER_GAIN_DB, Tags, sha256_file, write_text, write_track
from .render import render_blocks, track_gain_db
from .routine import Collection, Routine
from .sidecars import TrackRecord, captions, timeline_parts
from .speech import Speaker

Progress = Callable[[str, int, int], None]
"""Called with (slug, samples rendered so far, samples in the track)."""


def package_sound(name: str) -> Path:
    """A default beep: inside the installed package, or in the checkout's sounds/ folder."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sounds" / f"{name}.wav", here.parent / "sounds" / f"{name}.wav"):
        if candidate.is_file():
            return candidate
    return here / "sounds" / f"{name}.wav"


def sound_paths(collection: Collection) -> dict[str, Path]:
    """The start and end beeps this collection uses."""
    return {
        tl.START_BEEP: collection.start_sound or package_sound("start"),
        tl.END_BEEP: collection.end_sound or package_sound("end"),
    }


def _sound_fix(path: Path) -> str:
    """What to do about a bad beep: the user's own, or one that came with voiceguide."""
    if path in (package_sound("start"), package_sound("end")):
        return "reinstall voiceguide (pip install --force-reinstall voiceguide)"
    return "replace it with a mono WAV under 2 s, or drop `sounds:` from the routine file to use the built-in beeps"


def load_beeps(paths: dict[str, Path]) -> dict[str, Clip]:
    """The beeps as levelled clips; SoundError names a missing or unreadable file."""
    beeps = {}
    for key, path in paths.items():
        try:
            pcm, rate = audio.read_wav(path.read_bytes())
        except FileNotFoundError:
            raise SoundError(f"the beep {path} is missing; {_sound_fix(path)}") from None
        except (OSError, EOFError, wave.Error, ValueError) as exc:
            raise SoundError(f"the beep {path} is not a readable PCM WAV file ({exc}); {_sound_fix(path)}") from None
        if not len(pcm) or len(pcm) > rate * 2:
            raise SoundError(f"the beep {path} must last between 1 ms and 2 s; {_sound_fix(path)}")
        beeps[key] = audio.prepare_beep(key, pcm, rate)
    return beeps


def build_year(collection: Collection) -> int:
    """The year tag: from routines.yaml, else SOURCE_DATE_EPOCH, else this year."""
    if collection.year:
        return collection.year
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).year
    return datetime.now(timezone.utc).year


def track_tags(collection: Collection, routine: Routine) -> Tags:
    """The ID3 tags of a routine's track."""
    cover = collection.cover.read_bytes() if collection.cover else None
    mime = "image/png" if collection.cover and collection.cover.suffix.lower() == ".png" else "image/jpeg"
    comment = collection.source
    return Tags(
        title=routine.title,
        artist=routine.coach,
        album=collection.title,
        track=routine.number,
        tracks=len(collection.routines),
        year=build_year(collection),
        comment=comment,
        cover=cover,
        cover_mime=mime,
    )


def fingerprint(collection: Collection, routine: Routine, coaching: str | None) -> str:
    """A hash of everything the track's bytes depend on (not where the routine sits in the file)."""
    script = compiler.compile_routine(routine, None, coaching)
    tags = track_tags(collection, routine)
    sounds = {k: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "missing" for k, p in sound_paths(collection).items()}
    parts = [
        __version__,
        ENCODER,
        [audio.TARGET_LUFS, audio.CEILING_DBTP, audio.TRACK_CEILING_DBTP, audio.SILENCE_DBFS, compiler.LEAD_MS, tl.HEAD_MS, tl.TAIL_MS, tl.SPEECH_GAP_MS, tl.CUE_GAP_MS],
        repr(script),
        dataclasses.asdict(routine.voice),
        repr(dataclasses.replace(tags, cover=None)),
        hashlib.sha256(tags.cover).hexdigest() if tags.cover else None,
        sounds,
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Planned:
    """A routine scheduled: its script, timeline and clips."""

    script: Script
    timeline: tl.Timeline
    clips: dict[str, Clip]


def plan_routine(routine: Routine, speaker: Speaker, beeps: dict[str, Clip], coaching: str | None) -> Planned:
    """Compile and schedule a routine with real clip lengths; the spoken total matches the track's length."""
    spoken_ms = compiler.estimate_ms(routine, coaching)
    script = compiler.compile_routine(routine, spoken_ms, coaching)
    for _ in range(4):
        clips = {**speaker.clips(script.texts(), routine.voice.name, routine.voice.rate), **beeps}
        timeline = tl.schedule(script, {k: c.length for k, c in clips.items()}, TRACK_RATE)
        actual_ms = timeline.length * 1000 // TRACK_RATE
        if words.minutes(actual_ms) == words.minutes(spoken_ms):
            break
        spoken_ms = actual_ms
        script = compiler.compile_routine(routine, spoken_ms, coaching)
    return Planned(script, timeline, clips)


@dataclass(frozen=True)
class TrackJob:
    """Everything a worker needs to build one track."""

    collection: Collection
    routine: Routine
    out: Path
    coaching: str | None
    fingerprint: str


def build_track(job: TrackJob, speaker: Speaker, beeps: dict[str, Clip], progress: Progress | None = None) -> TrackRecord:
    """Build one routine's MP3 and captions into job.out; returns its index record."""
    routine = job.routine
    planned = plan_routine(routine, speaker, beeps, job.coaching)
    timeline = planned.timeline
    mp3 = job.out / f"{routine.slug}.mp3"
    vtt = job.out / f"{routine.slug}.vtt"
    done = 0

    def on_block(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(routine.slug, done, timeline.length)

    gain = track_gain_db(timeline, planned.clips, after_db=ENCODER_GAIN_DB)
    write_track(mp3, render_blocks(timeline, planned.clips, gain), TRACK_RATE, track_tags(job.collection, routine), timeline.chapters, on_block)
    write_text(vtt, captions(timeline))
    chapters, windows = timeline_parts(timeline)
    return TrackRecord(
        id=routine.id,
        number=routine.number,
        title=routine.title,
        coach=routine.coach,
        file=mp3.name,
        captions=vtt.name,
        length=round(timeline.length / TRACK_RATE, 6),
        bytes=mp3.stat().st_size,
        sha256=sha256_file(mp3),
        fingerprint=job.fingerprint,
        chapters=chapters,
        windows=windows,
        exercises=[e.name for e in routine.exercises()],
    )

