"""Incremental cross-lingual event clustering.

A new document is compared with a bounded set of candidate stories, so the cost per document
depends on how much news arrives in a window, not on the size of the store:

* the stories of its time window (``window_days``; at most ``max_candidates``, most recent first);
* for follow-ups, when no story of its window takes it, or the one that does names another day or
  began after a day the document refers back to, the stories with a report of the last
  ``followup_days`` that names one of the names of its title and first sentence (a follow-up's
  new names, the suspect or the administrator, are rarer than the event's own) or one of its
  rarest names (the entity index, read by name and time; at most ``FOLLOW_UP_CANDIDATES``), and
  the stories of the days it refers back to ("der Messerangriff vom Freitag"; at most
  ``FOLLOW_UP_DAYS`` days).

Each candidate is scored (:mod:`newsdesk.stories.score`). The document joins the best story whose
score reaches ``join_threshold`` and that agrees with it on the event: a shared place or key
name, not contradicted by the kind of event (certainly: both name it in a title or by more than
one cue) or by the place, unless key names of both openings overrule it; or, when nothing names
the story, it is the only story of the window of the same kind or day and not of another kind,
day or place (failing that, the only one of the day whose kind conflicts only uncertainly).

**Follow-ups.** Within a story's first days (the document within ``window_days`` of it, the story
spanning at most ``max_span_days``) that is all. Past them the document must also be a follow-up
of the same event (:func:`newsdesk.stories.followup.follows_up`: it names the story's key names and
kind of event and points back to it; a new occurrence, "erneut", does not), and the days in
between are not held against it. When a story of its own days takes it too but began after a day
the document refers back to, the better score decides: of two reports of an appeal that arrive
together, the one that names only the fund starts a story, and the one that names the court and
the verdict's day ("Both sides appeal May 15 Ponzi sentence") follows the verdict. So does a
report whose own days' story is still in the window because a follow-up kept it there, when it
follows that story up better than it joins the story of its days (the wire's coalition talks ten
days after the election, two days after the invitation to talks joined the election's story). Such a
follow-up agrees with the story on the event even when its opening names neither the story's
place nor a shared name (the psychiatrist's report on "den Mann, der am 21. März in der
Bahnhofshalle …"), unless it says it happened elsewhere or the story is of a kind the same
people repeat within weeks (a match, talks, a strike: :func:`newsdesk.stories.followup.follow_up_agrees`).
A follow-up that names neither a place nor a name of the story but the day and kind of its event
("Eine Woche nach dem Messerangriff vom Freitag: …") joins it when it is the one story of that day
and kind (:func:`newsdesk.stories.followup.follows_up_by_day`), or the one of them it reads
clearly more like (:func:`newsdesk.stories.choose.one_of_that_day`). When a follow-up joins the earlier
story while the story of its days that it could join too is one report of its own day, begun
after the earlier story (the first report of the same follow-up, which named too little to find
the earlier story: „Hainzl-Kran: Gutachter findet gebrochene Schrauben“ before the wire's "Broken
bolts blamed for deadly Munich crane collapse"), it takes that report along: the young story is
merged into the earlier one and its id redirects there (:func:`~newsdesk.stories.choose.bridges`,
``StoryStore.merge_stories``). It does so when the earlier story scores better, or when the
follow-up reports the earlier story's kind of event; two or more reports of their own are an event
of their own (the former chief's arrest, days after the bakery chain's insolvency).
``max_span_days`` thus bounds unrelated drift (a chain of similar reports), not real follow-ups;
``followup_days`` bounds how long after a story's last report naming one of its rarest names a
follow-up may join it.

**Reports that say nowhere where** (a tabloid's "Kran-Drama! Stahlriese kracht auf Tram-Gleise",
a local report titled by a street or a hut) and that nothing else places join the story of their
window they read clearly most like, when no kind, day or place conflicts
(:func:`~newsdesk.stories.choose.reads_like_one`).
A report that names the street the story's reports name ("Ungererstraße: „Es krachte wie ein
Erdbeben“" and the agency's crane that fell "über die Ungererstraße") joins it by that, under the
join threshold too, when neither kind nor day conflicts (:func:`~newsdesk.stories.choose.reaches`).

Otherwise the document starts a new story. Syndicated near-duplicates join the story of their
original. A retrospective (``data/story_cues.toml``) only joins retrospective stories, and a
report of a new event only event stories.

:meth:`StoryBuilder.rebuild` clusters everything again and keeps story ids durable
(:mod:`newsdesk.stories.rebuild`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

from newsdesk.config import StoriesSettings
from newsdesk.lang.exonyms import is_broad
from newsdesk.lang.words import base_language
from newsdesk.models import Document, Signals
from newsdesk.store.stories import StoryRecord, StoryStore
from newsdesk.stories.choose import (
    StoryWords,
    bridges,
    joinable,
    one_of_that_day,
    only_one_of_its_kind,
    reaches,
    reads_like_one,
    refers_before,
)
from newsdesk.stories.embed import Embedder, embedding_text
from newsdesk.stories.followup import follow_up_agrees, follows_up, follows_up_by_day
from newsdesk.stories.rebuild import keep_ids
from newsdesk.stories.score import (
    DAY,
    StoryScore,
    back_days,
    score,
)
from newsdesk.stories.signals import compute_signals

__all__ = ["DAY", "Assignment", "StoryBuilder", "StoryScore"]

log = logging.getLogger(__name__)
FOLLOW_UP_CANDIDATES = 20  # stories past the window scored per document, found by name
FOLLOW_UP_NAMES = 8  # the document's rarest names used to find them
FOLLOW_UP_DAYS = 2  # days a document refers back to whose stories are looked up
WORD_MEMBERS = 8  # a story's latest reports whose words a report that says nowhere where is compared with


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
        self._merged: dict[int, int] = {}  # story id → the story it was merged into (this batch)

    # -- public -----------------------------------------------------------------------------

    def add(
        self, document_ids: Sequence[int], *, progress: Callable[[int], None] | None = None
    ) -> list[Assignment]:
        """Cluster the given documents (those already in a story are skipped), oldest first.

        A document published before documents already in stories (it arrived late: a feed polled
        later, a page fetched by hand) is clustered as if it had arrived in time: the stories
        holding a document published after it give those documents up, and they are clustered
        again after it, in order of publication (the stories are first taken back to what they
        were when it was published: :meth:`~newsdesk.store.story_ids.StoryIdTables.rewind_stories`).
        Which story a report joins depends on the stories before it (the agency's first report of
        the second fire of the week makes the story the tabloid's report of it joins); the story
        list does not depend on the order of arrival. Not for a report published more than
        ``followup_days`` before the newest story's last report (an archive page, a feed's old
        items): it is clustered against the stories as they are, as taking a month of stories
        apart for it would cost as much as a rebuild of that month.
        Story ids stay durable as in a rebuild (:func:`~newsdesk.stories.rebuild.keep_ids`)."""
        pending = [d for d in dict.fromkeys(document_ids) if self.store.story_of(d) is None]
        if not pending:
            return []
        documents = {d: self.store.get_document(d) for d in pending}
        self._prepare(list(documents.values()))
        signals = self.store.get_signals(pending)
        newest = self.store.stories_in_window(-math.inf, math.inf, limit=1)
        horizon = newest[0].last_at - self.settings.followup_days * DAY if newest else -math.inf
        late = [signals[d].at for d in pending if signals[d].at >= horizon]
        gone, again, shrunk = (
            self.store.rewind_stories(min(late), self.embedder.model_id) if late else ({}, [], [])
        )
        if again:
            documents.update({d: self.store.get_document(d) for d in again})
            self._prepare([documents[d] for d in again])
            signals.update(self.store.get_signals(again))
        # IDF denominator: one count per batch, not per document (signals of the whole batch are
        # stored by _prepare, so the count cannot change during the loop).
        self._documents_with_signals = self.store.signal_count()
        order = sorted(documents, key=lambda d: (signals[d].at, d))
        assignments = []
        self._merged = {}
        wanted = set(pending)
        for document_id in order:
            assignments.append(self._assign(documents[document_id], signals[document_id]))
            if progress and document_id in wanted:
                progress(1)
        found = [replace(a, story_id=self._successor(a.story_id)) for a in assignments]
        if gone:
            kept = keep_ids(self.store, gone, {a.story_id for a in found if a.created})
            found = [replace(a, story_id=kept.get(a.story_id, a.story_id)) for a in found]
        for story_id in shrunk:  # its label may be the title of a report it gave up
            self._relabel(story_id)
        return [a for a in found if a.document_id in wanted]

    def _successor(self, story_id: int) -> int:
        """The story that holds a story's documents now (a bridged story's: the one it joined)."""
        while story_id in self._merged:
            story_id = self._merged[story_id]
        return story_id

    def rebuild(self, *, progress: Callable[[int], None] | None = None) -> list[Assignment]:
        """Cluster every document again (cached vectors and signals are kept).

        Story ids stay durable: a new story whose documents are those of an old one (or largely:
        Jaccard ≥ 0.5) gets the old id back, other new stories get new ids, and an old id that no
        new story took over is never given out again (see :mod:`newsdesk.stories.rebuild`).
        """
        before = self.store.story_memberships()
        self.store.clear_stories()
        assignments = self.add(
            [d.id for d in self.store.iter_documents() if d.id is not None], progress=progress
        )
        kept = keep_ids(self.store, before)
        return [replace(a, story_id=kept.get(a.story_id, a.story_id)) for a in assignments]

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
        best, bridged = self._best(vector, signals)
        if best is not None and best.agrees and reaches(best, self.settings):
            self.store.add_to_story(best.story_id, document.id, vector, signals, score=best.total)
            if bridged is not None:
                self.store.merge_stories(bridged, best.story_id, signals.at)
                self._merged[bridged] = best.story_id
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

    def _window(self, signals: Signals) -> list[StoryRecord]:
        """The stories of the document's days that had begun when it was published (at most
        ``max_candidates``, most recent first). Documents are clustered in order of publication
        (:meth:`add`), so no story began after the document, unless it arrived late; then what it
        joins must not depend on the stories of reports published after it."""
        window = self.settings.window_days * DAY
        stories = self.store.stories_in_window(
            signals.at - window, signals.at, limit=self.settings.max_candidates
        )
        return [story for story in stories if story.retrospective == signals.retrospective]

    def _named(self, signals: Signals, weights: dict[str, float], seen: set[int]) -> list[StoryRecord]:
        """Stories past the window that may take the document as a follow-up: those with a report
        of the last ``followup_days`` that names one of the names of its opening or one of its
        rarest names (not those in ``seen``)."""
        s = self.settings
        if s.followup_days <= s.window_days:
            return []
        # A follow-up brings new names (the suspect, the administrator), often rarer than the
        # event's own: the names of its title and first sentence are looked up first, then the
        # rarest others.
        by_weight = sorted(weights, key=lambda k: (-weights[k], k))
        opening = set(signals.main_names) | set(signals.hints)
        rare = [k for k in by_weight if k in opening and not is_broad(k)][:FOLLOW_UP_NAMES]
        rare += [k for k in sorted(opening - set(weights)) if not is_broad(k)][: FOLLOW_UP_NAMES - len(rare)]
        rare += [k for k in by_weight if k not in rare][:FOLLOW_UP_NAMES]
        stories = (
            self.store.stories_naming(
                rare,
                signals.at - s.followup_days * DAY,
                signals.at + s.window_days * DAY,
                limit=FOLLOW_UP_CANDIDATES,
            )
            if rare
            else []
        )
        # a follow-up may name only the day and kind of its event ("der Messerangriff vom Freitag")
        since = signals.at - s.followup_days * DAY
        for day in sorted(back_days(signals), reverse=True)[:FOLLOW_UP_DAYS]:
            start = datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()
            if start >= since:
                stories += self.store.stories_in_window(
                    start - DAY / 4, start + DAY * 1.25, limit=s.max_candidates
                )
        unique = {story.id: story for story in stories}
        return [
            story
            for story in unique.values()
            if story.id not in seen
            and story.retrospective == signals.retrospective
            and story.first_at <= signals.at  # a story begun after it: see _window
        ]

    def _scores(
        self, vector: np.ndarray, signals: Signals, candidates: list[StoryRecord], weights: dict[str, float]
    ) -> list[StoryScore]:
        if not candidates:
            return []
        shared = self.store.shared_entities([c.id for c in candidates], signals.entities)
        s = self.settings
        scores = []
        for story in candidates:
            names = shared.get(story.id, {})
            result = score(s, vector, signals, story, names, weights)
            span = max(story.last_at, signals.at) - min(story.first_at, signals.at)
            if result.gap_days > s.window_days or span > s.max_span_days * DAY:
                # found only by the day and kind it refers back to ("der Messerangriff vom Freitag")
                by_day = not follows_up(signals, story, names)
                if by_day and not follows_up_by_day(signals, story):
                    continue
                # a follow-up names a later day than its event: neither that nor the gap counts against it
                back = s.gap_weight * result.gap_days + (s.day_weight if result.day < 0 else 0.0)
                # it names the story's key names and kind and points back to it: that is agreement
                # on the event, mostly (followup.follow_up_agrees)
                agrees = result.agrees or follow_up_agrees(signals, story, result.place)
                result = replace(
                    result, total=result.total + back, follow_up=True, agrees=agrees, by_day=by_day
                )
            scores.append(result)
        scores = one_of_that_day(scores)
        # a report that names its event's day ("Nach dem Brand vom Dienstag") follows the story of
        # that day, not the one of its kind the next night in the neighbouring town
        if any(r.points_back for r in scores):
            scores = [
                replace(r, agrees=False) if not r.points_back and r.kind > 0 and r.day < 0 else r
                for r in scores
            ]
        return scores

    def _best(self, vector: np.ndarray, signals: Signals) -> tuple[StoryScore | None, int | None]:
        """The story the document joins, else the best-scoring one (or None without candidates),
        and the id of a story of its day to merge into it (or None).

        A story of the document's own days comes first, unless it names another day, the
        document refers back to before it began (:func:`~newsdesk.stories.choose.refers_before`),
        or a story of the window that it follows up past its first days scores better; then the
        stories past the window are looked up, and of that story and one the document follows up
        the better score wins (stories found by name that are past the window are always scored
        as follow-ups, so the choice among the window's stories does not depend on them). A
        story of one report of its day goes along (:func:`~newsdesk.stories.choose.bridges`).
        Looking them up only then keeps a document's cost independent of how many stories its
        names appear in."""
        weights = self._idf(signals.entities)
        window = self._window(signals)
        scores = self._scores(vector, signals, window, weights)
        own = joinable(only_one_of_its_kind(scores, signals), self.settings, follow_up=False)
        # a story of the window that the document follows up past its first days (the coalition
        # talks ten days after the election, whose story a report two days ago kept in the window)
        later = joinable(scores, self.settings, follow_up=True)
        if (
            own is not None
            and own.day >= 0
            and not refers_before(signals, window, own.story_id)
            and (later is None or later.total <= own.total)
        ):
            return own, None
        named = self._named(signals, weights, {story.id for story in window})
        scores = only_one_of_its_kind(scores + self._scores(vector, signals, named, weights), signals)
        # A story of its days may be another event of the same people (the bakery chain's former
        # chief arrested on Monday) or a follow-up's that arrived just before it (the fund's name
        # only), and the story it follows up (the chain's insolvency, the verdict) scores better.
        found = [joinable(scores, self.settings, follow_up=f) for f in (False, True)]
        if own is not None and found[1] is not None:
            best = max(own, found[1], key=lambda r: (r.total, -r.story_id))
            if (best is found[1] or found[1].kind > 0) and bridges(own, found[1], window + named, signals):
                return found[1], own.story_id
            return best, None
        for taken in found:
            if taken is not None:
                return taken, None
        # nothing names or dates it: what it reads like, against every story it was compared with
        words = StoryWords(lambda ids: self._member_words(ids, signals.language), self._word_weights)
        reads = joinable(reads_like_one(scores, signals, words), self.settings, follow_up=False)
        if reads is not None:
            return reads, None
        return (max(scores, key=lambda r: (r.total, -r.story_id)) if scores else None), None

    def _member_words(self, story_ids: list[int], language: str) -> dict[int, list[tuple[str, ...]]]:
        """The words of each story's latest ``WORD_MEMBERS`` reports in ``language`` (for
        :func:`~newsdesk.stories.choose.by_words`; asked only for a report nothing else placed)."""
        latest = {
            story_id: [
                m.document_id
                for m in self.store.story_members(story_id)
                if base_language(m.language) == language
            ][-WORD_MEMBERS:]
            for story_id in story_ids
        }
        signals = self.store.get_signals([d for ids in latest.values() for d in ids])
        return {story_id: [signals[d].words for d in ids if d in signals] for story_id, ids in latest.items()}

    def _idf(
        self, keys: Sequence[str], frequency: Callable[[Sequence[str]], dict[str, int]] | None = None
    ) -> dict[str, float]:
        """log(1 + documents / documents using the key), over the store's documents with signals;
        names by default, or by ``frequency`` (the store's word counts)."""
        total = max(self._documents_with_signals, 1)
        used = (frequency or self.store.entity_frequency)(keys)
        return {k: math.log(1 + total / max(used.get(k, 1), 1)) for k in keys}

    def _word_weights(self, words: Sequence[str]) -> dict[str, float]:
        """How much each word tells (:func:`~newsdesk.stories.choose.word_likeness`): its IDF over
        the store's documents, as a share of that of a word only one document uses (so 1.0 is
        "a word no other report uses", in a store of a thousand documents as of a million)."""
        most = math.log(1 + max(self._documents_with_signals, 1))
        return {w: idf / most for w, idf in self._idf(words, self.store.word_frequency).items()}

    def score(
        self,
        vector: np.ndarray,
        signals: Signals,
        story: StoryRecord,
        shared: set[str] | dict[str, int],
        weights: dict[str, float],
    ) -> StoryScore:
        """Score one candidate story for a document (see :mod:`newsdesk.stories.score`)."""
        names = shared if isinstance(shared, dict) else dict.fromkeys(shared, 1)
        return score(self.settings, vector, signals, story, names, weights)


def _relabel_due(size: int) -> bool:
    """Relabel a story of ``size`` members? Always while small, then at each doubling.

    Relabelling reads every member, so doing it on every join would cost O(size) per document;
    at sizes 1–8, 16, 32, 64, … the total stays O(size), i.e. O(1) per document. A large story's
    label may therefore lag its newest members (at most half of them).
    """
    return size <= 8 or size & (size - 1) == 0
