"""feed.xml and the JSON chapters: parsed back with feedparser and checked against index.json."""

from __future__ import annotations

import html
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from helpers import build_phone, png_bytes
from voiceguide.cli import cli
from voiceguide.output.feed import chapters_json, feed_xml, normalize_base_url, published_at, with_base_url
from voiceguide.output.index import TrackRecord
from voiceguide.output.publish import publish
from voiceguide.routine import parse_collection


@pytest.fixture
def built(phone_build: Path) -> Path:
    return phone_build


def _index(out: Path) -> list[dict]:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))["tracks"]


def _record(number: int, **changes: object) -> TrackRecord:
    values: dict = dict(
        id=f"r{number}",
        number=number,
        title=f"Routine {number}",
        coach="A Coach" if number == 1 else None,
        file=f"{number:02d}-r{number}.mp3",
        captions=f"{number:02d}-r{number}.vtt",
        length=61.4 + number,
        bytes=1000 * number,
        sha256=f"{number:064x}",
        fingerprint="f",
        exercises=["Bridge", "Cat & cow <slow>"],
        chapters=[{"title": "Intro", "start": 0.0, "end": 5.5}, {"title": "Bridge", "start": 5.5, "end": 62.4}],
    )
    values.update(changes)
    return TrackRecord(**values)


@pytest.mark.engine
def test_every_item_matches_index_json(built: Path) -> None:
    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    tracks = _index(built)
    assert [e.title for e in feed.entries] == [t["title"] for t in tracks]
    for entry, track in zip(feed.entries, tracks):
        (enclosure,) = entry.enclosures
        assert enclosure.href == track["file"]
        assert int(enclosure.length) == track["bytes"] == (built / track["file"]).stat().st_size
        assert enclosure.type == "audio/mpeg"
        assert int(entry.itunes_duration) == round(track["length"])
        assert entry.id == track["sha256"]
        assert entry.guidislink is False
        for exercise in track["exercises"]:
            assert exercise in html.unescape(entry.description)


@pytest.mark.engine
def test_chapters_files_follow_index_json(built: Path) -> None:
    text = (built / "feed.xml").read_text(encoding="utf-8")
    for track in _index(built):
        name = Path(track["file"]).stem + ".chapters.json"
        assert f'<podcast:chapters url="{name}" type="application/json+chapters" />' in text
        data = json.loads((built / name).read_text(encoding="utf-8"))
        assert data["version"] == "1.2.0"
        assert [(c["startTime"], c["title"]) for c in data["chapters"]] == [
            (c["start"], c["title"]) for c in track["chapters"]
        ]
        starts = [c["startTime"] for c in data["chapters"]]
        assert starts == sorted(starts)


