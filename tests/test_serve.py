"""`voiceguide serve`: nothing outside the folder, GET and HEAD only, byte ranges, ETags, and a quiet Ctrl-C."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Callable, Iterator

import pytest
from click.testing import CliRunner

from voiceguide.cli import cli
from voiceguide.output.index import TrackRecord
from voiceguide.output.player import PLAYER_FILES
from voiceguide.output.publish import publish
from voiceguide.routine import parse_collection
from voiceguide.serve import Server, lan_address, resolve
from voiceguide.settings import DEFAULTS, Serving

REPO = Path(__file__).resolve().parent.parent
SECRET = b"top secret, outside the build folder"
TRACK = "01-fake.mp3"
NOT_BUILT = ("index.html~", "feed.xml.bak", "02-gone.mp3", "notes.txt", "routines.yaml")
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
    publish(out, parse_collection((base / "routines.yaml").read_bytes(), "routines.yaml"), [record])
    (out / ".voiceguide.lock").write_bytes(b"")
    (out / ".vg-tmp-abc.mp3").write_bytes(SECRET)
    (out / "sub").mkdir()
    (out / "sub" / "inner.txt").write_bytes(b"inner")
    (out / "link.mp3").symlink_to(base / "secret.txt")
    (out / "sub" / "up").symlink_to(base)
    for name in NOT_BUILT:  # regular files in the folder that no build wrote
        (out / name).write_bytes(SECRET)
    os.link(base / "secret.txt", out / "hard.mp3")  # a hard link to a file outside
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
        conn.putrequest(method, path, skip_host="Host" in (headers or {}), skip_accept_encoding=True)
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
    files = frozenset(json.loads((folder / "index.json").read_text())["files"]) | {"link.mp3", "sub/inner.txt"}
    assert resolve(root, "/", files) == root / "index.html"
    assert resolve(root, f"/{TRACK}", files) == root / TRACK
    for path in ("/../secret.txt", "/sub/up/secret.txt", "/sub/inner.txt", "/link.mp3", "/.voiceguide.lock", "/sub"):
        assert resolve(root, path, files) is None, path
    assert resolve(root, "/hard.mp3", files) is None


@pytest.mark.parametrize("name", [*NOT_BUILT, "hard.mp3", "sub/inner.txt"])
def test_only_the_files_the_build_wrote_are_served(server: Server, name: str) -> None:
    """A backup, a stale track, a hard link out, a subfolder's file: all in the folder, none written by the build."""
    status, _, body = request(server, "GET", "/" + name)
    assert status == 404, name
    assert SECRET not in body and b"inner" not in body


def test_every_file_the_build_wrote_is_listed_and_served(server: Server, folder: Path) -> None:
    files = json.loads((folder / "index.json").read_text())["files"]
    written = {TRACK, "01-fake.vtt", "01-fake.chapters.json", "feed.xml", "index.json", "playlist.m3u8"}
    assert set(files) == written | set(PLAYER_FILES)
    for name in files:
        assert request(server, "GET", "/" + name)[0] == 200, name


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


def test_an_svg_may_style_itself_and_nothing_more(server: Server) -> None:
    """A timeline picture opened on its own needs its stylesheet; the page's policy would block it (all black)."""
    status, headers, _ = request(server, "GET", "/icon.svg")
    assert status == 200 and headers["content-type"].split(";")[0] == "image/svg+xml"
    policy = headers["content-security-policy"]
    assert policy == "default-src 'none'; style-src 'unsafe-inline'"
    assert "script" not in policy
    assert "default-src 'self'" in request(server, "GET", "/index.html")[1]["content-security-policy"]


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


IGNORED_RANGES = [
    "bytes=abc",
    "bytes=5-3",
    "bytes = 0-1",
    "bytes=0-1;",
    "bytes=",
    "bytes=-",
    "bytes=--1",
    "bytes=0x10-",
    "lines=0-5",
    "0-5",
    "bytes=0-1,5-6",
    "bytes=0-1, -5",
    "bytes=0-1,abc",
    "bytes=2000000-,0-1",
]
"""Syntactically invalid Range headers, and multi-range requests: RFC 9110 lets a server ignore both (200, all)."""


