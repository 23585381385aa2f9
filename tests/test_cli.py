"""The command line: help that teaches, one clear line per error, the right exit codes, no tracebacks."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import SEED, STUB_ENGINE, run_voiceguide
from voiceguide.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"voiceguide {command}" in result.output


def test_top_level_help_shows_examples() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "voiceguide build" in result.output


def test_check_lists_the_seven_seed_routines() -> None:
    result = CliRunner().invoke(cli, ["check", str(SEED)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 8 and lines[-1].endswith("7 routines, valid.")
    assert lines[0].split()[:2] == ["01", "hip-opening-mobility-flow"]


def test_an_unknown_routine_id_lists_the_valid_ones(tiny_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "nope", "--routines", str(tiny_file), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: no routine with id 'nope' in {tiny_file}; valid ids: tiny, breathe"
    assert not (tmp_path / "out").exists()


def test_a_bad_routine_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "title: X\nroutines:\n  - id: Bad Id\n    title: T\n    steps:\n      - exercise: A\n        reps: ten\n"
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.mp3").write_bytes(b"old")
    result = CliRunner().invoke(cli, ["build", "--routines", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        (
            f"{bad}:3:9: routines[0].id: 'Bad Id' must be lowercase letters, digits and single hyphens, like "
            "hip-mobility (it names the output file); try 'bad-id'"
        ),
        f"{bad}:7:15: routines[0].steps[0].reps: must be a whole number above 0 or a range like 8-10, got 'ten'",
        "Error: 2 problems in the routine file; nothing was written.",
    ]
    assert [p.name for p in out.iterdir()] == ["keep.mp3"]


def test_an_unwritable_output_folder_is_one_line(tiny_file: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/voiceguide-out")  # not even root can create folders here
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "out"
    result = run_voiceguide("build", "--routines", str(tiny_file), "--out", str(target))
    assert result.returncode == 1
    assert (
        result.stderr.startswith("Error: cannot create the output folder")
        and len(result.stderr.strip().splitlines()) == 1
    )
    assert "Traceback" not in result.stderr


@pytest.mark.engine
def test_a_missing_speech_engine_names_the_install_command(tiny_file: Path, tmp_path: Path) -> None:
    # hide the espeakng-loader wheel and forbid a system library: no engine at all
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "espeakng_loader.py").write_text("raise ImportError('hidden by the test')\n")
    env = {
        "PYTHONPATH": f"{hide}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "VOICEGUIDE_ESPEAK": "system",
        "LD_LIBRARY_PATH": str(hide),
    }
    if not sys.platform.startswith("linux"):
        pytest.skip("the espeak library is Linux's engine")
    result = run_voiceguide(
        "build",
        "--routines",
        str(tiny_file),
        "--out",
        str(tmp_path / "out"),
        "--cache",
        str(tmp_path / "cache"),
        env=env,
    )
    if result.returncode == 0:
        pytest.skip("a system espeak-ng is installed here")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: no system espeak-ng library (libespeak-ng.so.1); install it with: sudo apt install espeak-ng,"
        " or unset VOICEGUIDE_ESPEAK to use the espeakng-loader wheel"
    )
    assert result.stderr.count("Error") == 1 and "Traceback" not in result.stderr


@pytest.mark.engine
def test_without_system_espeak_the_wheel_is_used_and_if_missing_named(tiny_file: Path, tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the espeak library is Linux's engine")
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "espeakng_loader.py").write_text("raise ImportError('hidden by the test')\n")
    env = {"PYTHONPATH": f"{hide}{os.pathsep}{os.environ.get('PYTHONPATH', '')}", "VOICEGUIDE_ESPEAK": "wheel"}
    result = run_voiceguide("plan", "tiny", "--routines", str(tiny_file), "--cache", str(tmp_path / "cache"), env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: no speech engine: espeak-ng is not installed; install it with: pip install espeakng-loader (or: "
        "sudo apt install espeak-ng)"
    )


def test_schema_prints_the_shipped_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    shipped = (Path(__file__).parent.parent / "voiceguide" / "routine" / "routines.schema.json").read_text()
    assert result.exit_code == 0 and result.output == shipped


@pytest.mark.engine
def test_voices_lists_english_voices() -> None:
    result = run_voiceguide("voices")
    assert result.returncode == 0, result.stderr
    assert "en-us" in result.stdout


@pytest.mark.engine
def test_doctor_checks_every_part(tmp_path: Path) -> None:
    result = run_voiceguide("doctor", "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"))
    assert result.returncode == 0, result.stdout + result.stderr
    names = [line.split()[1] for line in result.stdout.splitlines()]
    assert names[:3] == ["python", "speech", "mp3"] and all(
        line.startswith("ok") for line in result.stdout.splitlines()
    )


def test_python_dash_m_works() -> None:
    result = run_voiceguide("--version")
    assert result.returncode == 0 and result.stdout.startswith("voiceguide, version")


def test_the_cli_adds_which_flag_to_change(tiny_file: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder")
    under_a_file = tmp_path / "taken" / "out"
    result = CliRunner().invoke(cli, ["build", "--routines", str(tiny_file), "--out", str(under_a_file)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: cannot create the output folder {under_a_file}: Not a directory; choose another folder with --out"
    )
    missing_file = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.yaml")])
    assert missing_file.stderr.splitlines()[-1] == "Error: pass a routine file: voiceguide check FILE."
    missing_routines = CliRunner().invoke(cli, ["plan", "x", "--routines", str(tmp_path / "nope.yaml")])
    assert missing_routines.stderr.splitlines()[-1] == "Error: pass a routine file with --routines FILE."


def test_library_messages_name_no_flag() -> None:
    import ast

    from helpers import ROOT

    for path in (ROOT / "voiceguide").rglob("*.py"):
        if path.parent.name == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for flag in ("--out", "--routines", "--base-url", "--host", "--port", "--cache"):
                    assert flag not in node.value, f"{path.name}: {node.value!r}"


def test_warnings_are_the_cli_s_own_and_debug_shows_more(tiny_file: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    cache = tmp_path / "a-file" / "cache"
    env = {"VOICEGUIDE_SPEECH_WORKER": str(STUB_ENGINE), "VOICEGUIDE_STUB_MODE": "tone"}
    result = run_voiceguide("plan", "breathe", "--routines", str(tiny_file), "--cache", str(cache), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"Warning: cannot write the speech cache at {cache}/speech/v1 (Not a directory); continuing without it"
    ]
    debug = run_voiceguide(
        "plan", "breathe", "--routines", str(tiny_file), "--cache", str(cache), env={**env, "VOICEGUIDE_DEBUG": "1"}
    )
    assert any(line.startswith("debug: voiceguide.") for line in debug.stderr.splitlines()), debug.stderr


def test_debug_shows_the_traceback_of_an_error(tiny_file: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    result = run_voiceguide(
        "build", "--routines", str(tiny_file), "--out", str(tmp_path / "taken" / "out"), env={"VOICEGUIDE_DEBUG": "1"}
    )
    assert result.returncode == 1 and "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ")


def test_check_warns_when_cues_will_not_fit(tmp_path: Path) -> None:
    crowded = tmp_path / "crowded.yaml"
    crowded.write_text(
        "title: T\nroutines:\n  - id: crowded\n    title: Crowded\n    steps:\n"
        "      - {exercise: Plank, hold: 20s}\n"
        "      - {rest: 4s, say: Take a long slow breath in and let it all the way out before the next one.}\n"
        "      - {exercise: Bridge, hold: 20s}\n"
    )
    result = CliRunner().invoke(cli, ["check", str(crowded)])
    assert result.exit_code == 0
    assert result.stderr == "Warning: crowded: about 1 cue may not fit; see which with: voiceguide plan crowded\n"
    assert result.stdout.splitlines()[-1].endswith("valid.")
