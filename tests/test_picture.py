"""The timeline picture: an SVG that parses, draws every window once at its time, escapes routine text, stays put."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT, SEED, fake_schedule
from voiceguide.cli import cli
from voiceguide.coaching.script import Chapter, Cue, Say, Script, Window
from voiceguide.coaching.walk import compile_routine
from voiceguide.routine import load_collection
from voiceguide.timeline import Timeline
from voiceguide.timeline.picture import picture_svg
from voiceguide.timeline.picture_layout import alternates, parts, short_label
from voiceguide.timeline.schedule import ChapterMark, Span, clock

NS = "{http://www.w3.org/2000/svg}"
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
README_PICTURE = ROOT / "docs" / "05-standing-strength.svg"
TABATA = ROOT / "docs" / "examples" / "tabata.yaml"
ROUTINES = [(SEED, r.id) for r in load_collection(SEED).routines] + [
    (path, r.id) for path in EXAMPLES for r in load_collection(path).routines
]


def timeline_of(path: Path, routine_id: str) -> Timeline:
    routine = load_collection(path).routine(routine_id)
    return fake_schedule(compile_routine(routine), routine.voice)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def geometry(svg: ET.Element) -> dict[str, float]:
    """The root's data attributes as numbers, and the viewBox's width and height."""
    found = {k[5:]: float(v) for k, v in svg.attrib.items() if k.startswith("data-")}
    found["width"], found["height"] = (float(v) for v in svg.get("viewBox", "").split()[2:])
    return found


def where(g: dict[str, float], t: float) -> tuple[int, float]:
    """(row, x) of time t, worked out from the root's attributes as a player does."""
    row = min(int(g["rows"]) - 1, int(t // g["row-seconds"]))
    return row, g["x0"] + (t - row * g["row-seconds"]) / g["row-seconds"] * (g["x1"] - g["x0"])


@pytest.mark.parametrize("path, routine_id", ROUTINES, ids=[r for _, r in ROUTINES])
def test_every_window_is_drawn_once_at_its_time(path: Path, routine_id: str) -> None:
    timeline = timeline_of(path, routine_id)
    svg = ET.fromstring(picture_svg(timeline))
    assert svg.tag == f"{NS}svg"
    g = geometry(svg)
    drawn = [e for e in svg.iter(f"{NS}g") if "window" in classes(e)]
    s = timeline.seconds
    wanted = [(w.kind, round(s(w.start), 3), round(s(w.end), 3)) for w in timeline.windows]
    assert [(e.get("data-kind"), float(e.get("data-start", "")), float(e.get("data-end", ""))) for e in drawn] == wanted
    for element, span in zip(drawn, timeline.windows):
        rects = element.findall(f"{NS}rect")
        row, x = where(g, s(span.start))
        assert float(rects[0].get("x", "")) == pytest.approx(x, abs=0.01), span
        top = g["top"] + row * g["pitch"]
        assert top <= float(rects[0].get("y", "")) < top + g["pitch"], span
        end_row, end_x = where(g, s(span.end))
        if s(span.end) == (end_row * g["row-seconds"]) and end_row > row:  # ends exactly at a row's end
            end_row, end_x = end_row - 1, g["x1"]
        assert len(rects) == end_row - row + 1, span
        last = rects[-1]
        assert float(last.get("x", "")) + float(last.get("width", "")) == pytest.approx(max(end_x, 0), abs=0.51)
        tip = element.find(f"{NS}title")
        assert tip is not None and tip.text and tip.text.startswith(span.label + ": "), span


@pytest.mark.parametrize("path, routine_id", [(SEED, "standing-strength"), (TABATA, "tabata-burpees")])
def test_every_sound_and_chapter_is_drawn(path: Path, routine_id: str) -> None:
    timeline = timeline_of(path, routine_id)
    svg = ET.fromstring(picture_svg(timeline))
    s = timeline.seconds
    said = [r for r in svg.iter(f"{NS}rect") if "say" in classes(r)]
    tips = [t.text for r in said if (t := r.find(f"{NS}title")) is not None]
    once = [t for i, t in enumerate(tips) if i == 0 or t != tips[i - 1]]  # a sentence across a row's end: two bars
    assert once == [f"{clock(s(e.start))} {e.text}" for e in timeline.events if e.kind != "beep"]
    beeps = [r for r in svg.iter(f"{NS}rect") if "beep" in classes(r)]
    assert len(beeps) >= sum(1 for e in timeline.events if e.kind == "beep")
    chapters = [e for e in svg.iter(f"{NS}g") if "chapter" in classes(e)]
    assert [float(c.get("data-start", "")) for c in chapters] == [round(s(c.start), 3) for c in timeline.chapters]


def test_routine_text_comes_out_as_text_never_as_markup() -> None:
    name = "<script>alert(1)</script>"
    odd = 'Bird "dog" & <b>friends</b> ]]> \u2028'
    script = Script(
        "x",
        f"{name} & co",
        (
            Chapter(name),
            Say(f"First: {name}.", "preview"),
            Window("hold", 20_000, name, (Cue(5000, odd, "halfway", 5),)),
            Window("rest", 10_000, odd),
        ),
    )
    text = picture_svg(fake_schedule(script))
    svg = ET.fromstring(text)
    assert [e for e in svg.iter() if e.tag.lower().endswith("script")] == []
    assert "<script" not in text and "<b>" not in text
    assert all(not k.lower().startswith("on") for e in svg.iter() for k in e.attrib)
    written = [e.text or "" for e in svg.iter() if e.tag in (f"{NS}text", f"{NS}title")]
    assert any(name in t for t in written if t.startswith(name))
    assert any(odd in t for t in written)
    assert sum(1 for e in svg.iter(f"{NS}g") if "window" in classes(e)) == 2


def test_the_same_timeline_draws_the_same_bytes() -> None:
    a = picture_svg(timeline_of(SEED, "standing-strength"))
    assert a == picture_svg(timeline_of(SEED, "standing-strength"))


def test_the_three_rounds_and_the_side_switches_are_drawn() -> None:
    svg = ET.fromstring(picture_svg(timeline_of(SEED, "standing-strength")))
    rounds = [e for e in svg.iter(f"{NS}g") if "part" in classes(e)]
    names = [e.find(f"{NS}title").text.split(":")[0] for e in rounds if e.find(f"{NS}title") is not None]
    assert names == ["round 1 of 3", "round 2 of 3", "round 3 of 3"]
    switches = [e for e in svg.iter(f"{NS}g") if {"window", "switch"} <= classes(e)]
    assert len(switches) == 3 * 2  # two per-side exercises in each round
    rests = [e for e in svg.iter(f"{NS}g") if {"window", "rest"} <= classes(e)]
    assert len(rests) == 2  # between the rounds


def test_an_exercise_done_once_with_a_parenthesis_is_no_round() -> None:
    chapters = (ChapterMark("Bird dog (slow)", 0, 10), ChapterMark("Plank", 10, 20))
    assert parts(chapters) == []
    repeated = (*chapters, ChapterMark("Plank (round 2 of 2)", 20, 30))
    assert parts((ChapterMark("Plank (round 1 of 2)", 0, 10), repeated[2]))[0].text == "round 1 of 2"


def test_a_window_says_what_its_chapter_does_not() -> None:
    assert short_label(Span("reps", "Squat, right side", 0, 1, True), "Squat (round 1 of 3)") == "right side"
    assert short_label(Span("reps", "Squat", 0, 1, True), "Squat (round 1 of 3)") == "Squat"
    assert short_label(Span("rest", "Rest between rounds", 0, 1, True), "Rest before round 2") == "Rest between rounds"


def test_light_dark_and_three_text_sizes() -> None:
    text = picture_svg(timeline_of(SEED, "prone-strength"))
    style = ET.fromstring(text).find(f"{NS}style")
    assert style is not None and style.text
    assert "@media (prefers-color-scheme:dark)" in style.text and ":root:target" in style.text
    assert "@media (max-width:480px)" in style.text and "@media (max-width:800px)" in style.text


def test_the_readme_picture_is_what_plan_draws_now() -> None:
    """docs/05-standing-strength.svg: `plan --svg --estimate` needs no speech engine, so it is the same everywhere.

    Rewrite it with: voiceguide plan standing-strength --estimate --svg docs/05-standing-strength.svg
    """
    result = CliRunner().invoke(cli, ["plan", "standing-strength", "--routines", str(SEED), "--estimate", "--svg", "-"])
    assert result.exit_code == 0, result.output
    assert result.output == README_PICTURE.read_text(encoding="utf-8")
    assert "docs/05-standing-strength.svg" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_plan_svg_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "picture.svg"
    result = CliRunner().invoke(
        cli, ["plan", "tabata-burpees", "--routines", str(TABATA), "--estimate", "--svg", str(out)]
    )
    assert result.exit_code == 0 and result.output == ""
    root = ET.parse(out).getroot()
    assert root.tag == f"{NS}svg"
    # opened by itself on a phone it fits the screen's width, from the top (the layout is in its viewBox)
    assert (root.get("width"), root.get("height"), root.get("preserveAspectRatio")) == ("100%", None, "xMidYMin meet")
    assert root.get("viewBox", "").startswith("0 0 1000 ")


def test_json_and_svg_together_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["plan", "tabata-burpees", "--routines", str(SEED), "--json", "--svg", "-"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: --json and --svg each say what to print; choose one"


def test_every_other_phase_of_a_cycle_is_the_lighter_work() -> None:
    windows = tuple(Span("phase", label, i * 10, i * 10 + 10, True) for i, label in enumerate(["Run.", "Walk."] * 2))
    after = (*windows, Span("rest", "Rest", 40, 50, True), Span("phase", "Walk.", 50, 60, True))
    assert alternates(after) == {1, 3}  # a new cycle after the rest starts again at its own first phase
    svg = ET.fromstring(
        picture_svg(timeline_of(ROOT / "docs" / "examples" / "couch-to-5k-week-1.yaml", "couch-to-5k-week-1"))
    )
    drawn = [e for e in svg.iter(f"{NS}g") if "phase" == e.get("data-kind")]
    assert [("work-alt" in classes(e)) for e in drawn] == [False, True] * 8