@pytest.mark.parametrize("value", IGNORED_RANGES)
def test_an_invalid_or_multiple_range_is_ignored(server: Server, folder: Path, value: str) -> None:
    status, headers, body = request(server, "GET", f"/{TRACK}", {"Range": value})
    assert status == 200, value
    assert body == (folder / TRACK).read_bytes()
    assert "content-range" not in headers


def test_a_valid_range_with_empty_list_elements_is_answered(server: Server, folder: Path) -> None:
    status, headers, body = request(server, "GET", f"/{TRACK}", {"Range": "bytes=10-19, ,"})
    assert (status, headers["content-range"], body) == (
        206,
        "bytes 10-19/1000003",
        (folder / TRACK).read_bytes()[10:20],
    )
    assert request(server, "GET", f"/{TRACK}", {"Range": "BYTES=0-0"})[0] == 206


@pytest.mark.parametrize("value", ["bytes=2000000-", "bytes=1000003-1000004", "bytes=-0"])
def test_only_a_valid_single_range_past_the_end_gets_416(server: Server, value: str) -> None:
    status, headers, _ = request(server, "GET", f"/{TRACK}", {"Range": value})
    assert status == 416, value
    assert headers["content-range"] == "bytes */1000003"


def test_the_feed_ignores_an_invalid_range_too(server: Server) -> None:
    status, _, body = request(server, "GET", "/feed.xml", {"Range": "bytes=x-y"})
    assert status == 200 and body.startswith(b"<?xml")


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost.evil.example",
        "127.0.0.1:1",
        "127.0.0.1:{port}@evil.example",
        "[::2]:{port}",
        "",
        "127.0.0.1:{port}, evil.example",
    ],
)
@pytest.mark.parametrize("path", ["/feed.xml", "/index.json", "/"])
def test_a_host_that_is_not_ours_gets_421(server: Server, host: str, path: str) -> None:
    status, _, body = request(server, "GET", path, {"Host": host.format(port=server.port)})
    assert status == 421, (host, path)
    assert b"evil" not in body and b"<rss" not in body


@pytest.mark.parametrize(
    "host, base",
    [
        ("127.0.0.1:{port}", "127.0.0.1:{port}"),
        ("127.0.0.1", "127.0.0.1:{port}"),
        ("localhost:{port}", "localhost:{port}"),
        ("LocalHost", "localhost:{port}"),
        ("[::1]:{port}", "[::1]:{port}"),
        ("[::1]", "[::1]:{port}"),
    ],
)
def test_our_own_names_are_answered_with_links_to_this_port(server: Server, host: str, base: str) -> None:
    status, _, body = request(server, "GET", "/feed.xml", {"Host": host.format(port=server.port)})
    assert status == 200, host
    assert f'url="http://{base.format(port=server.port)}/{TRACK}"'.encode() in body


