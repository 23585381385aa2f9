"""The pyttsx3 engine's own process: `python -m voiceguide.speech.pyttsx3_worker [--driver NAME]`.

pyttsx3 runs here, not in the build, so that a driver that prints, hangs or
crashes cannot reach the user's terminal or stall a build: the parent reads
one JSON line per request with a timeout and restarts this process if needed.
One process speaks with one driver (espeak, nsss, avspeech or sapi5; by default
pyttsx3's default for the platform). `VOICEGUIDE_PYTTSX3_DRIVER_PATH` names
folders searched for driver modules before pyttsx3's own (tests put stand-ins there).

Requests and replies are JSON lines on stdin and on a private copy of stdout;
the real stdout and stderr point at the null device while the driver runs.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import sys
import threading
from pathlib import Path
from typing import Any, Callable, TextIO

from ..audio.decode import audio_frames
from ..portable import ignore_interrupts, watch_parent
from ..settings import DEFAULTS, VoiceSettings
from .pyttsx3_drivers import DRIVERS, cannot_save, driver_fix


def load_espeak() -> str:
    """Make libespeak-ng loadable for pyttsx3: the system's, else the espeakng-loader wheel's. Returns which."""
    mode = os.environ.get("VOICEGUIDE_ESPEAK", "auto")
    if mode in ("auto", "system"):
        try:
            ctypes.CDLL("libespeak-ng.so.1", mode=ctypes.RTLD_GLOBAL)
            return "system"
        except OSError:
            if mode == "system":
                raise RuntimeError(
                    "no system espeak-ng library (libespeak-ng.so.1); install it with: sudo apt install espeak-ng,"
                    " or unset VOICEGUIDE_ESPEAK to use the espeakng-loader wheel"
                ) from None
    try:
        import espeakng_loader
    except ImportError:
        raise RuntimeError(
            f"no speech engine: espeak-ng is not installed; install it with: {DRIVERS['espeak'].fix}"
        ) from None
    # The wheel's library has the SONAME libespeak-ng.so.1: loaded globally first, pyttsx3's
    # own dlopen("libespeak-ng.so.1") finds it. Its voices live in the wheel's data folder.
    ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
    os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()
    return "espeakng-loader"


def system_version() -> str:
    """The operating system's release (macOS 14.5, Windows 10.0.22631): the system's voices change with it."""
    system = platform.system()
    if system == "Darwin":
        return f"macOS {platform.mac_ver()[0]}"
    return f"{system} {platform.version() if system == 'Windows' else platform.release()}"


class Engine:
    """pyttsx3 with one driver, initialised once per process."""

    def __init__(self, driver: str) -> None:
        self.driver = driver
        self.shape = DRIVERS[driver]
        if driver == "espeak" and platform.system() == "Linux":
            self.library = load_espeak()
        else:
            self.library = f"{self.shape.speaks_with}, {system_version()}"
        import pyttsx3
        import pyttsx3.drivers

        extra = os.environ.get("VOICEGUIDE_PYTTSX3_DRIVER_PATH")
        if extra:
            pyttsx3.drivers.__path__[:0] = extra.split(os.pathsep)
        self.pyttsx3 = pyttsx3
        self.engine = pyttsx3.init(driver)
        # With espeak, runAndWait can return before the clip is written (synthesis goes on in
        # espeak's own thread); the finished-utterance notification comes after the file is saved.
        self.finished = threading.Event()
        self.settings: tuple[str, int] | None = None
        self.engine.connect("finished-utterance", lambda **_: self.finished.set())
        self.default_voice = str(self.engine.getProperty("voice") or "")
        self.voices = [
            {"id": v.id, "name": v.name or "", "languages": [str(x) for x in (v.languages or [])]}
            for v in self.engine.getProperty("voices")
        ]
        if not self.shape.holds:
            # An empty first run leaves pyttsx3 idle (it starts busy), as every later run does.
            self.engine.runAndWait()

    def version(self) -> str:
        """pyttsx3's version and the driver's: espeak's library, or the system's release for the system's voices."""
        from importlib.metadata import version as dist_version

        version = f"pyttsx3-{dist_version('pyttsx3')}/{self.driver}"
        if self.driver == "espeak":
            from pyttsx3.drivers import _espeak

            info = _espeak.dll.espeak_Info
            info.restype = ctypes.c_char_p
            info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
            return version + "-" + (info(None) or b"unknown").decode("ascii", "replace")
        return f"{version}-{system_version()}"

    def resolve_voice(self, wanted: str) -> str:
        """The engine's id for a voice id, a voice name or a language tag (en-us, en_US, de)."""
        return resolve_voice(self.voices, wanted, self.choose)

    def choose(self, speaking: list[dict[str, Any]]) -> dict[str, Any]:
        """Of the voices that speak a language: the system's default voice, else the clearest one installed."""
        for voice in speaking:
            if voice["id"] == self.default_voice:
                return voice
        for name in DEFAULTS.system_voices.preferred.get(self.driver, ()):
            for voice in speaking:
                if name.lower() in _words(voice["name"]) or _last_part(voice["id"]) == name.lower():
                    return voice
        return speaking[0]

    def say(self, text: str, voice: str, rate: int, path: str) -> None:
        """Speak text into a file at path (tried up to three times if the engine drops it)."""
        driver = self.engine.proxy._driver
        if not self.shape.saves or not hasattr(driver, "save_to_file"):
            raise CannotSave(cannot_save(self.driver))
        settings = (self.resolve_voice(voice), rate)
        if settings != self.settings:
            # Straight to the driver, between runs: a run of its own would repeat espeak's last clip,
            # and a change inside a synthesis's run can cancel it in espeak's asynchronous mode.
            driver.setProperty("voice", settings[0])
            driver.setProperty("rate", settings[1])
            self.settings = settings
        for _ in range(DEFAULTS.speech.driver_attempts):
            self.finished.clear()
            self.engine.save_to_file(text, path)
            self.engine.runAndWait()
            if self.shape.holds:
                self.engine.proxy.setBusy(True)  # the next commands wait for the next run (see Driver.holds)
            if self.shape.finishes and not self.finished.wait(timeout=DEFAULTS.speech.driver_finish_s):
                raise TimeoutError("the engine never finished the clip")
            if self.driver == "espeak":
                # espeak's thread may still be winding down; pyttsx3 cancels whatever is
                # "playing" when the next run starts, which would cut the next clip short.
                from pyttsx3.drivers import _espeak

                _espeak.Synchronize()
            if _frames(path) != 0:  # audio, or a format the parent reads and names
                return


