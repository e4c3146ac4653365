"""Sources: ingesting, clustering into stories, and the saved feeds.

"Ingest, then cluster the new documents" exists once, here: :meth:`Sources.ingest` stores what it
reads and hands the new documents to :meth:`Sources.cluster`, which assigns documents to stories
under ``store.exclusive("clustering")`` — one clusterer at a time, also across PostgreSQL workers
— whichever front end asked. Watch mode's steps over feeds are here too; each is idempotent:

* :meth:`Sources.poll_feed` returns only items whose URL is not stored yet (conditional GET: an
  unchanged feed returns nothing) and records the poll on the feed, also when it failed;
* :meth:`Sources.ingest_item` finds a stored URL or text before fetching or storing (unique
  constraints decide races between workers).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from newsdesk.errors import ConfigError, IngestError
from newsdesk.ingest import IngestReport
from newsdesk.ingest.feeds import FeedItem
from newsdesk.models import utc_now
from newsdesk.newsroom.base import Room
from newsdesk.newsroom.engines import CountingEmbedder
from newsdesk.newsroom.events import IngestProgress
from newsdesk.store.base import Feed, FetchLogEntry
from newsdesk.stories import StoryBuilder
from newsdesk.stories.cluster import Assignment
from newsdesk.urls import canonical_url, feed_url, has_web_scheme


class Sources(Room):
    """The sources part of the newsroom service."""

    def ingest(self, sources: Sequence[str], *, cluster: bool = True) -> IngestReport:
        """Ingest URLs (pages, feeds, sitemaps), files and folders; new documents join their stories
        (unless ``cluster`` is False or ``stories.enabled`` is off)."""
        progress = IngestProgress(self.events)
        ingestor = self.ingestor
        ingestor.progress = progress
        try:
            report = ingestor.ingest(list(sources))
        finally:
            progress.close()
        new = [item.id for item in report.items if item.status != "exists"]
        if new and cluster and self.settings.stories.enabled:
            self.cluster(new)
        return report

    def ingest_urls(self, urls: Sequence[str]) -> IngestReport:
        """Ingest web URLs only (what the web UI offers): anything but http(s) is refused."""
        urls = [u.strip() for u in urls if u.strip()]
        bad = [u for u in urls if not has_web_scheme(u)]
        if bad or not urls:
            raise ConfigError(f"not an http(s) URL: {bad[0]}" if bad else "no URL given")
        return self.ingest(urls)

    def has_unclustered(self) -> bool:
        """Whether documents wait for a story."""
        return bool(self.store.unassigned_documents())

    def cluster(
        self, document_ids: Sequence[int] | None = None, *, rebuild: bool = False
    ) -> list[Assignment]:
        """Assign documents to stories (default: every document without one; ``rebuild``: forget the
        stories and cluster the whole store), one clusterer at a time."""
        with self.store.exclusive("clustering"), self.engines.lock:
            pending = list(document_ids) if document_ids is not None else self.store.unassigned_documents()
            total = self.store.count_documents() if rebuild else len(pending)
            if not total:
                return []
            embedder = CountingEmbedder(self.engines.embedder, self.events)
            builder = StoryBuilder(self.settings.stories, self.store, embedder=embedder)  # type: ignore[arg-type]
            self.events.start("cluster", total)

            def advance(count: int) -> None:
                self.events.advance("cluster", "", count)

            try:
                found = (
                    builder.rebuild(progress=advance) if rebuild else builder.add(pending, progress=advance)
                )
            finally:
                embedder.close()
                self.events.finish("cluster")
        for a in found:
            state = "new story" if a.created else "joined story"
            self.events.note(f"document {a.document_id}: {state} {a.story_id}")
        return found

    # -- feeds --------------------------------------------------------------------------------------

    def add_feed(self, url: str, *, title: str | None = None, interval: int | None = None) -> Feed:
        """Save a feed to poll (http(s) URLs only; ``interval`` in minutes, default
        ``watch.interval_minutes``)."""
        url = feed_url(url)  # vetted: a malformed URL is one usage error line
        minutes = interval or self.settings.watch.interval_minutes
        return self.store.add_feed(
            url, title=(title or "").strip() or None, interval_minutes=minutes, added_at=utc_now()
        )

    def due_feeds(self, now: float | None = None) -> list[Feed]:
        """Saved feeds whose interval has passed since their last poll (never polled: due)."""
        now = time.time() if now is None else now
        return [f for f in self.store.list_feeds() if _due(f, now)]

    def poll_feed(self, feed_id: int, *, force: bool = False) -> tuple[str, list[dict[str, Any]]]:
        """Poll one saved feed; returns its URL and the items not stored yet (as dicts).

        A feed polled within its interval is skipped unless ``force``. A failure (timeout, HTTP
        error, malformed feed) is recorded in the fetch log and on the feed, and yields no items."""
        feed = next((f for f in self.store.list_feeds() if f.id == feed_id), None)
        if feed is None:
            self.events.note(f"feed {feed_id}: removed, not polled")
            return "", []
        if not force and not _due(feed, time.time()):
            self.events.note(f"feed {feed_id}: polled recently ({feed.last_polled_at}), skipped")
            return feed.url, []
        try:
            items = self.ingestor.poll_feed(feed.url)
        except IngestError as exc:
            entry = FetchLogEntry(
                utc_now(),
                feed.url,
                "failed",
                url=feed.url,
                reason=exc.reason,
                detail=exc.message,
                http_status=getattr(exc, "status", None),
            )
            self.store.log_fetch(entry)
            watch = self.settings.watch
            failed = self.store.record_feed_failure(  # retried on a later pass, with back-off
                feed.url,
                at=utc_now(),
                error=exc.message,
                first=watch.feed_backoff_minutes * 60,
                longest=watch.feed_backoff_max_hours * 3600,
            )
            status = failed.last_status if failed else f"failed: {exc.message}"
            self.events.note(f"feed {feed_id}: poll {status}")
            return feed.url, []
        if items is None:
            self.store.mark_feed_polled(feed.url, at=utc_now(), status="not modified")
            self.events.note(f"feed {feed_id}: not modified")
            return feed.url, []
        new = [asdict(item) for item in items if not self._known(item)]
        self.store.mark_feed_polled(feed.url, at=utc_now(), status=f"{len(items)} items, {len(new)} new")
        self.events.note(f"feed {feed_id}: {len(items)} items, {len(new)} new — {feed.url}")
        return feed.url, new

    def _known(self, item: FeedItem) -> bool:
        if not item.url:
            return False
        return (
            self.store.find_document(url=item.url) is not None
            or self.store.find_document(url=canonical_url(item.url)) is not None
        )

    def ingest_item(self, item: dict[str, Any], feed_url: str) -> list[int]:
        """Ingest one feed item; returns the ids of documents it stored (none if known or failed).
        The new documents wait for :meth:`cluster` (watch mode clusters once per pass)."""
        report = self.ingestor.ingest_feed_item(FeedItem(**item), feed_url)
        for failure in report.failures:
            self.events.note(f"item failed: {failure.line()}")
        new = []
        for stored in report.items:
            if stored.status == "exists":
                self.events.note(f"document {stored.id}: already stored — {stored.source}")
                continue
            new.append(stored.id)
            copy = f", copy of {stored.duplicate_of}" if stored.duplicate_of else ""
            self.events.note(
                f"document {stored.id}: stored ({stored.outlet}, {stored.language}{copy}) — {stored.url}"
            )
        return new


def _due(feed: Feed, now: float) -> bool:
    return feed.due(now)  # one interval after the last poll; after a failure, the back-off
