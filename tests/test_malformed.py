"""Every mistake in tests/malformed/ is rejected whole, with exact FILE:LINE:COLUMN messages and exit status 2.

Each corpus file is a small routine file with one mistake (or, in several-problems.yaml, a few). Its expected
stderr is written at its top, one line per problem:

    # expect: <FILE>:10:9: routines[0].steps[0]: unknown key 'tempp'; did you mean 'tempo'?

<FILE> stands for the file's path as given on the command line and <DIR> for its folder, resolved. A file that
cannot hold a comment (the empty file, the UTF-16 file) keeps its expectations in NAME.yaml.expect beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from voiceguide.cli import cli

CORPUS = Path(__file__).parent / "malformed"
FILES = sorted(CORPUS.glob("*.yaml"))
EXPECT = "# expect: "


def expected_lines(path: Path) -> list[str]:
    """The expected stderr lines of a corpus file, placeholders filled in."""
    sidecar = path.with_name(path.name + ".expect")
    source = sidecar.read_bytes() if sidecar.exists() else path.read_bytes()
    lines = []
    for raw in source.splitlines():
        if not raw.startswith(b"#"):
            break
        line = raw.decode("utf-8")
        if line.startswith(EXPECT):
            lines.append(line[len(EXPECT) :])
    return [line.replace("<FILE>", str(path)).replace("<DIR>", str(path.parent.resolve())) for line in lines]


def summary_line(n: int, command: str = "check") -> str:
    tail = "" if command == "check" else "; nothing was written"
    return f"Error: {n} problem{'s' if n != 1 else ''} in the routine file{tail}."


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder (hidden ones too): its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_corpus_is_large_enough() -> None:
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_check_reports_every_problem(path: Path) -> None:
    expected = expected_lines(path)
    assert expected, f"{path.name} has no '{EXPECT.strip()}' lines"

    result = CliRunner().invoke(cli, ["check", str(path)])

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1] == summary_line(len(expected))
    for line in lines[:-1]:
        place = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): \S", line)
        assert place, f"no FILE:LINE:COLUMN in {line!r}"
        assert int(place.group(1)) >= 1 and int(place.group(2)) >= 1


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_build_writes_nothing(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sentinel.mp3").write_bytes(b"an earlier build's track\x00\xff")
    (out / ".hidden").write_text("kept as it is\n")
    before = snapshot(out)
    cache = tmp_path / "cache"

    result = CliRunner().invoke(
        cli, ["build", "--routines", str(path), "--out", str(out), "--cache", str(cache), "--quiet"]
    )

    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[:-1] == expected_lines(path)
    assert snapshot(out) == before
    assert not cache.exists()
