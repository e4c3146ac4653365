"""Article persistence: versions of each story's article, their review state and trail, editors.

A story's article is written again when new sources arrive; every writing is a new *version*
(``1, 2, …`` per story) and old versions are kept. A version records what it was written from
(``sources_key``: the sorted ids of the documents it lists, plus the writer), so writing the same
story from the same sources again finds the existing version instead of adding a copy.

Review state (``status``): ``draft`` → ``approved`` | ``rejected``; ``approved`` → ``published``;
``published`` → ``withdrawn``. Every change of text or state is one row in ``article_events``
(who, when, what), so the review trail survives edits.

:class:`ArticleTables` is mixed into both stores (SQLite and PostgreSQL); :class:`ArticleStore` is
the interface the web UI, the publisher and the watcher use. ``UNIQUE (story_id, sources_key)`` and
``UNIQUE (story_id, version)`` keep two writers racing on one story (several workers on
PostgreSQL) from storing the same version twice: the loser retries and finds the winner's version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from newsdesk.errors import StoreError
from newsdesk.models import Article, utc_now
from newsdesk.store.connection import Connection

ArticleStatus = Literal["draft", "approved", "rejected", "published", "withdrawn"]
STATUSES: tuple[ArticleStatus, ...] = ("draft", "approved", "rejected", "published", "withdrawn")

# Which state each state may move to; anything else is refused with a StoreError.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"approved", "rejected"}),
    "approved": frozenset({"published", "rejected", "draft"}),
    "rejected": frozenset({"draft"}),
    "published": frozenset({"withdrawn"}),
    "withdrawn": frozenset({"published"}),
}


@dataclass(frozen=True)
class ArticleRecord:
    """One stored article version and its review state."""

    id: int
    story_id: int
    version: int
    writer: str
    sources_key: str
    status: ArticleStatus
    article: Article
    created_at: str
    updated_at: str
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    published_at: str | None = None
    created: bool = True  # False when save_article found this version already written
    fingerprint: str | None = None  # what it was written from (newsdesk.newsroom.versions)


@dataclass(frozen=True)
class ArticleEvent:
    """One review action on an article version."""

    article_id: int
    at: str
    actor: str
    action: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class UserRecord:
    """An editor who may log in to the web UI."""

    id: int
    name: str
    password_hash: str
    created_at: str
    updated_at: str


def sources_key(article: Article) -> str:
    """What an article version was written from: its writer and the sorted ids of its sources."""
    return article.writer + ":" + ",".join(str(i) for i in sorted({s.id for s in article.sources}))


class ArticleStore(Protocol):
    """What the publishing stage, the web UI and the watcher need from the store."""

    def save_article(
        self, article: Article, *, actor: str = "newsdesk", fingerprint: str | None = None
    ) -> ArticleRecord: ...
    def latest_article(self, story_id: int) -> ArticleRecord | None: ...
    def get_article(self, article_id: int) -> ArticleRecord: ...
    def list_articles(
        self, *, status: str | None = None, story_id: int | None = None, limit: int | None = None
    ) -> list[ArticleRecord]: ...
    def update_article(
        self,
        article_id: int,
        article: Article,
        *,
        actor: str,
        action: str,
        detail: dict[str, Any],
        fingerprint: str | None = None,
    ) -> ArticleRecord: ...
    def set_article_status(
        self, article_id: int, status: str, *, actor: str, detail: dict[str, Any] | None = None
    ) -> ArticleRecord: ...
    def article_events(self, article_id: int) -> list[ArticleEvent]: ...
    def add_user(self, name: str, password_hash: str) -> UserRecord: ...
    def set_password(self, name: str, password_hash: str) -> bool: ...
    def get_user(self, name: str) -> UserRecord | None: ...
    def list_users(self) -> list[UserRecord]: ...
    def remove_user(self, name: str) -> bool: ...


_COLUMNS = (
    "id, story_id, version, writer, sources_key, status, body, created_at, updated_at, "
    "reviewed_by, reviewed_at, published_at, fingerprint"
)


class ArticleTables:
    """The article and user tables (mixed into both stores)."""

    _db: Connection

    def _transaction(self) -> AbstractContextManager[Connection]:  # provided by SQLStore
        raise NotImplementedError

    # -- articles --------------------------------------------------------------------------

    def save_article(
        self, article: Article, *, actor: str = "newsdesk", fingerprint: str | None = None
    ) -> ArticleRecord:
        """Store ``article`` as the story's next version, or return the version already written
        from the same sources by the same writer (``created=False``). ``fingerprint`` records what
        it was written from (kept only on a new version)."""
        for attempt in range(3):
            try:
                return self._save_article(article, actor, fingerprint)
            except self._db.integrity_errors:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _save_article(self, article: Article, actor: str, fingerprint: str | None) -> ArticleRecord:
        key = sources_key(article)
        now = utc_now()
        with self._transaction() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE story_id = ? AND sources_key = ? "
                "ORDER BY version DESC LIMIT 1",
                (article.story_id, key),
            ).fetchone()
            if row is not None:
                return _record(row, created=False)
            version = db.execute(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM articles WHERE story_id = ?", (article.story_id,)
            ).fetchone()[0]
            inserted = db.execute(
                "INSERT INTO articles (story_id, version, writer, sources_key, status, headline, body, "
                "created_at, updated_at, fingerprint) "
                "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?) RETURNING id",
                (
                    article.story_id,
                    version,
                    article.writer,
                    key,
                    article.headline,
                    _body(article),
                    now,
                    now,
                    fingerprint,
                ),
            ).fetchone()
            article_id = int(inserted[0])
            _event(db, article_id, now, actor, "write", {"version": version, "sources": key})
            row = db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _record(row)

    def get_article(self, article_id: int) -> ArticleRecord:
        """The stored version with this id; StoreError if there is none."""
        row = self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise StoreError(f"no article with id {article_id}")
        return _record(row)

    def latest_article(self, story_id: int) -> ArticleRecord | None:
        """The story's newest version (highest version number), if it has one."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE story_id = ? ORDER BY version DESC LIMIT 1", (story_id,)
        ).fetchone()
        return _record(row) if row is not None else None

    def list_articles(
        self, *, status: str | None = None, story_id: int | None = None, limit: int | None = None
    ) -> list[ArticleRecord]:
        """Stored versions, newest first (published ones by publication time)."""
        where: list[str] = []
        params: list[object] = []
        if status is not None:
            where.append("status = ?")
            params.append(status)
        if story_id is not None:
            where.append("story_id = ?")
            params.append(story_id)
        sql = f"SELECT {_COLUMNS} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY COALESCE(published_at, created_at) DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_record(r) for r in self._db.execute(sql, params)]

    def update_article(
        self,
        article_id: int,
        article: Article,
        *,
        actor: str,
        action: str,
        detail: dict[str, Any],
        fingerprint: str | None = None,
    ) -> ArticleRecord:
        """Replace a version's text (a sentence edited or rejected by an editor), recording why;
        ``fingerprint`` replaces the recorded one when given (a rewrite from changed settings).

        Published versions are not edited in place: withdraw them or write a new version."""
        now = utc_now()
        with self._transaction() as db:
            status = _status(db, article_id)
            if status == "published":
                raise StoreError(f"article {article_id} is published; withdraw it before editing")
            db.execute(
                "UPDATE articles SET headline = ?, body = ?, updated_at = ?, "
                "fingerprint = COALESCE(?, fingerprint) WHERE id = ?",
                (article.headline, _body(article), now, fingerprint, article_id),
            )
            _event(db, article_id, now, actor, action, detail)
        return self.get_article(article_id)

    def set_article_status(
        self, article_id: int, status: str, *, actor: str, detail: dict[str, Any] | None = None
    ) -> ArticleRecord:
        """Move a version to ``status`` (see :data:`TRANSITIONS`); publishing stamps ``published_at``."""
        if status not in STATUSES:
            raise StoreError(f"unknown article status {status!r}")
        now = utc_now()
        with self._transaction() as db:
            current = _status(db, article_id)
            if current == status:
                return self.get_article(article_id)
            if status not in TRANSITIONS[current]:
                raise StoreError(f"article {article_id} is {current}; it cannot become {status}")
            reviewed = status in ("approved", "rejected")
            db.execute(
                "UPDATE articles SET status = ?, updated_at = ?, "
                "reviewed_by = CASE WHEN ? THEN ? ELSE reviewed_by END, "
                "reviewed_at = CASE WHEN ? THEN ? ELSE reviewed_at END, "
                "published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END WHERE id = ?",
                (status, now, reviewed, actor, reviewed, now, status, now, article_id),
            )
            _event(db, article_id, now, actor, status, detail or {})
        return self.get_article(article_id)

    def article_events(self, article_id: int) -> list[ArticleEvent]:
        """The review trail of one version, oldest first."""
        rows = self._db.execute(
            "SELECT article_id, at, actor, action, detail FROM article_events "
            "WHERE article_id = ? ORDER BY id",
            (article_id,),
        )
        return [ArticleEvent(int(r[0]), r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    # -- users -----------------------------------------------------------------------------

    def add_user(self, name: str, password_hash: str) -> UserRecord:
        """Add an editor; StoreError if the name is taken."""
        now = utc_now()
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO users (name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    (name, password_hash, now, now),
                )
        except self._db.integrity_errors as exc:
            raise StoreError(f"a user named {name!r} exists already") from exc
        user = self.get_user(name)
        assert user is not None
        return user

    def set_password(self, name: str, password_hash: str) -> bool:
        """Replace an editor's password hash and end all their sessions; False if there is no such
        user."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ?",
                (password_hash, utc_now(), name),
            )
            changed = cursor.rowcount > 0
            db.execute("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?)", (name,))
        return changed

    def get_user(self, name: str) -> UserRecord | None:
        """The editor with this name, if any."""
        row = self._db.execute(
            "SELECT id, name, password_hash, created_at, updated_at FROM users WHERE name = ?", (name,)
        ).fetchone()
        return UserRecord(int(row[0]), row[1], row[2], row[3], row[4]) if row else None

    def list_users(self) -> list[UserRecord]:
        """All editors, by name."""
        rows = self._db.execute(
            "SELECT id, name, password_hash, created_at, updated_at FROM users ORDER BY name"
        )
        return [UserRecord(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def remove_user(self, name: str) -> bool:
        """Remove an editor (their sessions end with them); False if there is no such user."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM users WHERE name = ?", (name,))
        return cursor.rowcount > 0


def _body(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


def _status(db: Connection, article_id: int) -> str:
    row = db.execute("SELECT status FROM articles WHERE id = ?" + db.for_update, (article_id,)).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    return str(row[0])


def _event(db: Connection, article_id: int, at: str, actor: str, action: str, detail: dict) -> None:
    db.execute(
        "INSERT INTO article_events (article_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
        (article_id, at, actor, action, json.dumps(detail, ensure_ascii=False)),
    )


def _record(row: Sequence[Any], *, created: bool = True) -> ArticleRecord:
    return ArticleRecord(
        id=int(row[0]),
        story_id=int(row[1]),
        version=int(row[2]),
        writer=row[3],
        sources_key=row[4],
        status=row[5],
        article=Article.from_dict(json.loads(row[6])),
        created_at=row[7],
        updated_at=row[8],
        reviewed_by=row[9],
        reviewed_at=row[10],
        published_at=row[11],
        created=created,
        fingerprint=row[12],
    )
