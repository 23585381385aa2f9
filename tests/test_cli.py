"""The command line: help that teaches, one clear line per error, the right exit codes, no tracebacks."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import SEED, STUB_ENGINE, run_voiceguide
from voiceguide.cli import cli
from voiceguide.settings import DEFAULTS

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
    if sys.platform == "win32":
        pytest.skip("Windows ignores a folder's read-only mode")
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
def test_voices_lists_the_voices_of_every_phrase_pack_s_language() -> None:
    result = run_voiceguide("voices")
    assert result.returncode == 0, result.stderr
    ids = {line.split()[0] for line in result.stdout.splitlines()[1:]}
    assert {"gmw/en-us", "gmw/de", "roa/es", "roa/fr"} <= ids
    assert "gmw/nl" not in ids and "gmw/nl" in run_voiceguide("voices", "--all").stdout
    assert result.stdout.startswith(f"engine: pyttsx3, driver: {DEFAULTS.voice.pyttsx3_driver(sys.platform)} (")
    assert "en-us" in result.stdout.lower().replace("_", "-")  # espeak's en-us, macOS's en_US, Windows' en-US


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
        f"Warning: cannot write the speech cache at {cache}/speech/v1 ({tmp_path / 'a-file'} is a file, not a folder); "
        "continuing without it"
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


def test_a_hanging_engine_says_it_tries_again_and_only_outside_doctor_sends_you_to_doctor(
    stub_engine, tiny_file: Path, tmp_path: Path
) -> None:
    stub_engine("hang")
    result = run_voiceguide("plan", "breathe", "--routines", str(tiny_file), "--cache", str(tmp_path / "cache"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    # 0.5 s and 0.01 s a character of the clip's text
    assert re.fullmatch(r"Warning: the speech engine did not answer within 0\.[5-9]\d* s; trying once more", lines[0])
    assert re.match(r"Error: the speech engine did not answer within 0\.[5-9]\d* s for ", lines[-1])
    assert lines[-1].endswith(", twice; run 'voiceguide doctor' to check it")
    doctor = run_voiceguide("doctor", "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"))
    speech = next(line for line in doctor.stdout.splitlines() if line.split()[1] == "speech")
    assert speech.startswith("FAIL") and speech.endswith("twice"), speech
    assert "voiceguide doctor" not in doctor.stdout


def example_ids(command: str) -> list[tuple[str, ...]]:
    """The routine ids each example of a command's help names (its arguments that are not options)."""
    import shlex

    help_text = CliRunner().invoke(cli, [command, "--help"]).output
    found = []
    for line in help_text.split("Example:")[1].splitlines():
        if not line.strip().startswith(f"voiceguide {command}"):
            continue
        words = shlex.split(line.split("#")[0].split(">")[0])
        args, rest = [], iter(words[2:])
        for word in rest:
            if word.startswith("-"):
                if word in ("--out", "--routines", "--cache", "--coaching", "--base-url", "-j", "--jobs", "--svg"):
                    next(rest)
            else:
                args.append(word)
        found.append(tuple(args))
    return found


@pytest.mark.parametrize("command", ["build", "plan"])
def test_the_help_examples_name_routines_the_seed_has(command: str) -> None:
    from voiceguide.builder import select
    from voiceguide.routine import load_collection

    examples = example_ids(command)
    assert any(examples), examples
    seed = load_collection(SEED)
    for ids in examples:
        select(seed, ids)  # raises for an id the seed does not have


