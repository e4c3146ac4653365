"""The Store interface: the only state that stages share.

A backend (SQLite now, PostgreSQL for several machines) implements :class:`Store`. Writes of one
document and its passages happen in one transaction, so an interrupted run leaves no half
documents behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from newsdesk.models import Document, Passage


@dataclass(frozen=True)
class NewPassage:
    """A passage before it has a document id."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FetchLogEntry:
    at: str
    source: str
    status: str
    url: str | None = None
    reason: str | None = None
    detail: str | None = None
    http_status: int | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class Feed:
    """A saved feed. ``failures`` counts the polls that failed in a row; after a failure the feed
    is polled again at ``next_poll_at`` (:func:`backoff_seconds`), else one interval after its
    last poll."""

    id: int
    url: str
    title: str | None
    interval_minutes: int
    added_at: str
    last_polled_at: str | None = None
    last_status: str | None = None
    failures: int = 0
    next_poll_at: str | None = None

    def due(self, now: float) -> bool:
        """Whether the feed should be polled at ``now`` (seconds since the epoch)."""
        if self.next_poll_at:
            return now >= _timestamp(self.next_poll_at, now)
        if not self.last_polled_at:
            return True
        return now - _timestamp(self.last_polled_at, now) >= self.interval_minutes * 60


def backoff_seconds(failures: int, *, first: float, longest: float) -> float:
    """The wait before the next poll of a feed that failed ``failures`` times in a row: ``first``
    seconds, doubled per further failure, at most ``longest``."""
    return min(longest, first * 2 ** min(max(failures - 1, 0), 40))


def _timestamp(value: str, default: float) -> float:
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        return default


@dataclass(frozen=True)
class Validators:
    """HTTP cache validators remembered for conditional GET."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class DuplicateCandidate:
    document_id: int
    duplicate_of: int | None
    minhash: bytes


class Store(Protocol):
    """Persistence for documents, passages, feeds and the fetch log."""

    location: str

    def close(self) -> None: ...

    def add_document(
        self,
        document: Document,
        passages: Sequence[NewPassage],
        *,
        minhash: bytes | None = None,
        bands: Sequence[int] = (),
        aliases: Sequence[str] = (),
    ) -> tuple[int, bool]:
        """Store a document with its passages atomically.

        ``aliases`` are other URLs the document is known by (where it was fetched from), so that
        :meth:`find_document` recognises them without a download. Returns ``(id, created)``; when
        a document with the same URL or content hash is already stored, only the aliases are
        added and its id is returned with ``created=False``.
        """
        ...

    def find_document(self, *, url: str | None = None, content_hash: str | None = None) -> int | None:
        """The id of the document known by ``url`` (canonical or alias) or with ``content_hash``."""
        ...

    def add_urls(self, document_id: int, urls: Sequence[str]) -> None:
        """Remember more URLs (aliases) for a stored document."""
        ...

    def get_document(self, document_id: int) -> Document: ...

    def get_passages(self, document_id: int) -> list[Passage]: ...

    def iter_documents(self, *, with_text: bool = False) -> Iterator[Document]: ...

    def count_documents(self) -> int: ...

    def near_duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]: ...

    def log_fetch(self, entry: FetchLogEntry) -> None: ...

    def fetch_log(self, *, limit: int = 100) -> list[FetchLogEntry]: ...

    def add_feed(self, url: str, *, title: str | None, interval_minutes: int, added_at: str) -> Feed: ...

    def list_feeds(self) -> list[Feed]: ...

    def remove_feed(self, url_or_id: str) -> bool: ...

    def mark_feed_polled(self, url: str, *, at: str, status: str) -> None: ...

    def record_feed_failure(
        self, url: str, *, at: str, error: str, first: float = 60.0, longest: float = 86_400.0
    ) -> Feed | None: ...

    def get_validators(self, url: str) -> Validators | None: ...

    def set_validators(self, url: str, validators: Validators, *, at: str) -> None: ...
