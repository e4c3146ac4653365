"""What the watcher keeps in the store: which story states it has written (or failed to write).

A story's *state* is its writer and the ids of its members (``members_key``). The watcher writes
an article when a story reaches enough outlets and again whenever new members arrive; it records
every state it has dealt with in ``story_writes`` (primary key: story and state), so a restarted
watcher, or a second worker, never writes the same state twice. Stories change only by gaining
members, so a story whose size differs from every recorded state has changed.

:class:`WatchTables` is mixed into both stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.models import utc_now
from newsdesk.store.connection import Connection


@dataclass(frozen=True)
class StoryWrite:
    """One story state the watcher has written (``written``, with the article) or not (``failed``)."""

    story_id: int
    members_key: str
    members: int
    status: str
    article_id: int | None
    detail: str | None
    at: str


@dataclass(frozen=True)
class StorySource:
    """A member of a story, with what counting outlets needs."""

    document_id: int
    outlet: str
    language: str
    duplicate_of: int | None


def members_key(writer: str, document_ids: Sequence[int]) -> str:
    """A story state: the writer and the sorted ids of the story's documents."""
    return writer + ":" + ",".join(str(i) for i in sorted(set(document_ids)))


class WatchTables:
    """The ``story_writes`` table and the story queries of the watcher (both stores)."""

    _db: Connection

    def story_sources(self, story_id: int) -> list[StorySource]:
        """The documents of a story with their outlet, language and original (if syndicated)."""
        rows = self._db.execute(
            "SELECT d.id, d.outlet, d.language, d.duplicate_of FROM story_documents s "
            "JOIN documents d ON d.id = s.document_id WHERE s.story_id = ? ORDER BY d.id",
            (story_id,),
        )
        return [StorySource(int(r[0]), r[1], r[2], r[3]) for r in rows]

    def changed_stories(self, *, min_size: int) -> list[int]:
        """Stories of at least ``min_size`` documents whose current size no recorded state has."""
        rows = self._db.execute(
            "SELECT s.id FROM stories s WHERE s.size >= ? AND NOT EXISTS ("
            "SELECT 1 FROM story_writes w WHERE w.story_id = s.id AND w.members = s.size) ORDER BY s.id",
            (min_size,),
        )
        return [int(r[0]) for r in rows]

    def story_write(self, story_id: int, key: str) -> StoryWrite | None:
        """The record of one story state, if the watcher has dealt with it."""
        row = self._db.execute(
            "SELECT story_id, members_key, members, status, article_id, detail, at FROM story_writes "
            "WHERE story_id = ? AND members_key = ?",
            (story_id, key),
        ).fetchone()
        return StoryWrite(*tuple(row)) if row else None

    def record_story_write(
        self,
        story_id: int,
        key: str,
        *,
        members: int,
        status: str,
        article_id: int | None = None,
        detail: str | None = None,
    ) -> bool:
        """Record a story state as dealt with; False if it was recorded already (by anyone)."""
        cursor = self._db.execute(
            "INSERT INTO story_writes (story_id, members_key, members, status, article_id, detail, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (story_id, key, members, status, article_id, detail, utc_now()),
        )
        return cursor.rowcount > 0

    def story_writes(self, *, limit: int = 20) -> list[StoryWrite]:
        """The newest recorded story states, newest first."""
        rows = self._db.execute(
            "SELECT story_id, members_key, members, status, article_id, detail, at FROM story_writes "
            "ORDER BY at DESC, story_id DESC LIMIT ?",
            (limit,),
        )
        return [StoryWrite(*tuple(r)) for r in rows]
