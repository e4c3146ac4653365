"""The newsroom's steps: what ``newsdesk watch`` does, one function per step.

:class:`Newsroom` holds the settings, the store and the heavy objects (HTTP client, embedding
model, writer, verifier), created on first use. Its methods are the units of work that both
runners call: the in-process loop on SQLite (:mod:`newsdesk.watch.local`) calls them in order,
the Procrastinate tasks on PostgreSQL (:mod:`newsdesk.watch.queue`) call one each. Every step is
idempotent, so a step repeated after a crash or a retry does nothing twice:

* ``poll_feed`` returns only items whose URL is not stored yet (conditional GET: an unchanged
  feed returns nothing) and records the poll on the feed, also when it failed;
* ``ingest_item`` finds a stored URL or text before fetching or storing (unique constraints decide
  races between workers);
* ``update_stories`` assigns only documents without a story, under ``store.exclusive("clustering")``;
* ``write_story`` writes a story state once (``story_writes``) and ``save_article`` stores a set of
  sources once; ``publish`` skips a published version.

Each action is one log line on the ``newsdesk.watch`` logger.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import Any

from newsdesk.config import Settings
from newsdesk.errors import IngestError, NewsdeskError, StoreError
from newsdesk.ingest.feeds import FeedItem
from newsdesk.models import utc_now
from newsdesk.store.base import Feed, FetchLogEntry
from newsdesk.store.sql import SQLStore
from newsdesk.store.watch import members_key
from newsdesk.write.base import require_text

log = logging.getLogger("newsdesk.watch")


class Newsroom:
    """The steps of watch mode over one store (see the module docstring)."""

    def __init__(self, settings: Settings, store: SQLStore, *, fetcher: Any = None) -> None:
        self.settings = settings
        self.store = store
        self._fetcher = fetcher
        self._ingestor: Any = None
        self._embedder: Any = None
        self._builder: Any = None
        self._writer: Any = None
        self.timings: dict[str, float] = {}
        self._refused: set[int] = set()

    # -- heavy objects, created on first use ---------------------------------------------------

    @property
    def ingestor(self) -> Any:
        if self._ingestor is None:
            from newsdesk.ingest import Ingestor

            self._ingestor = Ingestor(self.settings.ingest, self.store, fetcher=self._fetcher)
        return self._ingestor

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            from newsdesk.stories.embed import Embedder

            self._embedder = Embedder()
        return self._embedder

    @property
    def writer(self) -> Any:
        if self._writer is None:
            from newsdesk.verify import Verifier
            from newsdesk.write.base import create_writer

            verifier = Verifier(self.settings.verify, embedder=self.embedder)
            self._writer = create_writer(
                self.settings.write, self.store, verifier=verifier, llm=self.settings.llm
            )
        return self._writer

    def close(self) -> None:
        """Close the HTTP client (the store belongs to the caller)."""
        if self._ingestor is not None:
            self._ingestor.close()

    def _timed(self, stage: str, started: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - started

    # -- feeds ----------------------------------------------------------------------------------

    def due_feeds(self, now: float | None = None) -> list[Feed]:
        """Saved feeds whose interval has passed since their last poll (never polled: due)."""
        now = time.time() if now is None else now
        return [f for f in self.store.list_feeds() if _due(f, now)]

    def poll_feed(self, feed_id: int, *, force: bool = False) -> tuple[str, list[dict[str, Any]]]:
        """Poll one saved feed; returns its URL and the items not stored yet (as dicts).

        A feed polled within its interval is skipped unless ``force``. A failure (timeout, HTTP
        error, malformed feed) is recorded in the fetch log and on the feed, and yields no items.
        """
        feed = next((f for f in self.store.list_feeds() if f.id == feed_id), None)
        if feed is None:
            log.info("feed %s: removed, not polled", feed_id)
            return "", []
        if not force and not _due(feed, time.time()):
            log.info("feed %s: polled recently (%s), skipped", feed_id, feed.last_polled_at)
            return feed.url, []
        started = time.perf_counter()
        try:
            items = self.ingestor.poll_feed(feed.url)
        except IngestError as exc:
            self.store.log_fetch(
                FetchLogEntry(
                    utc_now(),
                    feed.url,
                    "failed",
                    url=feed.url,
                    reason=exc.reason,
                    detail=exc.message,
                    http_status=getattr(exc, "status", None),
                )
            )
            watch = self.settings.watch
            failed = self.store.record_feed_failure(
                feed.url,
                at=utc_now(),
                error=exc.message,
                first=watch.feed_backoff_minutes * 60,
                longest=watch.feed_backoff_max_hours * 3600,
            )
            log.warning("feed %s: %s", feed_id, failed.last_status if failed else f"failed: {exc.message}")
            return feed.url, []
        finally:
            self._timed("fetch", started)
        if items is None:
            self.store.mark_feed_polled(feed.url, at=utc_now(), status="not modified")
            log.info("feed %s: not modified", feed_id)
            return feed.url, []
        new = [asdict(item) for item in items if not self._known(item)]
        self.store.mark_feed_polled(feed.url, at=utc_now(), status=f"{len(items)} items, {len(new)} new")
        log.info("feed %s: %d items, %d new — %s", feed_id, len(items), len(new), feed.url)
        return feed.url, new

    def _known(self, item: FeedItem) -> bool:
        if not item.url:
            return False
        from newsdesk.ingest.pipeline import canonical_url

        return (
            self.store.find_document(url=item.url) is not None
            or self.store.find_document(url=canonical_url(item.url)) is not None
        )

    def ingest_item(self, item: dict[str, Any], feed_url: str) -> list[int]:
        """Ingest one feed item; returns the ids of documents it stored (none if known or failed)."""
        started = time.perf_counter()
        try:
            report = self.ingestor.ingest_feed_item(FeedItem(**item), feed_url)
        finally:
            self._timed("fetch+extract", started)
        for failure in report.failures:
            log.warning("item failed: %s", failure.line())
        new = []
        for stored in report.items:
            if stored.status == "exists":
                log.info("document %s: already stored — %s", stored.id, stored.source)
                continue
            new.append(stored.id)
            duplicate = f", copy of {stored.duplicate_of}" if stored.duplicate_of else ""
            log.info(
                "document %s: stored (%s, %s%s) — %s",
                stored.id,
                stored.outlet,
                stored.language,
                duplicate,
                stored.url,
            )
        return new

    # -- stories --------------------------------------------------------------------------------

    def has_unclustered(self) -> bool:
        """Whether documents wait for a story."""
        return bool(self.store.unassigned_documents())

    def update_stories(self) -> list[tuple[int, str]]:
        """Assign documents without a story (one clusterer at a time); returns the stories due."""
        from newsdesk.stories import StoryBuilder

        with self.store.exclusive("clustering"):
            pending = self.store.unassigned_documents()
            if pending:
                if self._builder is None:
                    self._builder = StoryBuilder(self.settings.stories, self.store, embedder=self.embedder)
                started = time.perf_counter()
                assignments = self._builder.add(pending)
                self._timed("embed+cluster", started)
                for a in assignments:
                    if a.created:
                        log.info("document %s: new story %s", a.document_id, a.story_id)
                    else:
                        log.info("document %s: joined story %s", a.document_id, a.story_id)
        return self.due_stories()

    def due_stories(self) -> list[tuple[int, str]]:
        """Stories with at least ``watch.min_outlets`` independent outlets whose current state has
        not been written yet, as ``(story_id, members_key)``."""
        minimum = self.settings.watch.min_outlets
        due = []
        for story_id in self.store.changed_stories(min_size=minimum):
            sources = self.store.story_sources(story_id)
            outlets = {s.outlet for s in sources if s.duplicate_of is None}
            if len(outlets) < minimum:
                continue
            key = members_key(self.settings.write.writer, [s.document_id for s in sources])
            if self.store.story_write(story_id, key) is None:
                due.append((story_id, key))
        return due

    # -- writing and publishing ------------------------------------------------------------------

    def write_story(self, story_id: int, key: str | None = None) -> int | None:
        """Write (and verify) the story's current state once; returns the new article's id, if any."""
        from newsdesk.write.run import store_version

        sources = self.store.story_sources(story_id)
        current = members_key(self.settings.write.writer, [s.document_id for s in sources])
        if key is not None and key != current:
            log.info("story %s: gained documents since it was scheduled; writing its current state", story_id)
        if self.store.story_write(story_id, current) is not None:
            log.info("story %s: this state is written already", story_id)
            return None
        started = time.perf_counter()
        try:
            article = require_text(self.writer.write(story_id))
        except NewsdeskError as exc:
            if isinstance(exc, StoreError):
                raise  # a database problem: let the task be retried
            self.store.record_story_write(
                story_id, current, members=len(sources), status="failed", detail=exc.message
            )
            log.warning("story %s: not written: %s", story_id, exc.message)
            return None
        finally:
            self._timed("write+verify", started)
        record = store_version(self.store, article)
        self.store.record_story_write(
            story_id, current, members=len(sources), status="written", article_id=record.id
        )
        sentences = sum(1 for _ in article.sentences())
        log.info(
            "story %s: %s article %s (version %s, %d sources, %d verified sentences, %d dropped)",
            story_id,
            "wrote" if record.created else "kept",
            record.id,
            record.version,
            len(article.sources),
            sentences,
            len(article.dropped),
        )
        return record.id if record.created else None

    def publishable(self) -> list[int]:
        """Approved versions, and with ``watch.auto_publish`` the newest draft of each story."""
        ids = [r.id for r in self.store.list_articles(status="approved")]
        if self.settings.watch.auto_publish:
            newest: dict[int, Any] = {}
            for record in self.store.list_articles(status="draft"):
                if record.story_id not in newest or record.version > newest[record.story_id].version:
                    newest[record.story_id] = record
            ids += [r.id for r in newest.values()]
        return sorted(set(ids))

    def publish(self, article_id: int) -> bool:
        """Publish one approved version (an unreviewed draft only with ``watch.auto_publish``)
        through :func:`newsdesk.publish.publish_article`, which refuses an article with a sentence
        not verified as supported; a refusal is logged once per process and not retried."""
        from newsdesk.errors import PublishError
        from newsdesk.publish import approve_article, publish_article

        actor = self.settings.watch.actor
        record = self.store.get_article(article_id)
        if record.status == "published" or article_id in self._refused:
            log.info("article %s: %s, not published again", article_id, record.status)
            return False
        try:
            if record.status == "draft" and self.settings.watch.auto_publish:
                record = approve_article(self.store, article_id, actor=actor, note="watch.auto_publish")
            if record.status != "approved":
                log.info("article %s: %s, not published", article_id, record.status)
                return False
            publish_article(self.store, article_id, actor=actor, settings=self.settings)
        except PublishError as exc:
            self._refused.add(article_id)
            log.warning("article %s: not published: %s", article_id, exc.message)
            return False
        log.info("article %s: published (story %s, version %s)", article_id, record.story_id, record.version)
        return True


def _due(feed: Feed, now: float) -> bool:
    return feed.due(now)  # one interval after the last poll; after a failure, the back-off
