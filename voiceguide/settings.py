"""Every default and tuning constant, declared once in DEFAULTS and hashed whole into each track's fingerprint.

The routine format's defaults (pace, voice) and the constants that shape what a track sounds
like (timing, loudness, encoding) live here and nowhere else: the format's help texts, the
docs' defaults (checked by a test) and the fingerprint all read them from DEFAULTS, so a new
knob can never be left out of a rebuild decision. How a build runs (timeouts, processes, limits,
serving) is declared in `settings_running` and is part of DEFAULTS too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

from .settings_running import Limits, Piper, Platform, Serving, Speech


@dataclass(frozen=True)
class Pace:
    """Timing defaults of the routine format, in milliseconds (countdown in seconds)."""

    rep_ms: int = 3000
    """One repetition."""
    breath_ms: int = 5000
    """One deep breath, in and out."""
    rest_ms: int = 15000
    """Rest between sets and between rounds."""
    switch_ms: int = 5000
    """Time to change sides."""
    transition_ms: int = 5000
    """Time to get into position after the spoken preview."""
    countdown: int = 3
    """Seconds counted down aloud before timed work; 0 turns it off."""
    relax_ms: int = 2000
    """After each held rep (`hold_each`), before the next one."""
    between_ms: int | None = None
    """Exercise to exercise, exactly (end of one's counted work to the start of the next's); None: the preview and
    `pace.transition` come between them (version 1 timing)."""

    KEYS: ClassVar[dict[str, str]] = {
        "rep": "rep_ms",
        "breath": "breath_ms",
        "rest": "rest_ms",
        "switch": "switch_ms",
        "transition": "transition_ms",
        "countdown": "countdown",
        "relax": "relax_ms",
        "between": "between_ms",
    }
    """The routine format's key for each field."""

    def overridden(self, values: Mapping[str, Any] | None) -> Pace:
        """This pace with the keys written in a `pace:` mapping (format key -> value) replaced."""
        if not values:
            return self
        return dataclasses.replace(self, **{self.KEYS[k]: v for k, v in values.items()})


ENGINE_KEYS: dict[str, tuple[str, ...]] = {
    "pyttsx3": ("name", "rate", "driver"),
    "piper": ("model", "speed", "speaker", "data_dir"),
    "command": ("command", "name"),
}
"""Each speech engine's own keys in a `voice:` mapping (besides `engine`); another engine's key is an error."""


@dataclass(frozen=True)
class VoiceSettings:
    """Which speech engine speaks, with which voice, and how fast."""

    engine: str = "pyttsx3"
    """The speech engine's name in the speech stage's registry: pyttsx3, piper or command."""
    name: str = "en-us"
    """pyttsx3: a voice id or language tag (espeak's US English: clearest in a Whisper test); command: {voice}."""
    rate: int = 165
    """pyttsx3: words per minute, on every driver (pyttsx3 turns it into SAPI's -10..10 scale on Windows)."""
    driver: str = ""
    """pyttsx3's driver: espeak, nsss, avspeech or sapi5; empty for the platform's default (DEFAULT_DRIVERS)."""
    model: str = "en_US-joe-medium"
    """piper: a voice name (NAME.onnx and NAME.onnx.json in a voice folder) or the path of a .onnx file."""
    speed: float = 1.0
    """piper: how fast, 1.0 being the voice's own pace (its length scale is 1 / speed)."""
    speaker: int = 0
    """piper: the speaker's number in a voice with several speakers."""
    data_dir: str = ""
    """piper: a folder searched first for the voice by name (absolute once loaded)."""
    command: tuple[str, ...] = ()
    """command: the program and its arguments, with {text}, {out} and {voice} filled in for each clip."""

    KEYS: ClassVar[dict[str, str]] = {
        key: key for key in ("engine", "name", "rate", "driver", "model", "speed", "speaker", "data_dir", "command")
    }
    """The routine format's key for each field (the same names)."""

    DRIVERS: ClassVar[tuple[str, ...]] = ("espeak", "nsss", "avspeech", "sapi5")
    """pyttsx3's drivers, each speaking with one system's voices (espeak-ng anywhere, macOS's, Windows')."""
    DEFAULT_DRIVERS: ClassVar[dict[str, str]] = {"darwin": "nsss", "win32": "sapi5"}
    """pyttsx3's default driver by `sys.platform`; espeak anywhere else."""

    @staticmethod
    def names_file(model: str) -> bool:
        """Whether a piper `model` names a .onnx file (else it is a voice name to look up in voice folders)."""
        return model.endswith(".onnx") or "/" in model or "\\" in model

    def overridden(self, values: Mapping[str, Any] | None) -> VoiceSettings:
        """These settings with the keys written in a `voice:` mapping replaced."""
        if not values:
            return self
        changes: dict[str, Any] = {self.KEYS[k]: tuple(v) if k == "command" else v for k, v in values.items()}
        return dataclasses.replace(self, **changes)

    def pyttsx3_driver(self, platform: str) -> str:
        """The pyttsx3 driver these settings speak with on a platform (a `sys.platform` value)."""
        return self.driver or self.DEFAULT_DRIVERS.get(platform, "espeak")


