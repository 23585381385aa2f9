"""The CI workflow: the README's test command on Linux, macOS and Windows, with the oldest and newest Python."""

from __future__ import annotations

import importlib.util
import re
import sys
from importlib.machinery import SourceFileLoader
from typing import Any

import pytest
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


def load_test_script() -> Any:
    """scripts/test as a module (it has no .py suffix)."""
    loader = SourceFileLoader("scripts_test", str(ROOT / "scripts" / "test"))
    spec = importlib.util.spec_from_loader("scripts_test", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "manager, commands",
    [
        ("brew", [["brew", "install", "ffmpeg"], ["brew", "install", "--cask", "chromium", "chromedriver"]]),
        ("choco", [["choco", "install", "-y", "--no-progress", "ffmpeg", "googlechrome", "chromedriver"]]),
        ("apt-get", [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                                                     "ffmpeg", "chromium", "chromium-driver"]]),
    ],
)  # fmt: skip
def test_the_test_command_installs_with_each_systems_package_manager(
    monkeypatch: pytest.MonkeyPatch, manager: str, commands: list[list[str]]
) -> None:
    script = load_test_script()
    ran: list[list[str]] = []
    monkeypatch.setattr(script.shutil, "which", lambda name, path=None: f"/bin/{name}" if name == manager else None)
    monkeypatch.setattr(script.subprocess, "run", lambda args, **kw: ran.append([a for a in args if a != "sudo"]))
    assert script.missing() == ["ffmpeg", "browser"]
    script.install(script.missing())
    assert ran == commands


def test_the_test_command_finds_chromedriver_where_github_runners_keep_it(monkeypatch, tmp_path) -> None:
    script = load_test_script()
    name = "chromedriver.exe" if sys.platform == "win32" else "chromedriver"
    (tmp_path / name).write_text("")
    (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("CHROMEWEBDRIVER", str(tmp_path))
    assert script.chromedriver() == str(tmp_path / name)
