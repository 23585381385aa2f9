"""The package's shape: one folder per stage, no import cycles, small modules and functions."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "voiceguide"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
STAGES = ("routine", "coaching", "speech", "audio", "timeline", "output", "builder", "cli", "serve")


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules this one imports, anywhere in its body; importing a.b.c imports a and a.b too.

    The module's own packages are left out: Python has started importing them before the module itself.
    """
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets.add(base)
            targets |= {f"{base}.{alias.name}" for alias in node.names}
    found = set()
    for target in targets:
        parts = target.split(".")
        found |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & known
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, len(name.split(".")))}
    return found - {name} - ancestors


def cycle() -> list[str]:
    """One import cycle inside the package, or [] when there is none."""
    known = modules()
    graph = {name: imports(name, path, set(known)) for name, path in known.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_no_import_cycle_inside_the_package() -> None:
    assert cycle() == [], " -> ".join(cycle())


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from . import b\n")
    (tmp_path / "b.py").write_text("from .a import x\n")
    known = {"voiceguide", "voiceguide.a", "voiceguide.b"}
    assert imports("voiceguide.a", tmp_path / "a.py", known) == {"voiceguide.b"}
    assert imports("voiceguide.b", tmp_path / "b.py", known) == {"voiceguide.a"}


def test_no_module_over_400_lines() -> None:
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_over_60_lines() -> None:
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []


def test_every_stage_is_a_folder_that_exports_its_entry_points() -> None:
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), stage
        tree = ast.parse(init.read_text())
        assert ast.get_docstring(tree), f"{stage}/__init__.py has no docstring"
        assert any(
            isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets) for n in tree.body
        ), stage


def test_only_the_speech_stage_constructs_an_engine() -> None:
    for name, path in modules().items():
        if name.startswith("voiceguide.speech"):
            continue
        text = path.read_text()
        assert "Pyttsx3Engine(" not in text and "open_engine(" not in text, name


def test_no_class_declares_a_field_twice() -> None:
    # a dataclass field declared twice is silently the second one (two branches each added timeout_per_char_s)
    twice = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                fields = [
                    s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                ]
                twice += [f"{name}.{node.name}.{f}" for f in sorted(set(fields)) if fields.count(f) > 1]
    assert twice == []
