"""Story persistence: cached embeddings and signals, stories, their documents and entity index.

:class:`StoryTables` is mixed into both stores (SQLite and PostgreSQL); :class:`StoryStore` is the
interface the stories stage uses. Joining a story reads and rewrites the story's running sums, so
the story row is locked for the transaction (``FOR UPDATE`` on PostgreSQL; SQLite has one writer
at a time anyway), and a document can join only one story (primary key of ``story_documents``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from newsdesk.models import Document, Signals, utc_now
from newsdesk.store.connection import Connection


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
    def stories_in_window(self, start: float, end: float, *, limit: int) -> list[StoryRecord]: ...
    def shared_entities(self, story_ids: Sequence[int], keys: Sequence[str]) -> dict[int, set[str]]: ...
    def create_story(self, document_id: int, label: str, vector: np.ndarray, signals: Signals) -> int: ...
    def add_to_story(
        self, story_id: int, document_id: int, vector: np.ndarray, signals: Signals, *, score: float
    ) -> None: ...
    def unassigned_documents(self) -> list[int]: ...
    def clear_stories(self) -> None: ...
    def list_stories(self) -> list[StoryRecord]: ...
    def story_members(self, story_id: int) -> list[StoryMember]: ...
    def story_entity_counts(self, story_id: int) -> dict[str, int]: ...
    def set_story_label(self, story_id: int, label: str) -> None: ...


class StoryTables:
    """The story tables (mixed into both stores)."""

    _db: Connection

    def _transaction(self) -> AbstractContextManager[Connection]:  # provided by SQLStore
        raise NotImplementedError

    def story_of(self, document_id: int) -> int | None:
        row = self._db.execute(
            "SELECT story_id FROM story_documents WHERE document_id = ?", (document_id,)
        ).fetchone()
        return int(row[0]) if row else None

    def get_embeddings(self, ids: Sequence[int], model: str) -> dict[int, np.ndarray]:
        result: dict[int, np.ndarray] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT document_id, vector FROM embeddings WHERE model = ? AND document_id IN ({marks})",
                (model, *chunk),
            )
            result.update({int(r[0]): np.frombuffer(r[1], dtype=np.float32) for r in rows})
        return result

    def put_embeddings(self, model: str, vectors: dict[int, np.ndarray]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO embeddings (document_id, model, vector) VALUES (?, ?, ?) "
                "ON CONFLICT(document_id) DO UPDATE SET model = excluded.model, vector = excluded.vector",
                [(d, model, np.asarray(v, dtype=np.float32).tobytes()) for d, v in vectors.items()],
            )

    def get_signals(self, ids: Sequence[int]) -> dict[int, Signals]:
        result = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT document_id, at, entities, quantities, names, retrospective FROM document_signals "
                f"WHERE document_id IN ({marks})",
                tuple(chunk),
            )
            for r in rows:
                result[int(r[0])] = Signals(
                    float(r[1]),
                    tuple(json.loads(r[2])),
                    tuple(json.loads(r[3])),
                    json.loads(r[4]),
                    bool(r[5]),
                )
        return result

    def put_signals(self, document_id: int, signals: Signals) -> None:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO document_signals (document_id, at, entities, quantities, names, "
                "retrospective) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    document_id,
                    signals.at,
                    json.dumps(signals.entities),
                    json.dumps(signals.quantities),
                    json.dumps(signals.names, ensure_ascii=False),
                    int(signals.retrospective),
                ),
            )
            if cursor.rowcount:
                db.executemany(
                    "INSERT INTO entity_counts (key, documents) VALUES (?, 1) "
                    "ON CONFLICT(key) DO UPDATE SET documents = entity_counts.documents + 1",
                    [(key,) for key in signals.entities],
                )

    def signal_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM document_signals").fetchone()[0])

    def entity_frequency(self, keys: Sequence[str]) -> dict[str, int]:
        result: dict[str, int] = {}
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, documents FROM entity_counts WHERE key IN ({marks})", chunk)
            result.update({str(r[0]): int(r[1]) for r in rows})
        return result

    def stories_in_window(self, start: float, end: float, *, limit: int) -> list[StoryRecord]:
        rows = self._db.execute(
            "SELECT id, label, first_at, last_at, vector_sum, size, quantities, updated_at, retrospective "
            "FROM stories WHERE last_at >= ? AND first_at <= ? ORDER BY last_at DESC LIMIT ?",
            (start, end, limit),
        )
        return [_record(r) for r in rows]

    def shared_entities(self, story_ids: Sequence[int], keys: Sequence[str]) -> dict[int, set[str]]:
        if not story_ids or not keys:
            return {}
        result: dict[int, set[str]] = {}
        story_marks = ",".join("?" * len(story_ids))
        for chunk in _chunks(list(keys)):
            rows = self._db.execute(
                f"SELECT story_id, key FROM story_entities WHERE story_id IN ({story_marks}) "
                f"AND key IN ({','.join('?' * len(chunk))})",
                (*story_ids, *chunk),
            )
            for story_id, key in rows:
                result.setdefault(int(story_id), set()).add(str(key))
        return result

    def create_story(self, document_id: int, label: str, vector: np.ndarray, signals: Signals) -> int:
        now = utc_now()
        with self._transaction() as db:
            row = db.execute(
                "INSERT INTO stories (label, first_at, last_at, vector_sum, size, quantities, retrospective, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, 0, '{}', ?, ?, ?) RETURNING id",
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
            "SELECT first_at, last_at, vector_sum, size, quantities FROM stories WHERE id = ?"
            + db.for_update,
            (story_id,),
        ).fetchone()
        total = np.frombuffer(row[2], dtype=np.float64) + np.asarray(vector, dtype=np.float64)
        quantities: dict[str, int] = json.loads(row[4])
        for key in signals.quantities:
            quantities[key] = quantities.get(key, 0) + 1
        db.execute(
            "UPDATE stories SET first_at = ?, last_at = ?, vector_sum = ?, size = ?, quantities = ?, "
            "updated_at = ? WHERE id = ?",
            (
                min(row[0], signals.at),
                max(row[1], signals.at),
                total.tobytes(),
                row[3] + 1,
                json.dumps(quantities),
                utc_now(),
                story_id,
            ),
        )
        db.execute(
            "INSERT INTO story_documents (document_id, story_id, score) VALUES (?, ?, ?)",
            (document_id, story_id, score),
        )
        db.executemany(
            "INSERT INTO story_entities (story_id, key, count) VALUES (?, ?, 1) "
            "ON CONFLICT(story_id, key) DO UPDATE SET count = story_entities.count + 1",
            [(story_id, key) for key in signals.entities],
        )

    def unassigned_documents(self) -> list[int]:
        rows = self._db.execute(
            "SELECT d.id FROM documents d LEFT JOIN story_documents s ON s.document_id = d.id "
            "WHERE s.document_id IS NULL ORDER BY d.id"
        )
        return [int(r[0]) for r in rows]

    def clear_stories(self) -> None:
        with self._transaction() as db:
            for table in ("story_entities", "story_documents", "stories"):
                db.execute(f"DELETE FROM {table}")

    def list_stories(self) -> list[StoryRecord]:
        rows = self._db.execute(
            "SELECT id, label, first_at, last_at, vector_sum, size, quantities, updated_at, retrospective "
            "FROM stories ORDER BY last_at DESC, id DESC"
        )
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
    )


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