def resolve_voice(
    voices: list[dict[str, Any]], wanted: str, choose: Callable[[list[dict[str, Any]]], dict[str, Any]] = lambda v: v[0]
) -> str:
    """The id of the voice that `wanted` names: an id, the end of an id, a name, a word of a name or a language tag.

    Tags match in any case and with '_' for '-' (de_DE, de-de); a tag with a region that no voice has
    falls back to its language (espeak's German voice is tagged plain 'de', so de-DE finds it). Among
    the voices of a language, `choose` picks (the system's default voice, or a known clear one).
    """
    w = wanted.lower().replace("_", "-")
    for test in (
        lambda v: v["id"].lower() == wanted.lower(),
        lambda v: _last_part(v["id"]) == w,
        lambda v: v["name"].lower().replace("_", "-") == w,
        lambda v: w in _words(v["name"]),
    ):
        for voice in voices:
            if test(voice):
                return str(voice["id"])
    primary = w.split("-", 1)[0]
    for tag in (w, primary) if primary != w and "/" not in w else (w,):
        speaking = [v for v in voices if any(_speaks(lang, tag) for lang in v["languages"])]
        if speaking:
            return str(choose(speaking)["id"])
    raise LookupError(f"the speech engine has no voice '{wanted}'; list them with: voiceguide voices")


class CannotSave(Exception):
    """Raised when the driver has no way to write a clip to a file."""


def _last_part(voice_id: str) -> str:
    """A voice id's last part: gmw/en-us -> en-us, com.apple.voice.compact.en-US.Samantha -> samantha."""
    tail = voice_id.replace("\\", "/").rsplit("/", 1)[-1]
    if voice_id.startswith("com.apple."):
        tail = tail.rsplit(".", 1)[-1]
    return tail.lower()


def _words(name: str) -> list[str]:
    """A voice name's words: 'Microsoft Zira Desktop - English (United States)' -> microsoft, zira, ..."""
    return "".join(c if c.isalnum() else " " for c in name.lower()).split()


def _speaks(language: str, wanted: str) -> bool:
    """Whether a voice's language (en_US, en-US, en-us) is the wanted tag (en-us) or a variety of it (en)."""
    lang = language.lower().replace("_", "-")
    return lang == wanted or lang.startswith(wanted + "-")


def _frames(path: str) -> int | None:
    """How many frames the clip holds, read by its content (None: a format the parent will name)."""
    try:
        return audio_frames(Path(path).read_bytes())
    except OSError:
        return 0


def _reply(out: TextIO, **message: Any) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _driver_name(argv: list[str]) -> str:
    """The driver asked for (`--driver NAME`), else pyttsx3's default for this platform."""
    if "--driver" in argv[:-1]:
        return argv[argv.index("--driver") + 1]
    return VoiceSettings().pyttsx3_driver(sys.platform)


def _start(driver: str, out: TextIO) -> Engine | None:
    """The engine, or None after telling the parent (one fatal line) why it did not start."""
    if driver not in DRIVERS:
        _reply(out, ok=False, fatal=True, error=f"pyttsx3 has no driver {driver!r}; {driver_fix(driver, '')}")
        return None
    try:
        return Engine(driver)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        hint = driver_fix(driver, platform.system())
        message = str(exc) if "install" in str(exc) else f"the speech engine did not start ({exc}); {hint}"
        _reply(out, ok=False, fatal=True, error=message)
        return None


def _answer(engine: Engine, request: dict[str, Any]) -> dict[str, Any]:
    if request["op"] == "info":
        return {
            "ok": True,
            "engine": engine.driver,
            "version": engine.version(),
            "library": engine.library,
            "voices": engine.voices,
        }
    if request["op"] == "resolve":
        return {"ok": True, "voice": engine.resolve_voice(request["voice"])}
    if request["op"] == "say":
        engine.say(request["text"], request["voice"], request["rate"], request["path"])
        return {"ok": True}
    return {"ok": False, "error": f"unknown request {request['op']!r}"}


def main(argv: list[str] | None = None) -> None:
    """Serve requests until stdin closes."""
    ignore_interrupts()  # the build handles Ctrl-C and closes our stdin
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = open(os.devnull, "w")
    engine = _start(_driver_name(sys.argv[1:] if argv is None else argv), out)
    if engine is None:
        return
    # Should the parent die, so do we, even in a hung driver (stdin's end would not be read). Not Linux's
    # parent-death signal: it follows the parent's thread, and engines are started from the build's threads.
    # Started only now: with a second thread alive while espeak-ng 1.52 initialises, its Spanish voice
    # crashes the process in about one run in five.
    watch_parent()
    for line in sys.stdin:
        try:
            _reply(out, **_answer(engine, json.loads(line)))
        except (LookupError, CannotSave) as exc:
            _reply(out, ok=False, error=str(exc.args[0]))
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
            _reply(out, ok=False, error=f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
