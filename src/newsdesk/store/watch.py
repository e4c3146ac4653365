"""Which story states have been written (or failed to write), whichever front end wrote them.

A story's *state* is its fingerprint (``members_key``: its member documents and the settings it is
written with, :mod:`newsdesk.newsroom.versions`); ``settings_key`` is the settings part of it.
Every write of a story records its state in ``story_writes`` (primary key: story and state), so a
restarted watcher, a second worker or the next ``newsdesk write`` never writes the same state
twice. Stories change by gaining members, so a story whose size and settings differ from every
recorded state has changed (:meth:`WatchTables.changed_stories`, a cheap query before any
fingerprint is computed).

:class:`WatchTables` is mixed into both stores.
"""

from __future__ import annotations

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
    settings_key: str = ""


@dataclass(frozen=True)
class StorySource:
    """A member of a story, with what counting outlets needs."""

    document_id: int
    outlet: str
    language: str
    duplicate_of: int | None
    content_hash: str = ""


_WRITE_COLUMNS = "story_id, members_key, members, status, article_id, detail, at, settings_key"


class WatchTables:
    """The ``story_writes`` table and the story queries of the watcher (both stores)."""

    _db: Connection

    def story_sources(self, story_id: int) -> list[StorySource]:
        """The documents of a story with their outlet, language and original (if syndicated)."""
        rows = self._db.execute(
            "SELECT d.id, d.outlet, d.language, d.duplicate_of, d.content_hash FROM story_documents s "
            "JOIN documents d ON d.id = s.document_id WHERE s.story_id = ? ORDER BY d.id",
            (story_id,),
        )
        return [StorySource(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def changed_stories(self, *, min_size: int, settings_key: str = "") -> list[int]:
        """Stories of at least ``min_size`` documents for which no state of their current size
        written with ``settings_key`` is recorded."""
        rows = self._db.execute(
            "SELECT s.id FROM stories s WHERE s.size >= ? AND NOT EXISTS ("
            "SELECT 1 FROM story_writes w WHERE w.story_id = s.id AND w.members = s.size "
            "AND w.settings_key = ?) ORDER BY s.id",
            (min_size, settings_key),
        )
        return [int(r[0]) for r in rows]

    def story_write(self, story_id: int, key: str) -> StoryWrite | None:
        """The record of one story state, if the watcher has dealt with it."""
        row = self._db.execute(
            f"SELECT {_WRITE_COLUMNS} FROM story_writes WHERE story_id = ? AND members_key = ?",
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
        settings_key: str = "",
        overwrite: bool = False,
    ) -> bool:
        """Record a story state as dealt with; False if it was recorded already (by anyone).

        With ``overwrite`` a recorded state is replaced (a state that failed and was then written)."""
        conflict = (
            "ON CONFLICT (story_id, members_key) DO UPDATE SET status = excluded.status, "
            "article_id = excluded.article_id, detail = excluded.detail, at = excluded.at"
            if overwrite
            else "ON CONFLICT DO NOTHING"
        )
        cursor = self._db.execute(
            f"INSERT INTO story_writes ({_WRITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) {conflict}",
            (story_id, key, members, status, article_id, detail, utc_now(), settings_key),
        )
        return cursor.rowcount > 0

    def story_writes(self, *, limit: int = 20) -> list[StoryWrite]:
        """The newest recorded story states, newest first."""
        rows = self._db.execute(
            f"SELECT {_WRITE_COLUMNS} FROM story_writes ORDER BY at DESC, story_id DESC LIMIT ?",
            (limit,),
        )
        return [StoryWrite(*tuple(r)) for r in rows]
