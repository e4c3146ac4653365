"""Extraction quality: bare trafilatura vs newsdesk's ingest path, same pages, same run.

Usage::

    .venv/bin/python bench/extraction.py [--dataset trafilatura|scrapinghub|both] [--limit N]
        [--languages de,en,...] [--min-text-chars N] [--json FILE] [--show N]
    .venv/bin/python bench/extraction.py --write-baseline tests/eval_baseline.json

Rows per dataset:

* ``trafilatura`` – ``trafilatura.extract(html, url=url)`` with its defaults;
* ``trafilatura -comments`` – the same with ``include_comments=False`` (what newsdesk asks for,
  and what both benchmarks' own trafilatura runs use);
* ``newsdesk (defaults)`` – every page ingested through ``Ingestor.ingest`` into a fresh SQLite
  store, the stored ``Document.text`` read back; a page that fails to ingest scores as empty;
* ``newsdesk (all languages, min 1)`` – only if pages failed under the defaults and no override
  was given: ``languages`` extended by every language lingua finds among the failed pages, and
  ``min_text_chars=1``, to separate newsdesk's *policy* (what it refuses) from its *extraction*.

Scoring: see ``bench/_common.py``. The data folder is ``$NEWSDESK_BENCH_DATA`` or
``<repo>/../shared/bench-data``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from _common import (
    GATE_STEP,
    LOADERS,
    NewsdeskRun,
    Outputs,
    Page,
    Scores,
    data_root,
    format_table,
    found,
    gate_pages,
    gate_scores,
    ingest_settings,
    load_scrapinghub_baselines,
    run_bare,
    run_newsdesk,
    score,
    shingle_counts,
    snippet_counts,
)

BARE = "trafilatura"
BARE_NC = "trafilatura -comments"
ND = "newsdesk (defaults)"
ND_EXT = "newsdesk (all languages, min 1)"


def _timed(func: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def languages_that_appear(run: NewsdeskRun, outputs: Outputs) -> list[str]:
    """ISO codes of the pages refused for their language, by lingua with every language loaded.

    The language is re-detected on bare trafilatura's text rather than read from newsdesk's
    message, because newsdesk's restricted detector can only name a configured or sentinel
    language (it calls Malay "Turkish" and Japanese "Czech").
    """
    texts = [
        str(outputs[key])
        for key, (reason, _) in run.failures.items()
        if reason == "language" and outputs.get(key)
    ]
    if not texts:
        return []
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()
    detected = (detector.detect_language_of(text[:3000]) for text in texts)
    return sorted({language.iso_code_639_1.name.lower() for language in detected if language is not None})


def _page_counts(dataset: str, page: Page, output: str | None) -> tuple[float, ...]:
    if dataset == "trafilatura":
        return tuple(float(v) for v in snippet_counts(page, output))
    return tuple(round(v, 9) for v in shingle_counts(page.truth, output))


def diagnose(
    dataset: str, pages: Sequence[Page], run: NewsdeskRun, reference: Outputs, show: int
) -> dict[str, Any]:
    """Compare newsdesk's stored text with bare trafilatura -comments page by page.

    ``text`` counts, over all pages, whether the texts are identical, equal once
    :func:`newsdesk.ingest.normalize.clean_text` is applied to trafilatura's, or different.
    ``causes`` counts the pages whose *score* differs, by cause.
    """
    from newsdesk.ingest.normalize import clean_text

    text: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    for page in pages:
        ours, theirs = run.outputs.get(page.key), reference.get(page.key)
        if page.key in run.failures:
            cause = f"newsdesk failed ({run.failures[page.key][0]})"
        elif page.key in run.foreign_text:
            cause = "newsdesk answered with another page's stored text (status exists)"
        elif ours == theirs:
            cause = "identical text"
        elif theirs is not None and ours == clean_text(theirs):
            cause = "equal after clean_text()"
        else:
            cause = "different text"
        text[cause] += 1
        a, b = _page_counts(dataset, page, ours), _page_counts(dataset, page, theirs)
        if a == b:
            continue
        causes[cause] += 1
        if len(examples) < show:
            example: dict[str, Any] = {
                "page": page.key,
                "cause": cause,
                "newsdesk": a,
                "bare": b,
                "failure": run.failures.get(page.key),
            }
            if dataset == "trafilatura":
                example["lost_snippets"] = [
                    s[:80] for s in page.with_ if found(s, theirs) and not found(s, ours)
                ]
                example["extra_unwanted"] = [
                    s[:80] for s in page.without if found(s, ours) and not found(s, theirs)
                ]
            examples.append(example)
    return {"text": dict(text), "score_differs": dict(causes), "examples": examples}


def evaluate(dataset: str, pages: Sequence[Page], workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    if args.languages:
        overrides["languages"] = tuple(args.languages.split(","))
    if args.min_text_chars is not None:
        overrides["min_text_chars"] = args.min_text_chars

    outputs: dict[str, Outputs] = {}
    seconds: dict[str, float] = {}
    outputs[BARE], seconds[BARE] = _timed(lambda: run_bare(pages))
    outputs[BARE_NC], seconds[BARE_NC] = _timed(lambda: run_bare(pages, include_comments=False))
    runs: dict[str, NewsdeskRun] = {}
    runs[ND], seconds[ND] = _timed(lambda: run_newsdesk(pages, workdir / f"{dataset}-defaults.db", overrides))
    if runs[ND].failures and not overrides:
        found_languages = languages_that_appear(runs[ND], outputs[BARE_NC])
        languages = tuple(sorted({*runs[ND].settings["languages"], *found_languages}))
        ext = {"languages": languages, "min_text_chars": 1}
        runs[ND_EXT], seconds[ND_EXT] = _timed(
            lambda: run_newsdesk(pages, workdir / f"{dataset}-ext.db", ext)
        )
    for name, run in runs.items():
        outputs[name] = run.outputs

    scores = {name: score(dataset, pages, out) for name, out in outputs.items()}
    if dataset == "scrapinghub" and args.limit is None:
        for name, stored in load_scrapinghub_baselines().items():
            scores[f"stored output/{name}.json"] = score(dataset, pages, stored)
    result: dict[str, Any] = {
        "pages": len(pages),
        "scores": {name: asdict(s) for name, s in scores.items()},
        "seconds": seconds,
        "newsdesk": {
            name: {
                "settings": {k: run.settings[k] for k in ("languages", "min_text_chars")},
                "statuses": dict(run.statuses),
                "failed": len(run.failures),
                "failures_by_reason": run.failure_summary(),
                "failures_by_message": run.failure_details(),
                "answered_with_other_page_text": run.foreign_text,
            }
            for name, run in runs.items()
        },
    }
    if dataset == "trafilatura":
        result["raw_substring_scores"] = {
            name: asdict(score(dataset, pages, out, raw=True)) for name, out in outputs.items()
        }
    result["diagnosis"] = {
        name: diagnose(dataset, pages, run, outputs[BARE_NC], args.show) for name, run in runs.items()
    }
    _print(dataset, result, scores)
    return result


def _print(dataset: str, result: dict[str, Any], scores: dict[str, Scores]) -> None:
    title = {
        "trafilatura": "trafilatura-eval (snippet P/R/F1, whitespace-normalised substrings)",
        "scrapinghub": "scrapinghub (4-token shingle P/R/F1, per-page mean)",
    }[dataset]
    print(f"\n## {title}: {result['pages']} pages\n")
    rows = [
        [name, s.precision, s.recall, s.f1, s.accuracy, f"{result['seconds'].get(name, 0):.1f}"]
        for name, s in scores.items()
    ]
    print(format_table(["system", "precision", "recall", "F1", "accuracy", "seconds"], rows))
    if "raw_substring_scores" in result:
        raw = result["raw_substring_scores"]
        print(
            "\nF1 with raw (unnormalised) substring matching, as older upstream scripts did: "
            + ", ".join(f"{name} {v['f1']:.3f}" for name, v in raw.items())
        )
    print()
    for name in (ND, ND_EXT):
        if name not in scores:
            continue
        for base in (BARE, BARE_NC):
            d = [getattr(scores[name], m) - getattr(scores[base], m) for m in ("precision", "recall", "f1")]
            verdict = "within 0.01" if abs(d[2]) <= 0.01 else "NOT within 0.01"
            print(f"{name} − {base}: P {d[0]:+.3f}  R {d[1]:+.3f}  F1 {d[2]:+.3f}  ({verdict})")
    for name, info in result["newsdesk"].items():
        print(f"\n{name}: settings {info['settings']}; statuses {info['statuses']}; failed {info['failed']}")
        for line, count in info["failures_by_message"].items():
            print(f"  {count:4d}  {line}")
        if info["answered_with_other_page_text"]:
            print(
                f"  {len(info['answered_with_other_page_text'])} pages answered with another page's text: "
                + ", ".join(info["answered_with_other_page_text"][:5])
            )
    for name, diag in result["diagnosis"].items():
        print(f"\n{name} vs {BARE_NC}, page by page: text {diag['text']}")
        print(f"  pages whose score differs, by cause: {diag['score_differs'] or 'none'}")


FLOOR_MARGIN = 0.01
TOLERANCE = 0.01


def write_baseline(path: Path, workdir: Path) -> dict[str, Any]:
    """Measure the CI gate's subsets and write ``tests/eval_baseline.json`` (floors = measured − 0.01).

    The policy-neutral languages are those lingua finds among the pages newsdesk refuses under
    its defaults, pinned in the file so the test does not need lingua's full model set.
    """
    import platform
    from datetime import UTC, datetime
    from importlib.metadata import version

    datasets: dict[str, Any] = {}
    for name in LOADERS:
        pages = gate_pages(name)
        defaults = run_newsdesk(pages, workdir / f"gate-{name}-probe.db")
        refused = languages_that_appear(defaults, run_bare(pages, include_comments=False))
        neutral = {"languages": sorted({*ingest_settings().languages, *refused}), "min_text_chars": 1}
        scores = gate_scores(name, pages, workdir / f"gate-{name}", neutral)
        measured = {key: round(s.f1, 4) for key, s in scores.items()}
        datasets[name] = {
            "subset": {
                "rule": f"every {GATE_STEP[name]}th page of the sorted keys",
                "step": GATE_STEP[name],
                "pages": len(pages),
            },
            "metric": "snippet F1 (upstream tests/eval_common.py)"
            if name == "trafilatura"
            else "4-token shingle F1, per-page mean (upstream evaluate.py)",
            "policy_neutral_settings": neutral,
            "newsdesk_failures_with_defaults": defaults.failure_summary(),
            "measured_f1": measured,
            "floors": {
                key: round(measured[key] - FLOOR_MARGIN, 4)
                for key in ("newsdesk_defaults", "newsdesk_policy_neutral")
            },
        }
    baseline = {
        "about": "F1 floors of tests/test_quality_extraction.py. Generated by bench/extraction.py "
        "--write-baseline; never edit by hand. Lowering a floor is a deliberate, explained change.",
        "measured": {
            "date": datetime.now(UTC).date().isoformat(),
            "command": "cd /work/main && .venv/bin/python bench/extraction.py --write-baseline "
            "tests/eval_baseline.json",
            "python": platform.python_version(),
            "versions": {
                lib: version(lib)
                for lib in ("trafilatura", "htmldate", "lingua-language-detector", "somajo", "lxml")
            },
        },
        "floor_margin": FLOOR_MARGIN,
        "max_abs_f1_difference_vs_bare": TOLERANCE,
        "datasets": datasets,
    }
    path.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return baseline


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=["trafilatura", "scrapinghub", "both"], default="both")
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by key)")
    parser.add_argument("--languages", help="override ingest.languages (comma-separated ISO codes)")
    parser.add_argument("--min-text-chars", type=int, help="override ingest.min_text_chars")
    parser.add_argument("--json", type=Path, help="save all figures to this file")
    parser.add_argument("--show", type=int, default=15, help="example pages kept in the diagnosis")
    parser.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="measure the CI gate's subsets and write the floors file (tests/eval_baseline.json)",
    )
    args = parser.parse_args(argv)

    root = data_root()
    if not root.is_dir():
        parser.error(f"benchmark data not found at {root} (set NEWSDESK_BENCH_DATA)")
    if args.write_baseline:
        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
            baseline = write_baseline(args.write_baseline, Path(tmp))
        print(json.dumps(baseline["datasets"], indent=2))
        return 0
    names = list(LOADERS) if args.dataset == "both" else [args.dataset]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        for name in names:
            pages = LOADERS[name](root)[: args.limit]
            results[name] = evaluate(name, pages, Path(tmp), args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
