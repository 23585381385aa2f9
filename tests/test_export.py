"""The files a phone sees: MP3 header, tags, chapters, loudness, sidecars, reproducibility."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from helpers import SEED, TINY, ebur128, require, run_voiceguide
from voiceguide.output.files import atomic_path
from voiceguide.output.mp3 import write_track
from voiceguide.output.tags import Tags
from voiceguide.routine import load_collection
from voiceguide.timeline.schedule import ChapterMark

RATE = 44100


def ffprobe_json(path: Path, *what: str) -> dict:
    return json.loads(
        subprocess.run(
            [require("ffprobe"), "-v", "error", *what, "-of", "json", str(path)], capture_output=True, check=True
        ).stdout
    )


def small_track(path: Path, chapters: list[ChapterMark], **tag_changes) -> None:
    tone = (0.1 * np.sin(2 * np.pi * 440 * np.arange(RATE * 3) / RATE)).astype(np.float32)
    tags = Tags(
        **{
            "title": "Plank",
            "artist": "Coach",
            "album": "Core",
            "track": 2,
            "tracks": 7,
            "year": 2026,
            "comment": "source",
            **tag_changes,
        }
    )
    write_track(path, iter([tone[:RATE], tone[RATE:]]), RATE, tags, chapters)


def test_tags_and_chapters_read_back_with_mutagen(tmp_path: Path) -> None:
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3

    path = tmp_path / "t.mp3"
    small_track(path, [ChapterMark("Intro", 0, RATE), ChapterMark("Plank", RATE, 3 * RATE)])
    id3 = ID3(path)
    assert id3.version[:2] == (2, 3)
    assert str(id3["TIT2"]) == "Plank" and str(id3["TPE1"]) == "Coach" and str(id3["TALB"]) == "Core"
    assert str(id3["TRCK"]) == "2/7" and str(id3["TCON"]) == "Fitness"
    chaps = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
    assert [(c.start_time, c.end_time, str(c.sub_frames["TIT2"])) for c in chaps] == [
        (0, 1000, "Intro"),
        (1000, 3000, "Plank"),
    ]
    toc = id3.getall("CTOC")[0]
    assert list(toc.child_element_ids) == [c.element_id for c in chaps]
    assert MP3(path).info.length == pytest.approx(3.0, abs=0.03)


def test_the_mp3_has_an_info_header_and_decodes_to_the_exact_length(tmp_path: Path) -> None:
    path = tmp_path / "t.mp3"
    small_track(path, [])
    data = path.read_bytes()
    assert b"Info" in data[:4096] or b"Xing" in data[:4096]
    raw = subprocess.run(
        [require("ffmpeg"), "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True
    ).stdout
    assert len(raw) // 2 == 3 * RATE


def test_cover_art_is_embedded(tmp_path: Path) -> None:
    from mutagen.id3 import ID3

    path = tmp_path / "t.mp3"
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    small_track(path, [], cover=png, cover_mime="image/png")
    apic = ID3(path).getall("APIC")[0]
    assert apic.type == 3 and apic.mime == "image/png" and apic.data == png


def test_a_failed_write_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    final = tmp_path / "x.mp3"
    with pytest.raises(RuntimeError):
        with atomic_path(final) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.engine
def test_every_seed_track_is_levelled_for_phones(seed_build: Path) -> None:
    """-16 LUFS integrated (within 1 LU) and true peak at most -1 dBTP, by ffmpeg's ebur128 meter."""
    from concurrent.futures import ThreadPoolExecutor

    tracks = sorted(seed_build.glob("*.mp3"))
    with ThreadPoolExecutor(2) as pool:  # one ffmpeg per core
        figures = dict(zip((t.name for t in tracks), pool.map(ebur128, tracks)))
    for name, (integrated, peak) in figures.items():
        assert -17.0 <= integrated <= -15.0, (name, integrated)
        assert peak <= -1.0, (name, peak)
    assert len(figures) == 7


@pytest.mark.engine
def test_chapters_match_the_timeline_in_mutagen_and_ffprobe(seed_build: Path) -> None:
    from mutagen.id3 import ID3

    index = json.loads((seed_build / "index.json").read_text())
    assert [t["file"] for t in index["tracks"]] == sorted(p.name for p in seed_build.glob("*.mp3"))
    for track in index["tracks"]:
        path = seed_build / track["file"]
        want = [(c["title"], round(c["start"] * 1000), round(c["end"] * 1000)) for c in track["chapters"]]
        chaps = sorted(ID3(path).getall("CHAP"), key=lambda c: c.start_time)
        assert [(str(c.sub_frames["TIT2"]), c.start_time, c.end_time) for c in chaps] == want
        probed = ffprobe_json(path, "-show_chapters")["chapters"]
        assert [
            (c["tags"]["title"], round(float(c["start_time"]) * 1000), round(float(c["end_time"]) * 1000))
            for c in probed
        ] == want
        assert want[0][1] == 0 and want[-1][2] == round(track["length"] * 1000)


@pytest.mark.engine
def test_seed_tags_name_the_workout_coach_and_collection(seed_build: Path) -> None:
    from mutagen.id3 import ID3

    collection = load_collection(SEED)
    for routine in collection.routines:
        id3 = ID3(seed_build / f"{routine.slug}.mp3")
        assert str(id3["TIT2"]) == routine.title
        assert str(id3["TPE1"]) == routine.coach
        assert str(id3["TALB"]) == collection.title
        assert str(id3["TRCK"]) == f"{routine.number}/7"
        assert str(id3["TDRC"]) == "2026"  # from SOURCE_DATE_EPOCH
        assert "7 Trainer-Approved Workouts" in str(id3["COMM::eng"])


@pytest.mark.engine
def test_playlist_lists_every_track_in_order_with_lengths(seed_build: Path) -> None:
    lines = (seed_build / "playlist.m3u8").read_text().splitlines()
    assert lines[0] == "#EXTM3U"
    files = [line for line in lines if line.endswith(".mp3")]
    assert files == sorted(p.name for p in seed_build.glob("*.mp3"))
    extinf = [line for line in lines if line.startswith("#EXTINF:")]
    index = json.loads((seed_build / "index.json").read_text())
    assert [int(e.split(":")[1].split(",")[0]) for e in extinf] == [round(t["length"]) for t in index["tracks"]]


@pytest.mark.engine
def test_building_twice_gives_identical_bytes(tmp_path: Path, speech_cache: Path) -> None:
    routines = tmp_path / "routines.yaml"
    routines.write_text(TINY)
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run_voiceguide(
            "build", "--routines", str(routines), "--out", str(out), "--cache", str(speech_cache), "-q", "--force"
        )
        assert result.returncode == 0, result.stderr
        outs.append(out)
    for mp3 in outs[0].glob("*.mp3"):
        assert mp3.read_bytes() == (outs[1] / mp3.name).read_bytes(), mp3.name
    assert (outs[0] / "index.json").read_bytes() == (outs[1] / "index.json").read_bytes()
