"""The docs match the code: the CLI reference is current and every command is documented."""

import importlib.util
from pathlib import Path

from voiceguide.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def load_script():
    path = ROOT / "scripts" / "cli-reference"
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("cli_reference", loader=None))
    module.__dict__["__file__"] = str(path)
    exec(path.read_text(), module.__dict__)
    return module


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == load_script().reference(), "run: python scripts/cli-reference"


def test_readme_mentions_every_command() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in cli.commands:
        assert f"voiceguide {name}" in readme, name


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "./scripts/test" in readme
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_the_format_reference_names_every_key() -> None:
    from voiceguide.routine import format as fmt

    docs = (ROOT / "docs" / "routine-format.md").read_text()
    objects = [fmt.COLLECTION, *fmt._registry.values()]
    missing = sorted(
        {f.name for obj in objects for f in obj.fields if f"`{f.name}" not in docs and f"{f.name}:" not in docs}
    )
    assert missing == []


def test_the_format_reference_states_the_defaults_the_code_has() -> None:
    """The collection example's pace and voice lines give the values in voiceguide.settings.DEFAULTS."""
    import re

    from voiceguide.settings import DEFAULTS

    docs = (ROOT / "docs" / "routine-format.md").read_text()
    pace = DEFAULTS.pace
    for key, field in pace.KEYS.items():
        value = getattr(pace, field)
        if value is None:
            continue
        written = re.search(rf"^\s+{key}: (\S+)", docs, re.M)
        assert written, key
        want = str(value) if key == "countdown" else f"{value / 1000:g}s"
        assert written.group(1) == want, (key, written.group(1), want)
    voice = re.search(r"^voice: \{name: (\S+), rate: (\d+)\}", docs, re.M)
    assert voice and (voice.group(1), int(voice.group(2))) == (DEFAULTS.voice.name, DEFAULTS.voice.rate)


def test_the_readme_s_first_command_leaves_voiceguide_on_the_path() -> None:
    """Every later example runs `voiceguide` bare: the first command must leave it usable, and say how again."""
    readme = (ROOT / "README.md").read_text()
    first = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert ". .venv/bin/activate" in first
    assert first.index(". .venv/bin/activate") < first.index("voiceguide build")
    after = readme.split(first, 1)[1].split("##", 1)[0]
    assert "in a new shell" in after.lower() and ".venv/bin/voiceguide" in after
