"""`voiceguide serve`: nothing outside the folder, GET and HEAD only, byte ranges, ETags, and a quiet Ctrl-C."""

from __future__ import annotations

import hashlib
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from voiceguide.cli import cli
from voiceguide.output.index import TrackRecord, write_index
from voiceguide.output.publish import publish
from voiceguide.routine import parse_collection
from voiceguide.serve import Server, lan_address, resolve

REPO = Path(__file__).resolve().parent.parent
SECRET = b"top secret, outside the build folder"
TRACK = "01-fake.mp3"
ROUTINES = (
    "title: Served\nroutines:\n  - id: fake\n    title: Fake\n    steps:\n      - exercise: Bridge\n        hold: 4s\n"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder made by hand (no speech engine): a 1 MB 'track', its sidecars, dotfiles and a symlink out."""
    base = tmp_path_factory.mktemp("serve")
    (base / "secret.txt").write_bytes(SECRET)
    (base / "routines.yaml").write_text(ROUTINES)
    out = base / "build"
    out.mkdir()
    data = random.Random(9).randbytes(1_000_003)
    (out / TRACK).write_bytes(data)
    (out / "01-fake.vtt").write_text("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nHello.\n")
    record = TrackRecord(
        id="fake",
        number=1,
        title="Fake",
        coach=None,
        file=TRACK,
        captions="01-fake.vtt",
        length=60.0,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        fingerprint="x",
        chapters=[{"title": "Fake", "start": 0.0, "end": 60.0}],
    )
    write_index(out, "Served", [record])
    publish(out, parse_collection((base / "routines.yaml").read_bytes(), "routines.yaml"), [record])
    (out / ".voiceguide.lock").write_bytes(b"")
    (out / ".vg-tmp-abc.mp3").write_bytes(SECRET)
    (out / "sub").mkdir()
    (out / "sub" / "inner.txt").write_bytes(b"inner")
    (out / "link.mp3").symlink_to(base / "secret.txt")
    (out / "sub" / "up").symlink_to(base)
    return out


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[Server]:
    running = Server(folder, "127.0.0.1", 0).start()
    yield running
    running.stop()


def request(
    server: Server, method: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request with the path sent exactly as written (no client-side normalizing)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


TRAVERSALS = [
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/sub/../../secret.txt",
    "/sub/%2e%2e/%2e%2e/secret.txt",
    "/sub/up/secret.txt",
    "/link.mp3",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "/.voiceguide.lock",
    "/.vg-tmp-abc.mp3",
    "/sub/",
    "/sub",
    "/index.json/",
    "/index.json%00.html",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_folder_no_dotfiles_no_listings(server: Server, path: str) -> None:
    status, _, body = request(server, "GET", path)
    assert status in (403, 404), (path, status)
    assert SECRET not in body and b"root:" not in body and b"inner" not in body


def test_the_resolver_refuses_what_the_server_refuses(folder: Path) -> None:
    root = Path(os.path.realpath(folder))
    assert resolve(root, "/") == root / "index.html"
    assert resolve(root, "/sub/inner.txt") == root / "sub" / "inner.txt"
    for path in ("/../secret.txt", "/sub/up/secret.txt", "/link.mp3", "/.voiceguide.lock", "/sub", "/a//b"):
        assert resolve(root, path) is None, path


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head(server: Server, folder: Path, method: str) -> None:
    status, headers, _ = request(server, method, f"/{TRACK}")
    assert status == 405
    assert set(headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert (folder / TRACK).stat().st_size == 1_000_003


def test_head_sends_headers_only(server: Server) -> None:
    status, headers, body = request(server, "HEAD", f"/{TRACK}")
    assert (status, body) == (200, b"")
    assert headers["content-length"] == "1000003"
    assert headers["accept-ranges"] == "bytes"


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        (f"/{TRACK}", "audio/mpeg"),
        ("/01-fake.vtt", "text/vtt"),
        ("/index.json", "application/json"),
        ("/01-fake.chapters.json", "application/json"),
        ("/feed.xml", "application/rss+xml"),
        ("/player.js", "text/javascript"),
        ("/sw.js", "text/javascript"),
        ("/player.css", "text/css"),
        ("/manifest.webmanifest", "application/manifest+json"),
    ],
)
def test_content_types(server: Server, path: str, expected: str) -> None:
    status, headers, _ = request(server, "GET", path)
    assert status == 200
    assert headers["content-type"].split(";")[0] == expected
    assert headers["x-content-type-options"] == "nosniff"


def test_fifty_concurrent_ranges_return_the_right_bytes(server: Server, folder: Path) -> None:
    data = (folder / TRACK).read_bytes()
    rng = random.Random(50)
    ranges = []
    for _ in range(50):
        start = rng.randrange(len(data))
        ranges.append((start, min(len(data) - 1, start + rng.randrange(1, 200_000))))

    def fetch(r: tuple[int, int]) -> tuple[int, dict[str, str], bytes]:
        return request(server, "GET", f"/{TRACK}", {"Range": f"bytes={r[0]}-{r[1]}"})

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(fetch, ranges))
    for (start, end), (status, headers, body) in zip(ranges, results):
        assert status == 206
        assert headers["content-range"] == f"bytes {start}-{end}/{len(data)}"
        assert body == data[start : end + 1]


def test_open_and_suffix_ranges(server: Server, folder: Path) -> None:
    data = (folder / TRACK).read_bytes()
    status, _, body = request(server, "GET", f"/{TRACK}", {"Range": "bytes=999000-"})
    assert (status, body) == (206, data[999000:])
    status, _, body = request(server, "GET", f"/{TRACK}", {"Range": "bytes=-100"})
    assert (status, body) == (206, data[-100:])
    status, headers, _ = request(server, "GET", f"/{TRACK}", {"Range": "bytes=2000000-"})
    assert status == 416
    assert headers["content-range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize("path", [f"/{TRACK}", "/index.html", "/feed.xml"])
def test_etag_and_if_none_match_give_304(server: Server, path: str) -> None:
    status, headers, body = request(server, "GET", path)
    assert status == 200 and body
    etag = headers["etag"]
    status, _, body = request(server, "GET", path, {"If-None-Match": etag})
    assert (status, body) == (304, b"")
    status, _, _ = request(server, "GET", path, {"If-None-Match": '"something-else"'})
    assert status == 200


def test_the_feed_is_served_with_this_servers_address(server: Server) -> None:
    status, _, body = request(server, "GET", "/feed.xml")
    assert status == 200
    assert f'url="http://127.0.0.1:{server.port}/{TRACK}"'.encode() in body
    assert f'url="http://127.0.0.1:{server.port}/01-fake.chapters.json"'.encode() in body


def test_a_port_in_use_is_one_clear_line(folder: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--out", str(folder), "--host", "127.0.0.1", "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: port {port} is in use; pick another with --port"


def test_a_folder_without_a_build_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--out", str(tmp_path), "--host", "127.0.0.1", "--port", "0"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {tmp_path} holds no build (no readable index.json); build one with: voiceguide build --out {tmp_path}"
    )


def test_an_unknown_host_is_one_clear_line(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--out", str(folder), "--host", "no-such-host.invalid", "--port", "0"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot listen on 'no-such-host.invalid'")


def test_the_local_network_address_is_found_without_a_request() -> None:
    address = lan_address()
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", address)
    assert not address.startswith("0.")


def test_ctrl_c_stops_quietly_with_130(folder: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows cannot send Ctrl-C to one process")
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # As from a terminal: a shell starts background jobs with Ctrl-C ignored, and the child would inherit that.
    saved = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voiceguide", "serve", "--out", str(folder), "--host", "127.0.0.1", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
        )
    finally:
        signal.signal(signal.SIGINT, saved)
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if not line or line.startswith("Press Ctrl-C"):
                break
        text = "".join(lines)
        url = re.search(r"Web player:\s+(http://127\.0\.0\.1:\d+/)", text)
        assert url, text
        assert re.search(r"Podcast feed:\s+http://127\.0\.0\.1:\d+/feed\.xml", text)
        assert "█" in text  # the QR code
        port = int(url.group(1).rsplit(":", 1)[1].strip("/"))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/index.json")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert err.strip() == "Stopped."
