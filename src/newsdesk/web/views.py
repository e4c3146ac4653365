"""Data for the pages and the API, gathered from the store (no HTML here).

The pages and the JSON API show the same things, so both take them from these functions:
stories with their latest article's status, one story with its documents and versions, an
article version with its evidence and review trail.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from newsdesk.errors import NewsdeskError
from newsdesk.newsroom import blockers
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.sql import SQLStore
from newsdesk.stories.views import story_views


def latest_versions(store: SQLStore) -> dict[int, ArticleRecord]:
    """Each story's newest article version."""
    latest: dict[int, ArticleRecord] = {}
    for record in store.list_articles():
        current = latest.get(record.story_id)
        if current is None or record.version > current.version:
            latest[record.story_id] = record
    return latest


def stories(store: SQLStore) -> list[dict[str, Any]]:
    """Every story (newest first) with its outlets, languages, last update and article status."""
    latest = latest_versions(store)
    found = story_views(store)
    for view in found:
        record = latest.get(view["id"])
        view["article"] = _summary(record) if record else None
    return found


def story(store: SQLStore, story_id: int) -> dict[str, Any] | None:
    """One story with its documents and every article version, or None."""
    view = next((v for v in story_views(store) if v["id"] == story_id), None)
    if view is None:
        return None
    view["articles"] = [_summary(r) for r in store.list_articles(story_id=story_id)]
    return view


def _summary(record: ArticleRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "version": record.version,
        "status": record.status,
        "headline": record.article.headline,
        "writer": record.writer,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "published_at": record.published_at,
    }


def article_summaries(store: SQLStore, status: str | None = None) -> list[dict[str, Any]]:
    """Article versions (newest first), optionally of one status, with their story id."""
    return [
        {**_summary(r), "story_id": r.story_id, "blocking": len(blockers(r.article))}
        for r in store.list_articles(status=status)
    ]


def record_json(store: SQLStore, record: ArticleRecord) -> dict[str, Any]:
    """An article version as the API returns it: state, the article, blockers, versions and trail."""
    return {
        "id": record.id,
        "story_id": record.story_id,
        "version": record.version,
        "writer": record.writer,
        "status": record.status,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "reviewed_by": record.reviewed_by,
        "reviewed_at": record.reviewed_at,
        "published_at": record.published_at,
        "blocking": [asdict(b) for b in blockers(record.article)],
        "article": record.article.to_dict(),
        "versions": [_summary(r) for r in store.list_articles(story_id=record.story_id)],
        "events": [asdict(e) for e in store.article_events(record.id)],
    }


def outlets_of(store: SQLStore, record: ArticleRecord) -> dict[int, str]:
    """Document id → outlet for the article's sources and every document its sentences cite."""
    names = {s.id: s.outlet for s in record.article.sources}
    cited = {c.source for s in record.article.sentences() for c in s.citations}
    for sentence in record.article.dropped:
        cited |= {c.source for c in sentence.citations}
    for document_id in cited - set(names):
        try:
            names[document_id] = store.get_document(document_id).outlet
        except NewsdeskError:  # a vanished document is shown as "?"
            names[document_id] = "?"
    return names
