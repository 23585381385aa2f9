"""Every output says its language: captions, ID3 tags, the feed, index.json and the player; the examples built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from helpers import ROOT, SEED, fake_schedule, require, run_voiceguide
from voiceguide.coaching import compile_routine
from voiceguide.output.captions import captions
from voiceguide.output.index import TrackRecord
from voiceguide.output.mp3 import write_track
from voiceguide.output.player import player_files
from voiceguide.output.publish import feed_language, publish
from voiceguide.output.tags import Tags, track_tags
from voiceguide.routine import load_collection, parse_collection

GERMAN = ROOT / "docs" / "examples" / "de-yoga.yaml"
SPANISH = ROOT / "docs" / "examples" / "es-pilates.yaml"


def test_captions_of_another_language_say_it_in_their_header() -> None:
    routine = load_collection(GERMAN).routines[0]
    text = captions(fake_schedule(compile_routine(routine), routine.voice), routine.language)
    assert text.startswith("WEBVTT\nLanguage: de\nNOTE Yoga für den unteren Rücken\n\n1\n")
    english = load_collection(SEED).routines[0]
    assert captions(fake_schedule(compile_routine(english))).startswith("WEBVTT\nNOTE Hip-Opening Mobility Flow\n\n1\n")


def test_id3_tags_name_the_language(tmp_path: Path) -> None:
    from mutagen.id3 import ID3

    german = load_collection(GERMAN)
    tags = track_tags(german, german.routines[0])
    assert tags.language == "deu"
    path = tmp_path / "t.mp3"
    tone = (0.1 * np.sin(np.arange(44100) / 7)).astype(np.float32)
    write_track(path, iter([tone]), 44100, tags, [])
    id3 = ID3(path)
    assert str(id3["TLAN"]) == "deu" and "COMM::deu" in id3
    english = load_collection(SEED)
    plain = tmp_path / "e.mp3"
    write_track(plain, iter([tone]), 44100, track_tags(english, english.routines[0]), [])
    assert "TLAN" not in ID3(plain) and "COMM::eng" in ID3(plain)  # English tracks keep the frames they had
    assert Tags("t", None, "a", 1, 1, 2026).language == "eng"


def record(language: str) -> TrackRecord:
    return TrackRecord("r", 1, "R", None, "01-r.mp3", "01-r.vtt", 60.0, 1000, "0" * 64, "f", language=language)


@pytest.mark.parametrize(
    "path, language, html",
    [(GERMAN, "de", b'<html lang="de">'), (SPANISH, "es", b'<html lang="es">'), (SEED, "en-us", b'<html lang="en">')],
)
def test_the_feed_and_the_player_page_carry_the_language(
    path: Path, language: str, html: bytes, tmp_path: Path
) -> None:
    collection = load_collection(path)
    assert feed_language(collection) == language
    publish(tmp_path, collection, [record(collection.language)])
    assert f"<language>{language}</language>" in (tmp_path / "feed.xml").read_text()
    page = (tmp_path / "index.html").read_bytes()
    assert html in page and page.count(b"<html") == 1


def test_the_english_player_page_is_the_shipped_one() -> None:
    from importlib import resources

    shipped = (resources.files("voiceguide.output") / "player" / "index.html").read_bytes()
    assert player_files("en")["index.html"] == shipped
    assert player_files("fr")["index.html"] == shipped.replace(b'<html lang="en">', b'<html lang="fr">')


def test_the_player_sets_the_language_from_index_json() -> None:
    script = (ROOT / "voiceguide" / "output" / "player" / "player.js").read_text()
    assert "document.documentElement.lang = state.index.language" in script
    assert re.search(r"\$\(id\)\.lang = lang", script)


def test_a_feed_language_prefers_a_voice_tag_with_a_region() -> None:
    text = "title: T\nlanguage: de\nvoice: {name: de-at}\nroutines:\n  - id: a\n    title: A\n"
    text += "    steps:\n      - {exercise: Squat, reps: 2}\n"
    assert feed_language(parse_collection(text.encode(), "t.yaml")) == "de-at"
    assert feed_language(parse_collection(text.replace("de-at", "gmw/de").encode(), "t.yaml")) == "de"


@pytest.fixture(scope="module")
def examples_built(tmp_path_factory: pytest.TempPathFactory, speech_cache: Path) -> dict[str, Path]:
    """The German and Spanish examples built with the real engine, each into its own folder."""
    require("ffmpeg")
    built = {}
    for path in (GERMAN, SPANISH):
        out = tmp_path_factory.mktemp(path.stem)
        args = ("build", "--routines", str(path), "--out", str(out), "--cache", str(speech_cache), "-q")
        result = run_voiceguide(*args, env={"SOURCE_DATE_EPOCH": "1767225600"})
        assert result.returncode == 0, result.stderr
        built[path.stem] = out
    return built


@pytest.mark.engine
def test_the_german_example_is_built_in_german(examples_built: dict[str, Path]) -> None:
    from mutagen.id3 import ID3

    out = examples_built["de-yoga"]
    vtt = (out / "01-yoga-fuer-den-ruecken.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\nLanguage: de\n")
    for said in (
        "Als Erstes: Kindhaltung. Halte acht tiefe Atemzüge lang.",
        "Einatmen.",
        "Letzter Atemzug, einatmen.",
        "Halbzeit. Atme ruhig weiter.",
        "Seitenwechsel. Linke Seite.",
        "Noch zehn Sekunden.",
        "drei",
        "Training beendet. Das waren etwa vier Minuten. Gut gemacht.",
    ):
        assert f"\n{said}\n" in vtt, said
    assert not re.search(r"\n(Breathe|Switch|Halfway|Rest|Next|First|three)\b", vtt)
    assert "<language>de</language>" in (out / "feed.xml").read_text(encoding="utf-8")
    assert b'<html lang="de">' in (out / "index.html").read_bytes()
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["language"] == "de" and index["tracks"][0]["language"] == "de"
    assert [c["title"] for c in index["tracks"][0]["chapters"]][-1] == "Training beendet"
    id3 = ID3(out / "01-yoga-fuer-den-ruecken.mp3")
    assert str(id3["TLAN"]) == "deu"


@pytest.mark.engine
def test_the_spanish_example_is_built_in_spanish(examples_built: dict[str, Path]) -> None:
    out = examples_built["es-pilates"]
    vtt = (out / "01-pilates-lumbar.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\nLanguage: es\n")
    for said in (
        "Primero: Puente de glúteos. Tres series de entre ocho y diez repeticiones.",
        "Serie uno de tres.",
        "Descansa quince segundos. Respira hondo.",
        "Siguiente: serie dos de tres.",
        "Cambia de lado. Lado izquierdo.",
    ):
        assert f"\n{said}\n" in vtt, said
    assert "<language>es</language>" in (out / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.engine
def test_an_english_voice_for_a_german_routine_is_refused(tmp_path: Path, speech_cache: Path) -> None:
    text = GERMAN.read_text(encoding="utf-8").replace("language: de ", "language: de\nvoice: {name: en-us}\n#", 1)
    routines = tmp_path / "routines.yaml"
    routines.write_text(text, encoding="utf-8")
    result = run_voiceguide(
        "build", "--routines", str(routines), "--out", str(tmp_path / "out"), "--cache", str(speech_cache), "-q"
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: the voice 'en-us' speaks en-us, not 'de', the routine's language; set voice.name to a voice for 'de' "
        "(list them with: voiceguide voices), or leave voice.name out to use the language's default voice"
    )
