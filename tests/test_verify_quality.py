"""Quality gate: the verifier on the planted-error benchmark (bench/verify.py; floors: verify_baseline.json).

Three parts. The original 31 cases (six fixture sources, ``legacy`` in the baseline) keep their
floors unchanged. The events written as real reporting (issue 14: pieced support, false
corroboration, swapped names and numbers, relation swaps, context-bound numbers, outlets outside the
registry, in-source attributions, copied speech, paraphrases, German claims against English
passages) and the first held-out event (the fire, looked at since) are gated at what the verifier
reaches (``events``); each held-out event is also gated apart (``held_out_events``): the wind-farm
referendum was written and committed before the rules it measures were changed, and its floors are
its measured figures, not tuned ones. Every pair together must reach the issue's 0.95. The issue's
paraphrase target (≤ 5 % false alarms) is not reached on the held-out events — docs/benchmarks.md,
"Verifier", says which and why. A regression fails here.
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


Scored = tuple[dict[str, Any], dict[str, Any], dict[str, Any]]
# the held-out events whose pairs count with the calibration events in ``events`` (looked at since)
LOOKED_AT = frozenset({"fire"})


@pytest.fixture(scope="module")
def scored() -> Scored:
    """(all pairs, the original 31 cases, the calibration events with the looked-at held-out ones)
    scored."""
    bench = _bench()
    results, _ = bench.run()
    legacy = [(p, v) for p, v in results if all(c.source <= bench.LEGACY_SOURCES for c in p.citations)]
    events = [(p, v) for p, v in results if not p.holdout or p.holdout in LOOKED_AT]
    return bench.score(results), bench.score(legacy), bench.score(events)


@pytest.fixture(scope="module")
def figures(scored: Scored) -> dict[str, Any]:
    return scored[0]


def test_issue_floor_of_not_supported(figures: dict[str, Any]) -> None:
    for name in ("precision", "recall"):
        assert figures["not_supported"][name] >= FLOORS["all"]["not_supported"][name], name


def test_pinned_floors_of_the_original_cases(scored: Scored) -> None:
    legacy = scored[1]
    for name in ("precision", "recall"):
        assert legacy["not_supported"][name] >= FLOORS["legacy"]["not_supported"][name], name
    for kind, floor in FLOORS["legacy"]["label_accuracy"].items():
        assert legacy["label_accuracy"][kind] >= floor, (kind, legacy["labels"].get(kind))


def test_pinned_floors_of_the_events(scored: Scored) -> None:
    events, floors = scored[2], FLOORS["events"]
    for part in ("not_supported", "calibration"):
        for name in ("precision", "recall"):
            assert events[part][name] >= floors[part][name], (part, name, events[part])
    for kind, floor in floors["recall_by_kind"].items():
        assert events["recall_by_kind"][kind] >= floor, (kind, events["labels"].get(kind))
    assert events["paraphrase_false_alarms"] <= floors["paraphrase_false_alarms"]


def test_each_held_out_event_apart(figures: dict[str, Any]) -> None:
    measured = figures["held_out_events"]
    assert set(FLOORS["held_out_events"]) <= set(measured)
    for event, floors in FLOORS["held_out_events"].items():
        for name in ("precision", "recall"):
            assert measured[event][name] >= floors[name], (event, name, measured[event])
    unseen = [e for e in measured if e not in LOOKED_AT]
    assert unseen, "a part of the set is kept out of every calibration"
    assert sum(measured[e]["pairs"] for e in unseen) >= 40


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
