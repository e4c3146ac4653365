"""Exact and near-duplicate detection.

* Exact: a SHA-256 of the normalised text (case-folded, whitespace collapsed). Same hash, same
  document: a re-ingest stores nothing.
* Near: agency copy (dpa, APA, Reuters) republished by several outlets differs in a headline, a
  sentence or a trimmed last paragraph. MinHash signatures over word 5-gram shingles are indexed
  by LSH bands in the store (32 bands × 4 rows: pairs with Jaccard ≥ 0.5 become candidates with
  probability ≥ 0.87), and a candidate is a duplicate when the shingle *containment* of the
  smaller text in the larger one is at least the threshold (default 0.8), so a copy with its last
  paragraph cut still counts. Near-duplicates are linked with ``duplicate_of``, never dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.store.base import DuplicateCandidate

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_WORDS = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """Hash of the text that ignores case and whitespace differences."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Signature:
    """A MinHash signature plus the number of distinct shingles it summarises."""

    values: np.ndarray
    size: int

    def to_bytes(self) -> bytes:
        return np.concatenate(([np.uint64(self.size)], self.values.astype(np.uint64))).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        array = np.frombuffer(data, dtype=np.uint64)
        return cls(array[1:], int(array[0]))

    def bands(self) -> list[int]:
        """One signed 64-bit hash per LSH band (what the store indexes)."""
        result = []
        for band in range(BANDS):
            chunk = self.values[band * ROWS : (band + 1) * ROWS].astype(np.uint64).tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8).digest()
            result.append(int.from_bytes(digest, "big", signed=True))
        return result

    def jaccard(self, other: Signature) -> float:
        return float(np.mean(self.values == other.values))

    def containment(self, other: Signature) -> float:
        """Estimated share of the smaller shingle set contained in the larger one."""
        j = self.jaccard(other)
        smaller = min(self.size, other.size)
        if smaller == 0:
            return 0.0
        return min(1.0, j * (self.size + other.size) / ((1 + j) * smaller))


def shingles(text: str) -> set[bytes]:
    words = _WORDS.findall(text.casefold())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> Signature:
    from datasketch import MinHash

    items = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    if items:
        minhash.update_batch(list(items))
    return Signature(np.asarray(minhash.hashvalues, dtype=np.uint64), len(items))


def find_duplicate(
    sig: Signature, candidates: Sequence[DuplicateCandidate], *, threshold: float
) -> int | None:
    """The id of the original that ``sig`` duplicates (root of its chain), or ``None``."""
    best: tuple[float, int] | None = None
    for candidate in candidates:
        other = Signature.from_bytes(candidate.minhash)
        if sig.jaccard(other) < 0.5:
            continue
        score = sig.containment(other)
        if score >= threshold:
            root = candidate.duplicate_of or candidate.document_id
            if best is None or (score, -root) > (best[0], -best[1]):
                best = (score, root)
    return best[1] if best else None


def same_text(
    sig: Signature, document_id: int, candidates: Sequence[DuplicateCandidate], threshold: float
) -> bool:
    """Whether the stored document ``document_id`` has the text of ``sig`` or a near-duplicate of
    it (it must be among the LSH ``candidates`` of ``sig`` to be one)."""
    for candidate in candidates:
        if candidate.document_id == document_id:
            other = Signature.from_bytes(candidate.minhash)
            return sig.jaccard(other) >= 0.5 and sig.containment(other) >= threshold
    return False