def test_a_routine_is_named_by_the_start_of_its_id_or_offered_when_misspelt(stub_engine, tmp_path: Path) -> None:
    from voiceguide.builder import select
    from voiceguide.errors import UsageError
    from voiceguide.routine import load_collection

    seed = load_collection(SEED)
    assert [r.id for r in select(seed, ("supine", "pilates", "pilates-for-lower-back-pain"))] == [
        "pilates-for-lower-back-pain",
        "supine-strength",
    ]
    with pytest.raises(UsageError, match=r"^'s' starts several routine ids in .*: standing-strength, supine-strength$"):
        select(seed, ("s",))
    with pytest.raises(
        UsageError, match=r"no routine with id 'pilats' in .*; did you mean 'pilates-for-lower-back-pain'\?$"
    ):
        select(seed, ("pilats",))
    with pytest.raises(UsageError, match=r"no routine with id 'prone-strenght' .*; did you mean 'prone-strength'\?$"):
        select(seed, ("prone-strenght",))
    stub_engine("tone", timeout_s=30)
    result = run_voiceguide("plan", "yoga", "--routines", str(SEED), "--cache", str(tmp_path / "cache"))
    assert result.returncode == 0 and "== Yoga Poses For Lower Back Pain ==" in result.stdout, result.stderr


def test_check_counts_one_routine_in_the_singular(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text(
        "title: One\nroutines:\n  - id: a\n    title: A\n    steps:\n      - exercise: Squat\n        reps: 8\n"
    )
    result = CliRunner().invoke(cli, ["check", str(one)])
    assert result.exit_code == 0 and result.output.splitlines()[-1] == f"{one}: 1 routine, valid."


def test_new_writes_a_starter_that_checks_builds_and_finds_its_schema(stub_engine, tmp_path: Path) -> None:
    import json

    import jsonschema
    import yaml

    from voiceguide.routine import json_schema_text

    stub_engine("tone", timeout_s=30)
    file = tmp_path / "workouts" / "mine.yaml"
    result = CliRunner().invoke(cli, ["new", str(file)])
    assert result.exit_code == 0, result.output
    first = file.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = file.parent / first.split("$schema=")[1]  # relative to the routine file, as editors read it
    assert schema.read_text() == json_schema_text()
    jsonschema.Draft202012Validator(json.loads(schema.read_text())).validate(yaml.safe_load(file.read_text()))
    checked = CliRunner().invoke(cli, ["check", str(file)])
    assert checked.exit_code == 0 and checked.output.splitlines()[-1] == f"{file}: 1 routine, valid."
    out = tmp_path / "out"
    built = CliRunner().invoke(
        cli, ["build", "--routines", str(file), "--out", str(out), "--cache", str(tmp_path / "c")]
    )
    assert built.exit_code == 0, built.output
    assert (out / "01-morning-mobility.mp3").is_file()


def test_new_never_replaces_a_file(tmp_path: Path) -> None:
    file = tmp_path / "routines.yaml"
    file.write_text("my own routines\n")
    result = CliRunner().invoke(cli, ["new", str(file)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {file} already exists; a new routine file never replaces one; name another file: voiceguide new FILE"
    ]
    assert file.read_text() == "my own routines\n" and sorted(os.listdir(tmp_path)) == ["routines.yaml"]
    (tmp_path / "routines.schema.json").write_text('{"title": "someone else\'s schema"}')
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "other.yaml")])
    assert result.exit_code == 2 and "routines.schema.json exists and is not voiceguide's schema" in result.stderr
    assert not (tmp_path / "other.yaml").exists()


def test_sigterm_outside_a_build_is_a_quiet_143(stub_engine, tiny_file: Path, tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    stub_engine("hang")
    cache = tmp_path / "cache"
    env = {**os.environ, "VOICEGUIDE_SPEECH_TIMEOUT": "60"}
    command = [sys.executable, "-m", "voiceguide", "plan", "tiny", "--routines", str(tiny_file), "--cache", str(cache)]
    planning = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while not list(cache.rglob("voiceguide-clip-*.wav")) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the engine is asked for a clip
        planning.send_signal(signal.SIGTERM)
        _, stderr = planning.communicate(timeout=30)
    finally:
        planning.kill()
    assert planning.returncode == 143 and stderr == "terminated: stopped by SIGTERM\n"