@pytest.mark.engine
def test_rebuild_with_nothing_changed_keeps_every_guid_and_byte(built: Path, tmp_path: Path, phone_sources) -> None:
    routines, cache = phone_sources
    out = tmp_path / "build"
    shutil.copytree(built, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    build_phone(out, routines, cache)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert after == before
    guids = [e.id for e in feedparser.parse(after["feed.xml"]).entries]
    assert guids == [t["sha256"] for t in _index(out)]


@pytest.mark.engine
def test_a_forced_rebuild_gives_the_same_feed(built: Path, tmp_path: Path, phone_sources) -> None:
    """Same inputs, new folder, every track encoded again: the same bytes, so the same GUIDs."""
    routines, cache = phone_sources
    build_phone(tmp_path / "again", routines, cache)
    assert (tmp_path / "again" / "feed.xml").read_bytes() == (built / "feed.xml").read_bytes()


def test_base_url_makes_every_link_absolute() -> None:
    xml = feed_xml(
        "Set", [_record(1), _record(2)], published_at(2024, None), base_url="https://example.org/w/", cover="cover.png"
    )
    feed = feedparser.parse(xml.encode("utf-8"))
    assert not feed.bozo
    assert [e.enclosures[0].href for e in feed.entries] == [
        "https://example.org/w/01-r1.mp3",
        "https://example.org/w/02-r2.mp3",
    ]
    assert feed.feed.image.href == "https://example.org/w/cover.png"
    assert 'href="https://example.org/w/feed.xml" rel="self"' in xml
    assert 'url="https://example.org/w/01-r1.chapters.json"' in xml


def test_items_keep_the_file_order_and_escape_text() -> None:
    xml = feed_xml("Set & more", [_record(2), _record(1)], published_at(2024, None))
    feed = feedparser.parse(xml.encode("utf-8"))
    assert not feed.bozo
    assert feed.feed.title == "Set & more"
    assert [e.title for e in feed.entries] == ["Routine 1", "Routine 2"]
    assert html.unescape(feed.entries[0].description) == "Coached by A Coach. Exercises: Bridge, Cat & cow <slow>."
    assert feed.entries[0].published_parsed < feed.entries[1].published_parsed


def test_with_base_url_fills_in_relative_links_only() -> None:
    absolute = feed_xml("Set", [_record(1)], published_at(2024, None), base_url="https://example.org/w/")
    relative = feed_xml("Set", [_record(1)], published_at(2024, None), cover="cover.jpg")
    served = with_base_url(relative.encode("utf-8"), "http://127.0.0.1:8000/").decode("utf-8")
    assert 'url="http://127.0.0.1:8000/01-r1.mp3"' in served
    assert 'href="http://127.0.0.1:8000/cover.jpg"' in served
    assert "<link>http://127.0.0.1:8000/</link>" in served
    assert 'url="http://127.0.0.1:8000/01-r1.chapters.json"' in served
    assert with_base_url(absolute.encode("utf-8"), "http://127.0.0.1:8000/") == absolute.encode("utf-8")


def test_dates_come_from_source_date_epoch_or_the_year() -> None:
    assert published_at(2023, None) == datetime(2023, 1, 1, tzinfo=timezone.utc)
    assert published_at(2023, "86400") == datetime(1970, 1, 2, tzinfo=timezone.utc)
    assert published_at(2023, "soon") == datetime(2023, 1, 1, tzinfo=timezone.utc)


def test_chapters_json_format() -> None:
    data = json.loads(chapters_json(_record(1), "Set"))
    assert data == {
        "version": "1.2.0",
        "title": "Routine 1",
        "podcastName": "Set",
        "author": "A Coach",
        "fileName": "01-r1.mp3",
        "chapters": [
            {"startTime": 0.0, "endTime": 5.5, "title": "Intro"},
            {"startTime": 5.5, "endTime": 62.4, "title": "Bridge"},
        ],
    }


def test_publish_copies_the_cover_and_links_it(tmp_path: Path) -> None:
    (tmp_path / "art.png").write_bytes(png_bytes())
    routines = tmp_path / "routines.yaml"
    routines.write_text(
        "title: Set\ncover: art.png\nroutines:\n  - id: r1\n    title: R\n"
        "    steps:\n      - exercise: Bridge\n        hold: 4s\n"
    )
    collection = parse_collection(routines.read_bytes(), str(routines))
    out = tmp_path / "out"
    out.mkdir()
    publish(out, collection, [_record(1)])
    assert (out / "cover.png").read_bytes() == png_bytes()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.feed.image.href == "cover.png"
    assert {"index.html", "sw.js", "player.js", "player.css", "manifest.webmanifest", "01-r1.chapters.json"} <= {
        p.name for p in out.iterdir()
    }
    assert not [p for p in out.iterdir() if p.name.startswith(".vg-tmp-")]


@pytest.mark.parametrize("url", ["ftp://example.org/", "example.org/w", "https:///w", "https://example.org/w?x=1"])
def test_a_bad_base_url_is_refused_before_building(url: str) -> None:
    result = CliRunner().invoke(cli, ["build", "--routines", "no-such-file.yaml", "--base-url", url])
    assert result.exit_code == 2
    assert "Invalid value for '--base-url'" in result.output


def test_base_url_gains_a_trailing_slash() -> None:
    assert normalize_base_url("https://example.org/w") == "https://example.org/w/"
    assert normalize_base_url("http://example.org") == "http://example.org/"
