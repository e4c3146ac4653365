"""Quality gate: the verifier on the planted-error benchmark (bench/verify.py; floors: verify_baseline.json).

Two parts. The original 31 cases (six fixture sources, ``legacy`` in the baseline) keep their
floors unchanged. The events written as real reporting (issue 14: pieced support, false
corroboration, swapped names and numbers, relation swaps, context-bound numbers, outlets outside the
registry, in-source attributions, copied speech, paraphrases, German claims against English
passages) are gated at what the verifier reaches now (``events``), with the held-out event reported
apart; the issue's targets (0.95 overall, 0.90 per kind, paraphrase false alarms ≤ 5 %) are not all
reached yet — docs/benchmarks.md, "Verifier", says which and why. A regression fails here.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "verify_baseline.json").read_text(encoding="utf-8"))


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("verify_bench", ROOT / "bench" / "verify.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored() -> tuple[dict[str, Any], dict[str, Any]]:
    """(all pairs, the original 31 cases) scored."""
    bench = _bench()
    results, _ = bench.run()
    legacy = [(p, v) for p, v in results if all(c.source <= bench.LEGACY_SOURCES for c in p.citations)]
    return bench.score(results), bench.score(legacy)


@pytest.fixture(scope="module")
def figures(scored: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    return scored[0]


def test_issue_floor_of_not_supported(figures: dict[str, Any]) -> None:
    assert figures["not_supported"]["recall"] >= 0.90
    assert figures["not_supported"]["precision"] >= 0.90


def test_pinned_floors_of_the_original_cases(scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    legacy = scored[1]
    for name in ("precision", "recall"):
        assert legacy["not_supported"][name] >= FLOORS["legacy"]["not_supported"][name], name
    for kind, floor in FLOORS["legacy"]["label_accuracy"].items():
        assert legacy["label_accuracy"][kind] >= floor, (kind, legacy["labels"].get(kind))


def test_pinned_floors_of_the_events(figures: dict[str, Any]) -> None:
    floors = FLOORS["events"]
    for part in ("not_supported", "calibration", "held_out"):
        for name in ("precision", "recall"):
            assert figures[part][name] >= floors[part][name], (part, name, figures[part])
    for kind, floor in floors["recall_by_kind"].items():
        assert figures["recall_by_kind"][kind] >= floor, (kind, figures["labels"].get(kind))
    assert figures["paraphrase_false_alarms"] <= floors["paraphrase_false_alarms"]


def test_the_events_cover_every_kind_the_issue_names(figures: dict[str, Any]) -> None:
    labels = figures["labels"]
    assert sum(sum(labels[k].values()) for k in labels if k not in ("translated_note",)) >= 300
    assert sum(labels["paraphrase"].values()) >= 35
    assert sum(labels["crosslingual"].values()) >= 35
    for kind in ("pieced", "corroboration", "outlet", "swap", "relation", "context", "in_source", "copied"):
        assert sum(labels[kind].values()) >= 2, kind
    assert figures["held_out_pairs"] >= 40


def test_the_benchmark_covers_every_error_kind(figures: dict[str, Any]) -> None:
    assert figures["pairs"] >= 300
    for kind in ("number", "date", "name", "negation", "quote", "attribution", "fabricated", "unrelated"):
        assert sum(figures["labels"][kind].values()) >= 5, kind
    assert sum(figures["labels"]["antonym"].values()) >= 3
