"""Verifier benchmark: planted errors in claims about the fixture sources, plus speed and memory.

The cases are ``tests/fixtures/verify/planted.toml`` (correct German and English claims and variants
with one planted error each) over the synthetic sources in ``tests/fixtures/check/sources`` and
``tests/fixtures/verify/sources``. Reports precision and recall of "not supported" (any label but
``supported``) overall, per error kind and separately for the held-out events (``holdout =
"<event>"``: never looked at while the rules, lexicons and thresholds were set; each event also
apart), the accuracy of the specific label per error kind, sentences verified per second (warm:
models loaded and the source passages embedded, as after ingest) and peak memory (VmHWM).
``tests/test_verify_quality.py`` gates them.

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
EVENTS = ROOT / "tests" / "fixtures" / "verify" / "sources"
CASES = ROOT / "tests" / "fixtures" / "verify" / "planted.toml"
FILES = {
    "krone": SOURCES / "krone-3702206.md",
    "mt": SOURCES / "moscow-times-a88113.md",
    "standard": SOURCES / "standard-hochwasser.md",
    "reuters": SOURCES / "reuters-floods.md",
    "presse": SOURCES / "presse-stahl.md",
    "ap": SOURCES / "ap-steel.md",
    "donaubote": EVENTS / "donaubote-prozess.md",
    "tagblatt": EVENTS / "linzer-tagblatt-prozess.md",
    "wire": EVENTS / "vienna-wire-trial.md",
    "gea": EVENTS / "general-anzeiger-gemeinderat.md",
    "swabia": EVENTS / "swabia-post-pool.md",
    "rundschau": EVENTS / "innviertler-brand.md",
    "alpine": EVENTS / "alpine-news-fire.md",
    "mpa": EVENTS / "mpa-buergerentscheid.md",
    "kurier": EVENTS / "saale-kurier-windpark.md",
    "bote": EVENTS / "unstrut-bote-windpark.md",
    "cps": EVENTS / "cps-wind-referendum.md",
}
LEGACY_SOURCES = 6  # the first six sources (document ids 1–6) hold the original 31 cases
FLAGGED = "not supported"  # any label but "supported" is right for this kind
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
    # correct variants, written as reporters write
    "paraphrase": "supported",  # a faithful German paraphrase
    "in_source": "supported",  # an attribution the cited source itself reports
    "short_outlet": "supported",  # the outlet named by a short form ("General-Anzeiger")
    # planted errors of real reporting
    "pieced": "unsupported",  # two passages together hold the words, no single one the claim
    "corroboration": "misattributed",  # a false "übereinstimmend" / "several outlets"
    "outlet": "misattributed",  # an outlet outside the registry named for another's passage
    "swap": FLAGGED,  # a name or number that occurs elsewhere in the source, in the wrong role
    "relation": "contradicted",  # an opposing predicate or direction
    "context": FLAGGED,  # a number of the source taken out of its context (another year, owner)
    "invented": "unsupported",  # an invented claim on the right topic
    "copied": FLAGGED,  # source speech copied without quote marks or attribution
    "crosslingual": FLAGGED,  # a German claim with a planted error against an English passage
}
CORRECT = frozenset({"claim", "translated", "paraphrase", "in_source", "short_outlet"})


@dataclass(frozen=True)
class Pair:
    kind: str  # "claim" (correct), "translated" (correct, quotes another language) or an error kind
    expected: str
    claim: str
    citations: tuple[Citation, ...]
    holdout: str = ""  # the held-out event the pair belongs to ("" for calibration)


def load_sources() -> tuple[dict[int, Document], dict[tuple[int, int], Passage], dict[str, int]]:
    """The fixture sources as in-memory documents and passages; key ("krone") → document id."""
    documents: dict[int, Document] = {}
    passages: dict[tuple[int, int], Passage] = {}
    ids: dict[str, int] = {}
    for number, (key, path) in enumerate(FILES.items(), 1):
        raw = read_text(path.read_text(encoding="utf-8"), source=path.name, kind="md")
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
        held = str(case.get("holdout", ""))
        base = "translated" if case.get("translated") else "claim"
        if "claim" in case:
            pairs.append(Pair(base, "supported", case["claim"], cited, held))
        for kind in EXPECTED:
            if kind in ("claim", "unrelated") or kind not in case:
                continue
            variants = case[kind] if isinstance(case[kind], list) else [case[kind]]
            pairs += [Pair(kind, EXPECTED[kind], text, cited, held) for text in variants]
        if "unrelated" in case:
            other = tuple(_cite(ref, passages, ids) for ref in case["unrelated"])
            pairs.append(Pair("unrelated", "unsupported", case["claim"], other, held))
    return pairs


def run(verifier: Verifier | None = None) -> tuple[list[tuple[Pair, Verdict]], float]:
    """Every pair's verdict and the warm time spent verifying (seconds)."""
    documents, passages, ids = load_sources()
    pairs = load_pairs(passages, ids)
    verifier = verifier or Verifier()
    verifier.vectors(
        [p.claim for p in pairs[:2]] + [p.text for p in passages.values()]
    )  # warm: as after ingest
    for pair in pairs[:3]:  # load the taggers and the language detector's models
        verifier.verify_text(pair.claim, pair.citations, documents, passages)
    start = time.perf_counter()
    verifier.vectors([p.claim for p in pairs])  # the sentences in one batch, as verify_article does
    results = [(p, verifier.verify_text(p.claim, p.citations, documents, passages)) for p in pairs]
    return results, time.perf_counter() - start


