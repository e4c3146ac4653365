"""Durable story ids: a rebuild, a merge, and a rewind change which documents a story holds, never
which story an id names (see :mod:`newsdesk.store.stories`).

* :meth:`StoryIdTables.keep_story_ids` hands old ids to the new stories that took over their
  documents after a rebuild (:mod:`newsdesk.stories.rebuild` decides which) and retires the rest
  with a redirect (``story_redirects``); :meth:`StoryIdTables.story_successor` follows redirects;
* :meth:`StoryIdTables.merge_stories` moves a young story into the story it turned out to follow up;
* :meth:`StoryIdTables.rewind_stories` takes the documents published after a time out of their
  stories, for a report that arrived late (:meth:`newsdesk.stories.cluster.StoryBuilder.add`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager

import numpy as np

from newsdesk.models import Signals, utc_now
from newsdesk.store.connection import Connection
from newsdesk.store.signals import SignalTables, chunks

_STORY_COLUMNS = (
    "id, label, first_at, last_at, vector_sum, size, quantities, updated_at, retrospective, frame"
)


class StoryIdTables(SignalTables):
    """Story tables as a whole (mixed into :class:`newsdesk.store.stories.StoryTables`)."""

    _db: Connection

    def _transaction(self) -> AbstractContextManager[Connection]:  # provided by SQLStore
        raise NotImplementedError

    @staticmethod
    def _join(
        db: Connection, story_id: int, document_id: int, vector: np.ndarray, signals: Signals, score: float
    ) -> None:  # provided by StoryTables
        raise NotImplementedError

    def clear_stories(self) -> None:
        """Delete every story (their ids are not given out again)."""
        with self._transaction() as db:
            for table in ("story_entities", "story_documents", "stories"):
                db.execute(f"DELETE FROM {table}")

    def story_memberships(self) -> dict[int, frozenset[int]]:
        """Every story's document ids."""
        members: dict[int, set[int]] = {}
        for story_id, document_id in self._db.execute("SELECT story_id, document_id FROM story_documents"):
            members.setdefault(int(story_id), set()).add(int(document_id))
        return {k: frozenset(v) for k, v in members.items()}

    def memberships_of(self, document_ids: Sequence[int]) -> dict[int, frozenset[int]]:
        """The stories holding any of these documents, with all their document ids."""
        members: dict[int, set[int]] = {}
        for chunk in chunks(list(document_ids)):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT story_id, document_id FROM story_documents WHERE story_id IN "
                f"(SELECT story_id FROM story_documents WHERE document_id IN ({marks}))",
                chunk,
            )
            for story_id, document_id in rows:
                members.setdefault(int(story_id), set()).add(int(document_id))
        return {k: frozenset(v) for k, v in members.items()}

    def rewind_stories(self, at: float, model: str) -> tuple[dict[int, frozenset[int]], list[int], list[int]]:
        """Take the documents published after ``at`` out of their stories, in one transaction: a
        story is then what it was when ``at`` passed (sums, event frame and names index made again
        from the documents it keeps, in their order, with vectors of embedding ``model``), or gone
        when it keeps none. A merge after ``at`` is undone: the documents it moved are taken out
        too, and so is every document published after the earliest of them (they were in another
        story then; ``merged_at``, migration 0009). Returns (the stories gone, with their
        documents; the documents taken out, in order of publication; the stories that gave up
        documents and remain)."""
        while True:
            members, merged = self._members_since(at)
            published_at = {d: p for v in members.values() for p, d, _ in v}
            undone = [published_at[d] for d, when in merged.items() if when > at and published_at[d] < at]
            if not undone:
                break
            at = min(undone)  # (a merge moves a young story, of the day of the report that merged it)
        ids = [d for d, p in published_at.items() if p <= at and merged.get(d, at) <= at]
        vectors, signals = self.get_embeddings(ids, model), self.get_signals(ids, current_only=False)
        # (a document without a vector or signals of its own is clustered again, as any taken out)
        keeps = {d for d in ids if d in vectors and d in signals}
        kept = {k: sorted(m for m in v if m[1] in keeps) for k, v in members.items()}
        taken = sorted(m for v in members.values() for m in v if m[1] not in keeps)
        with self._transaction() as db:
            for chunk in chunks(sorted(members)):
                marks = ",".join("?" * len(chunk))
                for table in ("story_entities", "story_documents"):
                    db.execute(f"DELETE FROM {table} WHERE story_id IN ({marks})", chunk)
            for story_id, documents in kept.items():
                if not documents:
                    db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                    continue
                first, dimensions = documents[0][0], len(vectors[documents[0][1]])
                db.execute(
                    "UPDATE stories SET first_at = ?, last_at = ?, vector_sum = ?, size = 0, "
                    "quantities = '{}', frame = '{}' WHERE id = ?",
                    (first, first, np.zeros(dimensions, dtype=np.float64).tobytes(), story_id),
                )
                for _, document_id, score in documents:
                    self._join(db, story_id, document_id, vectors[document_id], signals[document_id], score)
            db.executemany(
                "UPDATE story_documents SET merged_at = ? WHERE document_id = ?",
                [(when, d) for d, when in merged.items() if d in keeps],
            )
        gone = {k: frozenset(d for _, d, _ in members[k]) for k, v in kept.items() if not v}
        shrunk = sorted(k for k, v in kept.items() if v and len(v) < len(members[k]))
        return gone, [d for _, d, _ in taken], shrunk

    def _members_since(self, at: float) -> tuple[dict[int, list[tuple[float, int, float]]], dict[int, float]]:
        """The members (published, document, score) of the stories holding a document published
        after ``at``, and the documents of theirs that a merge moved (document → ``merged_at``)."""
        rows = self._db.execute(
            "SELECT s.story_id, s.document_id, s.score, g.at, s.merged_at FROM stories t "
            "JOIN story_documents s ON s.story_id = t.id "
            "JOIN document_signals g ON g.document_id = s.document_id WHERE t.last_at > ?",
            (at,),
        ).fetchall()
        members: dict[int, list[tuple[float, int, float]]] = {}
        merged: dict[int, float] = {}
        for story_id, document_id, score, published, merged_at in rows:
            members.setdefault(int(story_id), []).append(
                (float(published), int(document_id), float(score or 0.0))
            )
            if merged_at is not None:
                merged[int(document_id)] = float(merged_at)
        return members, merged

    def keep_story_ids(self, kept: Mapping[int, int], redirects: Mapping[int, int]) -> None:
        """Give new stories their old ids back (``kept``: new id → old id) and record retired ids
        (``redirects``: old id → the story that holds most of its documents now), in one
        transaction. An old id must be free (its story deleted by the rebuild)."""
        with self._transaction() as db:
            for new, old in kept.items():
                if new == old:
                    continue
                db.execute(
                    f"INSERT INTO stories ({_STORY_COLUMNS}, created_at) SELECT ?, "
                    f"{_STORY_COLUMNS.split(', ', 1)[1]}, created_at FROM stories WHERE id = ?",
                    (old, new),
                )
                for table in ("story_documents", "story_entities"):
                    db.execute(f"UPDATE {table} SET story_id = ? WHERE story_id = ?", (old, new))
                db.execute("DELETE FROM stories WHERE id = ?", (new,))
            now = utc_now()
            target = {new: old for new, old in kept.items()}
            db.executemany(
                "INSERT INTO story_redirects (story_id, successor_id, at) VALUES (?, ?, ?) "
                "ON CONFLICT(story_id) DO UPDATE SET successor_id = excluded.successor_id, at = excluded.at",
                [(old, target.get(new, new), now) for old, new in redirects.items()],
            )
            db.execute(
                "DELETE FROM story_redirects WHERE story_id IN (SELECT id FROM stories)"
            )  # an id that lives again is no longer retired

    def merge_stories(self, source_id: int, target_id: int, at: float | None = None) -> None:
        """Move every document of story ``source_id`` into ``target_id`` (its sums, event frame
        and entity index with them) and retire the source id with a redirect to the target, in one
        transaction. The source id is never given out again, so its article versions can still be
        followed to the story that holds its documents (:meth:`story_successor`). ``at``: the
        publication time of the report that merged them, kept with the moved documents
        (``merged_at``) so that a rewind to before it undoes the merge (:meth:`rewind_stories`)."""
        if source_id == target_id:
            return
        with self._transaction() as db:
            rows = {
                int(r[0]): r
                for r in db.execute(
                    "SELECT id, first_at, last_at, vector_sum, size, quantities, frame FROM stories "
                    "WHERE id IN (?, ?) ORDER BY id" + db.for_update,
                    (source_id, target_id),
                )
            }
            if source_id not in rows or target_id not in rows:
                return
            source, target = rows[source_id], rows[target_id]
            total = np.frombuffer(bytes(target[3]), dtype=np.float64) + np.frombuffer(
                bytes(source[3]), dtype=np.float64
            )
            quantities: dict[str, int] = json.loads(target[5])
            for key, n in json.loads(source[5]).items():
                quantities[key] = quantities.get(key, 0) + n
            frame: dict[str, dict[str, int]] = json.loads(target[6] or "{}")
            for name, counts in json.loads(source[6] or "{}").items():
                into = frame.setdefault(name, {})
                for key, n in counts.items():
                    into[key] = into.get(key, 0) + n
            db.execute(
                "UPDATE stories SET first_at = ?, last_at = ?, vector_sum = ?, size = ?, quantities = ?, "
                "frame = ?, updated_at = ? WHERE id = ?",
                (
                    min(source[1], target[1]),
                    max(source[2], target[2]),
                    total.tobytes(),
                    source[4] + target[4],
                    json.dumps(quantities),
                    json.dumps(frame, ensure_ascii=False),
                    utc_now(),
                    target_id,
                ),
            )
            db.execute(
                "UPDATE story_documents SET story_id = ?, merged_at = CASE WHEN merged_at IS NULL "
                "OR merged_at < ? THEN ? ELSE merged_at END WHERE story_id = ?",
                (target_id, at, at, source_id),
            )
            db.execute(
                "INSERT INTO story_entities (story_id, key, count, last_at) "
                "SELECT ?, key, count, last_at FROM story_entities WHERE story_id = ? "
                "ON CONFLICT(story_id, key) DO UPDATE SET count = story_entities.count + excluded.count, "
                "last_at = CASE WHEN excluded.last_at > story_entities.last_at "
                "THEN excluded.last_at ELSE story_entities.last_at END",
                (target_id, source_id),
            )
            db.execute("DELETE FROM story_entities WHERE story_id = ?", (source_id,))
            db.execute("DELETE FROM stories WHERE id = ?", (source_id,))
            db.execute(
                "INSERT INTO story_redirects (story_id, successor_id, at) VALUES (?, ?, ?) "
                "ON CONFLICT(story_id) DO UPDATE SET successor_id = excluded.successor_id, at = excluded.at",
                (source_id, target_id, utc_now()),
            )

    def story_successor(self, story_id: int) -> int | None:
        """The story a retired id's documents went to (following redirects), or None."""
        seen = {story_id}
        current = story_id
        while True:
            row = self._db.execute(
                "SELECT successor_id FROM story_redirects WHERE story_id = ?", (current,)
            ).fetchone()
            if row is None:
                return current if current != story_id else None
            current = int(row[0])
            if current in seen:
                return None
            seen.add(current)
