"""The web player: shipped files, then headless Chromium against `voiceguide serve` on localhost."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from helpers import browser_program, chromedriver, missing
from voiceguide.output.player import PLAYER_FILES, player_files

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def test_every_player_file_ships_in_the_package() -> None:
    files = player_files()
    assert set(files) == set(PLAYER_FILES)
    assert all(files.values())
    json.loads(files["manifest.webmanifest"])


def test_the_player_asks_no_other_host() -> None:
    """No absolute URL anywhere but XML namespaces; the page's policy allows only its own origin."""
    for name, data in player_files().items():
        text = data.decode("utf-8")
        urls = re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"')]*", text)
        assert [u for u in urls if u != "http://www.w3.org/2000/svg"] == [], name
    assert "default-src 'self'" in player_files()["index.html"].decode("utf-8")


# --- in the browser -----------------------------------------------------------------------------


def _browser_parts() -> tuple[str, str]:
    chromium, driver = browser_program(), chromedriver()
    if not chromium or not driver:
        missing("Chrome or Chromium and chromedriver (scripts/test installs them)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing("selenium (pip install -e '.[test]')")
    assert chromium and driver
    return chromium, driver


class Served:
    """`voiceguide serve` in a subprocess on a free loopback port."""

    def __init__(self, out: Path) -> None:
        self.out = out
        env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        self.errors = tempfile.TemporaryFile()  # a file, not a pipe: nothing it writes can block it
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voiceguide", "serve", "--out", str(out), "--host", "127.0.0.1", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=self.errors,
            env=env,
            text=True,
            encoding="utf-8",
        )
        assert self.proc.stdout is not None
        seen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            seen += line
            found = re.search(r"Web player:\s+(\S+)", line)
            if found:
                self.url = found.group(1)
                return
            if not line:
                break
        self.stop()
        self.errors.seek(0)
        raise AssertionError(f"voiceguide serve did not start: {seen}{self.errors.read().decode('utf-8', 'replace')}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def built(phone_build: Path) -> Path:
    return phone_build


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[Served]:
    _browser_parts()
    server = Served(built)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, driver_path = _browser_parts()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never download anything
    profile = tempfile.mkdtemp(prefix="vg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--autoplay-policy=no-user-gesture-required",
        "--mute-audio",
        f"--window-size={PHONE['width']},{PHONE['height']}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**PHONE, "deviceScaleFactor": 1, "mobile": True})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def js(driver: Any, script: str) -> Any:
    return driver.execute_script(script)


def text_of(driver: Any, element_id: str) -> str:
    return js(driver, f"return document.getElementById('{element_id}').textContent")


def errors_in(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def open_first_track(driver: Any, url: str) -> dict[str, Any]:
    """Load the page, tap the first workout, and wait until it plays; returns its index.json record."""
    driver.get(url)
    wait_for(
        lambda: js(driver, "return document.querySelectorAll('#list .track').length") == 2, what="the workout list"
    )
    driver.find_element("css selector", "#list .track").click()
    wait_for(lambda: js(driver, "return audio.currentTime > 0.3 && !audio.paused"), what="the track to play")
    return js(driver, "return state.track")


@pytest.mark.browser
@pytest.mark.engine
def test_the_page_loads_with_no_console_errors(browser: Any, served: Served) -> None:
    browser.get(served.url)
    wait_for(
        lambda: js(browser, "return document.querySelectorAll('#list .track').length") == 2, what="the workout list"
    )
    titles = js(browser, "return [...document.querySelectorAll('#list .track-title')].map(e => e.textContent)")
    assert titles == ["First Routine", "Second Routine"]
    assert text_of(browser, "collection") == "Tiny Test"
    length = round(json.loads((served.out / "index.json").read_text())["tracks"][0]["length"])
    assert js(browser, "return document.querySelector('#list .meta').textContent").startswith(
        f"{length // 60}:{length % 60:02d} · 2 exercises"
    )
    assert errors_in(browser) == []


@pytest.mark.browser
@pytest.mark.engine
def test_a_track_plays(browser: Any, served: Served) -> None:
    open_first_track(browser, served.url)
    start = js(browser, "return audio.currentTime")
    wait_for(lambda: js(browser, "return audio.currentTime") > start + 1.0, what="currentTime to advance")
    assert errors_in(browser) == []


@pytest.mark.browser
@pytest.mark.engine
def test_the_exercise_changes_at_a_chapter_boundary(browser: Any, served: Served) -> None:
    track = open_first_track(browser, served.url)
    before, after = track["chapters"][1], track["chapters"][2]
    js(browser, f"audio.currentTime = {after['start'] - 1.2}")
    wait_for(lambda: text_of(browser, "exercise") == before["title"], what=f"'{before['title']}' to show")
    assert text_of(browser, "next") == after["title"]
    wait_for(
        lambda: text_of(browser, "exercise") == after["title"],
        timeout=10,
        what=f"'{after['title']}' to show after the boundary",
    )
    # the player counts a chapter as begun 50 ms early (lastStartingBefore), so a seek to its rounded start lands in it
    assert js(browser, "return audio.currentTime") >= after["start"] - 0.05


@pytest.mark.browser
@pytest.mark.engine
def test_the_countdown_and_the_spoken_cue_follow_the_track(browser: Any, served: Served) -> None:
    track = open_first_track(browser, served.url)
    hold = next(w for w in track["windows"] if w["kind"] == "hold")
    js(browser, "audio.pause()")
    js(browser, f"audio.currentTime = {hold['start'] + 1.5}")
    wait_for(lambda: text_of(browser, "window-label") == "Hold", what="the hold's label")
    left = hold["end"] - js(browser, "return audio.currentTime")
    assert int(text_of(browser, "countdown")) in (int(left), int(left) + 1)
    cues = js(browser, "return state.cues")
    assert cues and all(c["text"] for c in cues)
    spoken = [c for c in cues if c["start"] <= hold["start"] + 1.5]
    assert text_of(browser, "cue") == spoken[-1]["text"]


@pytest.mark.browser
@pytest.mark.engine
def test_chapter_buttons_seek(browser: Any, served: Served) -> None:
    track = open_first_track(browser, served.url)
    chapters = track["chapters"]
    browser.find_elements("css selector", "#chapters .chapter")[2].click()
    wait_for(
        lambda: abs(js(browser, "return audio.currentTime") - chapters[2]["start"]) < 0.6, what="the seek to chapter 3"
    )
    assert text_of(browser, "exercise") == chapters[2]["title"]
    browser.find_element("id", "next-chapter").click()
    wait_for(
        lambda: abs(js(browser, "return audio.currentTime") - chapters[3]["start"]) < 0.6,
        what="the next-exercise button",
    )
    browser.find_element("id", "prev-chapter").click()
    wait_for(
        lambda: abs(js(browser, "return audio.currentTime") - chapters[2]["start"]) < 0.6,
        what="the previous-exercise button",
    )


@pytest.mark.browser
@pytest.mark.engine
@pytest.mark.parametrize("fragment", ["%", "%E0%A4%A", "%zz"])
def test_a_location_hash_that_is_no_escape_shows_the_list(browser: Any, served: Served, fragment: str) -> None:
    """decodeURIComponent throws URIError on these; the page shows the list, on load and on a hash change."""
    browser.get(served.url + "#" + fragment)
    wait_for(
        lambda: js(browser, "return document.querySelectorAll('#list .track').length") == 2, what="the workout list"
    )
    js(browser, "location.hash = '#01-first'")
    wait_for(lambda: js(browser, "return !document.getElementById('player').hidden"), what="the player to open")
    js(browser, f"location.hash = '#{fragment}'")
    wait_for(lambda: js(browser, "return document.getElementById('player').hidden"), what="the list again")
    assert errors_in(browser) == []


@pytest.mark.browser
@pytest.mark.engine
def test_screenshot_on_a_phone(browser: Any, served: Served) -> None:
    """test-artifacts/player.png: the player mid-hold on a 390x844 screen, for a person to look at."""
    track = open_first_track(browser, served.url)
    hold = next(w for w in track["windows"] if w["kind"] == "hold")
    js(browser, f"audio.currentTime = {hold['start'] + 0.8}")
    wait_for(lambda: text_of(browser, "window-label") == "Hold", what="the hold")
    time.sleep(0.5)
    assert js(browser, "return [innerWidth, innerHeight]") == [PHONE["width"], PHONE["height"]]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "player.png"))
    assert errors_in(browser) == []


@pytest.mark.browser
@pytest.mark.engine
def test_the_page_and_a_played_track_work_offline(browser: Any, built: Path) -> None:
    """Its own server (another origin): play once, stop the server, reload, and play again from the service worker."""
    server = Served(built)
    try:
        track = open_first_track(browser, server.url)
        wait_for(
            lambda: js(browser, "return !!navigator.serviceWorker.controller"),
            what="the service worker to take control",
        )
        wait_for(
            lambda: browser.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "caches.open('voiceguide-tracks').then(c => c.keys()).then(k => done(k.length))"
            ),
            what="the played track to be saved",
        )
    finally:
        server.stop()
    browser.get(server.url)
    wait_for(
        lambda: js(browser, "return document.querySelectorAll('#list .track').length") == 2, what="the list, offline"
    )
    assert "offline" in js(browser, "return document.querySelector('#list .meta').textContent")
    browser.find_element("css selector", "#list .track").click()
    wait_for(lambda: js(browser, "return audio.currentTime") > 1.0, what="the saved track to play offline")
    js(browser, f"audio.currentTime = {track['chapters'][2]['start'] + 0.2}")
    wait_for(
        lambda: text_of(browser, "exercise") == track["chapters"][2]["title"], what="a seek within the saved track"
    )
    wait_for(
        lambda: js(browser, f"return audio.currentTime > {track['chapters'][2]['start'] + 0.8}"),
        what="playing on after the seek",
    )


