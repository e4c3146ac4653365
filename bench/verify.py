"""Verifier benchmark: planted errors in claims about the fixture sources, plus speed and memory.

The cases are ``tests/fixtures/verify/planted.toml`` (correct German and English claims and variants
with one planted error each) over the synthetic sources in ``tests/fixtures/check/sources``. Reports
precision and recall of "not supported" (any label but ``supported``), the accuracy of the specific
label per error kind, sentences verified per second (warm, after the models are loaded) and peak
memory (VmHWM). ``tests/test_verify_quality.py`` gates the same figures.

    python bench/verify.py [--json]
"""

from __future__ import annotations

import json
import sys
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.ingest.files import read_text
from newsdesk.ingest.segment import split_sentences
from newsdesk.models import Citation, Document, Passage, Verdict
from newsdesk.verify.verifier import Verifier

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests" / "fixtures" / "check" / "sources"
CASES = ROOT / "tests" / "fixtures" / "verify" / "planted.toml"
FILES = {
    "krone": "krone-3702206.md",
    "mt": "moscow-times-a88113.md",
    "standard": "standard-hochwasser.md",
    "reuters": "reuters-floods.md",
    "presse": "presse-stahl.md",
    "ap": "ap-steel.md",
}
EXPECTED = {
    "claim": "supported",
    "number": "contradicted",
    "date": "contradicted",
    "name": "contradicted",
    "negation": "contradicted",
    "antonym": "contradicted",
    "quote": "contradicted",
    "attribution": "misattributed",
    "fabricated": "unsupported",
    "unrelated": "unsupported",
}


@dataclass(frozen=True)
class Pair:
    kind: str  # "claim" (correct), "translated" (correct, quotes another language) or an error kind
    expected: str
    claim: str
    citations: tuple[Citation, ...]


def load_sources() -> tuple[dict[int, Document], dict[tuple[int, int], Passage], dict[str, int]]:
    """The fixture sources as in-memory documents and passages; key ("krone") → document id."""
    documents: dict[int, Document] = {}
    passages: dict[tuple[int, int], Passage] = {}
    ids: dict[str, int] = {}
    for number, (key, name) in enumerate(FILES.items(), 1):
        raw = read_text((SOURCES / name).read_text(encoding="utf-8"), source=name, kind="md")
        text = raw.text or ""
        language = raw.language or "de"
        documents[number] = Document(
            url=raw.url,
            outlet=raw.outlet or key,
            title=raw.title or "",
            text=text,
            language=language,
            content_hash=key,
            published=raw.published,
            id=number,
        )
        for index, p in enumerate(split_sentences(text, language)):
            passages[(number, index)] = Passage(number, index, p.start, p.end, p.text)
        ids[key] = number
    return documents, passages, ids


def _cite(ref: str, passages: dict[tuple[int, int], Passage], ids: dict[str, int]) -> Citation:
    key, _, start = ref.partition(":")
    document = ids[key]
    for (doc, index), passage in passages.items():
        if doc == document and passage.text.startswith(start):
            return Citation(doc, index)
    raise ValueError(f"no passage of {key} starts with {start!r}")


def load_pairs(passages: dict[tuple[int, int], Passage], ids: dict[str, int]) -> list[Pair]:
    pairs = []
    for case in tomllib.loads(CASES.read_text(encoding="utf-8"))["case"]:
        cited = tuple(_cite(ref, passages, ids) for ref in case["evidence"])
        base = "translated" if case.get("translated") else "claim"
        pairs.append(Pair(base, "supported", case["claim"], cited))
        for kind in EXPECTED:
            if kind in ("claim", "unrelated") or kind not in case:
                continue
            pairs.append(Pair(kind, EXPECTED[kind], case[kind], cited))
        if "unrelated" in case:
            other = tuple(_cite(ref, passages, ids) for ref in case["unrelated"])
            pairs.append(Pair("unrelated", "unsupported", case["claim"], other))
    return pairs


def run(verifier: Verifier | None = None) -> tuple[list[tuple[Pair, Verdict]], float]:
    """Every pair's verdict and the warm time spent verifying (seconds)."""
    documents, passages, ids = load_sources()
    pairs = load_pairs(passages, ids)
    verifier = verifier or Verifier()
    verifier.vectors([p.claim for p in pairs[:2]] + [passages[(1, 0)].text])  # load the models
    start = time.perf_counter()
    cited = [passages[(c.source, c.passage)].text for p in pairs for c in p.citations]
    verifier.vectors([p.claim for p in pairs] + cited)  # one batch, as verify_article does
    results = [(p, verifier.verify_text(p.claim, p.citations, documents, passages)) for p in pairs]
    return results, time.perf_counter() - start


def score(results: list[tuple[Pair, Verdict]]) -> dict[str, Any]:
    """Precision/recall of "not supported", label accuracy per kind, and the confusion counts."""
    tp = fp = fn = tn = 0
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for pair, verdict in results:
        flagged, wrong = verdict.label != "supported", pair.expected != "supported"
        tp, fp = tp + (flagged and wrong), fp + (flagged and not wrong)
        fn, tn = fn + (wrong and not flagged), tn + (not wrong and not flagged)
        per_kind[pair.kind][verdict.label] += 1
        if pair.kind == "translated":
            noted = any(p.detail.startswith("translated quote") for p in verdict.problems)
            per_kind["translated_note"]["yes" if noted else "no"] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    accuracy = {}
    for kind, labels in per_kind.items():
        if kind == "translated_note":
            accuracy[kind] = labels["yes"] / sum(labels.values())
            continue
        expected = "supported" if kind in ("claim", "translated") else EXPECTED[kind]
        accuracy[kind] = labels[expected] / sum(labels.values())
    return {
        "pairs": len(results),
        "not_supported": {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "label_accuracy": accuracy,
        "labels": {kind: dict(labels) for kind, labels in per_kind.items()},
    }


def peak_memory_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    results, seconds = run()
    figures = score(results)
    figures["sentences_per_second"] = len(results) / seconds
    figures["peak_memory_mb"] = peak_memory_mb()
    if "--json" in sys.argv:
        json.dump(figures, sys.stdout, indent=2)
        return
    for pair, verdict in results:
        if verdict.label != pair.expected:
            problems = "; ".join(f"{p.kind}: {p.detail}" for p in verdict.problems)[:160]
            print(f"{pair.kind:10} want {pair.expected:12} got {verdict.label:12} {pair.claim[:60]}")
            print(f"{'':10} {problems}")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
