"""The pyttsx3 engine's own process: `python -m voiceguide.speech.pyttsx3_worker`.

pyttsx3 runs here, not in the build, so that a driver that prints, hangs or
crashes cannot reach the user's terminal or stall a build: the parent reads
one JSON line per request with a timeout and restarts this process if needed.

Requests and replies are JSON lines on stdin and on a private copy of stdout;
the real stdout and stderr point at /dev/null while the driver runs.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import signal
import sys
import threading
import wave
from typing import Any, TextIO

INSTALL_HINT = {
    "Linux": "pip install espeakng-loader (or: sudo apt install espeak-ng)",
    "Darwin": "pyttsx3 uses macOS's built-in voices; reinstall with: pip install --force-reinstall pyttsx3 pyobjc",
    "Windows": "pip install --force-reinstall pyttsx3 pywin32",
}


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
            f"no speech engine: espeak-ng is not installed; install it with: {INSTALL_HINT['Linux']}"
        ) from None
    # The wheel's library has the SONAME libespeak-ng.so.1: loaded globally first, pyttsx3's
    # own dlopen("libespeak-ng.so.1") finds it. Its voices live in the wheel's data folder.
    ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
    os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()
    return "espeakng-loader"


class Engine:
    """pyttsx3, initialised once per process."""

    def __init__(self) -> None:
        self.library = load_espeak() if platform.system() == "Linux" else platform.system()
        import pyttsx3

        self.pyttsx3 = pyttsx3
        self.engine = pyttsx3.init()
        self.driver = type(self.engine.proxy._driver).__module__.rsplit(".", 1)[-1]
        # With espeak, runAndWait can return before the clip is written (synthesis goes on in
        # espeak's own thread); the finished-utterance notification comes after the file is saved.
        self.finished = threading.Event()
        self.settings: tuple[str, int] | None = None
        self.engine.connect("finished-utterance", lambda **_: self.finished.set())
        self.voices = [
            {"id": v.id, "name": v.name or "", "languages": [str(x) for x in (v.languages or [])]}
            for v in self.engine.getProperty("voices")
        ]

    def version(self) -> str:
        """pyttsx3's version and, for espeak, the library's."""
        from importlib.metadata import version as dist_version

        version = f"pyttsx3-{dist_version('pyttsx3')}/{self.driver}"
        if self.driver == "espeak":
            from pyttsx3.drivers import _espeak

            info = _espeak.dll.espeak_Info
            info.restype = ctypes.c_char_p
            info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
            version += "-" + (info(None) or b"unknown").decode("ascii", "replace")
        return version

    def resolve_voice(self, wanted: str) -> str:
        """The engine's id for a voice id, a language tag or a voice name."""
        return resolve_voice(self.voices, wanted)

    def say(self, text: str, voice: str, rate: int, path: str) -> None:
        """Speak text into a WAV file at path (tried up to three times if the engine drops it)."""
        settings = (self.resolve_voice(voice), rate)
        if settings != self.settings:
            # Changing voice or rate in the same run as a synthesis can cancel it in espeak's
            # asynchronous mode (an empty clip); apply the change in a run of its own.
            self.engine.setProperty("voice", settings[0])
            self.engine.setProperty("rate", settings[1])
            self.engine.runAndWait()
            self.settings = settings
        for _ in range(3):
            self.finished.clear()
            self.engine.save_to_file(text, path)
            self.engine.runAndWait()
            if not self.finished.wait(timeout=60):
                raise TimeoutError("the engine never finished the clip")
            if self.driver == "espeak":
                # espeak's thread may still be winding down; pyttsx3 cancels whatever is
                # "playing" when the next run starts, which would cut the next clip short.
                from pyttsx3.drivers import _espeak

                _espeak.Synchronize()
            if _frames(path) > 0:
                return


def _tag(text: str) -> str:
    return text.lower().replace("_", "-")


def resolve_voice(voices: list[dict[str, Any]], wanted: str) -> str:
    """The id of the voice that `wanted` names: an id, the end of an id, a name or a language tag.

    Tags match in any case and with '_' for '-' (de_DE, de-de); a tag with a region that no voice has
    falls back to its language (espeak's German voice is tagged plain 'de', so de-DE finds it).
    """
    w = _tag(wanted)
    for test in (
        lambda v: v["id"].lower() == w,
        lambda v: v["id"].lower().rsplit("/", 1)[-1] == w,
        lambda v: v["name"].lower() == w,
        lambda v: w in (_tag(lang) for lang in v["languages"]),
        lambda v: any(_tag(lang).startswith(w + "-") for lang in v["languages"]),
    ):
        for voice in voices:
            if test(voice):
                return str(voice["id"])
    primary = w.split("-", 1)[0]
    if primary != w and "/" not in w:
        try:
            return resolve_voice(voices, primary)
        except LookupError:
            pass
    raise LookupError(f"the speech engine has no voice '{wanted}'; list them with: voiceguide voices")


def _frames(path: str) -> int:
    try:
        with wave.open(path) as w:
            return w.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


def _reply(out: TextIO, **message: Any) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def main() -> None:
    """Serve requests until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build handles Ctrl-C and closes our stdin
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = open(os.devnull, "w")
    try:
        engine = Engine()
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        hint = INSTALL_HINT.get(platform.system(), "pip install pyttsx3")
        message = str(exc) if "install" in str(exc) else f"the speech engine did not start ({exc}); {hint}"
        _reply(out, ok=False, fatal=True, error=message)
        return
    for line in sys.stdin:
        try:
            request = json.loads(line)
            if request["op"] == "info":
                _reply(
                    out,
                    ok=True,
                    engine=engine.driver,
                    version=engine.version(),
                    library=engine.library,
                    voices=engine.voices,
                )
            elif request["op"] == "resolve":
                _reply(out, ok=True, voice=engine.resolve_voice(request["voice"]))
            elif request["op"] == "say":
                engine.say(request["text"], request["voice"], request["rate"], request["path"])
                _reply(out, ok=True)
            else:
                _reply(out, ok=False, error=f"unknown request {request['op']!r}")
        except LookupError as exc:
            _reply(out, ok=False, error=str(exc.args[0]))
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
            _reply(out, ok=False, error=f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
