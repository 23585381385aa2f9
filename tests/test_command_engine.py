"""The command engine with stand-in programs (tests/stub_tts.py), and pronunciations that change only the speech."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from voiceguide.cli import cli
from voiceguide.errors import SynthesisError
from voiceguide.settings import DEFAULTS
from voiceguide.speech.command_engine import CommandEngine

STUB_TTS = Path(__file__).resolve().parent / "stub_tts.py"


def routines(folder: Path, command: list[str], extra: str = "") -> Path:
    """A one-routine file spoken by this command."""
    path = folder / "routines.yaml"
    path.write_text(
        f"""title: Command test
year: 2026
voice: {{engine: command, command: {json.dumps(command)}}}
pace: {{transition: 1s, countdown: 0}}
{extra}
routines:
  - id: one
    title: One workout
    coach: Marc Meny, WRKOUT
    steps:
      - exercise: Hip CARs
        hold: 2s
""",
        encoding="utf-8",
    )
    return path


def stub(mode: str, *args: str) -> list[str]:
    return [sys.executable, str(STUB_TTS), mode, *args]


def build(tmp_path: Path, command: list[str], extra: str = "") -> tuple[Result, Path, Path]:
    out, cache = tmp_path / "build", tmp_path / "cache"
    file = routines(tmp_path, command, extra)
    result = CliRunner().invoke(cli, ["build", "--routines", str(file), "--out", str(out), "--cache", str(cache), "-q"])
    return result, out, cache


def leftovers(cache: Path) -> set[Path]:
    """The command engine's working folders, in the speech cache's scratch folder and the system's temp folder."""
    from voiceguide.speech import SpeechCache

    return {
        p
        for folder in (SpeechCache(cache).scratch, Path(tempfile.gettempdir()))
        for p in folder.glob("voiceguide-command-*")
    }


def assert_nothing_half_written(out: Path, cache: Path) -> None:
    assert not list(out.glob("*.mp3")) and not list(out.glob("*.vtt")) and not list(out.glob(".vg-tmp-*"))
    assert not list(cache.rglob("*.wav"))


@pytest.mark.parametrize("mode", ["wav", "stdout"])
def test_a_program_that_writes_a_wav_builds_the_track(tmp_path: Path, mode: str) -> None:
    command = stub("wav", "{out}", "{text}") if mode == "wav" else stub("stdout")  # stdout: text on its stdin
    result, out, cache = build(tmp_path, command)
    assert result.exit_code == 0, result.output
    assert (out / "01-one.mp3").is_file() and list(cache.rglob("*.wav"))
    again, _, _ = build(tmp_path, command)
    assert again.exit_code == 0 and not list(out.glob(".vg-tmp-*"))


def test_a_program_speaks_any_language_the_routine_is_in(tmp_path: Path) -> None:
    result, out, _ = build(tmp_path, stub("wav", "{out}", "{text}"), "language: de")
    assert result.exit_code == 0, result.output
    assert (out / "01-one.mp3").is_file()


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        (
            "nothing",
            r"the speech program '.*' wrote no audio to \{out\} for '.*', twice; fix voice\.command",
        ),
        (
            "fail",
            r"failed \(exit status 1: stub_tts: no voice called that\); fix voice\.command in the routine file, or ",
        ),
        ("aiff", r"wrote audio that is not a PCM WAV file; make it write one \(macOS say: --data-format=LEI16@22050"),
    ],
)
def test_a_program_that_fails_is_one_line_naming_the_fix(tmp_path: Path, mode: str, message: str) -> None:
    before = leftovers(tmp_path / "cache")
    result, out, cache = build(tmp_path, stub(mode, "{out}", "{text}"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert re.search(message, lines[0]), lines[0]
    assert_nothing_half_written(out, cache)
    assert leftovers(cache) <= before


def test_a_program_that_hangs_is_stopped_and_tried_once_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEGUIDE_SPEECH_TIMEOUT", "0.3")
    result, out, cache = build(tmp_path, stub("hang", "{text}"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the speech program ") and len(result.stderr.splitlines()) == 1
    assert re.search(r"did not finish within [0-9.]+ s for .*, twice; fix voice.command", result.stderr)
    assert_nothing_half_written(out, cache)


def test_a_missing_program_names_it(tmp_path: Path) -> None:
    result, out, cache = build(tmp_path, ["no-such-tts-program", "{text}"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot find the speech program 'no-such-tts-program'; install it, or fix voice.command in the routine "
        "file\n"
    )
    assert_nothing_half_written(out, cache)


def test_the_program_s_bytes_are_part_of_the_cache_key(tmp_path: Path) -> None:
    program = tmp_path / "tts.py"
    program.write_text(STUB_TTS.read_text())
    program.chmod(0o755)
    voice = DEFAULTS.voice.overridden({"engine": "command", "command": [str(program), "wav", "{out}", "{text}"]})
    from voiceguide.speech.cache import SpeechCache

    cache = SpeechCache(tmp_path / "cache")
    key = cache.clip_key(CommandEngine().cache_parts(voice), "Hello.")
    assert cache.clip_key(CommandEngine().cache_parts(voice.overridden({"name": "other"})), "Hello.") != key
    program.write_text(STUB_TTS.read_text() + "\n# a new version\n")
    assert cache.clip_key(CommandEngine().cache_parts(voice), "Hello.") != key


def test_an_empty_command_is_an_error() -> None:
    with pytest.raises(SynthesisError, match="no command to run"):
        CommandEngine().program(DEFAULTS.voice.overridden({"engine": "command"}))


def test_pronounce_changes_what_is_spoken_and_nothing_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "spoken.txt"
    monkeypatch.setenv("VOICEGUIDE_STUB_TTS_LOG", str(log))
    extra = "pronounce: {WRKOUT: work out, CARs: cars, Marc Meny: Mark Meeny}"
    result, out, _ = build(tmp_path, stub("wav", "{out}", "{text}"), extra)
    assert result.exit_code == 0, result.output
    spoken = log.read_text(encoding="utf-8")
    assert "Coached by Mark Meeny, work out." in spoken and "First: Hip cars." in spoken
    assert "WRKOUT" not in spoken and "CARs" not in spoken and "Marc" not in spoken
    captions = (out / "01-one.vtt").read_text(encoding="utf-8")
    assert "Coached by Marc Meny, WRKOUT." in captions and "First: Hip CARs." in captions and "work out" not in captions
    chapters = json.loads((out / "01-one.chapters.json").read_text(encoding="utf-8"))
    index = (out / "index.json").read_text(encoding="utf-8")
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "Hip CARs" in json.dumps(chapters) and "Hip cars" not in json.dumps(chapters)
    assert "Marc Meny, WRKOUT" in index and "Hip CARs" in index and "work out" not in index + feed
    from mutagen.id3 import ID3

    tags = ID3(out / "01-one.mp3")
    assert str(tags["TPE1"]) == "Marc Meny, WRKOUT"
    assert all("cars" not in str(frame) for frame in tags.getall("CHAP"))
