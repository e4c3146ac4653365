"""A small run of bench/stories_speed.py: the probe measurement runs and leaves both stores as they were.

The vectors are synthetic (one random direction per event plus noise per report, in a vector cache
of the bench's format), so no embedding model runs; the store, the signals and ``StoryBuilder``'s
assignment are the real ones.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bench_module import load_bench
from newsdesk.config import load_settings
from newsdesk.models import Document
from newsdesk.store import SQLiteStore
from newsdesk.stories.embed import embedding_text

ROOT = Path(__file__).resolve().parents[1]
POOL = 120  # events: the corpus repeats every ≈ 550 documents (3.6 days)
SIZE = 800
PROBE = 40
ROUNDS = 2


def _bench() -> Any:
    return load_bench("stories_speed")


@pytest.fixture(scope="module")
def bench() -> Any:
    return _bench()


def _synthetic_cache(bench: Any, folder: Path) -> None:
    rng = np.random.default_rng(7)
    cache = bench.VectorCache(folder)
    keys, vectors = [], []
    for event in bench.make_pool(POOL):
        base = rng.normal(size=384)
        base /= np.linalg.norm(base)
        for report in event.reports:
            text = embedding_text(Document(None, "", report.title, report.text, report.language, ""))
            key = bench.text_key(text)
            if key in keys:
                continue
            vector = base + 0.35 * rng.normal(size=384) / math.sqrt(384)
            keys.append(key)
            vectors.append(vector / np.linalg.norm(vector))
    cache.add(keys, np.asarray(vectors), [0.0] * len(keys))
    cache.save()


def _state(store: SQLiteStore) -> tuple[int, dict[int, frozenset[int]]]:
    return sum(1 for _ in store.iter_documents()), store.story_memberships()


def test_probe_point(bench: Any) -> None:
    # the corpus of the full run repeats every 6,922 documents (1,500 pool events)
    assert bench.probe_point(50_000, 6922) == (1546, True)
    assert bench.probe_point(10_000, 6922) == (3078, True)
    assert bench.probe_point(1000, 6922) == (500, False)
    assert bench.probe_point(5000, 6922) == (2000, False)


def test_batches_cut_at_the_snapshot(bench: Any) -> None:
    assert bench._batches(60, 25) == [(0, 25), (25, 50), (50, 60)]
    assert bench._batches(60, 25, 50) == [(0, 25), (25, 50), (50, 60)]
    assert bench._batches(60, 25, 31) == [(0, 25), (25, 31), (31, 50), (50, 60)]


def test_small_run_probe(bench: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _synthetic_cache(bench, tmp_path / "cache")
    # a small run's snapshot: the phase-matched point (one cycle before the end) is used
    monkeypatch.setattr(bench, "PROBE_TARGET", 300)
    monkeypatch.setattr(bench, "PROBE_MIN", 200)
    seen: dict[str, dict[str, tuple[int, dict[int, frozenset[int]]]]] = {}
    run_probe = bench.run_probe

    def spy(*args: Any) -> dict[str, Any]:
        full, small_path = args[5], args[6]

        def states() -> dict[str, tuple[int, dict[int, frozenset[int]]]]:
            with SQLiteStore(small_path) as small:
                return {"small": _state(small), "full": _state(full)}

        seen["before"] = states()
        result: dict[str, Any] = run_probe(*args)
        seen["after"] = states()
        return result

    monkeypatch.setattr(bench, "run_probe", spy)
    settings = load_settings(environ={}).stories
    result = bench.run_size(SIZE, POOL, tmp_path / "cache", 25, settings, probe=PROBE, probe_rounds=ROUNDS)

    probe = result["probe"]
    per_cycle = sum(len(e.reports) for e in bench.make_pool(POOL))
    assert probe["phase_matched"] and probe["snapshot_documents"] == SIZE - per_cycle
    assert probe["shift_days"] == pytest.approx(POOL / bench.EVENTS_PER_DAY)
    assert probe["documents"] == PROBE and probe["rounds"] == ROUNDS
    assert probe["small"]["documents"] == SIZE - per_cycle and probe["full"]["documents"] == SIZE
    for name in ("small", "full"):
        row = probe[name]
        assert row["p50_ms"] > 0 and row["cpu_p50_ms"] > 0 and len(row["round_p50_ms"]) == ROUNDS
        assert row["candidates_mean"] > 0 and row["new_stories"] > 0  # the probe did assign
    assert len(probe["round_ratios"]) == ROUNDS
    assert probe["round_ratio_min"] <= probe["round_ratio_median"] <= probe["round_ratio_max"]
    low, high = probe["round_ratio_iqr"]
    assert probe["round_ratio_min"] <= low <= high <= probe["round_ratio_max"]
    for name in ("small", "full"):
        assert 0 <= probe[name]["candidates_named_mean"] <= probe[name]["candidates_mean"]
    assert probe["candidates_window_differ"] <= PROBE
    assert probe["ratio_p50"] > 0 and probe["document_ratio_median"] > 0
    assert 0 <= probe["candidates_differ"] <= PROBE

    # the stores are as they were: the bench's own check and one through the store's API
    assert probe["stores_unchanged"]
    assert seen["before"] == seen["after"]
    assert seen["before"]["full"][0] == SIZE and seen["before"]["small"][0] == SIZE - per_cycle
    assert sum(len(m) for m in seen["after"]["full"][1].values()) == SIZE
    assert len(seen["after"]["full"][1]) == result["stories"]
    # the run's own figures are still there
    assert result["buckets"] and result["peak_rss_mb"] > 0
