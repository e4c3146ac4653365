"""Story persistence: stories, their documents, their entity index, and durable story ids.

:class:`StoryTables` is mixed into both stores (SQLite and PostgreSQL); :class:`StoryStore` is the
interface the stories stage uses. Joining a story reads and rewrites the story's running sums
(vector, numbers, event frame), so the story row is locked for the transaction (``FOR UPDATE`` on
PostgreSQL; SQLite has one writer at a time anyway), and a document can join only one story
(primary key of ``story_documents``).

**Story ids are never reused** (SQLite: ``AUTOINCREMENT`` since migration 0005, with the
high-water mark raised above every id an article or a ``story_writes`` row names; PostgreSQL: an
identity sequence). A rebuild computes the stories anew and then hands each old id to the new
story that took over its documents (:mod:`newsdesk.store.story_ids`), so article versions and
``story_writes`` stay with their story; an old id that no new story took over is recorded in
``story_redirects`` with the story most of its documents went to.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from newsdesk.models import Document, Signals, utc_now
from newsdesk.store.connection import Connection
from newsdesk.store.signals import chunks
from newsdesk.store.story_ids import _STORY_COLUMNS, StoryIdTables

# The event frame of a story: how many of its documents name each place, kind and day.
FRAME_COUNTS = (
    "places", "main_places", "main_names", "hints", "title_places", "kinds", "certain_kinds", "mentions",
    "days", "districts", "sections",
)  # fmt: skip


@dataclass(frozen=True)
class StoryRecord:
    id: int
    label: str
    first_at: float
    last_at: float
    vector_sum: np.ndarray
    size: int
    quantities: dict[str, int] = field(default_factory=dict)
    updated_at: str = ""
    retrospective: bool = False
    frame: dict[str, dict[str, int]] = field(default_factory=dict)  # FRAME_COUNTS → key → documents
    # derived values computed once per record (newsdesk.stories.score.story_keys); records are
    # shared between documents while the story is unchanged (see _record), so they are reused
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)


@dataclass(frozen=True)
class StoryMember:
    document_id: int
    title: str
    language: str
    duplicate_of: int | None
    vector: np.ndarray


class StoryStore(Protocol):
    def get_document(self, document_id: int) -> Document: ...
    def iter_documents(self, *, with_text: bool = False) -> Iterator[Document]: ...
    def story_of(self, document_id: int) -> int | None: ...
    def get_embeddings(self, ids: Sequence[int], model: str) -> dict[int, np.ndarray]: ...
    def put_embeddings(self, model: str, vectors: dict[int, np.ndarray]) -> None: ...
    def get_signals(self, ids: Sequence[int]) -> dict[int, Signals]: ...
    def put_signals(self, document_id: int, signals: Signals) -> None: ...
    def signal_count(self) -> int: ...
    def entity_frequency(self, keys: Sequence[str]) -> dict[str, int]: ...
    def word_frequency(self, words: Sequence[str]) -> dict[str, int]: ...
    def stories_in_window(self, start: float, end: float, *, limit: int) -> list[StoryRecord]: ...
    def stories_naming(
        self, keys: Sequence[str], since: float, until: float, *, limit: int
    ) -> list[StoryRecord]: ...
    def shared_entities(self, story_ids: Sequence[int], keys: Sequence[str]) -> dict[int, dict[str, int]]: ...
    def create_story(self, document_id: int, label: str, vector: np.ndarray, signals: Signals) -> int: ...
    def add_to_story(
        self, story_id: int, document_id: int, vector: np.ndarray, signals: Signals, *, score: float
    ) -> None: ...
    def unassigned_documents(self) -> list[int]: ...
    def clear_stories(self) -> None: ...
    def story_memberships(self) -> dict[int, frozenset[int]]: ...
    def memberships_of(self, document_ids: Sequence[int]) -> dict[int, frozenset[int]]: ...
    def rewind_stories(
        self, at: float, model: str
    ) -> tuple[dict[int, frozenset[int]], list[int], list[int]]: ...
    def keep_story_ids(self, kept: Mapping[int, int], redirects: Mapping[int, int]) -> None: ...
    def merge_stories(self, source_id: int, target_id: int, at: float | None = None) -> None: ...
    def list_stories(self) -> list[StoryRecord]: ...
    def story_members(self, story_id: int) -> list[StoryMember]: ...
    def story_entity_counts(self, story_id: int) -> dict[str, int]: ...
    def set_story_label(self, story_id: int, label: str) -> None: ...


class StoryTables(StoryIdTables):
    """The story tables (mixed into both stores)."""

    _db: Connection

    def _transaction(self) -> AbstractContextManager[Connection]:  # provided by SQLStore
        raise NotImplementedError

    def story_of(self, document_id: int) -> int | None:
        row = self._db.execute(
            "SELECT story_id FROM story_documents WHERE document_id = ?", (document_id,)
        ).fetchone()
        return int(row[0]) if row else None

    def stories_in_window(self, start: float, end: float, *, limit: int) -> list[StoryRecord]:
        rows = self._db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE last_at >= ? AND first_at <= ? "
            "ORDER BY last_at DESC LIMIT ?",
            (start, end, limit),
        )
        return [_record(r) for r in rows]

    def stories_naming(
        self, keys: Sequence[str], since: float, until: float, *, limit: int
    ) -> list[StoryRecord]:
        """Stories active between ``since`` and ``until`` that named any of ``keys`` since
        ``since`` (the entity index), most such keys first. The index is ordered by (key, time of
        the story's latest document naming the key), so only the rows of those recent mentions are
        read: the cost depends on the keys' recent use, not on the size of the store nor on how far
        back the stories kept alive by follow-ups reach."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            f"SELECT s.{_STORY_COLUMNS.replace(', ', ', s.')} FROM stories s JOIN ("
            f"SELECT story_id, COUNT(*) AS shared FROM story_entities WHERE key IN ({marks}) "
            "AND last_at >= ? GROUP BY story_id) e ON e.story_id = s.id "
            "WHERE s.last_at >= ? AND s.first_at <= ? ORDER BY e.shared DESC, s.last_at DESC LIMIT ?",
            (*keys, since, since, until, limit),
        )
        return [_record(r) for r in rows]

    def shared_entities(self, story_ids: Sequence[int], keys: Sequence[str]) -> dict[int, dict[str, int]]:
        """For each story, the ``keys`` it names and by how many of its documents."""
        if not story_ids or not keys:
            return {}
        result: dict[int, dict[str, int]] = {}
        story_marks = ",".join("?" * len(story_ids))
        for chunk in chunks(list(keys)):
            rows = self._db.execute(
                f"SELECT story_id, key, count FROM story_entities WHERE story_id IN ({story_marks}) "
                f"AND key IN ({','.join('?' * len(chunk))})",
                (*story_ids, *chunk),
            )
            for story_id, key, count in rows:
                result.setdefault(int(story_id), {})[str(key)] = int(count)
        return result

    def create_story(self, document_id: int, label: str, vector: np.ndarray, signals: Signals) -> int:
        now = utc_now()
        with self._transaction() as db:
            row = db.execute(
                "INSERT INTO stories (label, first_at, last_at, vector_sum, size, quantities, retrospective, "
                "frame, created_at, updated_at) VALUES (?, ?, ?, ?, 0, '{}', ?, '{}', ?, ?) RETURNING id",
                (
                    label,
                    signals.at,
                    signals.at,
                    np.zeros_like(vector, dtype=np.float64).tobytes(),
                    int(signals.retrospective),
                    now,
                    now,
                ),
            ).fetchone()
            story_id = int(row[0])
            self._join(db, story_id, document_id, vector, signals, 1.0)
        return story_id

    def add_to_story(
        self, story_id: int, document_id: int, vector: np.ndarray, signals: Signals, *, score: float
    ) -> None:
        with self._transaction() as db:
            self._join(db, story_id, document_id, vector, signals, score)

    @staticmethod
    def _join(
        db: Connection,
        story_id: int,
        document_id: int,
        vector: np.ndarray,
        signals: Signals,
        score: float,
    ) -> None:
        row = db.execute(
            "SELECT first_at, last_at, vector_sum, size, quantities, frame FROM stories WHERE id = ?"
            + db.for_update,
            (story_id,),
        ).fetchone()
        total = np.frombuffer(row[2], dtype=np.float64) + np.asarray(vector, dtype=np.float64)
        quantities: dict[str, int] = json.loads(row[4])
        for key in signals.quantities:
            quantities[key] = quantities.get(key, 0) + 1
        frame: dict[str, dict[str, int]] = json.loads(row[5])
        for name in FRAME_COUNTS:
            counts = frame.setdefault(name, {})
            for key in getattr(signals, name):
                counts[key] = counts.get(key, 0) + 1
        db.execute(
            "UPDATE stories SET first_at = ?, last_at = ?, vector_sum = ?, size = ?, quantities = ?, "
            "frame = ?, updated_at = ? WHERE id = ?",
            (
                min(row[0], signals.at),
                max(row[1], signals.at),
                total.tobytes(),
                row[3] + 1,
                json.dumps(quantities),
                json.dumps(frame, ensure_ascii=False),
                utc_now(),
                story_id,
            ),
        )
        db.execute(
            "INSERT INTO story_documents (document_id, story_id, score) VALUES (?, ?, ?)",
            (document_id, story_id, score),
        )
        db.executemany(
            "INSERT INTO story_entities (story_id, key, count, last_at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(story_id, key) DO UPDATE SET count = story_entities.count + 1, "
            "last_at = CASE WHEN excluded.last_at > story_entities.last_at "
            "THEN excluded.last_at ELSE story_entities.last_at END",
            [(story_id, key, signals.at) for key in signals.entities],
        )

    def unassigned_documents(self) -> list[int]:
        rows = self._db.execute(
            "SELECT d.id FROM documents d LEFT JOIN story_documents s ON s.document_id = d.id "
            "WHERE s.document_id IS NULL ORDER BY d.id"
        )
        return [int(r[0]) for r in rows]

    def list_stories(self) -> list[StoryRecord]:
        rows = self._db.execute(f"SELECT {_STORY_COLUMNS} FROM stories ORDER BY last_at DESC, id DESC")
        return [_record(r) for r in rows]

    def story_members(self, story_id: int) -> list[StoryMember]:
        rows = self._db.execute(
            "SELECT d.id, d.title, d.language, d.duplicate_of, e.vector FROM story_documents s "
            "JOIN documents d ON d.id = s.document_id LEFT JOIN embeddings e ON e.document_id = d.id "
            "WHERE s.story_id = ? ORDER BY d.id",
            (story_id,),
        )
        return [
            StoryMember(
                int(r[0]), r[1], r[2], r[3], np.frombuffer(r[4], dtype=np.float32) if r[4] else np.zeros(0)
            )
            for r in rows
        ]

    def story_entity_counts(self, story_id: int) -> dict[str, int]:
        rows = self._db.execute("SELECT key, count FROM story_entities WHERE story_id = ?", (story_id,))
        return {str(r[0]): int(r[1]) for r in rows}

    def set_story_label(self, story_id: int, label: str) -> None:
        self._db.execute("UPDATE stories SET label = ? WHERE id = ?", (label, story_id))


def _record(row: Sequence[Any]) -> StoryRecord:
    """The story of a ``_STORY_COLUMNS`` row. Equal rows give the same (immutable) record, so a
    story that has not changed since the last document is not parsed again: each document reads
    the 100-odd stories of its window, nearly all of them unchanged."""
    values = tuple(row)
    if isinstance(values[4], memoryview):  # the vector sum, as PostgreSQL may return it
        values = (*values[:4], bytes(values[4]), *values[5:])
    return _record_of(values)


@functools.lru_cache(maxsize=512)
def _record_of(row: tuple[Any, ...]) -> StoryRecord:
    return StoryRecord(
        id=int(row[0]),
        label=row[1],
        first_at=float(row[2]),
        last_at=float(row[3]),
        vector_sum=np.frombuffer(row[4], dtype=np.float64),
        size=int(row[5]),
        quantities=json.loads(row[6]),
        updated_at=row[7],
        retrospective=bool(row[8]),
        frame=json.loads(row[9] or "{}"),
    )
