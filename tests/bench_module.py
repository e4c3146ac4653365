"""Load a benchmark script of ``bench/`` as a module, for the tests that check its figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load_bench(name: str) -> Any:
    """``bench/<name>.py`` as the module ``name`` (dataclasses look their module up in sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module
