"""Document persistence: documents with their passages, URL aliases and near-duplicate bands, the
fetch log, saved feeds and HTTP validators.

:class:`DocumentTables` is mixed into both stores (SQLite and PostgreSQL); its SQL is the dialect
the two share (see :mod:`newsdesk.store.connection`). A document and its passages are written in
one transaction. When two writers store the same document at once (same URL or content hash,
possible with several workers on PostgreSQL), the unique constraints let one of them win and the
other gets the winner's id back with ``created=False``, exactly as if it had come second.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from newsdesk.errors import StoreError
from newsdesk.models import Document, Passage, utc_now
from newsdesk.store.base import (
    DuplicateCandidate,
    Feed,
    FetchLogEntry,
    NewPassage,
    Validators,
    backoff_seconds,
)
from newsdesk.store.connection import Connection

_DOCUMENT_COLUMNS = (
    "id, url, outlet, site_name, title, author, published, language, fetched_at, content_hash, "
    "duplicate_of, source, kind, links"
)


class DocumentTables:
    """Documents, passages, aliases, bands, fetch log, feeds and validators (both stores)."""

    _db: Connection
    location: str

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
        """Store a document with its passages atomically; see :meth:`Store.add_document`."""
        try:
            try:
                return self._insert_document(document, passages, minhash, bands, aliases)
            except self._db.integrity_errors:
                # Another writer stored the same URL or text between our lookup and our insert.
                existing = self._find(self._db, document.url, document.content_hash)
                if existing is None:
                    raise
                self._add_aliases(self._db, existing, aliases)
                return existing, False
        except self._db.errors as exc:
            raise StoreError(f"cannot store document: {exc}", source=document.url or document.source) from exc

    def _insert_document(
        self,
        document: Document,
        passages: Sequence[NewPassage],
        minhash: bytes | None,
        bands: Sequence[int],
        aliases: Sequence[str],
    ) -> tuple[int, bool]:
        with self._db.transaction() as db:
            existing = self._find(db, document.url, document.content_hash)
            if existing is not None:
                self._add_aliases(db, existing, aliases)
                return existing, False
            row = db.execute(
                "INSERT INTO documents (url, outlet, site_name, title, author, published, language, "
                "text, fetched_at, content_hash, duplicate_of, source, kind, links, minhash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            ).fetchone()
            document_id = int(row[0])
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

    def find_document(self, *, url: str | None = None, content_hash: str | None = None) -> int | None:
        """The id of the document known by ``url`` (canonical or alias) or with ``content_hash``."""
        return self._find(self._db, url, content_hash)

    def add_urls(self, document_id: int, urls: Sequence[str]) -> None:
        """Remember more URLs (aliases) for a stored document."""
        self._add_aliases(self._db, document_id, urls)

    @staticmethod
    def _add_aliases(db: Connection, document_id: int, urls: Sequence[str | None]) -> None:
        db.executemany(
            "INSERT INTO document_urls (url, document_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(url, document_id) for url in dict.fromkeys(urls) if url],
        )

    @staticmethod
    def _find(db: Connection, url: str | None, content_hash: str | None) -> int | None:
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
        """The document with this id, with its text; StoreError if there is none."""
        row = self._db.execute(
            f"SELECT {_DOCUMENT_COLUMNS}, text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no document with id {document_id}", source=self.location)
        return _document(row, with_text=True)

    def get_passages(self, document_id: int) -> list[Passage]:
        """A document's passages in order."""
        rows = self._db.execute(
            "SELECT document_id, idx, start_offset, end_offset, text FROM passages "
            "WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [Passage(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def iter_documents(self, *, with_text: bool = False) -> Iterator[Document]:
        """Every document by id (text only when asked for)."""
        columns = _DOCUMENT_COLUMNS + (", text" if with_text else "")
        for row in self._db.execute(f"SELECT {columns} FROM documents ORDER BY id"):
            yield _document(row, with_text=with_text)

    def count_documents(self) -> int:
        """How many documents are stored."""
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def passage_counts(self, document_ids: Sequence[int]) -> dict[int, int]:
        """The number of passages of each of the given documents."""
        if not document_ids:
            return {}
        marks = ",".join("?" * len(document_ids))
        rows = self._db.execute(
            f"SELECT document_id, COUNT(*) FROM passages WHERE document_id IN ({marks}) GROUP BY document_id",
            tuple(document_ids),
        )
        return {int(r[0]): int(r[1]) for r in rows}

    def near_duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]:
        """Documents sharing at least one LSH band (same position, same hash) with ``bands``."""
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
        """Append one entry to the fetch log."""
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
        """The newest entries of the fetch log, newest first."""
        rows = self._db.execute(
            "SELECT at, source, status, url, reason, detail, http_status, document_id FROM fetch_log "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [FetchLogEntry(*tuple(r)) for r in rows]

    # -- feeds and validators -----------------------------------------------------------------

    def add_feed(self, url: str, *, title: str | None, interval_minutes: int, added_at: str) -> Feed:
        """Save a feed (or update the interval and title of a saved one)."""
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO feeds (url, title, interval_minutes, added_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title), "
                "interval_minutes = excluded.interval_minutes",
                (url, title, interval_minutes, added_at),
            )
        return next(feed for feed in self.list_feeds() if feed.url == url)

    def list_feeds(self) -> list[Feed]:
        """Saved feeds by id."""
        rows = self._db.execute(
            "SELECT id, url, title, interval_minutes, added_at, last_polled_at, last_status, failures, "
            "next_poll_at FROM feeds ORDER BY id"
        )
        return [Feed(*tuple(r)) for r in rows]

    def remove_feed(self, url_or_id: str) -> bool:
        """Remove a saved feed by URL or id; False if there is none."""
        with self._db.transaction() as db:
            if url_or_id.isdigit():
                cursor = db.execute("DELETE FROM feeds WHERE id = ?", (int(url_or_id),))
            else:
                cursor = db.execute("DELETE FROM feeds WHERE url = ?", (url_or_id,))
            return cursor.rowcount > 0

    def mark_feed_polled(self, url: str, *, at: str, status: str) -> None:
        """Record when a saved feed was last polled and what came of it (a success: the count of
        failures in a row starts again at 0)."""
        self._db.execute(
            "UPDATE feeds SET last_polled_at = ?, last_status = ?, failures = 0, next_poll_at = NULL "
            "WHERE url = ?",
            (at, status, url),
        )

    def record_feed_failure(
        self, url: str, *, at: str, error: str, first: float = 60.0, longest: float = 86_400.0
    ) -> Feed | None:
        """Record a failed poll of a saved feed: it is polled again after a back-off of ``first``
        seconds, doubled per failure in a row, at most ``longest``. None if ``url`` is no saved feed."""
        with self._db.transaction() as db:
            row = db.execute(f"SELECT failures FROM feeds WHERE url = ?{db.for_update}", (url,)).fetchone()
            if row is None:
                return None
            failures = int(row[0]) + 1
            wait = backoff_seconds(failures, first=first, longest=longest)
            retry = datetime.fromisoformat(at) + timedelta(seconds=wait)
            status = f"failed: {error} ({failures}× in a row; next try {retry:%Y-%m-%d %H:%M} UTC)"
            db.execute(
                "UPDATE feeds SET last_polled_at = ?, last_status = ?, failures = ?, next_poll_at = ? "
                "WHERE url = ?",
                (at, status[:500], failures, retry.isoformat(timespec="seconds"), url),
            )
        return next((feed for feed in self.list_feeds() if feed.url == url), None)

    def get_validators(self, url: str) -> Validators | None:
        """The ETag / Last-Modified remembered for ``url``."""
        row = self._db.execute(
            "SELECT etag, last_modified FROM http_validators WHERE url = ?", (url,)
        ).fetchone()
        return Validators(row[0], row[1]) if row else None

    def set_validators(self, url: str, validators: Validators, *, at: str) -> None:
        """Remember the validators of the last full response for ``url``."""
        self._db.execute(
            "INSERT INTO http_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
            "updated_at = excluded.updated_at",
            (url, validators.etag, validators.last_modified, at),
        )


def _document(row: Sequence[Any], *, with_text: bool) -> Document:
    return Document(
        id=row[0],
        url=row[1],
        outlet=row[2],
        site_name=row[3],
        title=row[4],
        author=row[5],
        published=row[6],
        language=row[7],
        fetched_at=row[8],
        content_hash=row[9],
        duplicate_of=row[10],
        source=row[11],
        kind=row[12],
        links=json.loads(row[13]),
        text=row[14] if with_text else "",
    )
