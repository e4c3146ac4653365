"""Quality gate: B-cubed F1 of story clustering on the gold-labelled synthetic corpus."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsdesk.config import StoriesSettings
from newsdesk.store import open_store

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "stories_baseline.json").read_text(encoding="utf-8"))


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("stories_quality", ROOT / "bench" / "stories_quality.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    bench = _bench()
    db = tmp_path_factory.mktemp("stories-quality") / "corpus.db"
    bench.prepare(db)  # type: ignore[attr-defined]
    _, held_out = bench.split_events()  # type: ignore[attr-defined]
    with open_store(db) as store:
        return {
            name: bench.evaluate(store, StoriesSettings(), events)  # type: ignore[attr-defined]
            for name, events in (("all", None), ("held_out", held_out))
        }


def test_b_cubed_f1_on_all_events(figures: dict[str, dict[str, float]]) -> None:
    assert figures["all"]["f1"] >= FLOORS["all"]["f1"]
    assert figures["all"]["f1"] >= 0.90  # the gate; the pinned floor may only be higher


def test_b_cubed_f1_on_held_out_events(figures: dict[str, dict[str, float]]) -> None:
    assert figures["held_out"]["f1"] >= FLOORS["held_out"]["f1"]


def test_b_cubed_of_a_known_partition() -> None:
    bench = _bench()
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert bench.b_cubed({1: 1, 2: 1, 3: 2, 4: 2}, gold) == (1.0, 1.0, 1.0)  # type: ignore[attr-defined]
    precision, recall, _ = bench.b_cubed({1: 1, 2: 1, 3: 1, 4: 1}, gold)  # type: ignore[attr-defined]
    assert (precision, recall) == (0.5, 1.0)
    precision, recall, _ = bench.b_cubed({1: 1, 2: 2, 3: 3, 4: 4}, gold)  # type: ignore[attr-defined]
    assert (precision, recall) == (1.0, 0.5)
