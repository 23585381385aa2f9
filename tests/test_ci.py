"""The CI workflow: the README's test command on Linux, macOS and Windows, with the oldest and newest Python."""

from __future__ import annotations

import re

import yaml

from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
SETUP_ACTIONS = {"actions/checkout", "actions/setup-python"}
"""Steps that prepare the runner rather than run a command (the README names both)."""


def readme_commands() -> set[str]:
    """Every line of the README's shell blocks, without a prompt or a trailing comment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set()
    for block in re.findall(r"```(?:sh|console|powershell)\n(.*?)```", readme, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", line.removeprefix("$ ")).strip()
            if line:
                commands.add(line)
    return commands


def jobs() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]


def test_the_workflow_runs_on_the_three_systems_with_the_oldest_and_newest_python() -> None:
    (job,) = jobs().values()
    matrix = job["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert set(matrix["python"]) == {"3.10", "3.13"}
    assert job["runs-on"] == "${{ matrix.os }}" and job["strategy"]["fail-fast"] is False
    assert job["env"]["VOICEGUIDE_REQUIRE_ALL"] == "1"  # a missing part fails the run instead of skipping


def test_every_step_runs_a_command_the_readme_documents() -> None:
    documented = readme_commands()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ran = []
    for job in jobs().values():
        for step in job["steps"]:
            if "uses" in step:
                action = step["uses"].split("@")[0]
                assert action in SETUP_ACTIONS and f"`{action}`" in readme, step
                continue
            for line in step["run"].strip().splitlines():
                assert line.strip() in documented, f"the README does not document: {line!r}"
                ran.append(line.strip())
    assert ran == ["python scripts/test -q -p no:cacheprovider"]


def test_the_readme_s_commands_are_found() -> None:
    commands = readme_commands()
    assert "./scripts/test" in commands and "python scripts/test -q -p no:cacheprovider" in commands
    assert "voiceguide check routines.yaml" in commands  # a prompt is not part of the command