# --- the timeline picture -----------------------------------------------------------------------

PICTURE_NS = "{http://www.w3.org/2000/svg}"
README_PICTURE = REPO / "docs" / "05-standing-strength.svg"


def picture_geometry(text: str) -> dict[str, float]:
    """The picture root's data attributes and viewBox size, as numbers."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text)
    found = {k[5:]: float(v) for k, v in root.attrib.items() if k.startswith("data-")}
    found["width"], found["height"] = (float(v) for v in root.get("viewBox", "").split()[2:])
    return found


def picture_point(g: dict[str, float], t: float) -> tuple[float, float]:
    """Where time t is drawn, in the picture's units: its x, and the middle of its row's lanes."""
    row = min(int(g["rows"]) - 1, int(t // g["row-seconds"]))
    x = g["x0"] + (t - row * g["row-seconds"]) / g["row-seconds"] * (g["x1"] - g["x0"])
    return x, g["top"] + row * g["pitch"] + (g["lane-top"] + g["lane-bottom"]) / 2


def playhead_at(driver: Any, g: dict[str, float]) -> tuple[float, float]:
    """The playhead's middle, in the picture's units."""
    return tuple(
        js(
            driver,
            "const h = document.getElementById('playhead').getBoundingClientRect();"
            "const i = document.getElementById('picture').getBoundingClientRect();"
            f"return [(h.left + h.width / 2 - i.left) / i.width * {g['width']},"
            f" (h.top + h.height / 2 - i.top) / i.height * {g['height']}];",
        )
    )


def tap_picture(driver: Any, g: dict[str, float], t: float) -> None:
    """A real click on the picture where time t is drawn."""
    from selenium.webdriver.common.action_chains import ActionChains

    image = driver.find_element("id", "picture")
    js(driver, "document.getElementById('picture').scrollIntoView({block: 'center'})")
    size = js(
        driver, "const r = document.getElementById('picture').getBoundingClientRect(); return [r.width, r.height]"
    )
    x, y = picture_point(g, t)
    dx, dy = x / g["width"] * size[0] - size[0] / 2, y / g["height"] * size[1] - size[1] / 2
    ActionChains(driver).move_to_element_with_offset(image, round(dx), round(dy)).click().perform()


def wait_for_picture(driver: Any, src: str) -> None:
    wait_for(
        lambda: js(
            driver,
            "const i = document.getElementById('picture');"
            f"return !document.getElementById('picture-box').hidden && i.src.includes({json.dumps(src)})"
            " && i.complete && i.naturalWidth > 0",
        ),
        what="the picture to show",
    )


@pytest.mark.browser
@pytest.mark.engine
def test_the_playhead_follows_the_track_and_a_tap_on_the_picture_seeks(browser: Any, served: Served) -> None:
    browser.get_log("browser")  # what earlier tests left (the offline test's unanswered requests) is theirs
    track = open_first_track(browser, served.url)
    js(browser, "audio.pause()")
    assert track["picture"] == Path(track["file"]).stem + ".svg"
    wait_for_picture(browser, track["picture"])
    g = picture_geometry((served.out / track["picture"]).read_text(encoding="utf-8"))
    unit = g["width"] / js(browser, "return document.getElementById('picture').getBoundingClientRect().width")
    hold = next(w for w in track["windows"] if w["kind"] == "hold")
    for t in (0.5, hold["start"] + 1.0, hold["end"] - 0.5, track["length"] - 0.5):
        js(browser, f"audio.currentTime = {t}")
        want = picture_point(g, t)
        wait_for(
            lambda want=want: all(abs(a - b) <= 1.5 * unit for a, b in zip(playhead_at(browser, g), want)),
            what=f"the playhead at {t} s (wanted {want}, saw {playhead_at(browser, g)})",
        )
    target = hold["start"] + 1.5
    tap_picture(browser, g, target)
    seconds_per_px = g["row-seconds"] / (g["x1"] - g["x0"]) * unit
    wait_for(
        lambda: abs(js(browser, "return audio.currentTime") - target) <= 2 * seconds_per_px,
        what=f"the tap to seek to {target} s",
    )
    assert abs(playhead_at(browser, g)[0] - picture_point(g, target)[0]) <= 3 * unit
    assert errors_in(browser) == []


@pytest.mark.browser
@pytest.mark.engine
def test_a_picture_of_many_rows_maps_time_to_rows_and_back(browser: Any, served: Served) -> None:
    """The README's 12-minute picture shown in the player: the playhead finds the row; a tap on row 5 says its time.

    Also test-artifacts/player-picture.png, the player with that picture on a 390-pixel screen.
    """
    import base64

    browser.get_log("browser")
    open_first_track(browser, served.url)
    js(browser, "audio.pause()")
    wait_for_picture(browser, ".svg")
    text = README_PICTURE.read_text(encoding="utf-8")
    g = picture_geometry(text)
    assert g["rows"] >= 5
    data = "data:image/svg+xml;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
    js(
        browser,
        f"state.picture = pictureGeometry({json.dumps(text)}); document.getElementById('picture').src = '{data}'",
    )
    wait_for_picture(browser, "data:image/svg+xml")
    unit = g["width"] / js(browser, "return document.getElementById('picture').getBoundingClientRect().width")
    js(
        browser,
        "window.taps = [];"
        "document.getElementById('picture').addEventListener('click', (e) => taps.push(pictureTime(e)))",
    )
    for t in (30.0, 250.0, 500.0, 700.0):
        js(browser, f"placePlayhead({t})")
        seen, want = playhead_at(browser, g), picture_point(g, t)
        assert all(abs(a - b) <= 1.5 * unit for a, b in zip(seen, want)), (t, seen, want)
        tap_picture(browser, g, t)
        tapped = wait_for(lambda: js(browser, "return taps.length && taps[taps.length - 1]"), what="the tap")
        js(browser, "taps.length = 0")
        assert abs(tapped - t) <= 2 * g["row-seconds"] / (g["x1"] - g["x0"]) * unit, (t, tapped)
    js(browser, "placePlayhead(500)")
    js(browser, "document.getElementById('picture').scrollIntoView({block: 'center'})")
    time.sleep(0.3)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "player-picture.png"))
    assert errors_in(browser) == []
