"""The linters run with the tests: the formatter, ruff's rules and mypy, through the one lint command."""

import os
import subprocess
import sys

from helpers import ROOT


def test_the_lint_command_passes() -> None:
    env = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lint")], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
