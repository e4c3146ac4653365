"""Data for the pages and the API, gathered from the store (no HTML here).

The pages and the JSON API show the same things, so both take them from these functions:
stories with their latest article's status, one story with its documents and versions, an
article version with its evidence and review trail, the editor's desk's review and opened
sources as JSON, and the queue's filters read from a query string.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from newsdesk.errors import NewsdeskError, ReviewError
from newsdesk.lang.tags import display_tags
from newsdesk.models import Citation
from newsdesk.newsroom import blockers
from newsdesk.newsroom.queue import UNWRITTEN, Filters, QueuePage
from newsdesk.newsroom.review import Review, SentenceSources
from newsdesk.newsroom.rules import QUEUE_STATES
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
        view["tags"] = display_tags(view["entities"])
    return found


def story(store: SQLStore, story_id: int) -> dict[str, Any] | None:
    """One story with its documents and every article version, or None."""
    view = next((v for v in story_views(store) if v["id"] == story_id), None)
    if view is None:
        return None
    view["articles"] = [_summary(r) for r in store.list_articles(story_id=story_id)]
    view["tags"] = display_tags(view["entities"])
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


# -- the editor's desk ------------------------------------------------------------------------------

FILTER_STATES = (*QUEUE_STATES, "open", UNWRITTEN)
DOWNLOADS = {
    "md": "Markdown",
    "html": "HTML",
    "pdf": "PDF",
    "docx": "Word",
    "json": "JSON",
    "jsonld": "JSON-LD",
}
DIRECTIONS = {"up": "nach oben", "down": "nach unten"}
QUEUE_DE = {
    "open": "offen",
    "needs_review": "zu prüfen",
    "blocked": "blockiert",
    "approved": "freigegeben",
    "published": "veröffentlicht",
    "rejected": "abgelehnt",
    "withdrawn": "zurückgezogen",
    UNWRITTEN: "ungeschrieben",
}
JUDGEMENTS_DE = {
    "supports": "stützt",
    "partial": "stützt teilweise",
    "contradicts": "widerspricht",
    "unrelated": "ohne Bezug",
}
REASONS_DE = {
    "unsupported": "nicht belegt",
    "contradicted": "widersprochen",
    "misattributed": "falsch zugeschrieben",
    "unverifiable": "nicht prüfbar",
    "unverified": "nicht geprüft",
    "conflict": "Quellen widersprechen sich",
}
ANCHORS_DE = {
    "name": "Name",
    "number": "Zahl",
    "date": "Datum",
    "place": "Ort",
    "quote": "Zitat",
    "predicate": "Aussage",
    "outlet": "Medium",
    "match": "gleiches Wort",
}


def parse_citations(values: list[str]) -> list[Citation]:
    """Citations from form values ``"document:passage"``; ReviewError naming a value that is not one."""
    citations = []
    for value in values:
        document, _, passage = value.partition(":")
        if not (document.strip().isdigit() and passage.strip().isdigit()):
            raise ReviewError(f"„{value[:40]}“ ist keine Belegstelle (Dokument:Satz)")
        citations.append(Citation(int(document), int(passage)))
    return citations


def parse_filters(
    *,
    state: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    versions: bool = False,
) -> tuple[Filters, list[str]]:
    """The queue's filters from a page's query string (empty fields do not filter), and one message
    per field that could not be read (that field is left out)."""
    problems = []
    days: dict[str, date | None] = {}
    for name, value in (("since", since), ("until", until)):
        days[name] = None
        if value:
            try:
                days[name] = date.fromisoformat(value.strip())
            except ValueError:
                problems.append(f"Datum „{value[:40]}“ nicht lesbar (JJJJ-MM-TT)")
    if state and state not in FILTER_STATES:
        problems.append(f"unbekannter Status „{state[:40]}“")
        state = None
    filters = Filters(
        state=state or "",
        outlet=(outlet or "").strip(),
        language=(language or "").strip(),
        since=days["since"],
        until=days["until"],
        text=" ".join((text or "").split()),
        versions=versions,
    )
    return filters, problems


def queue_json(page: QueuePage) -> dict[str, Any]:
    """A queue answer as the API returns it."""
    return {
        "items": [asdict(item) for item in page.items],
        "counts": page.counts,
        "outlets": page.outlets,
        "languages": page.languages,
    }


def review_json(review: Review) -> dict[str, Any]:
    """The review of a version as the API returns it (the article itself: ``GET /api/articles/{id}``)."""
    return {
        "id": review.record.id,
        "status": review.record.status,
        "state": review.state,
        "editable": review.editable,
        "attention": review.attention,
        "blocking": review.blocking,
        "open_conflicts": review.open_conflicts,
        "conflicts": [asdict(c) for c in review.article.conflicts],
        "source_numbers": {str(k): v for k, v in review.numbers.items()},
        "struck": [asdict(s) for s in review.struck],
        "changes": [c.to_dict() for c in review.changes],
    }


def sources_json(opened: SentenceSources) -> dict[str, Any]:
    """One sentence with its opened sources as the API returns it."""
    return asdict(opened)
