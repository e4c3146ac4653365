"""What ``newsdesk status`` shows: the task queue and the newsroom's last runs.

The queue (PostgreSQL only): Procrastinate's job counts per task and status. The last runs: the
saved feeds with their last poll, the newest fetch log entries, the story states the watcher wrote
(or could not write) and the newest article versions.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from newsdesk.store import PostgresStore
from newsdesk.store.sql import SQLStore
from newsdesk.watch.queue import queue_counts


def newsroom_status(store: SQLStore, *, limit: int = 10) -> dict[str, Any]:
    """The queue and the last runs as JSON-ready data (``newsdesk.status/1``)."""
    queue: list[dict[str, Any]] | None = None
    if isinstance(store, PostgresStore):
        queue = queue_counts(store.url)
    return {
        "schema": "newsdesk.status/1",
        "store": store.location,
        "queue": queue,
        "feeds": [asdict(feed) for feed in store.list_feeds()],
        "fetches": [asdict(entry) for entry in store.fetch_log(limit=limit)],
        "story_writes": [asdict(write) for write in store.story_writes(limit=limit)],
        "articles": [
            {
                "id": r.id,
                "story_id": r.story_id,
                "version": r.version,
                "status": r.status,
                "headline": r.article.headline,
                "created_at": r.created_at,
                "published_at": r.published_at,
            }
            for r in store.list_articles(limit=limit)
        ],
        "documents": store.count_documents(),
    }