@dataclass(frozen=True)
class SystemVoices:
    """Which of a system's voices speaks a language tag (such as en-us) that is not a voice id.

    Each driver's list is tried in order among the voices of that language, after the system's own
    default voice; the first voice of the language speaks when none of them is installed.
    """

    preferred: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "nsss": ("Samantha", "Alex", "Daniel", "Karen", "Moira", "Anna", "Thomas", "Monica", "Paulina", "Alice"),
            "avspeech": ("Samantha", "Alex", "Daniel", "Karen", "Moira", "Anna", "Thomas", "Monica", "Alice"),
            "sapi5": ("Zira", "David", "Hazel", "George", "Hedda", "Katja", "Helena", "Hortense", "Elsa"),
        }
    )
    """Per driver, voice names in order of preference: macOS's and Windows' clearest voice for each language."""


@dataclass(frozen=True)
class Language:
    """The spoken language: its phrase pack (voiceguide/phrases/packs/) and each language's default voice."""

    default: str = "en"
    """The language of a routine file that names none."""
    voices: tuple[tuple[str, str], ...] = (("de", "de"), ("en", VoiceSettings.name), ("es", "es"), ("fr", "fr"))
    """The voice.name used for each language when the routine file names no voice: a language tag every engine
    resolves (espeak-ng through pyttsx3: gmw/de, gmw/en-us, roa/es, roa/fr; macOS and Windows voices by their tags)."""

    def voice_for(self, language: str) -> str:
        """The default voice.name for a language (its own tag when the table has none)."""
        return dict(self.voices).get(language, language)


@dataclass(frozen=True)
class Coaching:
    """Where the coaching rules put cues inside counted time."""

    lead_ms: int = 400
    """Beat cues sit this long after a window's start, so the start beep is heard first."""
    halfway_from_ms: int = 20_000
    """Holds at least this long hear 'halfway'."""
    ten_left_from_ms: int = 30_000
    """Holds at least this long hear 'ten seconds left'."""
    next_margin_ms: int = 300
    """A rest's 'next' cue ends this long before its countdown."""


@dataclass(frozen=True)
class SpeechEstimate:
    """How long an engine takes to say a sentence, without the engine: for `check` and the spoken length.

    Fitted on the seed's 140 distinct sentences as espeak-ng says them at 165 words a minute
    (root-mean-square error 0.24 s a sentence): seconds = base + letters x per_letter + pauses x per_pause,
    scaled by the rate.
    """

    base_s: float = -0.195
    per_letter_s: float = 0.0647
    per_pause_s: float = 0.408
    """Per punctuation mark that makes the voice pause (. , ; : ! ?)."""
    at_rate: int = 165


