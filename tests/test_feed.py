"""feed.xml and the JSON chapters: parsed back with feedparser and checked against index.json."""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from helpers import build_phone, png_bytes
from voiceguide.cli import cli
from voiceguide.errors import UsageError
from voiceguide.output.feed import ITUNES, chapters_json, feed_xml, normalize_base_url, published_at, with_base_url
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
def test_index_json_lists_exactly_the_files_the_build_wrote(built: Path) -> None:
    """What `serve` may send: every file a build leaves in the folder, and nothing else."""
    files = json.loads((built / "index.json").read_text(encoding="utf-8"))["files"]
    assert files == sorted({p.name for p in built.iterdir() if p.is_file() and not p.name.startswith(".")})
    assert {"feed.xml", "index.json", "playlist.m3u8", "index.html", "sw.js"} <= set(files)
    for track in _index(built):
        stem = Path(track["file"]).stem
        assert {track["file"], track["captions"], track["picture"], f"{stem}.chapters.json"} <= set(files)
        assert track["picture"] == f"{stem}.svg"


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


BAD_BASE_URLS = {
    "ftp://example.org/": "must be an http:// or https:// URL",
    "example.org/w": "must be an http:// or https:// URL",
    "https:///w": "must name a host",
    "https://:8000/w": "must name a host",
    "https://example.org/w?x=1": "must not have a ?query or #fragment",
    "https://example.org/w#top": "must not have a ?query or #fragment",
    "": "must be an http:// or https:// URL",
    "https://exa mple.org/": "' '",
    "https://example.org/my workouts/": "' '",
    " https://example.org/": "' '",
    "https://example.org/ ": "' '",
    'https://example.org/"x"/': "'\"'",
    "https://example.org/it's/": '"\'"',
    "https://example.org/<w>/": "'<'",
    "https://example.org/w\t/": "'\\t'",
    "https://exa\tmple.org/": "'\\t'",
    "https://example.org/w\n": "'\\n'",
    "https://example.org/\x1b[2J/": "'\\x1b'",
    "https://example.org/caf\u00e9/": "'\u00e9'",
    "https://example.org:0/": "port must be a number from 1 to 65535",
    "https://example.org:65536/": "port must be a number from 1 to 65535",
    "https://example.org:99999/": "port must be a number from 1 to 65535",
    "https://example.org:-1/": "port must be a number from 1 to 65535",
    "https://example.org:http/": "port must be a number from 1 to 65535",
    "https://user:secret@example.org/": "must not hold a user name or password",
    "https://user@example.org/": "must not hold a user name or password",
    "https://@example.org/": "must not hold a user name or password",
    "https://example.org/100%/": "'%'",
    "https://[::1/": "must name a host",
    "https://exa_mple!.org/": "must name a host",
}
"""Each refused base URL and a part of the one line that says why."""


@pytest.mark.parametrize("url", BAD_BASE_URLS)
def test_a_bad_base_url_is_refused_before_building_in_one_line(url: str) -> None:
    result = CliRunner().invoke(cli, ["build", "--routines", "no-such-file.yaml", "--base-url", url])
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert line.startswith("Error: the base URL ") and line.endswith("; fix --base-url"), line
    assert BAD_BASE_URLS[url] in line
    assert all(ch.isprintable() for ch in line), line
    with pytest.raises(ValueError):
        normalize_base_url(url)


@pytest.mark.parametrize("url", BAD_BASE_URLS)
def test_the_library_refuses_the_same_base_urls(tmp_path: Path, url: str) -> None:
    collection = parse_collection(
        b"title: Set\nroutines:\n  - id: r1\n    title: R\n    steps:\n      - rest: 4s\n", "r.yaml"
    )
    with pytest.raises(UsageError) as caught:
        publish(tmp_path, collection, [_record(1)], base_url=url or " ")
    assert caught.value.option == "base_url"


@pytest.mark.parametrize(
    "url, normal",
    [
        ("https://example.org/w", "https://example.org/w/"),
        ("http://example.org", "http://example.org/"),
        ("HTTPS://Example.org:8443/w/", "https://Example.org:8443/w/"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x/"),
        ("http://192.168.1.5:65535/", "http://192.168.1.5:65535/"),
        ("https://example.org/my%20workouts", "https://example.org/my%20workouts/"),
        ("https://cdn-1.example.org/a_b/(c)/", "https://cdn-1.example.org/a_b/(c)/"),
    ],
)
def test_a_good_base_url_gains_a_trailing_slash(url: str, normal: str) -> None:
    assert normalize_base_url(url) == normal


def _shown(text: str) -> str:
    """What a reader that reads a field as HTML shows: the text with entities decoded; a tag is a failure."""
    assert not re.search(r"<[A-Za-z/!?]", text), f"markup a reader would render: {text!r}"
    return html.unescape(text)


HOSTILE = "<img src=x onerror=alert(1)>"


def test_every_text_field_is_plain_text_to_a_reader(tmp_path: Path) -> None:
    """A hostile source, titles with entities and tags: read as HTML, each field shows exactly what was written."""
    routines = tmp_path / "routines.yaml"
    routines.write_text(
        f"title: 'Tom &amp; Jerry <b>live</b>'\nsource: '{HOSTILE}'\nroutines:\n"
        f"  - id: r1\n    title: 'Cat &amp; cow {HOSTILE}'\n    coach: 'A &lt;Coach&gt;'\n"
        "    steps:\n      - exercise: Bridge\n        hold: 4s\n",
        encoding="utf-8",
    )
    collection = parse_collection(routines.read_bytes(), str(routines))
    record = _record(1, title=collection.routines[0].title, coach=collection.routines[0].coach)
    out = tmp_path / "out"
    out.mkdir()
    publish(out, collection, [record])
    root = ET.fromstring((out / "feed.xml").read_bytes())
    channel = root.find("channel")
    assert channel is not None
    item = channel.find("item")
    assert item is not None
    assert _shown(channel.findtext("title", "")) == "Tom &amp; Jerry <b>live</b>"
    assert _shown(channel.findtext("description", "")) == f"Follow-along workouts. Source: {HOSTILE}."
    assert _shown(item.findtext("title", "")) == f"Cat &amp; cow {HOSTILE}"
    assert _shown(item.findtext(f"{{{ITUNES}}}author", "")) == "A &lt;Coach&gt;"
    assert _shown(item.findtext("description", "")).startswith("Coached by A &lt;Coach&gt;. Exercises:")
    feed = feedparser.parse((out / "feed.xml").read_bytes())  # a real reader's view: HTML when it looks like HTML
    for detail in (feed.feed.title_detail, feed.feed.subtitle_detail, feed.entries[0].title_detail):
        shown = _shown(detail.value) if detail.type == "text/html" else detail.value
        assert shown in (
            "Tom &amp; Jerry <b>live</b>",
            f"Follow-along workouts. Source: {HOSTILE}.",
            f"Cat &amp; cow {HOSTILE}",
        )


def test_plain_titles_are_written_once_escaped_as_the_seed_s_are() -> None:
    """Text no reader could take for HTML stays as written, so plain-text readers show it too."""
    xml = feed_xml(
        "Set & more", [_record(1, title="Massage, Mobility, & Stability", coach="A < B")], published_at(2024, None)
    )
    assert "<title>Set &amp; more</title>" in xml
    assert "<title>Massage, Mobility, &amp; Stability</title>" in xml
    assert "<itunes:author>A &lt; B</itunes:author>" in xml
    feed = feedparser.parse(xml.encode("utf-8"))
    assert (feed.feed.title_detail.type, feed.feed.title) == ("text/plain", "Set & more")
