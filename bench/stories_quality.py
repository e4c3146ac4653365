"""Story clustering quality: B-cubed precision, recall and F1 on the gold-labelled corpus.

    python bench/stories_quality.py                 # figures with the default settings
    python bench/stories_quality.py --calibrate     # grid search on the calibration events,
                                                    # figures on held-out events and on all

The corpus (tests/fixtures/stories/corpus.jsonl) is synthetic: 74 German and English reports of
14 events and 6 near-miss events (same people or places, different event). Calibration uses the
main events whose number is odd (E01, E03, …) with the near-miss events that shadow them, and
reports the held-out half separately, so the tuned figure is not only a figure on the data it
was tuned on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "stories" / "corpus.jsonl"

from newsdesk.config import IngestSettings, StoriesSettings, load_settings  # noqa: E402
from newsdesk.ingest import Ingestor  # noqa: E402
from newsdesk.store import SQLiteStore, open_store  # noqa: E402
from newsdesk.stories import StoryBuilder  # noqa: E402


def gold_labels(corpus: Path = CORPUS) -> dict[str, str]:
    """URL → gold event label."""
    return {
        row["url"]: row["event"] for row in map(json.loads, corpus.read_text(encoding="utf-8").splitlines())
    }


def prepare(db: Path, corpus: Path = CORPUS) -> None:
    """Ingest the corpus and compute every document's embedding and signals (cached in the store)."""
    with open_store(db) as store, Ingestor(IngestSettings(), store) as ingestor:
        report = ingestor.ingest([str(corpus)])
        if report.failures:
            raise SystemExit(f"corpus failed to ingest: {report.failures}")
        StoryBuilder(StoriesSettings(), store).add([item.id for item in report.items])


def b_cubed(predicted: dict[int, int], gold: dict[int, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the items of ``gold``."""
    items = list(gold)
    clusters: dict[int, set[int]] = {}
    classes: dict[str, set[int]] = {}
    for item in items:
        clusters.setdefault(predicted[item], set()).add(item)
        classes.setdefault(gold[item], set()).add(item)
    precision = recall = 0.0
    for item in items:
        cluster, klass = clusters[predicted[item]], classes[gold[item]]
        overlap = len(cluster & klass)
        precision += overlap / len(cluster)
        recall += overlap / len(klass)
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cluster(store: SQLiteStore, settings: StoriesSettings) -> dict[int, int]:
    """Re-cluster the whole store with ``settings``; document id → story id."""
    builder = StoryBuilder(settings, store)
    return {a.document_id: a.story_id for a in builder.rebuild()}


def evaluate(
    store: SQLiteStore, settings: StoriesSettings, events: set[str] | None = None
) -> dict[str, float]:
    labels = gold_labels()
    predicted = cluster(store, settings)
    gold = {}
    for document in store.iter_documents():
        if document.id is not None and document.url in labels:
            label = labels[document.url]
            if events is None or label in events:
                gold[document.id] = label
    precision, recall, f1 = b_cubed(predicted, gold)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "documents": len(gold),
        "events": len(set(gold.values())),
        "stories": len({predicted[d] for d in gold}),
    }


# Each near-miss event and the main event it shadows (tests/fixtures/stories/README.md); a pair
# must fall into the same half, or a merge of the two could not be seen in either half.
SHADOWS = {"N01": "E01", "N02": "E06", "N03": "E10", "N04": "E11", "N05": "E12", "N06": "E14"}


def split_events() -> tuple[set[str], set[str]]:
    """Calibration and held-out halves: main events by odd/even number, near-misses with theirs."""
    events = set(gold_labels().values())

    def main_number(event: str) -> int:
        return int(SHADOWS.get(event[:3], event[:3])[1:])

    odd = {e for e in events if main_number(e) % 2 == 1}
    return odd, events - odd


def calibrate(store: SQLiteStore, base: StoriesSettings) -> tuple[StoriesSettings, dict[str, float]]:
    """Maximum-margin calibration on the calibration events.

    For every weight combination, find the thresholds that reach the best F1 on the calibration
    half; keep the combination whose range of such thresholds is widest, and take the middle of
    that range (the edge of a plateau generalises worst).
    """
    calibration, _ = split_events()
    thresholds = [round(0.78 + 0.005 * i, 3) for i in range(35)]  # 0.78 … 0.95
    results: list[tuple[float, float, float, float, float]] = []  # f1, threshold, entity, quantity, gap
    for entity, quantity, gap in itertools.product(
        [0.0, 0.03, 0.06, 0.1, 0.15, 0.2], [0.0, 0.02, 0.05], [0.0, 0.02, 0.05]
    ):
        for threshold in thresholds:
            settings = replace(
                base, join_threshold=threshold, entity_weight=entity, quantity_weight=quantity, gap_weight=gap
            )
            results.append((evaluate(store, settings, calibration)["f1"], threshold, entity, quantity, gap))
    best_f1 = max(r[0] for r in results)
    chosen: tuple[float, float, float, float, float] | None = None  # width, middle, entity, quantity, gap
    for entity, quantity, gap in {(r[2], r[3], r[4]) for r in results}:
        good = sorted(r[1] for r in results if r[2:] == (entity, quantity, gap) and r[0] >= best_f1 - 1e-9)
        if not good:
            continue
        # the longest run of consecutive grid thresholds that all reach the best F1
        runs: list[list[float]] = [[good[0]]]
        for value in good[1:]:
            if abs(value - runs[-1][-1] - 0.005) < 1e-9:
                runs[-1].append(value)
            else:
                runs.append([value])
        run = max(runs, key=len)
        candidate = (run[-1] - run[0], (run[0] + run[-1]) / 2, entity, quantity, gap)
        if chosen is None or candidate[0] > chosen[0]:
            chosen = candidate
    assert chosen is not None
    _, middle, entity, quantity, gap = chosen
    settings = replace(
        base, join_threshold=round(middle, 4), entity_weight=entity, quantity_weight=quantity, gap_weight=gap
    )
    figures = evaluate(store, settings, calibration)
    figures["margin"] = chosen[0]
    return settings, figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--calibrate", action="store_true", help="grid-search weights on the calibration events"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-stories-"))
    try:
        db = workdir / "corpus.db"
        started = time.perf_counter()
        prepare(db)
        print(f"prepared corpus (ingest, embeddings, signals) in {time.perf_counter() - started:.1f} s")
        settings = load_settings(environ={}).stories
        calibration, held_out = split_events()
        results: dict[str, object] = {}
        with open_store(db) as store:
            if args.calibrate:
                settings, figures = calibrate(store, settings)
                print(
                    "calibrated:",
                    {
                        k: getattr(settings, k)
                        for k in ("join_threshold", "entity_weight", "quantity_weight", "gap_weight")
                    },
                )
                results["calibration"] = figures
            for name, events in (
                ("calibration events", calibration),
                ("held-out events", held_out),
                ("all events", None),
            ):
                figures = evaluate(store, settings, events)
                results[name] = figures
                print(
                    f"{name:19} P {figures['precision']:.3f}  R {figures['recall']:.3f}  "
                    f"F1 {figures['f1']:.3f}"
                    f"  ({figures['documents']} documents, {figures['events']} events, "
                    f"{figures['stories']} stories)"
                )
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