@dataclass(frozen=True)
class Timing:
    """Silences the timeline puts around speech."""

    head_ms: int = 500
    """Silence before the first word."""
    tail_ms: int = 1500
    """Silence after the last word."""
    speech_gap_ms: int = 400
    """Silence after a sentence spoken outside a window."""
    cue_gap_ms: int = 120
    """The least silence between two sounds inside a window."""


@dataclass(frozen=True)
class Audio:
    """Clip processing and loudness."""

    track_rate: int = 44100
    """Every track is mono at this rate."""
    target_lufs: float = -16.0
    """Integrated loudness of every clip, and so of every track (spoken audio on phones)."""
    clip_ceiling_dbtp: float = -3.0
    """True-peak ceiling of a levelled clip."""
    track_ceiling_dbtp: float = -2.5
    """True-peak ceiling of the track going into the encoder. MP3 raises true peaks (by up to 0.8 dB in seed
    tracks at 96 kbps), so 1.5 dB are kept below the -1 dBTP that phones expect in the file."""
    silence_dbfs: float = -55.0
    """Below this, an engine's leading and trailing samples count as silence and are trimmed."""
    compressor: tuple[float, float, float, float] = (-24.0, 4.0, 1.0, 60.0)
    """The voice's compressor: threshold dB, ratio, attack ms, release ms (an even voice on a phone speaker)."""
    limiter: tuple[float, float] = (-3.0, 50.0)
    """The voice's limiter: threshold dB, release ms."""
    block: int = 1 << 16
    """Samples per rendered block (about 1.5 s): memory does not grow with the track."""


@dataclass(frozen=True)
class Encoder:
    """The MP3 encoder and its settings: everything about encoding that changes the bytes."""

    name: str = "pedalboard-lame"
    kbps: int = 96
    """Constant bit rate: exact seeking in every player; clear mono speech. At 64 kbps LAME's quantization raised a
    cue's true peak by up to 1.5 dB in the seed tracks (breaking the -1 dBTP ceiling); at 96 kbps by up to 0.8 dB."""
    gain_db: float = 20 * math.log10(0.95)
    """LAME scales constant-bit-rate input by 0.95 in pedalboard's writer: measured as -0.43 dB in every band of a
    decoded seed track (VBR does not); the renderer makes up for it so the file meets the loudness target."""

    @property
    def quality(self) -> str:
        """pedalboard's quality string for this bit rate."""
        return f"{self.kbps} kbps"


@dataclass(frozen=True)
class MusicBed:
    """The music bed under the voice (`music:`): its level, how it ducks ahead of every cue, how its files join."""

    level_lufs: float = -30.0
    """Loudness of the bed between cues: 14 LU under the voice's -16 LUFS, whatever the file's own loudness."""
    duck_db: float = 12.0
    """How far the bed goes down under every cue and beep."""
    during: str = "all"
    """Where the bed plays: all, work (inside counted work only) or rests (everywhere but counted work)."""
    attack_ms: int = 250
    """The ramp down into a duck; it ends `lead_ms` before the cue's first sample (the timeline knows where)."""
    lead_ms: int = 50
    """The bed is at its ducked depth this long before a cue starts."""
    release_ms: int = 500
    """The ramp back up, starting as the cue ends."""
    hold_ms: int = 1000
    """The bed stays down across a gap between cues shorter than this (no pumping between words)."""
    crossfade_ms: int = 1000
    """Equal-power crossfade where a file loops or the next file starts; a file must last at least two."""
    fade_in_ms: int = 2000
    """The fade in at the start of the track."""
    fade_out_ms: int = 2500
    """The fade out that starts under 'Workout complete' (the bed is silent after it)."""
    gate_ms: int = 1000
    """The ramp where `during` turns the bed off (ending before the window that silences it) or on again."""
    gate_gap_ms: int = 3000
    """With `during`, work windows closer than this count as one (a relax between held reps does not toggle it)."""
    limit_db: float = 3.0
    """With music, the voice may be this much louder than its peaks allow, a true-peak limiter holding them: the
    music's blocks count in a sparse track's gated loudness (the seed's sparsest needs 0.8 dB to stay on target)."""
    silence_dbfs: float = -60.0
    """A file's leading and trailing samples below this are not played (an MP3's encoder delay and padding)."""
    keep_s: int = 60
    """A file this short or shorter is decoded once per process and kept (a loop); longer files stream each time."""
    resample_quality: str = "WindowedSinc8"
    """pedalboard's resampler for files at another rate (its default, WindowedSinc32, is four times slower)."""


