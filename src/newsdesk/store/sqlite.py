"""SQLite store: the embedded default (WAL mode, versioned migrations)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from newsdesk.errors import StoreError
from newsdesk.models import Document, Passage, utc_now
from newsdesk.store.articles import ArticleTables
from newsdesk.store.base import (
    DuplicateCandidate,
    Feed,
    FetchLogEntry,
    NewPassage,
    Validators,
)
from newsdesk.store.stories import StoryTables

_DOCUMENT_COLUMNS = (
    "id, url, outlet, site_name, title, author, published, language, fetched_at, content_hash, "
    "duplicate_of, source, kind, links"
)


def migrations() -> list[tuple[int, str, str]]:
    """The SQL migrations shipped with newsdesk as ``(version, name, sql)``, oldest first."""
    folder = resources.files("newsdesk.store") / "migrations" / "sqlite"
    found = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            version = int(item.name.split("_", 1)[0])
            found.append((version, item.name, item.read_text(encoding="utf-8")))
    return sorted(found)


class SQLiteStore(StoryTables, ArticleTables):
    """A :class:`~newsdesk.store.base.Store` in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.location = str(path)
        if self.location != ":memory:":
            Path(self.location).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.location, isolation_level=None, timeout=30.0)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open SQLite store: {exc}", source=self.location) from exc

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        current = self.schema_version()
        for version, name, sql in migrations():
            if version <= current:
                continue
            with self._transaction() as db:
                for statement in _statements(sql):
                    db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, utc_now()),
                )

    # -- documents -------------------------------------------------------------------------

    def add_document(
        self,
        document: Document,
        passages: Sequence[NewPassage],
        *,
        minhash: bytes | None = None,
        bands: Sequence[int] = (),
        aliases: Sequence[str] = (),
    ) -> tuple[int, bool]:
        try:
            with self._transaction() as db:
                existing = self._find(db, document.url, document.content_hash)
                if existing is not None:
                    self._add_aliases(db, existing, aliases)
                    return existing, False
                cursor = db.execute(
                    "INSERT INTO documents (url, outlet, site_name, title, author, published, language, "
                    "text, fetched_at, content_hash, duplicate_of, source, kind, links, minhash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        document.url,
                        document.outlet,
                        document.site_name,
                        document.title,
                        document.author,
                        document.published,
                        document.language,
                        document.text,
                        document.fetched_at or utc_now(),
                        document.content_hash,
                        document.duplicate_of,
                        document.source,
                        document.kind,
                        json.dumps(document.links, ensure_ascii=False),
                        minhash,
                    ),
                )
                document_id = int(cursor.lastrowid or 0)
                db.executemany(
                    "INSERT INTO passages (document_id, idx, start_offset, end_offset, text) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(document_id, i, p.start, p.end, p.text) for i, p in enumerate(passages)],
                )
                db.executemany(
                    "INSERT INTO minhash_bands (band, hash, document_id) VALUES (?, ?, ?)",
                    [(band, value, document_id) for band, value in enumerate(bands)],
                )
                self._add_aliases(db, document_id, [document.url, *aliases])
                return document_id, True
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store document: {exc}", source=document.url or document.source) from exc

    def find_document(self, *, url: str | None = None, content_hash: str | None = None) -> int | None:
        return self._find(self._db, url, content_hash)

    def add_urls(self, document_id: int, urls: Sequence[str]) -> None:
        self._add_aliases(self._db, document_id, urls)

    @staticmethod
    def _add_aliases(db: sqlite3.Connection, document_id: int, urls: Sequence[str | None]) -> None:
        db.executemany(
            "INSERT OR IGNORE INTO document_urls (url, document_id) VALUES (?, ?)",
            [(url, document_id) for url in dict.fromkeys(urls) if url],
        )

    @staticmethod
    def _find(db: sqlite3.Connection, url: str | None, content_hash: str | None) -> int | None:
        if url:
            row = db.execute("SELECT document_id FROM document_urls WHERE url = ?", (url,)).fetchone()
            if row:
                return int(row[0])
        if content_hash:
            row = db.execute("SELECT id FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
            if row:
                return int(row[0])
        return None

    def get_document(self, document_id: int) -> Document:
        row = self._db.execute(
            f"SELECT {_DOCUMENT_COLUMNS}, text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no document with id {document_id}", source=self.location)
        return _document(row, with_text=True)

    def get_passages(self, document_id: int) -> list[Passage]:
        rows = self._db.execute(
            "SELECT document_id, idx, start_offset, end_offset, text FROM passages "
            "WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [Passage(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def iter_documents(self, *, with_text: bool = False) -> Iterator[Document]:
        columns = _DOCUMENT_COLUMNS + (", text" if with_text else "")
        for row in self._db.execute(f"SELECT {columns} FROM documents ORDER BY id"):
            yield _document(row, with_text=with_text)

    def count_documents(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def passage_counts(self, document_ids: Sequence[int]) -> dict[int, int]:
        if not document_ids:
            return {}
        marks = ",".join("?" * len(document_ids))
        rows = self._db.execute(
            f"SELECT document_id, COUNT(*) FROM passages WHERE document_id IN ({marks}) GROUP BY document_id",
            tuple(document_ids),
        )
        return {int(r[0]): int(r[1]) for r in rows}

    def near_duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]:
        if not bands:
            return []
        clauses = " OR ".join("(b.band = ? AND b.hash = ?)" for _ in bands)
        params: list[Any] = [v for pair in enumerate(bands) for v in pair]
        rows = self._db.execute(
            "SELECT DISTINCT d.id, d.duplicate_of, d.minhash FROM minhash_bands b "
            f"JOIN documents d ON d.id = b.document_id WHERE {clauses} ORDER BY d.id",
            params,
        )
        return [DuplicateCandidate(int(r[0]), r[1], bytes(r[2])) for r in rows if r[2] is not None]

    # -- fetch log ---------------------------------------------------------------------------

    def log_fetch(self, entry: FetchLogEntry) -> None:
        self._db.execute(
            "INSERT INTO fetch_log (at, source, url, status, reason, detail, http_status, document_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.at,
                entry.source,
                entry.url,
                entry.status,
                entry.reason,
                entry.detail,
                entry.http_status,
                entry.document_id,
            ),
        )

    def fetch_log(self, *, limit: int = 100) -> list[FetchLogEntry]:
        rows = self._db.execute(
            "SELECT at, source, status, url, reason, detail, http_status, document_id FROM fetch_log "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [FetchLogEntry(*tuple(r)) for r in rows]

    # -- feeds and validators -----------------------------------------------------------------

    def add_feed(self, url: str, *, title: str | None, interval_minutes: int, added_at: str) -> Feed:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO feeds (url, title, interval_minutes, added_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title), "
                "interval_minutes = excluded.interval_minutes",
                (url, title, interval_minutes, added_at),
            )
        return next(feed for feed in self.list_feeds() if feed.url == url)

    def list_feeds(self) -> list[Feed]:
        rows = self._db.execute(
            "SELECT id, url, title, interval_minutes, added_at, last_polled_at, last_status "
            "FROM feeds ORDER BY id"
        )
        return [Feed(*tuple(r)) for r in rows]

    def remove_feed(self, url_or_id: str) -> bool:
        with self._transaction() as db:
            if url_or_id.isdigit():
                cursor = db.execute("DELETE FROM feeds WHERE id = ?", (int(url_or_id),))
            else:
                cursor = db.execute("DELETE FROM feeds WHERE url = ?", (url_or_id,))
            return cursor.rowcount > 0

    def mark_feed_polled(self, url: str, *, at: str, status: str) -> None:
        self._db.execute(
            "UPDATE feeds SET last_polled_at = ?, last_status = ? WHERE url = ?", (at, status, url)
        )

    def get_validators(self, url: str) -> Validators | None:
        row = self._db.execute(
            "SELECT etag, last_modified FROM http_validators WHERE url = ?", (url,)
        ).fetchone()
        return Validators(row[0], row[1]) if row else None

    def set_validators(self, url: str, validators: Validators, *, at: str) -> None:
        self._db.execute(
            "INSERT INTO http_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
            "updated_at = excluded.updated_at",
            (url, validators.etag, validators.last_modified, at),
        )


def _document(row: sqlite3.Row, *, with_text: bool) -> Document:
    return Document(
        id=row["id"],
        url=row["url"],
        outlet=row["outlet"],
        site_name=row["site_name"],
        title=row["title"],
        author=row["author"],
        published=row["published"],
        language=row["language"],
        text=row["text"] if with_text else "",
        fetched_at=row["fetched_at"],
        content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"],
        source=row["source"],
        kind=row["kind"],
        links=json.loads(row["links"]),
    )


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
