"""Cached per-document clustering features: embeddings, signals, document frequencies of names and words.

:class:`Signals` is what the stories stage computes for a document once (names, numbers, the
event frame: places, kinds, days, cues) and keeps here, so re-clustering never reads the text
again. ``SIGNALS_VERSION`` is stored with each row; a row of an older version counts as missing
and is computed again (``get_signals`` leaves it out), so a new release that reads more from a
document does not mix old and new signals. ``entity_counts`` holds, per name key, how many
documents name it (for IDF weights), ``word_counts`` the same per content word (for the weights
of :func:`newsdesk.stories.choose.word_likeness`); replacing a document's signals moves its counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from newsdesk.models import Signals
from newsdesk.store.connection import Connection

SIGNALS_VERSION = 57


def _signals(row: Sequence[Any]) -> Signals:
    frame = json.loads(row[5])
    return Signals(
        float(row[1]),
        tuple(json.loads(row[2])),
        tuple(json.loads(row[3])),
        json.loads(row[4]),
        bool(row[6]),
        places=tuple(frame.get("places", ())),
        main_places=tuple(frame.get("main_places", ())),
        main_names=tuple(frame.get("main_names", ())),
        hints=tuple(frame.get("hints", ())),
        title_places=tuple(frame.get("title_places", ())),
        kinds=tuple(frame.get("kinds", ())),
        certain_kinds=tuple(frame.get("certain_kinds", ())),
        mentions=tuple(frame.get("mentions", ())),
        days=tuple(frame.get("days", ())),
        repeat=bool(frame.get("repeat", False)),
        again=bool(frame.get("again", False)),
        backref=bool(frame.get("backref", False)),
        remains=bool(frame.get("remains", False)),
        lead_places=tuple(frame.get("lead_places", ())),
        after_kinds=tuple(frame.get("after_kinds", ())),
        districts=tuple(frame.get("districts", ())),
        sections=tuple(frame.get("sections", ())),
        words=tuple(frame.get("words", ())),
        language=str(frame.get("language", "")),
    )


class SignalTables:
    """Embeddings, document signals and entity document-frequencies (mixed into both stores)."""

    _db: Connection

    def _transaction(self) -> AbstractContextManager[Connection]:  # provided by SQLStore
        raise NotImplementedError

    def get_embeddings(self, ids: Sequence[int], model: str) -> dict[int, np.ndarray]:
        result: dict[int, np.ndarray] = {}
        for chunk in chunks(ids):
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

    def get_signals(self, ids: Sequence[int], *, current_only: bool = True) -> dict[int, Signals]:
        """Signals of the current version; documents without them (or with older ones) are left
        out, unless ``current_only`` is false (for display: an older version's names still serve)."""
        result = {}
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT document_id, at, entities, quantities, names, frame, retrospective "
                f"FROM document_signals WHERE version >= ? AND document_id IN ({marks})",
                (SIGNALS_VERSION if current_only else 0, *chunk),
            )
            for r in rows:
                result[int(r[0])] = _signals(r)
        return result

    def put_signals(self, document_id: int, signals: Signals) -> None:
        """Store (or replace) a document's signals and move its name and word counts accordingly."""
        with self._transaction() as db:
            old = db.execute(
                "SELECT entities, frame FROM document_signals WHERE document_id = ?" + db.for_update,
                (document_id,),
            ).fetchone()
            db.execute(
                "INSERT INTO document_signals (document_id, at, entities, quantities, names, retrospective, "
                "frame, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(document_id) DO UPDATE SET "
                "at = excluded.at, entities = excluded.entities, quantities = excluded.quantities, "
                "names = excluded.names, retrospective = excluded.retrospective, frame = excluded.frame, "
                "version = excluded.version",
                (
                    document_id,
                    signals.at,
                    json.dumps(signals.entities),
                    json.dumps(signals.quantities),
                    json.dumps(signals.names, ensure_ascii=False),
                    int(signals.retrospective),
                    json.dumps(signals.frame(), ensure_ascii=False),
                    SIGNALS_VERSION,
                ),
            )
            before_entities = json.loads(old[0]) if old is not None else []
            before_words = json.loads(old[1]).get("words", []) if old is not None else []
            _move_counts(db, "entity_counts", "key", before_entities, signals.entities)
            _move_counts(db, "word_counts", "word", before_words, signals.words)

    def signal_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM document_signals").fetchone()[0])

    def entity_frequency(self, keys: Sequence[str]) -> dict[str, int]:
        """How many documents name each of ``keys`` (:attr:`Signals.entities`; absent: none)."""
        return self._frequency("entity_counts", "key", keys)

    def word_frequency(self, words: Sequence[str]) -> dict[str, int]:
        """How many documents use each of ``words`` (:attr:`Signals.words`; absent: none)."""
        return self._frequency("word_counts", "word", words)

    def _frequency(self, table: str, column: str, keys: Sequence[str]) -> dict[str, int]:
        result: dict[str, int] = {}
        for chunk in chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT {column}, documents FROM {table} WHERE {column} IN ({marks})", chunk
            )
            result.update({str(r[0]): int(r[1]) for r in rows})
        return result


def _move_counts(
    db: Connection, table: str, column: str, before: Sequence[str], after: Sequence[str]
) -> None:
    """Move the document counts of ``table`` from a document's old keys to its new ones, in one
    pass in key order (concurrent writers on PostgreSQL lock the rows in the same order)."""
    delta = dict.fromkeys(after, 1)
    for key in before:
        delta[key] = delta.get(key, 0) - 1
    changed = sorted((key, max(step, 0), step) for key, step in delta.items() if step)
    db.executemany(
        f"INSERT INTO {table} ({column}, documents) VALUES (?, ?) "
        f"ON CONFLICT({column}) DO UPDATE SET documents = {table}.documents + ?",
        changed,
    )


def chunks(items: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``size`` (SQL parameter limits)."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