@dataclass(frozen=True)
class Picture:
    """How a timeline is drawn as a picture (`plan --svg` and the NN-id.svg beside each track).

    The picture is `width` units wide and scales to whatever width it is shown at; its text takes one
    of three sizes by that width (the widths are CSS pixels), so it stays legible on a phone and on a laptop.
    """

    width: int = 1000
    """The picture's width in its own units (its viewBox)."""
    row_seconds: tuple[int, ...] = (60, 120, 180, 300, 600, 900, 1800, 3600)
    """Time one row may show: the shortest of these that keeps the track within `max_rows` rows."""
    max_rows: int = 8
    axis_steps: tuple[tuple[int, int], ...] = (
        (15, 5),
        (30, 10),
        (60, 15),
        (120, 30),
        (300, 60),
        (600, 120),
        (900, 300),
    )
    """(labelled, unlabelled) tick spacing in seconds: the first whose labels split a row into at most six."""
    text_sizes: tuple[int, int, int] = (28, 20, 14)
    """Text sizes in units when shown at most `narrow_px`, at most `middle_px`, and wider."""
    narrow_px: int = 480
    middle_px: int = 800
    char_width: float = 0.6
    """A character's width as a fraction of the text size, for deciding what fits (generous for wide fonts)."""
    colours: tuple[tuple[str, str, str], ...] = (
        ("work", "#f08c00", "#ffa94d"),
        ("work-alt", "#ffc078", "#ffd8a8"),
        ("hold", "#e64980", "#f783ac"),
        ("breaths", "#12b886", "#38d9a9"),
        ("rest", "#4dabf7", "#74c0fc"),
        ("relax", "#a5d8ff", "#a5d8ff"),
        ("switch", "#fcc419", "#ffe066"),
        ("transition", "#9775fa", "#b197fc"),
        ("get-ready", "#ced4da", "#5c636a"),
        ("speech", "#495057", "#dee2e6"),
        ("beep", "#e03131", "#ff8787"),
    )
    """(what, fill in light mode, fill in dark mode): window kinds by group (work-alt: every other phase of a cycle,
    such as the walks between runs), then the sound lanes."""


@dataclass(frozen=True)
class Settings:
    """All of voiceguide's defaults and tuning constants."""

    pace: Pace = field(default_factory=Pace)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    language: Language = field(default_factory=Language)
    system_voices: SystemVoices = field(default_factory=SystemVoices)
    coaching: Coaching = field(default_factory=Coaching)
    estimate: SpeechEstimate = field(default_factory=SpeechEstimate)
    timing: Timing = field(default_factory=Timing)
    audio: Audio = field(default_factory=Audio)
    encoder: Encoder = field(default_factory=Encoder)
    music: MusicBed = field(default_factory=MusicBed)
    speech: Speech = field(default_factory=Speech)
    piper: Piper = field(default_factory=Piper)
    serving: Serving = field(default_factory=Serving)
    platform: Platform = field(default_factory=Platform)
    picture: Picture = field(default_factory=Picture)
    limits: Limits = field(default_factory=Limits)

    def digest(self) -> str:
        """A hash of every value here: part of every track's fingerprint."""
        text = json.dumps(dataclasses.asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


DEFAULTS = Settings()
"""The one declared set of defaults."""


def to_samples(ms: int, rate: int) -> int:
    """Milliseconds to samples: the one rounding rule (half up)."""
    return (ms * rate + 500) // 1000