def test_a_request_without_a_host_gets_the_printed_address(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /feed.xml HTTP/1.0\r\n\r\n")
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    assert answer.startswith(b"HTTP/1.1 200")
    assert f'url="{server.url}{TRACK}"'.encode() in answer


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


def test_a_build_whose_index_lists_no_files_is_one_clear_line(folder: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(folder, old, symlinks=True)
    index = json.loads((old / "index.json").read_text())
    del index["files"]
    (old / "index.json").write_text(json.dumps(index))
    result = CliRunner().invoke(cli, ["serve", "--out", str(old), "--host", "127.0.0.1", "--port", "0"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {old} was built by an older voiceguide (its index.json lists no files); "
        f"build one with: voiceguide build --out {old}"
    )


def test_a_build_while_serving_is_seen(folder: Path, tmp_path: Path) -> None:
    """index.json is read again when it changes: a track built while serving is served, a dropped one is not."""
    out = tmp_path / "live"
    shutil.copytree(folder, out, symlinks=True)
    running = Server(out, "127.0.0.1", 0).start()
    try:
        assert request(running, "GET", "/02-gone.mp3")[0] == 404
        index = json.loads((out / "index.json").read_text())
        index["files"] = sorted(set(index["files"]) - {TRACK} | {"02-gone.mp3"})
        (out / "index.json.new").write_text(json.dumps(index))
        os.replace(out / "index.json.new", out / "index.json")
        assert request(running, "GET", "/02-gone.mp3")[0] == 200
        assert request(running, "GET", f"/{TRACK}")[0] == 404
    finally:
        running.stop()


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


# --- idle and slow clients ---------------------------------------------------------------------


def _start_serve(
    folder: Path, preexec_fn: Callable[[], None] | None = None
) -> tuple[subprocess.Popen[str], int, IO[bytes]]:
    """`voiceguide serve` on a free loopback port in a subprocess; its stderr goes to a file (never blocks it)."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "voiceguide", "serve", "--out", str(folder), "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=errors,
        env=env,
        text=True,
        encoding="utf-8",
        preexec_fn=preexec_fn,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = re.search(r"Web player:\s+http://127\.0\.0\.1:(\d+)/", proc.stdout.readline() or "-")
        if found:
            return proc, int(found.group(1)), errors
        if proc.poll() is not None:
            break
    proc.kill()
    errors.seek(0)
    raise AssertionError(f"voiceguide serve did not start: {errors.read().decode('utf-8', 'replace')}")


def test_300_idle_connections_at_256_open_files_do_not_stop_a_normal_request(folder: Path) -> None:
    """As on macOS (256 open files by default): 150 silent sockets and 150 that sent half a request, then one GET."""
    resource = pytest.importorskip("resource")
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    soft = 256 if hard == resource.RLIM_INFINITY else min(256, hard)

    def limit_open_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    proc, port, errors = _start_serve(folder, limit_open_files)
    idle: list[socket.socket] = []
    elapsed, status = float("inf"), 0
    try:
        for i in range(300):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 2:
                sock.sendall(b"GET /index.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            idle.append(sock)
        began = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/index.json")
            response = conn.getresponse()
            response.read()
            status, elapsed = response.status, time.monotonic() - began
        except OSError:
            pass
        finally:
            conn.close()
    finally:
        for sock in idle:
            sock.close()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    errors.seek(0)
    err = errors.read().decode("utf-8", "replace")
    print(f"a normal GET under 300 idle connections at {soft} open files: {elapsed:.3f} s")
    assert status == 200 and elapsed < 1.0, (status, elapsed)
    assert "Traceback" not in err, err


@pytest.fixture
def quick(folder: Path) -> Iterator[Server]:
    """A server that gives each client 1 s to ask and keeps at most 4 connections."""
    running = Server(folder, "127.0.0.1", 0, limits=Serving(connections=4, timeout_s=1.0)).start()
    yield running
    running.stop()


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def test_an_idle_client_is_let_go_after_the_timeout(quick: Server) -> None:
    with socket.create_connection(("127.0.0.1", quick.port), timeout=5) as sock:
        began = time.monotonic()
        assert _closed_by_server(sock, 5.0)
        assert 0.9 < time.monotonic() - began < 2.5


def test_a_client_that_trickles_its_request_is_let_go_at_the_deadline(quick: Server) -> None:
    with socket.create_connection(("127.0.0.1", quick.port), timeout=5) as sock:
        began = time.monotonic()
        try:
            for byte in b"GET /index.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * 100:
                sock.sendall(bytes([byte]))
                time.sleep(0.05)
                if time.monotonic() - began > 3:
                    break
        except OSError:
            pass
        assert _closed_by_server(sock, 1.0)
        assert time.monotonic() - began < 2.5


@pytest.mark.parametrize("cut", [1, 10, -4, -3, -2, -1])
def test_a_request_sent_in_pieces_is_answered(server: Server, cut: int) -> None:
    head = f"GET /index.json HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(head[:cut])
        time.sleep(0.05)
        sock.sendall(head[cut:])
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    assert answer.startswith(b"HTTP/1.1 200"), answer[:100]


def test_beyond_the_cap_the_longest_idle_connection_makes_room(quick: Server) -> None:
    idle = [socket.create_connection(("127.0.0.1", quick.port), timeout=5) for _ in range(10)]
    try:
        began = time.monotonic()
        status, _, body = request(quick, "GET", "/index.json")
        assert status == 200 and json.loads(body)["tracks"]
        readable, _, _ = select.select(idle, [], [], 0.2)
        assert time.monotonic() - began < 0.8  # before any idle one timed out
        closed = [sock in readable and sock.recv(1) == b"" for sock in idle]
        assert closed == [True] * 7 + [False] * 3  # oldest first
    finally:
        for sock in idle:
            sock.close()


def test_a_request_head_larger_than_the_limit_is_refused(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        try:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"x" * (DEFAULTS.serving.head_bytes + 10))
        except OSError:
            pass
        assert _closed_by_server(sock, 5.0)
