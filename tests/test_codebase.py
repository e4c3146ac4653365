"""Architecture and hygiene checks over the whole code base."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

import newsdesk
from newsdesk.cli import app

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "newsdesk"


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(newsdesk.__path__, "newsdesk."))


@pytest.mark.parametrize("name", _modules())
def test_every_module_imports_without_side_effects(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"


def test_importing_newsdesk_loads_no_heavy_dependencies() -> None:
    code = (
        "import sys, newsdesk, newsdesk.cli, newsdesk.ingest, newsdesk.store;"
        "heavy = {'trafilatura', 'somajo', 'lingua', 'datasketch', 'pypdf', 'feedparser'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_public_surface_is_exact() -> None:
    assert sorted(newsdesk.__all__) == ["NewsdeskError", "__version__"]
    import newsdesk.ingest as ingest
    import newsdesk.render as render
    import newsdesk.store as store

    for module in (ingest, render, store):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.__all__ names missing {name}"


def test_no_print_or_bare_except_in_the_library() -> None:
    for path in SRC.rglob("*.py"):
        if path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                pytest.fail(f"print() in {path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.ExceptHandler) and node.type is None:
                pytest.fail(f"bare except in {path.relative_to(ROOT)}:{node.lineno}")


def test_modules_stay_small() -> None:
    for path in SRC.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 450, f"{path.relative_to(ROOT)} has {lines} lines; split it"


def _commands() -> list[str]:
    root = get_command(app)
    names = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names += [f"{name} {sub}" for sub in subcommands]
        else:
            names.append(name)
    return names


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented_with_an_example(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"newsdesk {re.escape(command)}\b", readme), (
        f"README does not show 'newsdesk {command}'"
    )
    root = get_command(app)
    target = root
    for part in command.split():
        target = target.commands[part]  # type: ignore[attr-defined]
    assert "Example:" in (target.help or ""), f"'newsdesk {command} --help' has no Example block"


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [ruff, "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
