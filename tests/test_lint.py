"""The linters run with the tests: type hints checked by mypy, and ruff's error rules (unused names, bugbears; pairwise zips of unequal length are fine)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_types_check() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "voiceguide", "--ignore-missing-imports"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_ruff_finds_no_errors() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9,B", "--ignore", "B905", "voiceguide", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
