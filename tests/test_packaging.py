"""A regular (non-editable) install must contain every resource file of the package.

The test suite itself runs from an editable install, which reads the source tree and would not
notice a data file missing from the wheel — as happened once with the SQL migrations.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsdesk"


def test_wheel_contains_every_resource_file(tmp_path: Path) -> None:
    # Build from a pristine copy: a stale build/ folder in the work tree can hide missing files.
    tree = tmp_path / "tree"
    shutil.copytree(PACKAGE, tree / "src" / "newsdesk", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, tree / name)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(tree),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("newsdesk-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())
    resources = [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert resources, "the package has resource files (migrations, data tables)"
    missing = [
        str(p.relative_to(PACKAGE.parent))
        for p in resources
        if str(p.relative_to(PACKAGE.parent)) not in packaged
    ]
    assert missing == [], f"missing from the wheel (fix [tool.setuptools.package-data]): {missing}"


def test_demo_sources_and_writer_data_are_package_resources() -> None:
    # `newsdesk demo` must find its example reports in a regular install, not only in a checkout.
    examples = PACKAGE / "data" / "examples"
    assert len([p for p in examples.rglob("*") if p.is_file()]) >= 13
    assert (ROOT / "examples" / "sources").resolve() == examples.resolve()
    for name in ("data/attribution.toml", "render/templates/article.html"):
        assert (PACKAGE / name).is_file(), name
