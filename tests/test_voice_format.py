"""`voice:` (each engine's own keys, inherited from the collection) and `pronounce:` (spoken forms only)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import jsonschema
import numpy as np
import pytest
import yaml

from voiceguide.errors import RoutineError
from voiceguide.routine import parse_collection
from voiceguide.routine.format import json_schema
from voiceguide.settings import DEFAULTS, ENGINE_KEYS, VoiceSettings
from voiceguide.sounds import Voicing
from voiceguide.speech import ENGINES, CacheFiller, EngineHint, EngineInfo, SpeechCache
from voiceguide.speech import cache as cache_module
from voiceguide.speech.cache import FileContent

ROUTINE = """  - id: {id}
    title: {title}
{extra}    steps: [{{exercise: Squat, reps: 2}}]
"""


def collection(top: str = "", routines: list[str] | None = None) -> str:
    """A routine file: top-level lines, then routines each given as its extra lines."""
    body = "".join(ROUTINE.format(id=f"r{i}", title=f"R{i}", extra=extra) for i, extra in enumerate(routines or [""]))
    return f"title: T\n{top}routines:\n{body}"


def problems(text: str, file: str = "routines.yaml") -> list[str]:
    with pytest.raises(RoutineError) as caught:
        parse_collection(text.encode(), file)
    return [str(p) for p in caught.value.problems]


def voices(text: str, file: str = "routines.yaml") -> list[VoiceSettings]:
    return [r.voice for r in parse_collection(text.encode(), file).routines]


def test_every_engine_in_the_registry_has_its_keys_declared() -> None:
    assert set(ENGINE_KEYS) == set(ENGINES)
    assert all(set(keys) <= set(VoiceSettings.KEYS) for keys in ENGINE_KEYS.values())


def test_a_key_of_another_engine_is_an_error_at_its_place() -> None:
    text = collection("voice: {engine: piper, rate: 150}\n", ["    voice: {engine: pyttsx3, speed: 1.2}\n", ""])
    assert problems(text) == [
        "routines.yaml:2:24: voice.rate: 'rate' is a key of the pyttsx3 engine; the piper engine takes model, speed, "
        "speaker, data_dir",
        "routines.yaml:6:30: routines[0].voice.speed: 'speed' is a key of the piper engine; the pyttsx3 engine takes "
        "name, rate, driver",
    ]


def test_a_routine_inherits_the_collection_s_engine_and_its_keys_are_checked_against_it() -> None:
    text = collection("voice: {engine: piper}\n", ["    voice: {rate: 150}\n"])
    assert problems(text) == [
        "routines.yaml:6:13: routines[0].voice.rate: 'rate' is a key of the pyttsx3 engine; the piper engine takes "
        "model, speed, speaker, data_dir"
    ]
    ok = voices(collection("voice: {engine: piper, speed: 1.1}\n", ["    voice: {speaker: 2}\n", ""]))
    assert [(v.engine, v.speed, v.speaker) for v in ok] == [("piper", 1.1, 2), ("piper", 1.1, 0)]


def test_a_routine_naming_another_engine_starts_from_its_defaults() -> None:
    text = collection("voice: {name: en-gb, rate: 150}\n", ["    voice: {engine: piper, model: en_US-amy-low}\n", ""])
    piper, espeak = voices(text)
    assert (piper.engine, piper.model, piper.name, piper.rate) == ("piper", "en_US-amy-low", "en-us", 165)
    assert (espeak.engine, espeak.name, espeak.rate) == ("pyttsx3", "en-gb", 150)


def test_a_routine_naming_another_engine_speaks_with_its_language_s_default_voice() -> None:
    top = "language: de\nvoice: {engine: command, name: Anna, command: [say, '{text}']}\n"
    switched, kept = voices(collection(top, ["    voice: {engine: pyttsx3, driver: espeak}\n", ""]))
    assert (switched.engine, switched.driver, switched.name) == ("pyttsx3", "espeak", DEFAULTS.language.voice_for("de"))
    assert (kept.engine, kept.name, kept.command) == ("command", "Anna", ("say", "{text}"))


def test_files_are_named_relative_to_the_routine_file(tmp_path: Path) -> None:
    (tmp_path / "voices").mkdir()
    file = str(tmp_path / "routines.yaml")
    by_path, by_name = voices(
        collection(
            "voice: {engine: piper, model: voices/v.onnx}\n",
            ["", "    voice: {model: en_US-amy-low, data_dir: voices}\n"],
        ),
        file,
    )
    assert by_path.model == str(tmp_path / "voices" / "v.onnx") and by_path.data_dir == ""
    assert by_name.model == "en_US-amy-low" and by_name.data_dir == str(tmp_path / "voices")
    (command,) = voices(collection("voice: {engine: command, command: [./tts.sh, '{text}']}\n"), file)
    assert command.command == (str(tmp_path / "tts.sh"), "{text}")
    (plain,) = voices(collection("voice: {engine: command, command: [say, '{text}']}\n"), file)
    assert plain.command == ("say", "{text}")
    assert problems(collection("voice: {engine: piper, data_dir: nowhere}\n"), file) == [
        f"{file}:2:24: voice.data_dir: 'nowhere' is not a folder ({tmp_path / 'nowhere'})"
    ]


def test_the_command_engine_needs_a_command_with_known_placeholders() -> None:
    assert problems(collection("", ["    voice: {engine: command}\n"])) == [
        "routines.yaml:5:13: routines[0].voice: the command engine needs 'command': the program to run, like [say, -o, "
        "'{out}', --data-format=LEI16@22050, '{text}']"
    ]
    assert problems(collection("voice: {engine: command, command: [say, '{txt}']}\n")) == [
        "routines.yaml:2:26: voice.command: unknown placeholder {txt}; use {text}, {out}, {voice}"
    ]


def test_pronounce_is_merged_and_checked() -> None:
    text = collection("pronounce: {WRKOUT: work out, DNS: D N S}\n", ["    pronounce: {DNS: dee en ess}\n", ""])
    first, second = parse_collection(text.encode(), "routines.yaml").routines
    assert dict(first.pronounce) == {"WRKOUT": "work out", "DNS": "dee en ess"}
    assert dict(second.pronounce) == {"WRKOUT": "work out", "DNS": "D N S"}
    assert problems(collection("pronounce: [WRKOUT]\n"))[0].startswith(
        "routines.yaml:2:12: pronounce: must be a mapping of written words to spoken forms, like {WRKOUT: work out}"
    )
    assert problems(collection("pronounce: {'...': dots, X: ''}\n")) == [
        "routines.yaml:2:13: pronounce: '...' must be a word or phrase of up to 60 characters, with a letter or digit "
        "in it",
        "routines.yaml:2:29: pronounce.X: must not be empty",
    ]


def test_the_schema_accepts_every_engine_and_pronounce() -> None:
    doc = yaml.safe_load(
        collection(
            "voice: {engine: piper, model: en_US-joe-medium, speed: 1.0, speaker: 0}\npronounce: {CARs: cars}\n",
            ["    voice: {engine: command, command: [say, -o, '{out}', '{text}'], name: Samantha}\n"],
        )
    )
    jsonschema.Draft202012Validator(json_schema()).validate(doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_schema()).validate({**doc, "pronounce": {"CARs": 3}})


def test_spoken_forms_replace_whole_words_case_sensitively() -> None:
    say = Voicing(
        DEFAULTS.voice, pronounce=(("CARs", "cars"), ("one", "won"), ("Marc Meny", "Mark Meeny"), ("Marc", "Mark"))
    )
    assert say.key("Coached by Marc Meny, WRKOUT.").text == "Coached by Mark Meeny, WRKOUT."
    assert say.key("Standing hip CARs. Set one of three.").text == "Standing hip cars. Set won of three."
    assert [say.key(t).text for t in ("someone", "One.", "CARS", "Marc.", "one-legged")] == [
        "someone",
        "One.",
        "CARS",
        "Mark.",
        "won-legged",
    ]
    plain = Voicing(DEFAULTS.voice)
    assert plain.key("Standing hip CARs.") == Voicing(DEFAULTS.voice, pronounce=()).key("Standing hip CARs.")
    assert plain.key("Standing hip CARs.").text == "Standing hip CARs."


def test_a_voice_file_counts_by_its_bytes_and_is_hashed_once_per_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tmp_path / "v.onnx"
    model.write_bytes(b"first")
    calls: list[Path] = []
    real = cache_module._sha256
    monkeypatch.setattr(cache_module, "_sha256", lambda p: calls.append(p) or real(p))
    key = SpeechCache(tmp_path).clip_key(["piper/1", FileContent(str(model))], "Hello.")
    assert SpeechCache(tmp_path).clip_key(["piper/1", FileContent(str(model))], "Hello.") == key
    assert len(calls) == 1  # the second cache read the digest from files.json
    assert json.loads((tmp_path / "speech" / "files.json").read_text())[str(model)][2] == real(model)
    model.write_bytes(b"other")
    assert SpeechCache(tmp_path).clip_key(["piper/1", FileContent(str(model))], "Hello.") != key
    assert len(calls) == 2


class Fake:
    """An engine that makes a short tone, says how many of its processes pay off, and counts its instances."""

    made: list[Fake] = []
    lock = threading.Lock()
    wanted = 1

    def __init__(self, hint: EngineHint | None = None, scratch: Path | None = None) -> None:
        with Fake.lock:
            Fake.made.append(self)

    def info(self, voice: VoiceSettings | None = None) -> EngineInfo:
        return EngineInfo("fake", "1", "none", ())

    def languages(self, voice: VoiceSettings) -> tuple[str, ...]:
        return ("en",)

    def cache_parts(self, voice: VoiceSettings) -> list[object]:
        return ["fake/1", voice.name]

    def processes(self) -> int:
        return Fake.wanted

    def hint(self) -> EngineHint:
        return EngineHint(self.info())

    def synthesize(self, text: str, voice: VoiceSettings) -> tuple[np.ndarray, int]:
        threading.Event().wait(0.05)
        return (np.sin(np.arange(2205) / 5.0) * 8000).astype(np.int16), 22050

    def close(self) -> None:
        pass


@pytest.mark.parametrize("wanted", [1, 3])
def test_the_filler_runs_as_many_processes_as_the_engine_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wanted: int
) -> None:
    from voiceguide.sounds import SpeechKey

    monkeypatch.setitem(ENGINES, "fake", Fake)
    monkeypatch.setattr(Fake, "made", [])
    monkeypatch.setattr(Fake, "wanted", wanted)
    filler = CacheFiller(SpeechCache(tmp_path))
    try:
        filler.start([[SpeechKey(f"Text {i}.", VoiceSettings(engine="fake")) for i in range(8)]])
        assert list(filler.ready(1)) == [0]
    finally:
        filler.close()
    assert filler.count == 8 and len(Fake.made) == wanted


def test_a_track_is_stale_when_its_voice_file_changes(tmp_path: Path) -> None:
    from voiceguide.builder.track import fingerprint
    from voiceguide.coaching.walk import compile_routine

    (tmp_path / "v.onnx").write_bytes(b"model")
    config = {"audio": {"sample_rate": 22050}, "num_speakers": 1, "num_symbols": 256, "phoneme_id_map": {}}
    (tmp_path / "v.onnx.json").write_text(json.dumps(config))
    file = tmp_path / "routines.yaml"
    file.write_text(collection("voice: {engine: piper, model: v.onnx}\n"))
    loaded = parse_collection(file.read_bytes(), str(file))
    routine = loaded.routines[0]
    script = compile_routine(routine)
    before = fingerprint(loaded, routine, script)
    assert fingerprint(loaded, routine, script) == before
    (tmp_path / "v.onnx").write_bytes(b"a new model")
    assert fingerprint(loaded, routine, script) != before
