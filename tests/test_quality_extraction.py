"""Quality gate: main-text extraction through newsdesk's ingest path, on public benchmarks.

Deterministic subsets (every 8th page of the trafilatura evaluation set, every 4th page of the
scrapinghub benchmark) are ingested with ``Ingestor`` into a SQLite store under ``tmp_path``
and scored with the benchmarks' own metrics, by the same code as ``bench/extraction.py``
(``bench/_common.py``). Floors and the settings used are pinned in ``eval_baseline.json``,
which ``bench/extraction.py --write-baseline`` generates.

Two newsdesk configurations are measured:

* ``newsdesk_defaults`` — the shipped settings. They refuse pages outside the six configured
  languages (Polish, Portuguese, Russian, Chinese … pages are in both benchmarks), which costs
  F1 against bare trafilatura that extracts every page regardless of language;
* ``newsdesk_policy_neutral`` — the benchmark pages' languages configured and
  ``min_text_chars=1``, so what remains is newsdesk's extraction itself. This is the one that
  must stay within 0.01 F1 of bare trafilatura on the same pages.

Without the benchmark data the tests are skipped, except on CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE: dict[str, Any] = json.loads(Path(__file__).with_name("eval_baseline.json").read_text("utf-8"))
DATASETS = sorted(BASELINE["datasets"])
TOLERANCE: float = BASELINE["max_abs_f1_difference_vs_bare"]

pytestmark = pytest.mark.slow


def _load_bench_common() -> ModuleType:
    """``bench/_common.py`` as a module (bench/ is scripts, not an installed package)."""
    name = "newsdesk_bench_common"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "_common.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


common = _load_bench_common()


@pytest.fixture(scope="module")
def bench_data() -> Path:
    root: Path = common.data_root()
    missing = [d for d in (common.TRAFILATURA_DIR, common.SCRAPINGHUB_DIR) if not (root / d).is_dir()]
    if missing:
        reason = (
            f"benchmark data not found: {', '.join(missing)} under {root} "
            f"(set {common.DATA_ENV} to the bench-data folder)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return root


@pytest.fixture(scope="module")
def figures(bench_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    """F1 of bare trafilatura and newsdesk per dataset, computed once for all tests here."""
    result = {}
    for dataset in DATASETS:
        pinned = BASELINE["datasets"][dataset]
        pages = common.gate_pages(dataset, bench_data)
        assert len(pages) == pinned["subset"]["pages"], "the gate's subset changed; regenerate the baseline"
        neutral = pinned["policy_neutral_settings"]
        scores = common.gate_scores(dataset, pages, tmp_path_factory.mktemp(dataset), neutral)
        result[dataset] = {name: s.f1 for name, s in scores.items()}
    return result


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("setting", ["newsdesk_defaults", "newsdesk_policy_neutral"])
def test_f1_at_least_the_pinned_floor(
    figures: dict[str, dict[str, float]], dataset: str, setting: str
) -> None:
    floor = BASELINE["datasets"][dataset]["floors"][setting]
    measured = figures[dataset][setting]
    assert measured >= floor, f"{dataset}: {setting} F1 {measured:.4f} fell below the floor {floor:.4f}"


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("bare", ["bare", "bare_no_comments"])
def test_extraction_within_tolerance_of_bare_trafilatura(
    figures: dict[str, dict[str, float]], dataset: str, bare: str
) -> None:
    ours, theirs = figures[dataset]["newsdesk_policy_neutral"], figures[dataset][bare]
    assert abs(ours - theirs) <= TOLERANCE, (
        f"{dataset}: newsdesk F1 {ours:.4f} vs {bare} {theirs:.4f} differ by more than {TOLERANCE}"
    )


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="known gap: with the default ingest.languages (de en fr es it nl) newsdesk refuses the "
    "benchmarks' Polish, Portuguese, Russian, Chinese … pages, which bare trafilatura extracts; "
    "see docs/benchmarks.md. If this passes, the gap closed: drop the xfail.",
)
@pytest.mark.parametrize("dataset", DATASETS)
def test_defaults_within_tolerance_of_bare_trafilatura(
    figures: dict[str, dict[str, float]], dataset: str
) -> None:
    ours, theirs = figures[dataset]["newsdesk_defaults"], figures[dataset]["bare_no_comments"]
    assert abs(ours - theirs) <= TOLERANCE