def _rates(results: list[tuple[Pair, Verdict]]) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    for pair, verdict in results:
        flagged, wrong = verdict.label != "supported", pair.expected != "supported"
        tp, fp = tp + (flagged and wrong), fp + (flagged and not wrong)
        fn, tn = fn + (wrong and not flagged), tn + (not wrong and not flagged)
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def right(pair: Pair, verdict: Verdict) -> bool:
    """Whether the verdict is the expected one (any "not supported" label for FLAGGED kinds)."""
    if pair.expected == FLAGGED:
        return verdict.label != "supported"
    return verdict.label == pair.expected


def score(results: list[tuple[Pair, Verdict]]) -> dict[str, Any]:
    """Precision/recall of "not supported" (overall, per kind, held-out events apart), label
    accuracy per kind, and the confusion counts."""
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    recall_by_kind: dict[str, list[bool]] = defaultdict(list)
    for pair, verdict in results:
        if pair.kind not in CORRECT:
            recall_by_kind[pair.kind].append(verdict.label != "supported")
        per_kind[pair.kind][verdict.label] += 1
        if pair.kind == "translated":
            noted = any(p.detail.startswith("translated quote") for p in verdict.problems)
            per_kind["translated_note"]["yes" if noted else "no"] += 1
    accuracy = {}
    for kind, labels in per_kind.items():
        if kind == "translated_note":
            accuracy[kind] = labels["yes"] / sum(labels.values())
            continue
        expected = "supported" if kind in ("claim", "translated") else EXPECTED[kind]
        total = sum(labels.values())
        good = total - labels["supported"] if expected == FLAGGED else labels[expected]
        accuracy[kind] = good / total
    paraphrases = [v.label != "supported" for p, v in results if p.kind == "paraphrase"]
    return {
        "pairs": len(results),
        "not_supported": _rates(results),
        "calibration": _rates([(p, v) for p, v in results if not p.holdout]),
        "held_out": _rates([(p, v) for p, v in results if p.holdout]),
        "held_out_pairs": sum(bool(p.holdout) for p, _ in results),
        "held_out_events": {
            event: _rates([(p, v) for p, v in results if p.holdout == event])
            | {"pairs": sum(p.holdout == event for p, _ in results)}
            for event in sorted({p.holdout for p, _ in results} - {""})
        },
        "recall_by_kind": {k: sum(v) / len(v) for k, v in recall_by_kind.items()},
        "paraphrase_false_alarms": sum(paraphrases) / len(paraphrases) if paraphrases else 0.0,
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
        if not right(pair, verdict):
            problems = "; ".join(f"{p.kind}: {p.detail}" for p in verdict.problems)[:160]
            print(f"{pair.kind:10} want {pair.expected:12} got {verdict.label:12} {pair.claim[:60]}")
            print(f"{'':10} {problems}")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
